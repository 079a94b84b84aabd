import type { MapStep } from './map-types';

export interface CurvePoint {
  /** Position of the step among the steps given (0-based). */
  position: number;
  stepId: string;
  valence: number;
  label: string | null;
}

/**
 * The emotion curve over a run of steps: a point on each step the tester gave an emotion, and a line only
 * between neighbouring steps that both have one. A step without an emotion leaves a gap: the curve never
 * invents a value the tester did not give.
 */
export function emotionCurve(steps: readonly (Pick<MapStep, 'id'> & { emotion: { valence: number; label?: string | null } | null })[]): {
  points: CurvePoint[];
  segments: [CurvePoint, CurvePoint][];
} {
  const points: CurvePoint[] = [];
  const segments: [CurvePoint, CurvePoint][] = [];
  let previous: CurvePoint | null = null;
  for (const [position, step] of steps.entries()) {
    if (!step.emotion) {
      previous = null;
      continue;
    }
    const point = { position, stepId: step.id, valence: step.emotion.valence, label: step.emotion.label ?? null };
    points.push(point);
    if (previous) segments.push([previous, point]);
    previous = point;
  }
  return { points, segments };
}
