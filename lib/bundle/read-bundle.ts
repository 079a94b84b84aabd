import JSZip from 'jszip';
import type { CapturedEvent } from '../capture/events';
import { type Locale, t } from '../i18n';
import { type ChainedEvent, checkChain, unchainEvents } from './evidence/event-chain';
import type { FormatContext } from './formats/types';
import { JOURNEY_FORMAT, JOURNEY_VERSION, type JourneyDocument } from './journey-document';

/** A bundle that cannot be read back into a map and its events; the message says why, plainly. */
export class BundleReadError extends Error {}

export interface ReadBundle {
  context: FormatContext;
  /** The first entry of events.json whose link does not hold, if any (the bundle was altered). */
  chainBrokenAt: number | null;
}

/** Reads journey.json and events.json (the events as captured, without their hashes) out of a bundle zip. */
export async function readBundle(bytes: Uint8Array, locale?: Locale): Promise<ReadBundle> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    const zipLike = bytes[0] === 0x50 && bytes[1] === 0x4b;
    throw new BundleReadError(zipLike ? t('verify.damagedZip', { detail: (error as Error).message }, locale) : t('verify.notZip', {}, locale));
  }
  const journey = (await readJson(zip, 'journey.json', locale)) as Partial<JourneyDocument> | null;
  if (!journey || typeof journey !== 'object' || journey.format !== JOURNEY_FORMAT)
    throw new BundleReadError(t('read.notJourney', { found: String(journey?.format) }, locale));
  if (typeof journey.version !== 'number' || journey.version > JOURNEY_VERSION)
    throw new BundleReadError(t('read.futureJourney', { found: String(journey.version), supported: JOURNEY_VERSION }, locale));
  if (!Array.isArray(journey.steps)) throw new BundleReadError(t('read.notJourney', { found: String(journey.format) }, locale));
  const entries = await readJson(zip, 'events.json', locale);
  if (!Array.isArray(entries) || !entries.every((entry) => entry && typeof entry === 'object' && typeof entry.kind === 'string'))
    throw new BundleReadError(t('read.notEvents', {}, locale));
  const chain = await checkChain(entries);
  const events: CapturedEvent[] = unchainEvents(entries as ChainedEvent[]);
  return { context: { journey: journey as JourneyDocument, events }, chainBrokenAt: chain.breaks[0]?.index ?? null };
}

async function readJson(zip: JSZip, path: string, locale?: Locale): Promise<unknown> {
  const file = zip.file(path);
  if (!file) throw new BundleReadError(t('read.missing', { path }, locale));
  try {
    return JSON.parse(await file.async('string'));
  } catch {
    throw new BundleReadError(t('read.notJson', { path }, locale));
  }
}
