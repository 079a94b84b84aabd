import { describe, expect, it, vi } from 'vitest';
import { type ReviewChange, ReviewHistory } from '@/lib/journey/review-history';

const added = (id: string): ReviewChange => ({ kind: 'annotation-added', annotationId: id, replaced: [] });

describe('ReviewHistory', () => {
  it('starts with nothing to undo or redo', () => {
    const history = new ReviewHistory();
    expect(history.canUndo).toBe(false);
    expect(history.canRedo).toBe(false);
    expect(history.takeUndo()).toBeNull();
    expect(history.takeRedo()).toBeNull();
  });

  it('takes back the latest change first, across map edits and annotations', () => {
    const history = new ReviewHistory();
    history.record({ kind: 'map-edit' });
    history.record(added('a1'));
    history.record({ kind: 'note-edited', annotationId: 'n1', before: 'old', after: 'new' });
    expect(history.takeUndo()).toEqual({ kind: 'note-edited', annotationId: 'n1', before: 'old', after: 'new' });
    expect(history.takeUndo()).toEqual(added('a1'));
    expect(history.takeUndo()).toEqual({ kind: 'map-edit' });
    expect(history.canUndo).toBe(false);
  });

  it('makes undone changes again in the order they were made', () => {
    const history = new ReviewHistory();
    history.record(added('a1'));
    history.record(added('a2'));
    history.takeUndo();
    history.takeUndo();
    expect(history.canRedo).toBe(true);
    expect(history.takeRedo()).toEqual(added('a1'));
    expect(history.takeRedo()).toEqual(added('a2'));
    expect(history.canRedo).toBe(false);
    expect(history.canUndo).toBe(true);
  });

  it('forgets what was undone once a new change is made', () => {
    const history = new ReviewHistory();
    history.record(added('a1'));
    history.takeUndo();
    history.record({ kind: 'annotation-removed', annotationId: 'n1' });
    expect(history.canRedo).toBe(false);
    expect(history.takeUndo()).toEqual({ kind: 'annotation-removed', annotationId: 'n1' });
  });

  it('puts a change back where it was when its undo or redo failed', () => {
    const history = new ReviewHistory();
    const change = added('a1');
    history.record(change);
    history.takeUndo();
    history.restore(change, 'undo');
    expect(history.canUndo).toBe(true);
    expect(history.canRedo).toBe(false);
    history.takeUndo();
    history.takeRedo();
    history.restore(change, 'redo');
    expect(history.canUndo).toBe(false);
    expect(history.takeRedo()).toBe(change);
  });

  it('tells its listeners of every change, until they leave', () => {
    const history = new ReviewHistory();
    const listener = vi.fn();
    const leave = history.subscribe(listener);
    history.record(added('a1'));
    history.takeUndo();
    history.takeRedo();
    expect(listener).toHaveBeenCalledTimes(3);
    // Nothing to take: nothing to tell.
    history.takeRedo();
    expect(listener).toHaveBeenCalledTimes(3);
    leave();
    history.record(added('a2'));
    history.takeUndo();
    expect(listener).toHaveBeenCalledTimes(3);
  });
});
