import { type Locale, t } from '../i18n';

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
