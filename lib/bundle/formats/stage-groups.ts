import type { Stage } from '../../journey/stages';
import type { JourneyDocument, JourneyStep } from '../journey-document';

/** A stage with its 1-based position in the walk's stage order. */
export interface PlacedStage {
  stage: Stage;
  position: number;
}

/**
 * The walk's stages in their order (`order`, ties kept as listed), each with its 1-based position: the order
 * the map shows them in. The text formats name a stage by this position, not by `order`, which need not run
 * 0, 1, 2… once the tester has added and removed stages.
 */
export function placedStages(journey: Pick<JourneyDocument, 'stages'>): PlacedStage[] {
  return journey.stages
    .map((stage, listed) => ({ stage, listed }))
    .sort((a, b) => a.stage.order - b.stage.order || a.listed - b.listed)
    .map(({ stage }, index) => ({ stage, position: index + 1 }));
}

/** The stage a step is in; null when it has none or names a stage the walk no longer has. */
export function stageOfStep(step: Pick<JourneyStep, 'stageId'>, byId: ReadonlyMap<string, PlacedStage>): PlacedStage | null {
  return step.stageId == null ? null : (byId.get(step.stageId) ?? null);
}

/**
 * The steps grouped by stage, in stage order, each group in walk order; the steps without a stage first (in a
 * walk they are the ones before the tester chose a stage), and stages with no step left out.
 */
export function stepsByStage(journey: Pick<JourneyDocument, 'stages' | 'steps'>): { stage: PlacedStage | null; steps: JourneyStep[] }[] {
  const stages = placedStages(journey);
  const byId = new Map(stages.map((placed) => [placed.stage.id, placed]));
  const groups = new Map<string | null, JourneyStep[]>();
  for (const step of journey.steps) {
    const key = stageOfStep(step, byId)?.stage.id ?? null;
    const group = groups.get(key);
    if (group) group.push(step);
    else groups.set(key, [step]);
  }
  const ordered: { stage: PlacedStage | null; steps: JourneyStep[] }[] = [];
  const unstaged = groups.get(null);
  if (unstaged) ordered.push({ stage: null, steps: unstaged });
  const emitted = new Set<string>();
  for (const placed of stages) {
    // A stage id listed twice (a hand-edited journey.json) still gets its steps once.
    const steps = emitted.has(placed.stage.id) ? undefined : groups.get(placed.stage.id);
    emitted.add(placed.stage.id);
    if (steps) ordered.push({ stage: placed, steps });
  }
  return ordered;
}
