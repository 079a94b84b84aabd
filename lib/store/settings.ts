import type { Author } from '../annotations/types';
import { LANGUAGE_KEY, type LanguagePreference } from '../i18n/preference';
import type { EditableThreshold } from '../journey/thresholds';
import { isMaskingMode, type MaskingMode } from '../privacy/masking-mode';
import type { ReadDatabase } from './reads';

/** Emotion labels the tester added to the default list. */
export const CUSTOM_EMOTION_LABELS = 'emotion-labels';
/** The tester's friction-signal thresholds (see lib/journey/thresholds.ts). */
export const SIGNAL_THRESHOLDS = 'signal-thresholds';
/** Who annotates from this browser: the tester walking, or an observer shadowing a participant. */
export const ANNOTATOR = 'annotator';
/** The masking mode a new walk starts with (the popup can choose another for one walk). */
export const MASKING_DEFAULT = 'masking-default';
/** The elements hidden in every screenshot of a site, by origin (lib/privacy/always-blur.ts). */
export const ALWAYS_BLUR = 'always-blur';

/**
 * The interface language (Automatic, English, Français). Unlike the others it lives in storage.local, not the
 * IndexedDB (lib/i18n/preference.ts says why); it is written the same way, by the background at settings/set.
 */
export const LANGUAGE = LANGUAGE_KEY;

/** Every setting pages may change (through the background's `settings/set`), with the type of its value. */
export interface SettingValues {
  [MASKING_DEFAULT]: MaskingMode;
  [ANNOTATOR]: Author;
  [CUSTOM_EMOTION_LABELS]: string[];
  /** Only the thresholds the tester changed or saw; the rest keep their defaults (mergeThresholds). */
  [SIGNAL_THRESHOLDS]: Partial<Record<EditableThreshold, number>>;
  [LANGUAGE]: LanguagePreference;
}

export type SettingKey = keyof SettingValues;

/** One setting written: its key and a value of its type. */
export type SettingWrite = { [K in SettingKey]: { key: K; value: SettingValues[K] } }[SettingKey];

export async function readSetting<T>(db: Pick<ReadDatabase, 'settings'>, key: string, fallback: T, valid: (value: unknown) => value is T): Promise<T> {
  const row = await db.settings.get(key);
  return row && valid(row.value) ? row.value : fallback;
}

export function isAuthor(value: unknown): value is Author {
  return value === 'tester' || value === 'observer';
}

export function isLabelList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isMaskingDefault(value: unknown): value is MaskingMode {
  return isMaskingMode(value);
}
