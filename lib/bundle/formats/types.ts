import type { CapturedEvent } from '../../capture/events';
import type { Locale } from '../../i18n';
import type { JourneyDocument } from '../journey-document';

/** One file in the bundle. Images are stored as they are; text is deflated. */
export interface BundleFile {
  path: string;
  data: Blob | string | Uint8Array;
  compress: boolean;
}

/**
 * What a format is written from: the assembled map (screenshots already settled: a step whose image could
 * not be loaded says so) and the raw capture. Nothing else, so the command line can convert a bundle it
 * only has the files of.
 */
export interface FormatContext {
  journey: JourneyDocument;
  events: readonly CapturedEvent[];
  /**
   * The exporter's language, for the few labels a format writes itself (a section for steps without a stage).
   * Absent (a bundle converted on the command line knows only its files): English.
   */
  locale?: Locale;
}

/** One of the bundle's files, written from the map and the capture. */
export interface BundleFormat {
  /** The name `parcours convert --to <id>` knows it by. */
  id: string;
  write(context: FormatContext): BundleFile[] | Promise<BundleFile[]>;
}
