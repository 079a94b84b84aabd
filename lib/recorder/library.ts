import { type Checklist, parseChecklist } from '../annotations/checklist';
import { normalizeSetup } from '../annotations/setup';
import { cleanLabel } from '../annotations/text';
import { DEFAULT_EMOTION_LABELS } from '../annotations/types';
import { isoAt } from '../capture/clock';
import { EDITABLE_THRESHOLDS } from '../journey/thresholds';
import { ProtocolFailure } from '../messaging/protocol';
import type { AlwaysBlurMap } from '../privacy/always-blur';
import { isAlwaysBlurMap } from '../privacy/always-blur';
import type { ParcoursDatabase } from '../store/db';
import type { TemplateRecord } from '../store/records';
import { deleteSession } from '../store/sessions';
import { ALWAYS_BLUR, CUSTOM_EMOTION_LABELS, LANGUAGE, readSetting, type SettingWrite, SIGNAL_THRESHOLDS } from '../store/settings';
import type { LayerClock } from './tester-layer';

/** Emotion labels: one line of at most 40 characters, lower case, each once, none of the defaults. */
function cleanLabels(labels: readonly string[]): string[] {
  const defaults = new Set<string>(DEFAULT_EMOTION_LABELS);
  const clean = labels.map((label) => cleanLabel(label, 40).toLowerCase()).filter((label) => label !== '' && !defaults.has(label));
  return [...new Set(clean)];
}

/**
 * The writer of what belongs to no walk (settings, setup and checklist templates) and of a walk's deletion.
 * Requests have their shape already (lib/messaging/requests.ts); what is stored is cleaned here as the
 * tester's layer cleans its own.
 */
export class Library {
  constructor(
    private readonly db: ParcoursDatabase,
    private readonly clock: LayerClock,
    /** storage.local, where the interface language is kept (every surface, the overlay too, reads it there). */
    private readonly local: { set(items: Record<string, unknown>): Promise<void> } | null = null,
  ) {}

  async setSetting(write: SettingWrite): Promise<SettingWrite['value']> {
    let value: SettingWrite['value'] = write.value;
    if (write.key === CUSTOM_EMOTION_LABELS) value = cleanLabels(write.value);
    if (write.key === SIGNAL_THRESHOLDS) {
      // Only the thresholds a tester may change, as positive numbers; the rest keep their defaults.
      const given = write.value as Record<string, unknown>;
      value = Object.fromEntries(
        EDITABLE_THRESHOLDS.filter((key) => typeof given[key] === 'number' && (given[key] as number) > 0).map((key) => [key, given[key]]),
      );
    }
    if (write.key === LANGUAGE) {
      if (!this.local) throw new ProtocolFailure({ code: 'internal', message: 'No storage.local for the language' });
      await this.local.set({ [LANGUAGE]: value });
      return value;
    }
    await this.db.settings.put({ key: write.key, value });
    return value;
  }

  /**
   * Adds or removes one site's "always blur" selector (`change`), in one read-modify-write transaction so two
   * changes at once both land; answers the whole map as stored.
   */
  async changeAlwaysBlur(
    origin: string,
    selector: string,
    change: (map: AlwaysBlurMap, origin: string, selector: string) => AlwaysBlurMap,
  ): Promise<AlwaysBlurMap> {
    return this.db.transaction('rw', this.db.settings, async () => {
      const changed = change(await readSetting<AlwaysBlurMap>(this.db, ALWAYS_BLUR, {}, isAlwaysBlurMap), origin, selector);
      await this.db.settings.put({ key: ALWAYS_BLUR, value: changed });
      return changed;
    });
  }

  /** Saves a template as cleaned text (a checklist read again as an import would read it). */
  async saveTemplate(template: TemplateRecord): Promise<TemplateRecord> {
    const name = cleanLabel(template.name, 120);
    if (!name) throw new ProtocolFailure({ code: 'invalid-state', message: 'A template needs a name' });
    const updatedAt = isoAt(this.clock.now());
    let record: TemplateRecord;
    if (template.kind === 'setup') {
      const { title: _title, ...setup } = normalizeSetup({ title: '', ...template.setup }, name);
      record = { id: template.id, kind: 'setup', name, updatedAt, setup };
    } else {
      let checklist: Checklist;
      try {
        checklist = parseChecklist(template.checklist, () => crypto.randomUUID());
      } catch (error) {
        throw new ProtocolFailure({ code: 'invalid-state', message: error instanceof Error ? error.message : String(error) });
      }
      record = { id: template.id, kind: 'checklist', name, updatedAt, checklist };
    }
    await this.db.templates.put(record);
    return record;
  }

  async deleteTemplate(id: string): Promise<null> {
    await this.db.templates.delete(id);
    return null;
  }

  /** Deletes a walk and all it holds; a walk being recorded or paused is refused (it would be recorded into nothing). */
  async deleteWalk(sessionId: string): Promise<null> {
    await this.db.transaction(
      'rw',
      [this.db.sessions, this.db.events, this.db.screenshots, this.db.annotations, this.db.answers, this.db.edits, this.db.redactions],
      async () => {
        const session = await this.db.sessions.get(sessionId);
        if (session?.status === 'recording' || session?.status === 'paused')
          throw new ProtocolFailure({ code: 'invalid-state', reason: 'errorDeleteActive', message: 'Stop the walk before deleting it' });
        await deleteSession(this.db, sessionId);
      },
    );
    return null;
  }
}
