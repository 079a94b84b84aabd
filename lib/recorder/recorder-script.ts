/**
 * The page recorder (entrypoints/content.ts) is in no manifest: the background registers it while a walk is
 * recording or paused, and unregisters it once no walk is (docs/permissions.md). Pages loaded outside a walk
 * never get it.
 */

/** The built content script (WXT writes `entrypoints/content.ts` there). */
export const RECORDER_FILE = '/content-scripts/content.js';
export const RECORDER_SCRIPT_ID = 'parcours-recorder';

export interface RecorderScriptOptions {
  id: string;
  js: string[];
  matches: string[];
  allFrames: boolean;
  matchOriginAsFallback: boolean;
  runAt: 'document_start';
  persistAcrossSessions: boolean;
}

/**
 * What the manifest used to say, as a registration: every frame, from `document_start` (before the page's
 * scripts, so its listeners come first), about:blank, srcdoc, data: and blob: frames included (they take
 * their parent's origin). Not kept across browser runs: a walk the browser closed on is interrupted at the
 * next run, and pages of that run must not get the recorder before the worker has said so.
 */
export const RECORDER_SCRIPT: RecorderScriptOptions = {
  id: RECORDER_SCRIPT_ID,
  js: [RECORDER_FILE],
  matches: ['<all_urls>'],
  allFrames: true,
  matchOriginAsFallback: true,
  runAt: 'document_start',
  persistAcrossSessions: false,
};

/** The part of `scripting` used here (Chrome MV3; Firefox 102+ has it in MV2 as well). */
export interface ScriptRegistry {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string }[]>;
  registerContentScripts(scripts: RecorderScriptOptions[]): Promise<unknown>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<unknown>;
}

/**
 * Keeps the recorder's registration in step with the walk: `follow(true)` while one records or pauses,
 * `follow(false)` otherwise. Idempotent and serialised (two calls at once never register twice); the
 * background calls it at every status change and at every worker start, so the registration matches the
 * database whatever stopped in between (a worker, the browser).
 */
export class RecorderScript {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly registry: ScriptRegistry | null) {}

  follow(active: boolean): Promise<void> {
    const next = this.queue.then(
      () => this.apply(active),
      () => this.apply(active),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async apply(active: boolean): Promise<void> {
    const registry = this.registry;
    if (!registry) return;
    const registered = (await registry.getRegisteredContentScripts({ ids: [RECORDER_SCRIPT_ID] })).some((script) => script.id === RECORDER_SCRIPT_ID);
    if (active === registered) return;
    try {
      if (active) await registry.registerContentScripts([RECORDER_SCRIPT]);
      else await registry.unregisterContentScripts({ ids: [RECORDER_SCRIPT_ID] });
    } catch (error) {
      // Another context of the extension did it in between: the state wanted is there.
      const now = (await registry.getRegisteredContentScripts({ ids: [RECORDER_SCRIPT_ID] })).some((script) => script.id === RECORDER_SCRIPT_ID);
      if (now !== active) throw error;
    }
  }
}
