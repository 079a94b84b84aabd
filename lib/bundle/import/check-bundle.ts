import type { CapturedEvent } from '../../capture/events';
import { type ChainedEvent, checkChain, unchainEvents } from '../evidence/event-chain';
import { BUNDLE_VERSION, type BundleManifest, EVENTS_PATH, MANIFEST_PATH, parseManifest } from '../evidence/manifest';
import { sha256Hex } from '../evidence/sha256';
import { JOURNEY_VERSION, type JourneyDocument } from '../journey-document';
import { eventShape, journeyShape } from './journey-shape';
import { DEFAULT_LIMITS, readDirectory, readEntry, type UnzipLimits, type UnzipProblem, UnzipRefusal } from './safe-unzip';

export const JOURNEY_PATH = 'journey.json';

/** Why a bundle is not imported. Every one is said in plain words (import-text.ts). */
export type ImportProblem =
  | UnzipProblem
  | { code: 'no-manifest' }
  | { code: 'not-json'; path: string }
  | { code: 'manifest-invalid'; what: string }
  | { code: 'wrong-format'; found: string }
  | { code: 'future-version'; path: string; found: string; supported: number }
  | { code: 'missing'; paths: string[] }
  | { code: 'altered'; paths: string[] }
  | { code: 'unexpected'; paths: string[] }
  | { code: 'chain'; index: number | null; eventId: string | null }
  | { code: 'journey-invalid'; detail: string }
  | { code: 'events-invalid'; detail: string }
  | { code: 'cancelled' };

export class ImportRefusal extends Error {
  constructor(readonly problem: ImportProblem) {
    super(`import refused: ${JSON.stringify(problem)}`);
  }
}

export interface CheckedBundle {
  manifest: BundleManifest;
  journey: JourneyDocument;
  /** The raw capture, the chain's hashes stripped. */
  events: CapturedEvent[];
  /** Every file the manifest lists, its bytes checked against the manifest. */
  files: Map<string, Uint8Array>;
}

export interface CheckProgress {
  done: number;
  total: number;
}

/**
 * Checks a bundle before anything of it is stored: the zip safely (safe-unzip.ts), manifest.json (format,
 * version), every file against its size and SHA-256 (an altered, missing or added file refuses the whole bundle,
 * naming them all), the event chain to the manifest's head, and journey.json's and events.json's shape. A
 * bundle that is not exactly as written is evidence no longer: it is refused, never imported marked altered.
 */
export async function checkBundle(
  bytes: Uint8Array,
  options: { limits?: UnzipLimits; signal?: AbortSignal; onProgress?: (progress: CheckProgress) => void } = {},
): Promise<CheckedBundle> {
  const { signal, onProgress = () => undefined } = options;
  try {
    const entries = readDirectory(bytes, options.limits ?? DEFAULT_LIMITS);
    const byPath = new Map(entries.map((entry) => [entry.path, entry]));
    const manifestEntry = byPath.get(MANIFEST_PATH);
    if (!manifestEntry) throw new ImportRefusal({ code: 'no-manifest' });
    const read = parseManifest(parseJson(await readEntry(bytes, manifestEntry, signal), MANIFEST_PATH));
    if (!read.ok) {
      if (read.problem === 'wrong-format') throw new ImportRefusal({ code: 'wrong-format', found: read.found ?? '' });
      if (read.problem === 'future-version')
        throw new ImportRefusal({ code: 'future-version', path: MANIFEST_PATH, found: read.found ?? '', supported: BUNDLE_VERSION });
      throw new ImportRefusal({ code: 'manifest-invalid', what: read.problem });
    }
    const manifest = read.manifest;
    const listed = new Set(manifest.files.map((file) => file.path));
    const missing = manifest.files.filter((file) => !byPath.has(file.path)).map((file) => file.path);
    if (missing.length > 0) throw new ImportRefusal({ code: 'missing', paths: missing });
    const unexpected = entries.filter((entry) => entry.path !== MANIFEST_PATH && !listed.has(entry.path)).map((entry) => entry.path);
    if (unexpected.length > 0) throw new ImportRefusal({ code: 'unexpected', paths: unexpected });
    const files = new Map<string, Uint8Array>();
    const altered: string[] = [];
    for (const [index, file] of manifest.files.entries()) {
      if (signal?.aborted) throw new ImportRefusal({ code: 'cancelled' });
      let content: Uint8Array;
      try {
        content = await readEntry(bytes, byPath.get(file.path)!, signal);
      } catch (error) {
        if (error instanceof UnzipRefusal && error.problem.code === 'damaged') {
          altered.push(file.path);
          continue;
        }
        throw error;
      }
      if (content.byteLength !== file.size || (await sha256Hex(content)) !== file.sha256) altered.push(file.path);
      else files.set(file.path, content);
      onProgress({ done: index + 1, total: manifest.files.length });
    }
    if (altered.length > 0) throw new ImportRefusal({ code: 'altered', paths: altered });
    if (!files.has(JOURNEY_PATH)) throw new ImportRefusal({ code: 'missing', paths: [JOURNEY_PATH] });
    if (!files.has(EVENTS_PATH)) throw new ImportRefusal({ code: 'missing', paths: [EVENTS_PATH] });

    const entriesJson = parseJson(files.get(EVENTS_PATH)!, EVENTS_PATH);
    if (!Array.isArray(entriesJson)) throw new ImportRefusal({ code: 'events-invalid', detail: 'events.json is not a list' });
    const chain = await checkChain(entriesJson);
    const first = chain.breaks[0];
    if (first) throw new ImportRefusal({ code: 'chain', index: first.index, eventId: first.eventId });
    if (chain.count !== manifest.eventChain.count || chain.head !== manifest.eventChain.head)
      throw new ImportRefusal({ code: 'chain', index: null, eventId: null });
    for (const [index, entry] of entriesJson.entries()) {
      const problem = eventShape(entry, `events.json[${index}]`);
      if (problem) throw new ImportRefusal({ code: 'events-invalid', detail: problem });
    }

    const journey = parseJson(files.get(JOURNEY_PATH)!, JOURNEY_PATH) as JourneyDocument;
    const version = (journey as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > JOURNEY_VERSION)
      throw new ImportRefusal({ code: 'future-version', path: JOURNEY_PATH, found: String(version), supported: JOURNEY_VERSION });
    const problem = journeyShape(journey, 'journey');
    if (problem) throw new ImportRefusal({ code: 'journey-invalid', detail: problem });
    const events = unchainEvents(entriesJson as ChainedEvent[]);
    const foreign = events.find((event) => event.sessionId !== journey.session.id);
    if (foreign) throw new ImportRefusal({ code: 'events-invalid', detail: `event ${foreign.id} belongs to another walk` });
    const referenced = referencedImages(journey).filter((path) => !files.has(path));
    if (referenced.length > 0) throw new ImportRefusal({ code: 'missing', paths: referenced });
    return { manifest, journey, events, files };
  } catch (error) {
    if (error instanceof UnzipRefusal) throw new ImportRefusal(error.problem);
    if ((error as Error)?.name === 'AbortError') throw new ImportRefusal({ code: 'cancelled' });
    throw error;
  }
}

/** Every image journey.json names (steps, late images, full pages, checklist photos). */
export function referencedImages(journey: JourneyDocument): string[] {
  const paths = new Set<string>();
  for (const step of journey.steps) {
    if (step.screenshot) paths.add(step.screenshot);
    if (step.lateScreenshot) paths.add(step.lateScreenshot);
    for (const page of step.fullPages) paths.add(page.screenshot);
  }
  for (const question of journey.checklist?.questions ?? []) if (question.answer?.photo) paths.add(question.answer.photo);
  return [...paths];
}

function parseJson(content: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(content));
  } catch {
    throw new ImportRefusal({ code: 'not-json', path });
  }
}
