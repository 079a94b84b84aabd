/**
 * A change the tester made on the review page, as much as it takes to reverse it and make it again.
 * Map edits keep their own persisted history in the edit layer (map/undo, map/redo); annotations
 * (emotions, notes, moments of truth) are reversed by marking them removed or restoring their text.
 */
export type ReviewChange =
  | { kind: 'map-edit' }
  /** `replaced`: the earlier emotion or moment of truth of the step that the new one replaced. */
  | { kind: 'annotation-added'; annotationId: string; replaced: string[] }
  | { kind: 'annotation-removed'; annotationId: string }
  | { kind: 'note-edited'; annotationId: string; before: string; after: string };

/**
 * The review page's undo history: one line of changes across the map and the step views, so Undo always
 * takes back the tester's latest change, whatever it was. Making a new change forgets what was undone.
 * It lives as long as the page; after a reload only map edits can still be undone, from their own
 * persisted history.
 */
export class ReviewHistory {
  private readonly done: ReviewChange[] = [];
  private readonly undone: ReviewChange[] = [];
  private readonly listeners = new Set<() => void>();

  record(change: ReviewChange): void {
    this.done.push(change);
    this.undone.length = 0;
    this.notify();
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** The change to take back now (moved to the redo side), or null when this page made none. */
  takeUndo(): ReviewChange | null {
    const change = this.done.pop() ?? null;
    if (change) {
      this.undone.push(change);
      this.notify();
    }
    return change;
  }

  /** The change to make again now (moved back to the undo side), or null. */
  takeRedo(): ReviewChange | null {
    const change = this.undone.pop() ?? null;
    if (change) {
      this.done.push(change);
      this.notify();
    }
    return change;
  }

  /** Puts back a change whose undo or redo failed, so the history still matches what is stored. */
  restore(change: ReviewChange, side: 'undo' | 'redo'): void {
    const from = side === 'undo' ? this.undone : this.done;
    const to = side === 'undo' ? this.done : this.undone;
    const at = from.lastIndexOf(change);
    if (at >= 0) from.splice(at, 1);
    to.push(change);
    this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
