/**
 * The human steps of a walk while it is recorded: always what groupSteps makes of every event so far (the
 * map's steps, with the same ids, actions and order), kept up to date from the events committed since the
 * last update instead of grouped again from the first event.
 *
 * How. Grouping reads the events in time order (group.ts's readDrafts), and what its rules remember from one
 * event to the next is small (a GroupingState: a few drafts per tab). Every CHECKPOINT_EVERY events a copy
 * of it is kept, with how far the rules had looked ahead by then (a click followed within 1 s by a submit is
 * the submit button's click), and the questions it left open (a box ticked: is its form sent later? see
 * group.ts's sentAhead). New events, wherever they fall in time (a navigation is committed after the events
 * that followed it, an idle gap is dated back at the last action), resume the reading from the latest copy
 * that is before all of them, whose decisions did not look as far as them, and none of whose open questions
 * one of them may answer (mayAnswer): only the tail after it is read again. The drafts that came out
 * different (the tail's, and those the copy held: the latest step of each tab, an open form…) are settled
 * again with the drafts next to them (settleDrafts); the screenshots, full-page screenshots, DOM changes and
 * idle gaps whose event changed step are placed again (placeFollower); and only the steps whose events, page
 * title or screenshot changed are made again (makeStep; a page change landing in the span of an earlier image
 * makes that image stale, moment.ts), with the steps after them as long
 * as what a step's name owes to the steps before it (StepContext.memory) came out different. Every rule lives
 * in group.ts and is only called from here: a new rule there is a new rule here.
 *
 * The cost of an update is that of the tail read again and the few steps made again, whatever the walk's
 * length (npm run bench prints it); an event further back than the oldest copy kept reads the walk again.
 */
import type { CapturedEvent, EventOf } from '../capture/events';
import type { Locale } from '../i18n';
import { addEvidence, chronological, compareEvents, NavigationTitles, type TitleWaiting } from './event-facts';
import {
  copyGroupingState,
  DEFAULT_GROUPING,
  type Draft,
  type DraftReading,
  durationOf,
  type GroupedStep,
  type GroupingOptions,
  type GroupingState,
  latestBeganBy,
  makeStep,
  mayAnswer,
  type OpenQuestion,
  placeFollower,
  readDrafts,
  type StepEvents,
  type StepMemory,
  settleDrafts,
  startReading,
} from './group';
import { PageChanges, staleSpan } from './moment';
import { PAUSE_KINDS, PausedSpans, walkEnd } from './timeline';

/** A copy of the reading's state is kept every this many events read… */
const CHECKPOINT_EVERY = 16;
/** …and this many copies are kept, besides the one before the first event. */
const CHECKPOINTS_KEPT = 64;

/** Where a reading can resume. */
interface Checkpoint {
  /** The last event read before it (null: before the first event). */
  after: CapturedEvent | null;
  /** How far the rules had looked ahead by then. */
  lookedAhead: DraftReading['lookedAhead'];
  /** The questions the rules had left open by then (a box ticked: will its form be sent?). */
  unanswered: ReadonlyMap<string, OpenQuestion>;
  /** What the rules remembered: a copy, only ever copied again. */
  memory: GroupingState;
  draftCount: number;
  orphans: readonly CapturedEvent[];
  titles: TitleWaiting;
}

/** One step of the walk as it stands. */
interface Entry {
  /** Its place in `entries`. */
  position: number;
  /** The index in `drafts` of the draft that began it. */
  draftIndex: number;
  /** Its events as settled from the drafts, the followers aside. */
  settled: StepEvents;
  /** The screenshots, DOM changes and idle gaps placed on it. */
  followers: Set<CapturedEvent>;
  /** Null only until it is first made. */
  step: GroupedStep | null;
  memoryBefore: ReadonlyMap<string, unknown> | null;
  memoryAfter: ReadonlyMap<string, unknown> | null;
}

/** Where a follower (screenshot, DOM change, idle gap) is, and what decided it. */
interface Placement {
  event: CapturedEvent;
  entry: Entry | null;
  /** The events whose step it asked for. */
  asked: string[];
  /** Whether the steps' times decided it (its event is in no step). */
  byTime: boolean;
}

/** A screenshot a page change of its tab after `from` and before `to` makes stale. */
interface StaleSpan {
  from: number;
  to: number;
  forEventId: string;
}

const NOTHING_YET: ReadonlyMap<string, unknown> = new Map();

export class LiveSteps {
  private readonly settings: GroupingOptions;
  /** Every event so far, in the order they happened. */
  private readonly ordered: CapturedEvent[] = [];
  private readonly known = new Map<string, CapturedEvent>();
  private highestSeq = -1;
  private readonly drafts: Draft[] = [];
  /** Draft index by the id of its first event. */
  private readonly draftIndex = new Map<string, number>();
  private orphans: readonly CapturedEvent[] = [];
  private readonly checkpoints: Checkpoint[];
  private readonly titles = new NavigationTitles();
  private readonly evidence = new Map<string, EventOf<'screenshot'>>();
  /** When the pages changed, for telling a screenshot from before a change (moment.ts). */
  private readonly changes = new PageChanges();
  /** Per tab, the screenshots a page change may make stale, by the end of that span; and the longest span. */
  private readonly staleSpans = new Map<number | null, { spans: StaleSpan[]; longest: number }>();
  private entries: Entry[] = [];
  /** The step of each event settled into one (followers aside). */
  private readonly entryOf = new Map<string, Entry>();
  private readonly placements = new Map<string, Placement>();
  /** For an event, the followers that asked for its step. */
  private readonly askedBy = new Map<string, Set<string>>();
  private readonly placedByTime = new Set<string>();
  private readonly pauses: CapturedEvent[] = [];
  private readonly stops: CapturedEvent[] = [];
  private paused: PausedSpans | null = null;
  /** The steps as last handed out; a new list once they change. */
  private view: readonly GroupedStep[] | null = [];

  constructor(
    private readonly locale?: Locale,
    options: Partial<GroupingOptions> = {},
  ) {
    this.settings = { ...DEFAULT_GROUPING, ...options };
    this.checkpoints = [
      { after: null, lookedAhead: null, unanswered: new Map(), memory: startReading().memory, draftCount: 0, orphans: [], titles: new Map() },
    ];
  }

  /** The steps, as groupSteps makes them of every event added so far. */
  get steps(): readonly GroupedStep[] {
    this.view ??= this.entries.map((entry) => entry.step as GroupedStep);
    return this.view;
  }

  /** The highest commit number (`seq`) added: the events to read next are those after it. */
  get lastSeq(): number {
    return this.highestSeq;
  }

  /** The step holding an event (a step's id is its first event's id). */
  stepOf(eventId: string): GroupedStep | undefined {
    return (this.entryOf.get(eventId) ?? this.placements.get(eventId)?.entry)?.step ?? undefined;
  }

  /** When an event added happened (ms since the start). */
  timeOf(eventId: string): number | undefined {
    return this.known.get(eventId)?.t;
  }

  /**
   * Adds events (those committed since the last call, in any order; events already added are ignored) and
   * brings the steps up to date. True when there was anything new.
   */
  add(events: readonly CapturedEvent[]): boolean {
    const unseen = new Map<string, CapturedEvent>();
    for (const event of events) if (!this.known.has(event.id)) unseen.set(event.id, event);
    const fresh = chronological([...unseen.values()]);
    const earliest = fresh[0];
    if (!earliest) return false;
    const shown = new Set<string>();
    for (const event of fresh) {
      this.known.set(event.id, event);
      this.highestSeq = Math.max(this.highestSeq, event.seq);
      insertInOrder(this.ordered, event);
      if (PAUSE_KINDS.has(event.kind)) insertInOrder(this.pauses, event);
      if (event.kind === 'session-stop') insertInOrder(this.stops, event);
      if (event.kind === 'screenshot') {
        if (addEvidence(this.evidence, event)) shown.add(event.forEventId);
        this.watchStaleness(event);
      }
      // A page change may make an earlier step's image stale: that step is made again.
      if (this.changes.add(event)) for (const id of this.madeStaleBy(event)) shown.add(id);
    }
    this.readAgain(this.resumeBefore(earliest, fresh), shown);
    return true;
  }

  /**
   * The latest checkpoint a reading can resume from with `fresh` new (`earliest` the first of them): after it,
   * and no decision before it looked as far as them or waits for an answer one of them may give. Later
   * checkpoints are forgotten.
   */
  private resumeBefore(earliest: CapturedEvent, fresh: readonly CapturedEvent[]): Checkpoint {
    for (let i = this.checkpoints.length - 1; i > 0; i--) {
      const checkpoint = this.checkpoints[i] as Checkpoint;
      const ahead = checkpoint.lookedAhead;
      const before = checkpoint.after == null || compareEvents(earliest, checkpoint.after) > 0;
      const answered = () => [...checkpoint.unanswered.values()].some((question) => fresh.some((event) => mayAnswer(question, event)));
      if (before && (ahead == null || (ahead !== 'end' && compareEvents(earliest, ahead) > 0)) && !answered()) {
        this.checkpoints.length = i + 1;
        return checkpoint;
      }
    }
    this.checkpoints.length = 1;
    return this.checkpoints[0] as Checkpoint;
  }

  /** Reads the events after `checkpoint` again, then brings the steps up to date. */
  private readAgain(checkpoint: Checkpoint, shown: ReadonlySet<string>): void {
    const from = checkpoint.after ? indexAfter(this.ordered, checkpoint.after) : 0;
    // The drafts the checkpoint held are put back as they were then; those begun after it are read again.
    const drafts = this.drafts;
    const count = checkpoint.draftCount;
    const readBefore = drafts.splice(count);
    const { memory, copies } = copyGroupingState(checkpoint.memory);
    const restored = new Map<number, Draft>();
    for (const copy of copies) {
      const index = this.draftIndex.get(copy.first.id) as number;
      restored.set(index, drafts[index] as Draft);
      drafts[index] = copy;
    }
    const reading: DraftReading = {
      memory,
      drafts,
      deferred: [],
      orphans: [...checkpoint.orphans],
      lookedAhead: checkpoint.lookedAhead,
      unanswered: new Map(checkpoint.unanswered),
    };

    // Page titles: back to the checkpoint too; those found again may differ.
    const rereading = this.ordered.slice(from);
    const titlesBefore = new Map<string, string | undefined>();
    const watch = (id: string) => titlesBefore.set(id, this.titles.titles.get(id));
    for (const navigation of checkpoint.titles.values()) watch(navigation.id);
    for (const event of rereading) if (event.kind === 'navigation') watch(event.id);
    this.titles.restore(checkpoint.titles, rereading);

    let sinceCheckpoint = 0;
    // Copies further back than the ones kept would be dropped at once: a long reading skips them.
    const firstKept = this.ordered.length - CHECKPOINT_EVERY * CHECKPOINTS_KEPT;
    readDrafts(this.ordered, from, reading, this.settings, (index) => {
      if (++sinceCheckpoint > CHECKPOINT_EVERY && index >= firstKept) {
        sinceCheckpoint = 1;
        this.keepCheckpoint(index, reading);
      }
      this.titles.read(this.ordered[index] as CapturedEvent);
    });

    // The drafts that came out different from the last reading.
    const changed = new Set<number>();
    for (const [index, before] of restored) if (!sameDraft(drafts[index] as Draft, before)) changed.add(index);
    for (let index = count; index < Math.max(drafts.length, count + readBefore.length); index++) {
      const now = drafts[index];
      const before = readBefore[index - count];
      if (!now || !before || !sameDraft(now, before)) changed.add(index);
    }
    for (const [offset, before] of readBefore.entries()) {
      if (this.draftIndex.get(before.first.id) === count + offset) this.draftIndex.delete(before.first.id);
    }
    for (let index = count; index < drafts.length; index++) this.draftIndex.set((drafts[index] as Draft).first.id, index);
    if (!sameList(reading.orphans, this.orphans)) changed.add(0);
    this.orphans = reading.orphans;

    const touched = new Set(shown);
    for (const [id, title] of titlesBefore) if (this.titles.titles.get(id) !== title) touched.add(id);
    this.update(
      changed,
      reading.deferred.filter((event) => !this.placements.has(event.id)),
      touched,
    );
  }

  private keepCheckpoint(index: number, reading: DraftReading): void {
    this.checkpoints.push({
      after: this.ordered[index - 1] as CapturedEvent,
      lookedAhead: reading.lookedAhead,
      unanswered: new Map(reading.unanswered),
      memory: copyGroupingState(reading.memory).memory,
      draftCount: reading.drafts.length,
      orphans: [...reading.orphans],
      titles: this.titles.save(),
    });
    if (this.checkpoints.length > CHECKPOINTS_KEPT + 1) this.checkpoints.splice(1, 1);
  }

  /** Keeps a screenshot a later page change could make stale (moment.ts staleSpan), by the end of its span. */
  private watchStaleness(shot: EventOf<'screenshot'>): void {
    const span = staleSpan(shot);
    if (!span) return;
    const tab = this.staleSpans.get(shot.tabId) ?? { spans: [], longest: 0 };
    this.staleSpans.set(shot.tabId, tab);
    let lo = 0;
    let hi = tab.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tab.spans[mid] as StaleSpan).to <= span.to) lo = mid + 1;
      else hi = mid;
    }
    tab.spans.splice(lo, 0, { ...span, forEventId: shot.forEventId });
    tab.longest = Math.max(tab.longest, span.to - span.from);
  }

  /** The events whose screenshot a page change may have made stale: those whose span holds its time. */
  private madeStaleBy(change: CapturedEvent): string[] {
    const tab = this.staleSpans.get(change.tabId);
    if (!tab) return [];
    const found: string[] = [];
    let lo = 0;
    let hi = tab.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tab.spans[mid] as StaleSpan).to <= change.t) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < tab.spans.length; i++) {
      const span = tab.spans[i] as StaleSpan;
      if (span.to - tab.longest >= change.t) break;
      if (span.from < change.t) found.push(span.forEventId);
    }
    return found;
  }

  /**
   * Settles the changed drafts again with their neighbours, places the followers whose step may have
   * changed, and makes again the steps that need it. `touched`: events whose title or screenshot changed.
   */
  private update(changed: ReadonlySet<number>, newFollowers: readonly CapturedEvent[], touched: ReadonlySet<string>): void {
    const dirty = new Set<Entry>();
    const requeue = new Map<string, CapturedEvent>();
    for (const event of newFollowers) requeue.set(event.id, event);
    const ask = (eventId: string) => {
      for (const id of this.askedBy.get(eventId) ?? []) requeue.set(id, this.known.get(id) as CapturedEvent);
    };

    // Ranges of drafts to settle again: from the step before a changed draft to the next unchanged step.
    const ranges: [number, number][] = [];
    for (const index of [...changed].sort((a, b) => a - b)) {
      const last = ranges[ranges.length - 1];
      if (last && index < last[1]) continue;
      const start = this.stepBefore(index);
      let end = this.nextKeptStep(index, changed);
      // The first step holds the events read before it (orphans, drafts that made no step): it settles again too.
      if (start === 0) end = Math.max(end, this.nextKeptStep(this.entries[0]?.draftIndex ?? 0, changed));
      if (last && start <= last[1]) last[1] = end;
      else ranges.push([start, end]);
    }
    let firstSpliced = this.entries.length;
    for (const range of ranges.reverse()) {
      const [start] = range;
      let end = range[1];
      let settled = settleDrafts(this.drafts.slice(start, Math.min(end, this.drafts.length)));
      // Drafts that made no step before any step join the first step: the range must hold it.
      while (start === 0 && settled.steps.length === 0 && end < this.drafts.length) {
        end = this.nextKeptStep(end, changed);
        settled = settleDrafts(this.drafts.slice(start, Math.min(end, this.drafts.length)));
      }
      const first = settled.steps[0];
      if (start === 0 && first) first.events.push(...this.orphans, ...settled.carried);
      const lo = lowerBound(this.entries, start);
      const hi = end === Number.POSITIVE_INFINITY ? this.entries.length : lowerBound(this.entries, end);
      for (const removed of this.entries.slice(lo, hi)) {
        for (const event of removed.settled.events) {
          if (this.entryOf.get(event.id) === removed) this.entryOf.delete(event.id);
          ask(event.id);
        }
      }
      const added = settled.steps.map(
        (events): Entry => ({
          position: -1,
          draftIndex: this.draftIndex.get(events.draft.first.id) as number,
          settled: events,
          followers: new Set(),
          step: null,
          memoryBefore: null,
          memoryAfter: null,
        }),
      );
      for (const entry of added) {
        for (const event of entry.settled.events) {
          this.entryOf.set(event.id, entry);
          ask(event.id);
        }
        dirty.add(entry);
      }
      this.entries.splice(lo, hi - lo, ...added);
      firstSpliced = Math.min(firstSpliced, lo);
    }
    for (let position = firstSpliced; position < this.entries.length; position++) (this.entries[position] as Entry).position = position;

    // Followers whose step may have changed, in the order they happened (each may ask for an earlier one's).
    if (ranges.length > 0) for (const id of this.placedByTime) requeue.set(id, this.known.get(id) as CapturedEvent);
    let queue = chronological([...requeue.values()]);
    while (queue.length > 0) {
      const moved = new Map<string, CapturedEvent>();
      for (const event of queue) {
        if (!this.place(event, dirty)) continue;
        for (const id of this.askedBy.get(event.id) ?? []) moved.set(id, this.known.get(id) as CapturedEvent);
      }
      queue = chronological([...moved.values()]);
    }
    for (const id of touched) {
      const entry = this.entryOf.get(id) ?? this.placements.get(id)?.entry;
      if (entry) dirty.add(entry);
    }

    const made = this.makeAgain(dirty);
    this.settleTimes(made, firstSpliced);
    this.view = null;
  }

  /** Where a settling must begin to take in draft `index`: the step before it (0 for the first step). */
  private stepBefore(index: number): number {
    const at = lowerBound(this.entries, index) - 1;
    return at <= 0 ? 0 : (this.entries[at] as Entry).draftIndex;
  }

  /** The draft of the first step after draft `index` that did not change (infinity when none). */
  private nextKeptStep(index: number, changed: ReadonlySet<number>): number {
    for (let at = lowerBound(this.entries, index + 1); at < this.entries.length; at++) {
      const draftIndex = (this.entries[at] as Entry).draftIndex;
      if (!changed.has(draftIndex)) return draftIndex;
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Places a follower by group.ts's rule; true when it moved to another step. */
  private place(event: CapturedEvent, dirty: Set<Entry>): boolean {
    const old = this.placements.get(event.id);
    for (const id of old?.asked ?? []) this.askedBy.get(id)?.delete(event.id);
    const asked: string[] = [];
    let byTime = this.entries.length === 0;
    const first = this.entries[0];
    const entry = first
      ? placeFollower(
          event,
          (id) => {
            asked.push(id);
            return this.entryHolding(id, event);
          },
          (t) => {
            byTime = true;
            return latestBeganBy(this.entries, t, (item) => item.settled.draft.first.t) ?? first;
          },
        )
      : null;
    for (const id of asked) {
      const followers = this.askedBy.get(id) ?? new Set<string>();
      followers.add(event.id);
      this.askedBy.set(id, followers);
    }
    if (byTime) this.placedByTime.add(event.id);
    else this.placedByTime.delete(event.id);
    this.placements.set(event.id, { event, entry, asked, byTime });
    const before = old?.entry ?? null;
    if (before === entry) return false;
    if (before) {
      before.followers.delete(event);
      dirty.add(before);
    }
    if (entry) {
      entry.followers.add(event);
      dirty.add(entry);
    }
    return true;
  }

  /** The step holding an event, for a follower: an event settled into a step, or a follower placed before it. */
  private entryHolding(eventId: string, follower: CapturedEvent): Entry | undefined {
    const settled = this.entryOf.get(eventId);
    if (settled) return settled;
    const other = this.placements.get(eventId);
    return other?.entry && compareEvents(other.event, follower) < 0 ? other.entry : undefined;
  }

  /**
   * Makes the dirty steps again, in order, and the steps after each as long as what it leaves for their
   * naming (its memory) came out different. Returns the steps made.
   */
  private makeAgain(dirty: ReadonlySet<Entry>): Set<GroupedStep> {
    const made = new Set<GroupedStep>();
    const order = [...dirty].filter((entry) => this.entries[entry.position] === entry).sort((a, b) => a.position - b.position);
    const context = { titles: this.titles.titles, evidence: this.evidence, changes: this.changes, locale: this.locale, settings: this.settings };
    let next = 0;
    let at = order[0]?.position ?? this.entries.length;
    while (at < this.entries.length) {
      const entry = this.entries[at] as Entry;
      const before = at > 0 ? ((this.entries[at - 1] as Entry).memoryAfter ?? NOTHING_YET) : NOTHING_YET;
      let carries = false;
      if (dirty.has(entry) || !sameMemory(before, entry.memoryBefore)) {
        const memory = new CarriedMemory(before);
        const events: StepEvents = { ...entry.settled, events: [...entry.settled.events, ...entry.followers] };
        const step = makeStep(events, at, { ...context, memory });
        made.add(step);
        entry.step = step;
        entry.memoryBefore = before;
        carries = !sameMemory(memory.after, entry.memoryAfter);
        if (carries) entry.memoryAfter = memory.after;
      }
      while (next < order.length && (order[next] as Entry).position <= at) next++;
      at = carries ? at + 1 : (order[next]?.position ?? this.entries.length);
    }
    return made;
  }

  /** Indices after a splice, and durations where a step, the one after it or the walk's end changed. */
  private settleTimes(made: ReadonlySet<GroupedStep>, firstSpliced: number): void {
    const renew = (entry: Entry, changes: Partial<GroupedStep>) => {
      const step = entry.step as GroupedStep;
      if (made.has(step)) Object.assign(step, changes);
      else entry.step = { ...step, ...changes };
    };
    for (const entry of this.entries.slice(firstSpliced)) if ((entry.step as GroupedStep).index !== entry.position) renew(entry, { index: entry.position });

    const last = this.ordered[this.ordered.length - 1];
    // The walk's end as walkEnd says it: its last stop, else its last event.
    const end = walkEnd(last ? [...this.stops, last] : this.stops);
    const paused = new PausedSpans(this.pauses, end);
    const count = this.entries.length;
    const redo = new Set<number>([count - 1, firstSpliced - 1]);
    if (!this.paused?.same(paused)) for (let position = 0; position < count; position++) redo.add(position);
    for (const step of made) redo.add(step.index).add(step.index - 1);
    this.paused = paused;
    for (const position of redo) {
      const entry = this.entries[position];
      if (!entry) continue;
      const durationMs = durationOf(entry.step as GroupedStep, this.entries[position + 1]?.step ?? undefined, end, paused);
      if ((entry.step as GroupedStep).durationMs !== durationMs) renew(entry, { durationMs });
    }
  }
}

/** A step's memory, written on a copy only when a step changes it. */
class CarriedMemory implements StepMemory {
  private own: Map<string, unknown> | null = null;
  constructor(private readonly before: ReadonlyMap<string, unknown>) {}

  get(key: string): unknown {
    return (this.own ?? this.before).get(key);
  }

  set(key: string, value: unknown): void {
    const current = this.own ?? this.before;
    if (current.has(key) && current.get(key) === value) return;
    this.own ??= new Map(this.before);
    this.own.set(key, value);
  }

  get after(): ReadonlyMap<string, unknown> {
    return this.own ?? this.before;
  }
}

function sameMemory(a: ReadonlyMap<string, unknown> | null, b: ReadonlyMap<string, unknown> | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const [key, value] of a) if (!b.has(key) || b.get(key) !== value) return false;
  return true;
}

/** Whether two drafts hold the same: field by field, their lists, sets and maps item by item. */
function sameDraft(a: Draft, b: Draft): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof Draft)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => sameValue(a[key], b[key]));
}

function sameValue(x: unknown, y: unknown): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return sameList(x, y);
  if (x instanceof Set && y instanceof Set) return x.size === y.size && [...x].every((item) => y.has(item));
  if (x instanceof Map && y instanceof Map) return x.size === y.size && [...x].every(([key, item]) => y.has(key) && y.get(key) === item);
  return x === y;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Inserts an event at its place in time. */
function insertInOrder(list: CapturedEvent[], event: CapturedEvent): void {
  const at = indexAfter(list, event);
  if (at === list.length) list.push(event);
  else list.splice(at, 0, event);
}

/** The position just after an event of the list. */
function indexAfter(list: readonly CapturedEvent[], event: CapturedEvent): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareEvents(list[mid] as CapturedEvent, event) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first entry whose draft index is at least `draftIndex`. */
function lowerBound(entries: readonly Entry[], draftIndex: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as Entry).draftIndex < draftIndex) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
