import type { MapStep } from './map-types';

/**
 * The number a reader sees on each step: its place among the steps left on the map (1-based). Hidden steps
 * have no number, so the map, the step view, "where it hurts" and the export all count the same way.
 */
export function stepNumbers(steps: readonly (Pick<MapStep, 'id'> & Partial<Pick<MapStep, 'hidden'>>)[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const step of steps) if (!step.hidden) numbers.set(step.id, numbers.size + 1);
  return numbers;
}
