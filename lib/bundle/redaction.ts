import type { ReadDatabase } from '../store/reads';
import type { RedactionRecord, ScreenshotRecord } from '../store/records';

/**
 * The image of a screenshot that may leave the browser in a bundle: the blurred one whenever the screenshot
 * has a redaction, never the original; null when that redaction has no blurred image yet (the export then
 * says the screenshot is missing rather than leak what the tester meant to hide). Without a redaction, the
 * original.
 */
export function screenshotForExport(screenshot: Pick<ScreenshotRecord, 'id' | 'blob'>, redaction: RedactionRecord | null | undefined): Blob | null {
  if (!redaction) return screenshot.blob;
  // A redaction of another image would make us export this one unblurred: a caller's mistake, said loudly.
  if (redaction.screenshotId !== screenshot.id) throw new Error(`The redaction of ${redaction.screenshotId} is not one of ${screenshot.id}`);
  return redaction.redactedBlob;
}

/**
 * Loads the exportable image of a screenshot from the database (for `BundleInput.loadScreenshot`): the
 * screenshot and its redaction are read in one transaction, so a redaction saved meanwhile is not missed.
 */
export async function loadScreenshotForExport(
  db: Pick<ReadDatabase, 'transaction' | 'screenshots' | 'redactions'>,
  screenshotId: string,
): Promise<Blob | null> {
  return db.transaction('r', ['screenshots', 'redactions'], async () => {
    const screenshot = await db.screenshots.get(screenshotId);
    if (!screenshot) return null;
    const redaction = await db.redactions.where('screenshotId').equals(screenshotId).first();
    return screenshotForExport(screenshot, redaction);
  });
}
