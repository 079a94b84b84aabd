import type { JourneyDocument, JourneyStep } from '../../bundle/journey-document';
import { fold, NO_STAGE, pageKey, stageKeysOf, stepKey } from '../merge/keys';
import { lcsPairs } from '../merge/lcs';
import { type Summary, summarize } from '../merge/stats';

/** One walk's side of a compared step. */
export interface StepSide {
  index: number;
  id: string;
  action: string;
  durationMs: number;
  valence: number | null;
  /** Signal types met (dismissed ones left out). */
  signals: string[];
  painPoints: string[];
}

export interface ComparedStep {
  status: 'matched' | 'only-a' | 'only-b';
  stageKey: string;
  stageName: string;
  page: string;
  a: StepSide | null;
  b: StepSide | null;
  /** b − a, when matched. */
  durationDeltaMs: number | null;
  valenceDelta: number | null;
}

export interface WalkSummary {
  id: string;
  title: string;
  persona: string;
  startedAt: string;
  steps: number;
  durationMs: number;
  emotion: Summary;
}

export interface ComparedStage {
  key: string;
  name: string;
  a: { steps: number; durationMs: number; emotion: Summary };
  b: { steps: number; durationMs: number; emotion: Summary };
  durationDeltaMs: number;
  /** b's mean valence − a's, when both have one. */
  emotionDelta: number | null;
}

/** Two walks of one flow side by side (`parcours compare`, the sessions page's Compare). All deltas are b − a. */
export interface WalkComparison {
  format: 'parcours.walk-comparison';
  version: 1;
  a: WalkSummary;
  b: WalkSummary;
  steps: ComparedStep[];
  stages: ComparedStage[];
  totals: { matched: number; onlyA: number; onlyB: number; durationDeltaMs: number; emotionDelta: number | null };
  signals: { type: string; a: number; b: number; delta: number }[];
  painPoints: { text: string; a: number; b: number }[];
}

interface Keyed {
  key: string;
  stageKey: string;
  stageName: string;
  step: JourneyStep;
}

/**
 * Matches the steps of two walks by the longest common subsequence of their keys (stage, page, action:
 * lib/journey/merge/keys.ts) over the whole walks in order, so a step repeated or skipped in one walk does not
 * shift every match after it. Unmatched steps are listed where they fall, a's before b's in a gap.
 */
export function compareWalks(a: JourneyDocument, b: JourneyDocument): WalkComparison {
  const left = keyed(a);
  const right = keyed(b);
  const pairs = lcsPairs(
    left.map((item) => item.key),
    right.map((item) => item.key),
  );
  const steps: ComparedStep[] = [];
  let i = 0;
  let j = 0;
  for (const [at, bt] of [...pairs, [left.length, right.length] as [number, number]]) {
    while (i < at) steps.push(compared(left[i++] as Keyed, null));
    while (j < bt) steps.push(compared(null, right[j++] as Keyed));
    if (at < left.length) {
      steps.push(compared(left[at] as Keyed, right[bt] as Keyed));
      i++;
      j++;
    }
  }
  const stageKeys = [...new Set([...left, ...right].map((item) => item.stageKey))];
  const stages = stageKeys.map((key): ComparedStage => {
    const side = (items: Keyed[]) => {
      const mine = items.filter((item) => item.stageKey === key);
      return { steps: mine.length, durationMs: total(mine.map((item) => item.step)), emotion: summarize(valences(mine.map((item) => item.step))) };
    };
    const sa = side(left);
    const sb = side(right);
    const name = [...left, ...right].find((item) => item.stageKey === key)?.stageName ?? '';
    return { key, name, a: sa, b: sb, durationDeltaMs: sb.durationMs - sa.durationMs, emotionDelta: delta(sa.emotion.mean, sb.emotion.mean) };
  });
  const summaryA = walkSummary(a);
  const summaryB = walkSummary(b);
  return {
    format: 'parcours.walk-comparison',
    version: 1,
    a: summaryA,
    b: summaryB,
    steps,
    stages,
    totals: {
      matched: pairs.length,
      onlyA: left.length - pairs.length,
      onlyB: right.length - pairs.length,
      durationDeltaMs: summaryB.durationMs - summaryA.durationMs,
      emotionDelta: delta(summaryA.emotion.mean, summaryB.emotion.mean),
    },
    signals: countsSideBySide(a.steps.flatMap(signalTypes), b.steps.flatMap(signalTypes)).map(({ text, a: inA, b: inB }) => ({
      type: text,
      a: inA,
      b: inB,
      delta: inB - inA,
    })),
    painPoints: countsSideBySide(
      a.steps.flatMap((step) => step.painPoints),
      b.steps.flatMap((step) => step.painPoints),
    ),
  };
}

function keyed(journey: JourneyDocument): Keyed[] {
  const keys = stageKeysOf(journey);
  const names = new Map(journey.stages.map((stage) => [stage.id, stage.name]));
  return journey.steps.map((step) => {
    const stageKey = (step.stageId != null && keys.get(step.stageId)) || NO_STAGE;
    const stageName = stageKey === NO_STAGE ? '' : ((step.stageId && names.get(step.stageId)) ?? '');
    return { key: `${stageKey} ${stepKey(step)}`, stageKey, stageName, step };
  });
}

function side(step: JourneyStep): StepSide {
  return {
    index: step.index,
    id: step.id,
    action: step.action,
    durationMs: step.durationMs || 0,
    valence: valenceOf(step),
    signals: signalTypes(step),
    painPoints: step.painPoints,
  };
}

function compared(a: Keyed | null, b: Keyed | null): ComparedStep {
  const any = (a ?? b) as Keyed;
  const sa = a ? side(a.step) : null;
  const sb = b ? side(b.step) : null;
  return {
    status: a && b ? 'matched' : a ? 'only-a' : 'only-b',
    stageKey: any.stageKey,
    stageName: any.stageName,
    page: pageKey(any.step.url),
    a: sa,
    b: sb,
    durationDeltaMs: sa && sb ? sb.durationMs - sa.durationMs : null,
    valenceDelta: sa && sb ? delta(sa.valence, sb.valence) : null,
  };
}

function walkSummary(journey: JourneyDocument): WalkSummary {
  return {
    id: journey.session.id,
    title: journey.session.title,
    persona: journey.session.persona?.name ?? '',
    startedAt: journey.session.startedAt,
    steps: journey.steps.length,
    durationMs: total(journey.steps),
    emotion: summarize(valences(journey.steps)),
  };
}

function valenceOf(step: JourneyStep): number | null {
  return step.emotion && Number.isFinite(step.emotion.valence) ? step.emotion.valence : null;
}

function valences(steps: readonly JourneyStep[]): number[] {
  return steps.flatMap((step) => {
    const valence = valenceOf(step);
    return valence == null ? [] : [valence];
  });
}

function total(steps: readonly JourneyStep[]): number {
  return steps.reduce((sum, step) => sum + (step.durationMs || 0), 0);
}

function signalTypes(step: JourneyStep): string[] {
  return step.signals.filter((signal) => signal.decision !== 'dismissed').map((signal) => signal.type);
}

function delta(a: number | null, b: number | null): number | null {
  return a == null || b == null ? null : Math.round((b - a) * 100) / 100;
}

/** Occurrences of each (folded) text in a and in b, in order of first appearance. */
function countsSideBySide(a: readonly string[], b: readonly string[]): { text: string; a: number; b: number }[] {
  const counts = new Map<string, { text: string; a: number; b: number }>();
  for (const [list, which] of [
    [a, 'a'],
    [b, 'b'],
  ] as const) {
    for (const text of list) {
      const key = fold(text);
      if (!key) continue;
      const entry = counts.get(key) ?? { text: text.trim(), a: 0, b: 0 };
      entry[which]++;
      counts.set(key, entry);
    }
  }
  return [...counts.values()];
}
