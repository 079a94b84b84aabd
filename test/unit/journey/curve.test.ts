import { describe, expect, it } from 'vitest';
import { emotionCurve } from '@/lib/journey/curve';
import { mapStep } from '../fixtures/map';

const felt = (valence: number, label: string | null = null) => ({
  valence: valence as -2 | -1 | 0 | 1 | 2,
  label,
  author: 'tester' as const,
  annotationId: `a${valence}`,
});

describe('emotionCurve', () => {
  it('joins neighbouring steps that both have an emotion', () => {
    const curve = emotionCurve([mapStep('a', { emotion: felt(1) }), mapStep('b', { emotion: felt(-2, 'lost') }), mapStep('c', { emotion: felt(0) })]);
    expect(curve.points.map((point) => [point.position, point.valence, point.label])).toEqual([
      [0, 1, null],
      [1, -2, 'lost'],
      [2, 0, null],
    ]);
    expect(curve.segments.map(([from, to]) => [from.stepId, to.stepId])).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
  });

  it('leaves a gap at a step without an emotion: no line across it, no value invented for it', () => {
    const curve = emotionCurve([mapStep('a', { emotion: felt(2) }), mapStep('b'), mapStep('c', { emotion: felt(-1) })]);
    expect(curve.points.map((point) => point.stepId)).toEqual(['a', 'c']);
    expect(curve.segments).toEqual([]);
  });

  it('draws only points when emotions are missing on most steps', () => {
    const steps = Array.from({ length: 50 }, (_, i) => mapStep(`s${i}`, i % 10 === 0 ? { emotion: felt(0) } : {}));
    const curve = emotionCurve(steps);
    expect(curve.points.map((point) => point.position)).toEqual([0, 10, 20, 30, 40]);
    expect(curve.segments).toEqual([]);
  });

  it('is empty without steps or without any emotion', () => {
    expect(emotionCurve([])).toEqual({ points: [], segments: [] });
    expect(emotionCurve([mapStep('a'), mapStep('b')])).toEqual({ points: [], segments: [] });
  });
});
