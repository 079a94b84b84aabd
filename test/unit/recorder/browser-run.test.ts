import { describe, expect, it } from 'vitest';
import { classifyWorkerStart, freshlyInstalledWorker, restartRecovered, type StorageArea, type WorkerStartDeps } from '@/lib/recorder/browser-run';

/** A storage area in memory, as `storage.session` or `storage.local` holds values. */
function area(initial: Record<string, unknown> = {}): StorageArea & { items: Record<string, unknown> } {
  const items: Record<string, unknown> = { ...initial };
  return {
    items,
    get: async (key) => (key in items ? { [key]: structuredClone(items[key]) } : {}),
    set: async (values) => {
      Object.assign(items, structuredClone(values));
    },
  };
}

function deps(overrides: Partial<WorkerStartDeps> = {}): WorkerStartDeps {
  return { session: area(), local: area(), freshlyInstalled: false, version: '1.2.0', startedAtEpochMs: 1_000, ...overrides };
}

describe('classifyWorkerStart', () => {
  it('takes every start for a woken worker where there is no storage.session (older Firefox)', async () => {
    expect(await classifyWorkerStart(deps({ session: null, freshlyInstalled: true }))).toEqual({ kind: 'worker' });
  });

  it('knows a woken worker by the run marker in storage.session, in the old form (a number) and the new', async () => {
    expect(await classifyWorkerStart(deps({ session: area({ 'parcours:browser-run': 123 }) }))).toEqual({ kind: 'worker' });
    expect(await classifyWorkerStart(deps({ session: area({ 'parcours:browser-run': { at: 5 } }), freshlyInstalled: true }))).toEqual({ kind: 'worker' });
  });

  it('takes an empty storage.session and an installed worker for a new browser run, and marks the run', async () => {
    const session = area();
    const local = area({ 'parcours:extension-version': '1.2.0' });
    expect(await classifyWorkerStart(deps({ session, local }))).toEqual({ kind: 'browser' });
    expect(session.items['parcours:browser-run']).toEqual({ at: 1_000 });
    expect(await classifyWorkerStart(deps({ session, local, startedAtEpochMs: 2_000 }))).toEqual({ kind: 'worker' });
  });

  it('takes an empty storage.session and a newly installed worker of the same version for a reload', async () => {
    const session = area();
    const local = area({ 'parcours:extension-version': '1.2.0' });
    const start = await classifyWorkerStart(deps({ session, local, freshlyInstalled: true, startedAtEpochMs: 7_000 }));
    expect(start).toEqual({ kind: 'extension', restart: { reason: 'reload', version: '1.2.0', previousVersion: '1.2.0', startedAtEpochMs: 7_000 } });
  });

  it('takes a newly installed worker of another version for an update, and remembers the new version', async () => {
    const local = area({ 'parcours:extension-version': '1.1.9' });
    const start = await classifyWorkerStart(deps({ local, freshlyInstalled: true }));
    expect(start).toEqual({ kind: 'extension', restart: { reason: 'update', version: '1.2.0', previousVersion: '1.1.9', startedAtEpochMs: 1_000 } });
    expect(local.items['parcours:extension-version']).toBe('1.2.0');
  });

  it('calls a restart with no version remembered a reload, its previous version unknown', async () => {
    const start = await classifyWorkerStart(deps({ freshlyInstalled: true }));
    expect(start).toEqual({ kind: 'extension', restart: { reason: 'reload', version: '1.2.0', previousVersion: null, startedAtEpochMs: 1_000 } });
  });

  it('gives a worker stopped before the recovery ended the same restart again, until it is recovered', async () => {
    const session = area();
    const local = area({ 'parcours:extension-version': '1.1.9' });
    const first = await classifyWorkerStart(deps({ session, local, freshlyInstalled: true }));
    // The next worker of the run is an installed one, and storage.session holds the pending restart.
    const again = await classifyWorkerStart(deps({ session, local, freshlyInstalled: false, startedAtEpochMs: 4_000 }));
    expect(again).toEqual(first);
    if (first.kind !== 'extension') throw new Error('expected a restart');
    await restartRecovered(session, first.restart);
    expect(await classifyWorkerStart(deps({ session, local, startedAtEpochMs: 5_000 }))).toEqual({ kind: 'worker' });
  });

  it('ignores a pending restart that is not one (a damaged marker)', async () => {
    const session = area({ 'parcours:browser-run': { at: 1, restart: { reason: 'crash', version: 3 } } });
    expect(await classifyWorkerStart(deps({ session }))).toEqual({ kind: 'worker' });
  });
});

describe('freshlyInstalledWorker', () => {
  it('is true for a worker whose script runs before it is installed, false for an installed one or none', () => {
    expect(freshlyInstalledWorker({ serviceWorker: { state: 'parsed' } })).toBe(true);
    expect(freshlyInstalledWorker({ serviceWorker: { state: 'installing' } })).toBe(true);
    expect(freshlyInstalledWorker({ serviceWorker: { state: 'activated' } })).toBe(false);
    expect(freshlyInstalledWorker({ serviceWorker: { state: 'activating' } })).toBe(false);
    expect(freshlyInstalledWorker({})).toBe(false);
    expect(freshlyInstalledWorker(null)).toBe(false);
  });
});
