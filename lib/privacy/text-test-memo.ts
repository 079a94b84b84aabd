import type { MaskingMode } from './masking-mode';

/** Texts longer than this are tested each time: they are the ones that change (a whole table's text). */
const MAX_MEMO_TEXT = 500;
/** Entries kept at most (a few MB at worst); past it the memo starts again. */
const MAX_MEMO_ENTRIES = 10_000;

/**
 * Remembers whether a page text is private, across the scans of one page: a scan at each press and another
 * at each capture test the same rows and cells again (each test runs the personal-data patterns and hashes
 * the words for echoes), while a click changes only a few of them. The answer depends on the text, the mode
 * and the echoes the frame knows: a new echo set (a new matcher, or one more hash in it) starts the memo again,
 * so a text once judged public is judged again as soon as the tester typed something it may repeat.
 * `echoes` is the frame's matcher (a new walk makes a new one), `echoSize` how many hashes it holds.
 */
export function textTestMemo(): (text: string, mode: MaskingMode, echoes: object | null, echoSize: number, test: () => boolean) => boolean {
  const known = new Map<string, boolean>();
  let context: { mode: MaskingMode; echoes: object | null; echoSize: number } | null = null;
  return (text, mode, echoes, echoSize, test) => {
    if (!context || context.mode !== mode || context.echoes !== echoes || context.echoSize !== echoSize) {
      known.clear();
      context = { mode, echoes, echoSize };
    }
    if (text.length > MAX_MEMO_TEXT) return test();
    const hit = known.get(text);
    if (hit !== undefined) return hit;
    const result = test();
    if (known.size >= MAX_MEMO_ENTRIES) known.clear();
    known.set(text, result);
    return result;
  };
}
