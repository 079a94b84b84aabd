import type { Stage } from '../journey/stages';
import { cleanLabel } from './text';

/** Stages numbered in list order, so `order` always matches the position. */
export function renumber(stages: readonly Stage[]): Stage[] {
  return stages.map((stage, order) => ({ ...stage, order }));
}

export function renameStage(stages: readonly Stage[], stageId: string, name: string): Stage[] {
  const clean = cleanLabel(name);
  if (!clean) return [...stages];
  return stages.map((stage) => (stage.id === stageId ? { ...stage, name: clean } : stage));
}

/** Adds a stage after `afterId` (at the end when absent) with a fresh id. */
export function addStage(stages: readonly Stage[], name: string, newId: string, afterId?: string): Stage[] {
  const clean = cleanLabel(name) || '…';
  const index = afterId ? stages.findIndex((stage) => stage.id === afterId) + 1 : stages.length;
  const next = [...stages];
  next.splice(index <= 0 ? stages.length : index, 0, { id: newId, name: clean, order: 0 });
  return renumber(next);
}

export function moveStage(stages: readonly Stage[], stageId: string, delta: -1 | 1): Stage[] {
  const index = stages.findIndex((stage) => stage.id === stageId);
  const target = index + delta;
  if (index < 0 || target < 0 || target >= stages.length) return [...stages];
  const next = [...stages];
  const [moved] = next.splice(index, 1);
  if (moved) next.splice(target, 0, moved);
  return renumber(next);
}

/**
 * Removes a stage. Steps that belonged to it move to the stage before it (the next one when it was first);
 * returns that stage's id so stage switches pointing at the removed one can be redirected. A walk keeps at
 * least one stage.
 */
export function removeStage(stages: readonly Stage[], stageId: string): { stages: Stage[]; movedTo: string | null } {
  const index = stages.findIndex((stage) => stage.id === stageId);
  if (index < 0 || stages.length <= 1) return { stages: [...stages], movedTo: null };
  const neighbour = stages[index - 1] ?? stages[index + 1];
  return { stages: renumber(stages.filter((stage) => stage.id !== stageId)), movedTo: neighbour?.id ?? null };
}

export interface StageSwitch {
  t: number;
  seq?: number;
  stageId: string;
}

/**
 * The stage of each moment: the latest switch at or before it, else the first stage. A switch to a stage
 * that no longer exists counts as its stand-in (see removeStage), or is ignored.
 */
export function stageAt(t: number, switches: readonly StageSwitch[], stages: readonly Stage[]): string | null {
  const known = new Set(stages.map((stage) => stage.id));
  let current: string | null = stages[0]?.id ?? null;
  for (const change of switches) {
    if (change.t > t) break;
    if (known.has(change.stageId)) current = change.stageId;
  }
  return current;
}
