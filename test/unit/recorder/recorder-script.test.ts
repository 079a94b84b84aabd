import { describe, expect, it } from 'vitest';
import { RECORDER_SCRIPT, RECORDER_SCRIPT_ID, RecorderScript, type RecorderScriptOptions, type ScriptRegistry } from '@/lib/recorder/recorder-script';

/** `scripting`'s registry as the browser keeps it: an id registered twice, or unregistered when absent, fails. */
class FakeRegistry implements ScriptRegistry {
  readonly scripts = new Map<string, RecorderScriptOptions>();
  readonly calls: string[] = [];
  /** Something else (another extension context) changes the registry just before the next change. */
  meddle: (() => void) | null = null;

  async getRegisteredContentScripts(filter?: { ids?: string[] }) {
    await Promise.resolve();
    return [...this.scripts.values()].filter((script) => !filter?.ids || filter.ids.includes(script.id));
  }
  async registerContentScripts(scripts: RecorderScriptOptions[]) {
    await Promise.resolve();
    this.meddle?.();
    this.meddle = null;
    this.calls.push('register');
    for (const script of scripts) {
      if (this.scripts.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
      this.scripts.set(script.id, script);
    }
  }
  async unregisterContentScripts(filter?: { ids?: string[] }) {
    await Promise.resolve();
    this.meddle?.();
    this.meddle = null;
    this.calls.push('unregister');
    for (const id of filter?.ids ?? [...this.scripts.keys()]) {
      if (!this.scripts.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
    }
  }
}

describe('the recorder’s registration', () => {
  it('is what the manifest declared: every frame of every page from document_start, not kept across browser runs', () => {
    expect(RECORDER_SCRIPT).toEqual({
      id: RECORDER_SCRIPT_ID,
      js: ['/content-scripts/content.js'],
      matches: ['<all_urls>'],
      allFrames: true,
      matchOriginAsFallback: true,
      runAt: 'document_start',
      persistAcrossSessions: false,
    });
  });

  it('follows the walk: registered while it records or pauses, gone after', async () => {
    const registry = new FakeRegistry();
    const recorder = new RecorderScript(registry);
    await recorder.follow(true);
    expect([...registry.scripts.keys()]).toEqual([RECORDER_SCRIPT_ID]);
    await recorder.follow(true); // paused, resumed, a worker start: nothing to do
    await recorder.follow(false);
    expect(registry.scripts.size).toBe(0);
    await recorder.follow(false); // stopped, then a worker start
    expect(registry.calls).toEqual(['register', 'unregister']);
  });

  it('registers once when asked twice at once (Start injects while the status is shown)', async () => {
    const registry = new FakeRegistry();
    const recorder = new RecorderScript(registry);
    await Promise.all([recorder.follow(true), recorder.follow(true), recorder.follow(true)]);
    expect(registry.calls).toEqual(['register']);
  });

  it('matches what a new worker finds: a registration left by a walk no longer active is removed, a missing one is made', async () => {
    const left = new FakeRegistry();
    left.scripts.set(RECORDER_SCRIPT_ID, RECORDER_SCRIPT);
    await new RecorderScript(left).follow(false);
    expect(left.scripts.size).toBe(0);

    const missing = new FakeRegistry();
    await new RecorderScript(missing).follow(true);
    expect(missing.scripts.has(RECORDER_SCRIPT_ID)).toBe(true);
  });

  it('takes a change made elsewhere in between for done, and still fails on a real refusal', async () => {
    const registry = new FakeRegistry();
    registry.meddle = () => registry.scripts.set(RECORDER_SCRIPT_ID, RECORDER_SCRIPT);
    await expect(new RecorderScript(registry).follow(true)).resolves.toBeUndefined();

    const refusing = new FakeRegistry();
    refusing.registerContentScripts = async () => {
      throw new Error('Missing host permission');
    };
    const recorder = new RecorderScript(refusing);
    await expect(recorder.follow(true)).rejects.toThrow('Missing host permission');
    // A failure does not jam the calls after it.
    await expect(recorder.follow(false)).resolves.toBeUndefined();
  });

  it('does nothing where the browser has no scripting API', async () => {
    await expect(new RecorderScript(null).follow(true)).resolves.toBeUndefined();
  });
});
