import { browser } from 'wxt/browser';

const RUN_KEY = 'parcours:browser-run';
/** The version the extension last started as (`storage.local`: it outlives reloads and updates). */
const VERSION_KEY = 'parcours:extension-version';

/** The extension itself was restarted under a walk: reloaded (same version) or updated (another one). */
export interface ExtensionRestart {
  reason: 'reload' | 'update';
  version: string;
  /** Null when the version it ran as before is unknown (it never said: a build from before this was kept). */
  previousVersion: string | null;
  /** When the new extension's worker started: Chrome starts it the moment the old extension is gone. */
  startedAtEpochMs: number;
}

/** Why this service worker is starting. */
export type WorkerStart =
  /** A worker stopped while idle (or killed) and woken again: nothing else changed. */
  | { kind: 'worker' }
  /** The first worker of a new browser run: a walk left recording was cut off when the browser closed. */
  | { kind: 'browser' }
  /** The first worker of a reloaded or updated extension (or one that stopped before it finished recovering). */
  | { kind: 'extension'; restart: ExtensionRestart };

/** The key-value storage areas this needs (`storage.session` and `storage.local`). */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface WorkerStartDeps {
  /** `storage.session`: outlives worker restarts, not the browser, and is emptied by a reload or update. */
  session: StorageArea | null;
  local: StorageArea;
  /** This worker is a newly installed one (see freshlyInstalledWorker), read when its script first ran. */
  freshlyInstalled: boolean;
  version: string;
  startedAtEpochMs: number;
}

interface RunRecord {
  at: number;
  /** A restart whose recovery has not finished yet: a worker stopped in the middle finishes it. */
  restart?: ExtensionRestart;
}

function isRestart(value: unknown): value is ExtensionRestart {
  const restart = value as Partial<ExtensionRestart> | null;
  return (
    typeof restart === 'object' &&
    restart !== null &&
    (restart.reason === 'reload' || restart.reason === 'update') &&
    typeof restart.version === 'string' &&
    typeof restart.startedAtEpochMs === 'number'
  );
}

/**
 * Tells why this worker starts. `storage.session` is empty at a new browser run and after a reload or an update
 * alike (Chrome clears it for both); a reloaded or updated extension is told apart by its worker being a newly
 * installed one (its state is `parsed` when its script first runs, `activated` when an installed worker merely
 * starts), which needs no wait for `runtime.onInstalled`. `runtime.onStartup` is not relied on: a browser closed
 * mid-walk and reopened does not always deliver it.
 */
export async function classifyWorkerStart(deps: WorkerStartDeps): Promise<WorkerStart> {
  // A browser without `storage.session` (older Firefox) cannot tell: every start is taken as a woken worker.
  if (!deps.session) return { kind: 'worker' };
  const stored = (await deps.session.get(RUN_KEY))[RUN_KEY] as RunRecord | number | undefined;
  if (stored != null) {
    const pending = typeof stored === 'object' ? stored.restart : undefined;
    return isRestart(pending) ? { kind: 'extension', restart: pending } : { kind: 'worker' };
  }
  const known = (await deps.local.get(VERSION_KEY))[VERSION_KEY];
  const previousVersion = typeof known === 'string' ? known : null;
  await deps.local.set({ [VERSION_KEY]: deps.version });
  if (!deps.freshlyInstalled) {
    await deps.session.set({ [RUN_KEY]: { at: deps.startedAtEpochMs } satisfies RunRecord });
    return { kind: 'browser' };
  }
  const restart: ExtensionRestart = {
    reason: previousVersion != null && previousVersion !== deps.version ? 'update' : 'reload',
    version: deps.version,
    previousVersion,
    startedAtEpochMs: deps.startedAtEpochMs,
  };
  await deps.session.set({ [RUN_KEY]: { at: deps.startedAtEpochMs, restart } satisfies RunRecord });
  return { kind: 'extension', restart };
}

/** The recovery from a restart is done: the next worker of this run is a woken one. */
export async function restartRecovered(session: StorageArea | null, restart: ExtensionRestart): Promise<void> {
  await session?.set({ [RUN_KEY]: { at: restart.startedAtEpochMs } satisfies RunRecord });
}

/**
 * True when this service worker was just installed (a first install, a reload, an update), false when an
 * installed one starts (a new browser run, a worker woken after an idle stop). To be called synchronously as
 * the worker's script first runs: its state moves on to `installing` and `activated` right after.
 * False where there is no such state (Firefox's background page).
 */
export function freshlyInstalledWorker(scope: unknown = globalThis): boolean {
  const state = (scope as { serviceWorker?: { state?: string } } | null)?.serviceWorker?.state;
  return state === 'parsed' || state === 'installing';
}

/** The WebExtension storage areas, as classifyWorkerStart needs them. */
export function extensionStorage(): { session: StorageArea | null; local: StorageArea } {
  const session = (browser.storage as typeof browser.storage & { session?: typeof browser.storage.local }).session;
  return { session: session ?? null, local: browser.storage.local };
}
