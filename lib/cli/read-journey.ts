import JSZip from 'jszip';
import { sha256Hex } from '../bundle/evidence/sha256';
import { JOURNEY_FORMAT, JOURNEY_VERSION, type JourneyDocument } from '../bundle/journey-document';
import { type Locale, t } from '../i18n';
import type { WalkSource } from '../journey/merge/types';

/** A bundle's map, without reading its events or any image: what merge and compare need of each walk. */
export async function readJourneyOnly(bytes: Uint8Array, file: string, locale: Locale): Promise<{ journey: JourneyDocument; source: WalkSource } | string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    const zipLike = bytes[0] === 0x50 && bytes[1] === 0x4b;
    return `${file}: ${zipLike ? t('verify.damagedZip', { detail: (error as Error).message }, locale) : t('verify.notZip', {}, locale)}`;
  }
  const entry = zip.file('journey.json');
  if (!entry) return `${file}: ${zip.file('merged.json') ? t('cli.mergedInput', {}, locale) : t('read.missing', { path: 'journey.json' }, locale)}`;
  const text = await entry.async('uint8array');
  let journey: Partial<JourneyDocument>;
  try {
    journey = JSON.parse(new TextDecoder().decode(text));
  } catch {
    return `${file}: ${t('read.notJson', { path: 'journey.json' }, locale)}`;
  }
  if (!journey || typeof journey !== 'object' || journey.format !== JOURNEY_FORMAT || !Array.isArray(journey.steps) || !journey.session)
    return `${file}: ${t('read.notJourney', { found: String(journey?.format) }, locale)}`;
  if (typeof journey.version !== 'number' || journey.version > JOURNEY_VERSION)
    return `${file}: ${t('read.futureJourney', { found: String(journey.version), supported: JOURNEY_VERSION }, locale)}`;
  let eventChainHead: string | null = null;
  try {
    const manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) ?? 'null');
    if (typeof manifest?.eventChain?.head === 'string') eventChainHead = manifest.eventChain.head;
  } catch {
    // No readable manifest: the walk is merged all the same, its source then names no chain head.
  }
  return { journey: journey as JourneyDocument, source: { file, journeySha256: await sha256Hex(text), eventChainHead } };
}
