import { LOCALES, type Locale, type MessageKey, t } from '../i18n';

export interface Stage {
  id: string;
  name: string;
  order: number;
}

export const DEFAULT_STAGE_IDS = ['awareness', 'consideration', 'comparison', 'decision', 'purchase', 'retention', 'advocacy'] as const;

/** The default stages from awareness to advocacy, named in the given locale. */
export function defaultStages(locale?: Locale): Stage[] {
  return DEFAULT_STAGE_IDS.map((id, order) => ({ id, name: t(`stage.${id}`, {}, locale), order }));
}

/**
 * Stages with the default names put in `locale`: a default stage (by its id) still named as some locale's
 * default is renamed; a stage the tester named, or added, stays as typed. Returns the same array when nothing
 * changes (so a caller can tell).
 */
export function relocalizeStages(stages: Stage[], locale: Locale): Stage[] {
  let changed = false;
  const next = stages.map((stage) => {
    if (!(DEFAULT_STAGE_IDS as readonly string[]).includes(stage.id)) return stage;
    const nameIn = (other: Locale) => t(`stage.${stage.id}` as MessageKey, {}, other);
    const wanted = nameIn(locale);
    if (stage.name === wanted || !(Object.keys(LOCALES) as Locale[]).some((other) => nameIn(other) === stage.name)) return stage;
    changed = true;
    return { ...stage, name: wanted };
  });
  return changed ? next : stages;
}
