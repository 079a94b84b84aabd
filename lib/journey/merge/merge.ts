import type { JourneyDocument, JourneyStep } from '../../bundle/journey-document';
import { fold, NO_STAGE, pageKey, stageKeysOf, startSite, stepKey } from './keys';
import { lcsPairs } from './lcs';
import { summarize } from './stats';
import { TallyCounter } from './tally';
import {
  type AlignedStep,
  MERGED_FORMAT,
  MERGED_VERSION,
  type MergedChecklist,
  type MergedJourney,
  type MergedStage,
  type MergedWalk,
  type WalkSource,
} from './types';

/** What the aggregate keeps of one walk step: no selectors, notes or event ids, so 50 walks stay small. */
interface Member {
  key: string;
  walk: number;
  stepId: string;
  stepIndex: number;
  action: string;
  kind: string;
  page: string;
  valence: number | null;
  durationMs: number;
  painPoints: string[];
  signals: string[];
  screenshot: string | null;
}

interface Row {
  key: string;
  members: Member[];
}

interface StageAcc {
  key: string;
  name: string;
  rows: Row[];
  /** Each walk's position of the stage, 0..1 (first stage 0, last 1), to order stages across walks. */
  positions: number[];
  walkDurations: Map<number, number>;
  firstSeen: number;
}

interface ChecklistAcc {
  names: Map<number, string>;
  overall: Map<number, number | null>;
  perStage: Map<string, { name: string; scores: Map<number, number | null> }>;
  questions: Map<string, { text: string; stageKey: string; type: string; answers: Map<number, boolean | number | string | null> }>;
}

/** The walks are not of one journey: they start on different sites (the command line's `--any-site` allows it). */
export class MergeError extends Error {
  constructor(
    readonly code: 'different-sites' | 'same-walk-twice' | 'no-walk',
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * Builds the aggregate map of several walks one walk at a time (`add`), so a caller reading 50 bundles keeps
 * only this slim state, never 50 maps. Steps are aligned stage by stage: a walk's steps of a stage are matched
 * against the rows built so far by the longest common subsequence of their keys (page and action,
 * keys.ts); matched steps join their row, the others become new rows where they fall. The walk order matters
 * only for ties and for which walk names a row and gives its screenshot (the first).
 */
export class MergeBuilder {
  private readonly stages = new Map<string, StageAcc>();
  private readonly walks: MergedWalk[] = [];
  private readonly sites: string[] = [];
  private readonly checklist: ChecklistAcc = { names: new Map(), overall: new Map(), perStage: new Map(), questions: new Map() };
  private hasChecklist = false;

  constructor(private readonly options: { anySite?: boolean } = {}) {}

  get count(): number {
    return this.walks.length;
  }

  add(journey: JourneyDocument, source: WalkSource | null = null): void {
    const site = startSite(journey);
    if (this.sites.length > 0 && !this.sites.includes(site) && !this.options.anySite)
      throw new MergeError('different-sites', `${journey.session.title || journey.session.id}: ${site} ≠ ${this.sites[0]}`);
    if (this.walks.some((walk) => walk.id === journey.session.id)) throw new MergeError('same-walk-twice', journey.session.title || journey.session.id);
    if (!this.sites.includes(site)) this.sites.push(site);
    const walk = this.walks.length;
    this.walks.push({
      index: walk,
      id: journey.session.id,
      title: journey.session.title,
      persona: journey.session.persona?.name ?? '',
      startedAt: journey.session.startedAt,
      endedAt: journey.session.endedAt,
      steps: journey.steps.length,
      durationMs: journey.steps.reduce((sum, step) => sum + (step.durationMs || 0), 0),
      source,
    });
    const keys = stageKeysOf(journey);
    const names = new Map(journey.stages.map((stage) => [stage.id, stage.name]));
    const groups = new Map<string, JourneyStep[]>();
    for (const step of journey.steps) {
      const key = (step.stageId != null && keys.get(step.stageId)) || NO_STAGE;
      const group = groups.get(key);
      if (group) group.push(step);
      else groups.set(key, [step]);
    }
    const order = [...groups.keys()];
    for (const [position, key] of order.entries()) {
      const steps = groups.get(key) as JourneyStep[];
      let stage = this.stages.get(key);
      if (!stage) {
        const stageId = steps[0]?.stageId;
        stage = {
          key,
          name: key === NO_STAGE ? '' : ((stageId && names.get(stageId)) ?? ''),
          rows: [],
          positions: [],
          walkDurations: new Map(),
          firstSeen: this.stages.size,
        };
        this.stages.set(key, stage);
      }
      stage.positions.push(order.length > 1 ? position / (order.length - 1) : 0);
      stage.walkDurations.set(
        walk,
        steps.reduce((sum, step) => sum + (step.durationMs || 0), 0),
      );
      stage.rows = alignInto(
        stage.rows,
        steps.map((step) => member(step, walk)),
      );
    }
    this.addChecklist(journey, walk, keys);
  }

  private addChecklist(journey: JourneyDocument, walk: number, keys: Map<string, string>): void {
    const checklist = journey.checklist;
    if (!checklist) return;
    this.hasChecklist = true;
    const acc = this.checklist;
    acc.names.set(walk, checklist.name);
    acc.overall.set(walk, checklist.scores.overall);
    const names = new Map(journey.stages.map((stage) => [stage.id, stage.name]));
    for (const score of checklist.scores.perStage) {
      const stageKey = (score.stageId != null && keys.get(score.stageId)) || NO_STAGE;
      const entry = acc.perStage.get(stageKey) ?? { name: (score.stageId && names.get(score.stageId)) || '', scores: new Map() };
      entry.scores.set(walk, score.score);
      acc.perStage.set(stageKey, entry);
    }
    for (const question of checklist.questions) {
      const stageKey = (question.stageId != null && keys.get(question.stageId)) || NO_STAGE;
      const key = `${stageKey} ${fold(question.text)}`;
      const entry = acc.questions.get(key) ?? { text: question.text, stageKey, type: question.type, answers: new Map() };
      entry.answers.set(walk, question.answer?.value ?? null);
      acc.questions.set(key, entry);
    }
  }

  finish(options: { createdAt?: string; generatorVersion?: string; title?: string } = {}): MergedJourney {
    if (this.walks.length === 0) throw new MergeError('no-walk', '');
    const stages = [...this.stages.values()].sort((a, b) => {
      if (a.key === NO_STAGE || b.key === NO_STAGE) return a.key === NO_STAGE ? -1 : b.key === NO_STAGE ? 1 : 0;
      return mean(a.positions) - mean(b.positions) || a.firstSeen - b.firstSeen;
    });
    let order = 0;
    const mergedStages = stages.map((stage): MergedStage => {
      const painPoints = new TallyCounter();
      const signals = new TallyCounter();
      const valences: number[] = [];
      const walksIn = new Set<number>();
      const steps = stage.rows.map((row): AlignedStep => {
        const first = row.members[0] as Member;
        const rowPain = new TallyCounter();
        const rowSignals = new TallyCounter();
        for (const item of row.members) {
          walksIn.add(item.walk);
          if (item.valence != null) valences.push(item.valence);
          for (const text of item.painPoints) {
            rowPain.add(text, item.walk);
            painPoints.add(text, item.walk);
          }
          for (const type of item.signals) {
            rowSignals.add(type, item.walk);
            signals.add(type, item.walk);
          }
        }
        const shot = row.members.find((item) => item.screenshot);
        return {
          order: ++order,
          key: row.key,
          page: first.page,
          action: first.action,
          kind: first.kind,
          walks: new Set(row.members.map((item) => item.walk)).size,
          members: row.members.map((item) => ({ walk: item.walk, stepId: item.stepId, stepIndex: item.stepIndex })),
          emotion: summarize(row.members.flatMap((item) => (item.valence == null ? [] : [item.valence]))),
          durationMs: summarize(row.members.map((item) => item.durationMs)),
          painPoints: rowPain.result(),
          signals: rowSignals.result(),
          // The writer of the merged bundle copies the image and names it here; in memory, the walk's own path.
          screenshot: shot?.screenshot ?? null,
          screenshotOf: shot ? { walk: shot.walk, stepId: shot.stepId } : null,
        };
      });
      return {
        key: stage.key,
        name: stage.name,
        walks: walksIn.size,
        emotion: summarize(valences),
        durationMs: summarize([...stage.walkDurations.values()]),
        painPoints: painPoints.result(),
        signals: signals.result(),
        steps,
      };
    });
    const allValences = [...this.stages.values()].flatMap((stage) =>
      stage.rows.flatMap((row) => row.members.flatMap((item) => (item.valence == null ? [] : [item.valence]))),
    );
    return {
      format: MERGED_FORMAT,
      version: MERGED_VERSION,
      generator: { name: 'parcours', version: options.generatorVersion ?? '0.1.0' },
      createdAt: options.createdAt ?? new Date().toISOString(),
      sites: [...this.sites],
      title: options.title ?? this.walks[0]?.title ?? '',
      walks: [...this.walks],
      stages: mergedStages,
      totals: {
        alignedSteps: order,
        steps: summarize(this.walks.map((walk) => walk.steps)),
        durationMs: summarize(this.walks.map((walk) => walk.durationMs)),
        emotion: summarize(allValences),
      },
      checklist: this.hasChecklist ? this.finishChecklist() : null,
    };
  }

  private finishChecklist(): MergedChecklist {
    const count = this.walks.length;
    const perWalk = <T>(map: Map<number, T>, empty: T): T[] => Array.from({ length: count }, (_, walk) => (map.has(walk) ? (map.get(walk) as T) : empty));
    const acc = this.checklist;
    return {
      names: perWalk<string | null>(acc.names, null),
      overall: perWalk<number | null>(acc.overall, null),
      perStage: [...acc.perStage].map(([stageKey, entry]) => ({ stageKey, name: entry.name, scores: perWalk<number | null>(entry.scores, null) })),
      questions: [...acc.questions.values()].map((entry) => ({
        text: entry.text,
        stageKey: entry.stageKey,
        type: entry.type,
        answers: perWalk<boolean | number | string | null>(entry.answers, null),
      })),
    };
  }
}

/** Merges walks held in memory (the sessions page's few selected sessions). */
export function mergeJourneys(journeys: readonly JourneyDocument[], options: { anySite?: boolean; createdAt?: string; title?: string } = {}): MergedJourney {
  const builder = new MergeBuilder(options);
  for (const journey of journeys) builder.add(journey);
  return builder.finish(options);
}

function member(step: JourneyStep, walk: number): Member {
  return {
    key: stepKey(step),
    walk,
    stepId: step.id,
    stepIndex: step.index,
    action: step.action,
    kind: step.kind,
    page: pageKey(step.url),
    valence: step.emotion && Number.isFinite(step.emotion.valence) ? step.emotion.valence : null,
    durationMs: step.durationMs || 0,
    painPoints: step.painPoints,
    // A signal the tester dismissed is not friction they met.
    signals: step.signals.filter((signal) => signal.decision !== 'dismissed').map((signal) => signal.type),
    screenshot: step.screenshot,
  };
}

/** Aligns one walk's steps of a stage into the rows so far (LCS of keys), new rows where unmatched steps fall. */
function alignInto(rows: Row[], members: Member[]): Row[] {
  const memberKeys = members.map((item) => item.key);
  const pairs = lcsPairs(
    rows.map((row) => row.key),
    memberKeys,
  );
  const result: Row[] = [];
  let r = 0;
  let m = 0;
  for (const [rowAt, memberAt] of [...pairs, [rows.length, members.length] as [number, number]]) {
    while (r < rowAt) result.push(rows[r++] as Row);
    while (m < memberAt) result.push({ key: memberKeys[m] as string, members: [members[m++] as Member] });
    if (rowAt < rows.length) {
      (rows[rowAt] as Row).members.push(members[memberAt] as Member);
      result.push(rows[rowAt] as Row);
      r++;
      m++;
    }
  }
  return result;
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}
