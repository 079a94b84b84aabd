import { describe, expect, it, vi } from 'vitest';
import type { ShortcutAction } from '@/lib/annotations/shortcuts';
import type { Author } from '@/lib/annotations/types';
import type { OverlayState } from '@/lib/messaging/protocol';
import { type AnnotationChannel, runShortcut, type SessionActions, sessionActions } from '@/lib/overlay/session-actions';

const DEAD = new Error('Extension context invalidated.');

function overlayState(author: Author): OverlayState {
  return {
    sessionId: 's1',
    title: 'Buy a mug',
    status: 'recording',
    stages: [],
    currentStageId: null,
    target: { eventId: 'c1', action: 'Click "Mugs"' },
    selected: false,
    emotionLabels: [],
    author,
  };
}

/**
 * A channel to the background under the test's control: each call is recorded, and `failures` makes the next
 * calls of a method throw (a service worker stopped mid-answer) before it answers.
 */
function fakeChannel() {
  const calls: { method: string; request?: unknown }[] = [];
  const sleeps: number[] = [];
  const failures: Record<string, Error[]> = {};
  let ids = 0;
  let state: OverlayState | null = overlayState('tester');
  const answer = <T>(method: string, request: unknown, value: T): Promise<T> => {
    calls.push({ method, request });
    const failure = failures[method]?.shift();
    return failure ? Promise.reject(failure) : Promise.resolve(value);
  };
  const channel: AnnotationChannel = {
    state: async () => state,
    annotate: (request) => answer('annotate', request, { anchor: { action: 'Click "Mugs"' } }),
    switchStage: (request) => answer('switchStage', request, { stageId: 'purchase' }),
    pause: () => answer('pause', undefined, null),
    resume: () => answer('resume', undefined, null),
    newId: () => `id-${++ids}`,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    isDead: (error) => error === DEAD,
  };
  return {
    channel,
    calls,
    sleeps,
    failNext(method: string, ...errors: Error[]) {
      failures[method] = errors;
    },
    setState(next: OverlayState | null) {
      state = next;
    },
  };
}

const restart = () => new Error('Could not establish connection. Receiving end does not exist.');

describe('sessionActions', () => {
  it('sends an emotion as an annotation with a fresh id and the tester as author, and answers where it landed', async () => {
    const fake = fakeChannel();
    const actions = sessionActions(fake.channel);
    expect(await actions.emotion(-1, 'confused')).toBe('Click "Mugs"');
    expect(fake.calls).toEqual([
      { method: 'annotate', request: { id: 'id-1', author: 'tester', payload: { kind: 'emotion', data: { valence: -1, label: 'confused' } } } },
    ]);
  });

  it('sends notes and moments of truth the same way', async () => {
    const fake = fakeChannel();
    const actions = sessionActions(fake.channel);
    await actions.note('pain', 'Shipping cost shown late');
    await actions.momentOfTruth();
    expect(fake.calls.map((call) => call.request)).toEqual([
      { id: 'id-1', author: 'tester', payload: { kind: 'note', data: { noteKind: 'pain', text: 'Shipping cost shown late' } } },
      { id: 'id-2', author: 'tester', payload: { kind: 'moment-of-truth', data: { on: true } } },
    ]);
  });

  it('re-sends with the same id until answered, so a worker restart neither loses nor doubles a tag', async () => {
    const fake = fakeChannel();
    fake.failNext('annotate', restart(), restart());
    const actions = sessionActions(fake.channel);
    expect(await actions.emotion(2, null)).toBe('Click "Mugs"');
    const ids = fake.calls.map((call) => (call.request as { id: string }).id);
    expect(ids).toEqual(['id-1', 'id-1', 'id-1']);
    expect(fake.sleeps).toHaveLength(2);
  });

  it('gives each new action its own id', async () => {
    const fake = fakeChannel();
    const actions = sessionActions(fake.channel);
    await actions.emotion(1, null);
    await actions.emotion(1, null);
    expect(fake.calls.map((call) => (call.request as { id: string }).id)).toEqual(['id-1', 'id-2']);
  });

  it('reuses the id across retries of a stage switch too', async () => {
    const fake = fakeChannel();
    fake.failNext('switchStage', restart());
    const actions = sessionActions(fake.channel);
    await actions.stage('purchase');
    fake.failNext('switchStage', restart(), restart());
    await actions.stepStage(1);
    expect(fake.calls.map((call) => call.request)).toEqual([
      { id: 'id-1', author: 'tester', to: { stageId: 'purchase' } },
      { id: 'id-1', author: 'tester', to: { stageId: 'purchase' } },
      { id: 'id-2', author: 'tester', to: { delta: 1 } },
      { id: 'id-2', author: 'tester', to: { delta: 1 } },
      { id: 'id-2', author: 'tester', to: { delta: 1 } },
    ]);
  });

  it('gives up at once when the extension is gone, answering no anchor', async () => {
    const fake = fakeChannel();
    fake.failNext('annotate', DEAD);
    expect(await sessionActions(fake.channel).emotion(0, null)).toBeNull();
    expect(fake.calls).toHaveLength(1);
    expect(fake.sleeps).toEqual([]);
  });

  it('gives up after eight tries, answering no anchor', async () => {
    const fake = fakeChannel();
    fake.failNext('annotate', ...Array.from({ length: 10 }, restart));
    expect(await sessionActions(fake.channel).note('note', 'x')).toBeNull();
    expect(fake.calls).toHaveLength(8);
    expect(new Set(fake.calls.map((call) => (call.request as { id: string }).id))).toEqual(new Set(['id-1']));
  });

  it('tags as the author the last overlay state said, and keeps it when a state is null', async () => {
    const fake = fakeChannel();
    const actions = sessionActions(fake.channel);
    fake.setState(overlayState('observer'));
    expect(await actions.state()).toMatchObject({ author: 'observer' });
    await actions.emotion(1, null);
    await actions.stepStage(-1);
    fake.setState(null);
    expect(await actions.state()).toBeNull();
    await actions.note('thought', 'Still the observer');
    fake.setState(overlayState('tester'));
    await actions.state();
    await actions.momentOfTruth();
    expect(fake.calls.map((call) => (call.request as { author: Author }).author)).toEqual(['observer', 'observer', 'observer', 'tester']);
  });

  it('pauses and resumes through the channel, retrying', async () => {
    const fake = fakeChannel();
    fake.failNext('pause', restart());
    const actions = sessionActions(fake.channel);
    await actions.pause();
    await actions.resume();
    expect(fake.calls.map((call) => call.method)).toEqual(['pause', 'pause', 'resume']);
  });
});

describe('runShortcut', () => {
  function spies() {
    const actions = {
      emotion: vi.fn(async () => 'Click "Pay"'),
      momentOfTruth: vi.fn(async () => 'Click "Pay"'),
      stepStage: vi.fn(async () => undefined),
      note: vi.fn(async () => null),
    } as unknown as SessionActions & Record<'emotion' | 'momentOfTruth' | 'stepStage' | 'note', ReturnType<typeof vi.fn>>;
    const openNote = vi.fn();
    const toggle = vi.fn();
    return { actions, openNote, toggle, run: (action: ShortcutAction) => runShortcut(action, actions, openNote, toggle) };
  }

  it('tags an emotion without a label and answers where it landed', async () => {
    const { actions, run, openNote } = spies();
    expect(await run({ action: 'emotion', valence: -2 })).toBe('Click "Pay"');
    expect(actions.emotion).toHaveBeenCalledWith(-2, null);
    expect(openNote).not.toHaveBeenCalled();
  });

  it('marks a moment of truth', async () => {
    const { actions, run } = spies();
    expect(await run({ action: 'moment-of-truth' })).toBe('Click "Pay"');
    expect(actions.momentOfTruth).toHaveBeenCalledOnce();
  });

  it('opens the note field of the kind asked for, without sending anything yet', async () => {
    const { actions, run, openNote } = spies();
    expect(await run({ action: 'note', noteKind: 'opportunity' })).toBeNull();
    expect(openNote).toHaveBeenCalledWith('opportunity');
    expect(actions.note).not.toHaveBeenCalled();
    expect(actions.emotion).not.toHaveBeenCalled();
  });

  it('steps to the next or previous stage', async () => {
    const { actions, run } = spies();
    expect(await run({ action: 'stage', delta: 1 })).toBeNull();
    await run({ action: 'stage', delta: -1 });
    expect(actions.stepStage.mock.calls).toEqual([[1], [-1]]);
  });

  it('folds or unfolds the toolbar, and nothing else', async () => {
    const { actions, run, toggle, openNote } = spies();
    expect(await run({ action: 'toggle-overlay' })).toBeNull();
    expect(toggle).toHaveBeenCalledOnce();
    expect(openNote).not.toHaveBeenCalled();
    for (const method of [actions.emotion, actions.momentOfTruth, actions.stepStage]) expect(method).not.toHaveBeenCalled();
  });
});
