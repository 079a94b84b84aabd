import { currentLocale } from '../i18n';
import { defaultStages } from '../journey/stages';

/**
 * Version 1 -> 2: sessions gain the walk setup of the annotation feature. A v1 persona was one string; it
 * becomes the persona's name. Sessions get the default stages (in the browser's language), no checklist,
 * no selection, not completed.
 */
export function upgradeSessionToV2(session: Record<string, unknown>): void {
  const persona = session.persona;
  if (typeof persona === 'string' || persona == null) session.persona = { name: typeof persona === 'string' ? persona : '', description: '' };
  session.segment ??= '';
  session.expectations ??= '';
  if (!Array.isArray(session.stages)) session.stages = defaultStages(currentLocale());
  session.checklist ??= null;
  session.currentStageId ??= (session.stages as { id: string }[])[0]?.id ?? null;
  session.selectedEventId ??= null;
  session.completedAt ??= null;
}
