import { describe, expect, it } from 'vitest';
import { stepNumbers } from '@/lib/journey/numbering';
import { mapStep } from '../fixtures/map';

describe('stepNumbers', () => {
  it('numbers the steps on the map from 1, in order', () => {
    expect([...stepNumbers([mapStep('a'), mapStep('b'), mapStep('c')])]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('gives hidden steps no number and closes the gap they leave', () => {
    const numbers = stepNumbers([mapStep('a', { hidden: true }), mapStep('b'), mapStep('c', { hidden: true }), mapStep('d')]);
    expect(numbers.get('a')).toBeUndefined();
    expect(numbers.get('b')).toBe(1);
    expect(numbers.get('c')).toBeUndefined();
    expect(numbers.get('d')).toBe(2);
  });

  it('numbers nothing on an empty map or one with every step hidden', () => {
    expect(stepNumbers([]).size).toBe(0);
    expect(stepNumbers([mapStep('a', { hidden: true })]).size).toBe(0);
  });
});
