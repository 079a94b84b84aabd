import type { MapStep } from './map-types';
import { stepNumbers } from './numbering';

export interface Hurt {
  stepId: string;
  index: number;
  /** The step's number on the map (hidden steps not counted). */
  number: number;
  action: string;
  score: number;
  painPoints: number;
  signals: number;
  valence: number | null;
}

/** What ranking a step needs: the map's steps, or the exported ones (journey.json has no hidden steps). */
export type HurtStep = Pick<MapStep, 'id' | 'index' | 'action' | 'painPoints' | 'momentOfTruth'> &
  Partial<Pick<MapStep, 'hidden'>> & { signals: readonly Pick<MapStep['signals'][number], 'decision'>[]; emotion: { valence: number } | null };

/**
 * "Where it hurts": the steps ranked by how much they hurt. A pain point counts 2, a signal the tester did
 * not dismiss counts 1 (2 once accepted), a negative emotion counts its depth (−1 → 1, −2 → 2) and a moment
 * of truth doubles the step. Steps that do not hurt are left out; hidden steps too.
 */
export function rankHurts(map: { steps: readonly HurtStep[] }, limit = 10): Hurt[] {
  const score = (step: HurtStep) => {
    const signals = step.signals.filter((signal) => signal.decision !== 'dismissed');
    const base =
      step.painPoints.length * 2 +
      signals.reduce((sum, signal) => sum + (signal.decision === 'accepted' ? 2 : 1), 0) +
      Math.max(0, -(step.emotion?.valence ?? 0));
    return step.momentOfTruth ? base * 2 : base;
  };
  const numbers = stepNumbers(map.steps);
  return map.steps
    .filter((step) => !step.hidden)
    .map((step) => ({
      stepId: step.id,
      index: step.index,
      number: numbers.get(step.id) ?? 0,
      action: step.action,
      score: score(step),
      painPoints: step.painPoints.length,
      signals: step.signals.filter((signal) => signal.decision !== 'dismissed').length,
      valence: step.emotion?.valence ?? null,
    }))
    .filter((hurt) => hurt.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit);
}
