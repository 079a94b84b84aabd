import { DEFAULT_THRESHOLDS, type SignalThresholds } from './signals';

/** The thresholds a tester may change on the review page (the others are internal tuning). */
export const EDITABLE_THRESHOLDS = [
  'rageClickCount',
  'rageClickWindowMs',
  'rageClickRadiusPx',
  'deadClickWindowMs',
  'quickBackMs',
  'slowLoadMs',
  'hesitationMs',
  'excessiveScrollRuns',
] as const satisfies readonly (keyof SignalThresholds)[];

export type EditableThreshold = (typeof EDITABLE_THRESHOLDS)[number];

/**
 * The thresholds in force: the defaults, with each stored value that is a positive finite number (counts
 * rounded to whole numbers) taking their place. Anything else stored is ignored, never trusted.
 */
export function mergeThresholds(stored: unknown): SignalThresholds {
  const merged: SignalThresholds = { ...DEFAULT_THRESHOLDS };
  if (!stored || typeof stored !== 'object') return merged;
  for (const key of EDITABLE_THRESHOLDS) {
    const value = (stored as Record<string, unknown>)[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) continue;
    merged[key] = key === 'rageClickCount' || key === 'excessiveScrollRuns' ? Math.max(2, Math.round(value)) : value;
  }
  return merged;
}
