import { fold } from './keys';
import type { Tally } from './types';

/** Counts texts (folded, so "Slow page" and "slow page " are one) by walks and occurrences. */
export class TallyCounter {
  private readonly entries = new Map<string, { text: string; walks: Set<number>; occurrences: number }>();

  add(text: string, walk: number): void {
    const key = fold(text);
    if (!key) return;
    const entry = this.entries.get(key) ?? { text: text.trim(), walks: new Set<number>(), occurrences: 0 };
    entry.walks.add(walk);
    entry.occurrences++;
    this.entries.set(key, entry);
  }

  /** Most walks first, then most occurrences, then first met. */
  result(): Tally[] {
    return [...this.entries.values()]
      .map((entry, seen) => ({ tally: { text: entry.text, walks: entry.walks.size, occurrences: entry.occurrences }, seen }))
      .sort((a, b) => b.tally.walks - a.tally.walks || b.tally.occurrences - a.tally.occurrences || a.seen - b.seen)
      .map(({ tally }) => tally);
  }
}
