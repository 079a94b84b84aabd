import { type BundleProgress, bundleFileName, writeBundle } from '@/lib/bundle/write-bundle';
import { t } from '@/lib/i18n';
import { sessionLocale } from '@/lib/i18n/session-locale';
import { mergeThresholds } from '@/lib/journey/thresholds';
import { loadScreenshotForExport, type ReadDatabase, sessionEvents } from '@/lib/store/reads';
import { SIGNAL_THRESHOLDS } from '@/lib/store/settings';
import { saveBlob } from './download';
import { renderPoster } from './poster';

/** Reads a session from the database, writes its bundle and hands it to the browser's downloads; `signal` cancels. */
export async function exportSession(
  db: ReadDatabase,
  sessionId: string,
  onProgress: (percent: number, phase: BundleProgress['phase']) => void,
  signal?: AbortSignal,
): Promise<string> {
  const session = await db.sessions.get(sessionId);
  if (!session) throw new Error(t('sessionNotFound'));
  const events = await sessionEvents(db, sessionId);
  const annotations = await db.annotations.where('sessionId').equals(sessionId).toArray();
  const answers = await db.answers.where('sessionId').equals(sessionId).toArray();
  const edits = await db.edits.where('sessionId').equals(sessionId).toArray();
  const thresholds = mergeThresholds((await db.settings.get(SIGNAL_THRESHOLDS))?.value);
  const progress = ({ phase, done, total }: BundleProgress) => {
    const share = total === 0 ? 1 : done / total;
    // Collecting the images, drawing the poster (map.png), then writing the zip.
    const [from, span] = phase === 'collect' ? [0, 45] : phase === 'poster' ? [45, 30] : [75, 25];
    onProgress(Math.round(from + share * span), phase);
  };
  const { zip } = await writeBundle(
    // Exports carry the blurred copy of a redacted screenshot, never its original.
    {
      session,
      events,
      annotations,
      answers,
      edits,
      thresholds,
      // In the walk's language (its map's), whatever the interface's is now: lib/i18n/session-locale.ts.
      locale: sessionLocale(session),
      loadScreenshot: (id) => loadScreenshotForExport(db, id),
      renderPoster,
    },
    progress,
    signal,
  );
  const fileName = bundleFileName(session);
  saveBlob(zip, fileName);
  return fileName;
}
