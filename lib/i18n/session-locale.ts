import { DEFAULT_EMOTION_LABELS } from '../annotations/types';
import { DEFAULT_STAGE_IDS, type Stage } from '../journey/stages';
import { currentLocale, LOCALES, type Locale, type MessageKey, t } from './index';
import { isLocale } from './preference';

/**
 * The language of a walk's map: the one the walk was started in, stored with it. The map is the walk's
 * document, as its export is: its default stage names, step actions and emotion labels stay in that
 * language when the interface around it changes, so the review page and the exported index.html say the
 * same words. A walk stored before the language was recorded is read from its stage names when they are
 * one locale's defaults, else it takes the interface's locale (`fallback`).
 */
export function sessionLocale(session: { language?: unknown; stages?: readonly Stage[] } | null | undefined, fallback: Locale = currentLocale()): Locale {
  if (isLocale(session?.language)) return session.language;
  const defaults = (session?.stages ?? []).filter((stage) => (DEFAULT_STAGE_IDS as readonly string[]).includes(stage.id));
  if (defaults.length > 0) {
    for (const locale of Object.keys(LOCALES) as Locale[]) {
      if (defaults.every((stage) => stage.name === t(`stage.${stage.id}` as MessageKey, {}, locale))) return locale;
    }
  }
  return fallback;
}

/**
 * An emotion label in words. The defaults are stored by their English key ("frustrated", stable in
 * journey.json and the CSV) and shown in `locale`; a label the tester typed stays as typed.
 */
export function emotionLabelText(label: string, locale: Locale = currentLocale()): string {
  return (DEFAULT_EMOTION_LABELS as readonly string[]).includes(label) ? t(`emotionLabel.${label}` as MessageKey, {}, locale) : label;
}
