import { describe, expect, it, vi } from 'vitest';
import { textTestMemo } from '@/lib/privacy/text-test-memo';

describe('textTestMemo', () => {
  it('tests a text once for a mode and an echo set', () => {
    const memo = textTestMemo();
    const test = vi.fn(() => true);
    const echoes = {};
    expect(memo('r1c1', 'balanced', echoes, 1, test)).toBe(true);
    expect(memo('r1c1', 'balanced', echoes, 1, test)).toBe(true);
    expect(test).toHaveBeenCalledTimes(1);
  });

  it('judges every text again once the echoes, the matcher or the mode change', () => {
    const memo = textTestMemo();
    const echoes = {};
    memo('Sandrine', 'balanced', echoes, 1, () => false);
    // The tester typed "Sandrine": the same text is now private.
    expect(memo('Sandrine', 'balanced', echoes, 2, () => true)).toBe(true);
    expect(memo('Sandrine', 'balanced', {}, 2, () => false)).toBe(false);
    expect(memo('Sandrine', 'strict', {}, 2, () => true)).toBe(true);
  });

  it('never remembers a long text', () => {
    const memo = textTestMemo();
    const test = vi.fn(() => false);
    const long = 'x'.repeat(501);
    memo(long, 'balanced', null, 0, test);
    memo(long, 'balanced', null, 0, test);
    expect(test).toHaveBeenCalledTimes(2);
  });
});
