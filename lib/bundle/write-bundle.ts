import JSZip from 'jszip';
import type { CapturedEvent } from '../capture/events';
import { type Locale, t } from '../i18n';
import type { SignalThresholds } from '../journey/signals';
import type { AnnotationRecord, AnswerRecord, EditRecord, SessionRecord } from '../store/records';
import { HashedZip } from './evidence/hashed-zip';
import { sealBundle } from './evidence/seal';
import { BUNDLE_FORMATS } from './formats';
import { buildJourneyDocument, type JourneyDocument } from './journey-document';
import { ExportCancelled, zipToBlob } from './zip-stream';

export interface BundleInput {
  session: SessionRecord;
  events: readonly CapturedEvent[];
  /** The tester's layer: annotations and checklist answers. */
  annotations?: readonly AnnotationRecord[];
  answers?: readonly AnswerRecord[];
  /** The tester's edits of the map (titles, stages, merges, splits, hidden steps, signal decisions). */
  edits?: readonly EditRecord[];
  /** The friction-signal thresholds the tester chose (the defaults otherwise). */
  thresholds?: Partial<SignalThresholds>;
  /** Loads a screenshot image; null when it is gone (the step then says so). */
  loadScreenshot(screenshotId: string): Promise<Blob | null>;
  locale?: Locale;
  /**
   * Draws `map.png`, the map as one poster image. It needs a browser (a DOM and html2canvas), so the
   * extension page that exports supplies it; without it (Node, the command line) the bundle has no map.png.
   */
  renderPoster?: PosterRenderer;
}

/**
 * Draws the poster from the settled map and the bundle's images (path in the zip → image), reporting
 * `done` of `total` as it goes. Resolves to the PNG.
 */
export type PosterRenderer = (journey: JourneyDocument, images: ReadonlyMap<string, Blob>, onProgress: (done: number, total: number) => void) => Promise<Blob>;

export interface BundleProgress {
  phase: 'collect' | 'poster' | 'zip';
  done: number;
  total: number;
}

/** The poster's name in the bundle. */
export const POSTER_FILE = 'map.png';

/**
 * Writes the bundle zip. Screenshots are stored (JPEG does not deflate), text is deflated. Every file is
 * hashed as it goes in; README.txt and manifest.json (sizes and SHA-256 of all the others) come last.
 */
export async function writeBundle(
  input: BundleInput,
  onProgress: (progress: BundleProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<{ zip: Blob; journey: JourneyDocument }> {
  const stopIfCancelled = () => {
    if (signal?.aborted) throw new ExportCancelled();
  };
  const { document: journey, screenshots } = buildJourneyDocument(input.session, input.events, {
    locale: input.locale,
    annotations: input.annotations,
    answers: input.answers,
    edits: input.edits,
    thresholds: input.thresholds,
  });
  const zip = new JSZip();
  const bundle = new HashedZip(zip);
  // Screenshots first, so that every format is written from a map whose steps say which images are gone.
  let done = 0;
  const missing = new Set<string>();
  // Kept for the poster only: Blobs are handles (their bytes stay where the database keeps them), and the
  // zip holds the same ones until it is written.
  const images = new Map<string, Blob>();
  for (const { screenshotId, path } of screenshots) {
    stopIfCancelled();
    const blob = await input.loadScreenshot(screenshotId);
    if (blob) {
      await bundle.add(path, blob, false);
      if (input.renderPoster) images.set(path, blob);
    } else missing.add(path);
    onProgress({ phase: 'collect', done: ++done, total: screenshots.length });
  }
  if (missing.size > 0) forgetMissingScreenshots(journey, missing);
  for (const format of BUNDLE_FORMATS) {
    for (const file of await format.write({ journey, events: input.events, locale: input.locale })) {
      await bundle.add(file.path, file.data, file.compress);
    }
  }
  if (input.renderPoster) {
    stopIfCancelled();
    let png: Blob;
    try {
      png = await input.renderPoster(journey, images, (done, total) => onProgress({ phase: 'poster', done, total }));
    } catch (error) {
      throw new Error(t('posterFailed', { message: error instanceof Error ? error.message : String(error) }, input.locale));
    }
    // A PNG is deflated already.
    await bundle.add(POSTER_FILE, png, false);
  }
  await sealBundle(bundle, { journey, events: input.events, locale: input.locale });
  stopIfCancelled();
  // Streamed: the zip's bytes go into Blobs as they are written, never all at once in the page.
  const blob = await zipToBlob(zip, (percent) => onProgress({ phase: 'zip', done: Math.round(percent), total: 100 }), signal);
  return { zip: blob, journey };
}

/** A step whose image could not be loaded says so instead of naming a file the bundle lacks. */
function forgetMissingScreenshots(journey: JourneyDocument, missing: ReadonlySet<string>): void {
  for (const step of journey.steps) {
    if (step.screenshot && missing.has(step.screenshot)) {
      step.screenshot = null;
      step.screenshotMissing = 'deleted';
    }
    step.fullPages = step.fullPages.filter((fullPage) => !missing.has(fullPage.screenshot));
  }
  for (const question of journey.checklist?.questions ?? []) {
    if (question.answer?.photo && missing.has(question.answer.photo)) question.answer.photo = null;
  }
}

/** A file name for a bundle: the walk's title, made safe, its start date, and `.parcours.zip`. */
const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss' };

export function bundleFileName(session: Pick<SessionRecord, 'title' | 'startedAt'>): string {
  const slug = session.title
    .replace(/[œŒæÆß]/g, (letter) => LIGATURES[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase()
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return `${slug || 'walk'}-${session.startedAt.slice(0, 10)}.parcours.zip`;
}
