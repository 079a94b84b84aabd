import { buildJourneyDocument, type JourneyDocument } from '@/lib/bundle/journey-document';
import { currentLocale, t } from '@/lib/i18n';
import { mergeThresholds } from '@/lib/journey/thresholds';
import { type ReadDatabase, sessionEvents } from '@/lib/store/reads';
import { SIGNAL_THRESHOLDS } from '@/lib/store/settings';

/** A session's map as its bundle's journey.json would hold it, and which screenshot each image path is. */
export interface LoadedWalk {
  journey: JourneyDocument;
  screenshotIds: Map<string, string>;
}

/** Reads a session as the export does (its events, the tester's layer and edits, the chosen thresholds). */
export async function loadWalk(db: ReadDatabase, sessionId: string): Promise<LoadedWalk> {
  const session = await db.sessions.get(sessionId);
  if (!session) throw new Error(t('merge.notFound', { id: sessionId }));
  const events = await sessionEvents(db, sessionId);
  const annotations = await db.annotations.where('sessionId').equals(sessionId).toArray();
  const answers = await db.answers.where('sessionId').equals(sessionId).toArray();
  const edits = await db.edits.where('sessionId').equals(sessionId).toArray();
  const thresholds = mergeThresholds((await db.settings.get(SIGNAL_THRESHOLDS))?.value);
  const { document, screenshots } = buildJourneyDocument(session, events, { locale: currentLocale(), annotations, answers, edits, thresholds });
  return { journey: document, screenshotIds: new Map(screenshots.map((file) => [file.path, file.screenshotId])) };
}

/** Session ids from a route's `a,b,c` part. */
export function idsOf(part: string): string[] {
  return part
    .split(',')
    .map((id) => decodeURIComponent(id))
    .filter((id, index, all) => id !== '' && all.indexOf(id) === index);
}

export function routeOf(view: 'merge' | 'compare', ids: readonly string[]): string {
  return `#/${view}/${ids.map((id) => encodeURIComponent(id)).join(',')}`;
}
