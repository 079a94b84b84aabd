import { describe, expect, it } from 'vitest';
import { maskSensitiveText } from '@/lib/capture/masking';
import { isPrivateText, SHORTEST_MASKED_TEXT } from '@/lib/privacy/private-text';

describe('isPrivateText', () => {
  it('the shortest texts masked are SHORTEST_MASKED_TEXT long, and are private', () => {
    for (const text of ['a@b.co', '1 A St', 'W1 6XE']) {
      expect(text).toHaveLength(SHORTEST_MASKED_TEXT);
      expect(maskSensitiveText(text)).not.toBe(text);
      expect(isPrivateText(text, 'balanced')).toBe(true);
    }
  });

  it('no shorter text is masked: random texts of the characters the patterns use (a fixed seed)', () => {
    const alphabet = 'aZ09187@.+-() :/ABW6XEStrue';
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    let tried = 0;
    for (let i = 0; i < 40_000; i++) {
      const length = 1 + (next() % (SHORTEST_MASKED_TEXT - 1));
      let text = '';
      for (let c = 0; c < length; c++) text += alphabet[next() % alphabet.length];
      expect(maskSensitiveText(text), text).toBe(text);
      tried++;
    }
    expect(tried).toBe(40_000);
  });

  it('a short text is still found as an echo of what was typed', () => {
    expect(isPrivateText('Léa', 'balanced', (text) => text === 'Léa')).toBe(true);
    expect(isPrivateText('Léa', 'relaxed', () => true)).toBe(false);
    expect(isPrivateText('ab', 'balanced', () => true)).toBe(false);
  });
});
