import JSZip from 'jszip';
import { type ChainBreak, checkChain } from './evidence/event-chain';
import { type BundleManifest, EVENTS_PATH, MANIFEST_PATH, type ManifestFile, parseManifest } from './evidence/manifest';
import { sha256Hex } from './evidence/sha256';

export type FileStatus = 'intact' | 'altered' | 'missing' | 'unexpected';

export interface FileVerification {
  path: string;
  status: FileStatus;
  /** What the manifest says (absent for an unexpected file). */
  expected?: { size: number; sha256: string };
  /** What the bundle holds (absent for a missing file, or one that could not be read). */
  actual?: { size: number; sha256: string };
  /** The entry is in the zip but its bytes could not be read back (its compressed data was damaged). */
  unreadable?: boolean;
}

export type ChainVerification =
  | { status: 'intact'; count: number; head: string }
  | {
      status: 'altered';
      count: number;
      head: string;
      /** Entries whose link is broken, the first one first (empty when only the end of the chain differs). */
      breaks: ChainBreak[];
      /** The manifest's count and head, when the chain does not end where it says. */
      expected?: { count: number; head: string };
    }
  | { status: 'missing' }
  | { status: 'unreadable' };

/** Why a file could not be verified at all. */
export type BundleProblem =
  | { code: 'not-a-zip' }
  | { code: 'damaged-zip'; detail: string }
  | { code: 'no-manifest' }
  | { code: 'manifest-not-json' }
  | { code: 'manifest-invalid'; what: 'not-an-object' | 'bad-version' | 'bad-files' | 'bad-chain'; found?: string }
  | { code: 'wrong-format'; found: string }
  | { code: 'future-version'; found: string };

export type Verification =
  | { status: 'unreadable'; problem: BundleProblem }
  | {
      status: 'intact' | 'altered';
      manifest: Pick<BundleManifest, 'format' | 'version' | 'generator' | 'createdAt'>;
      files: FileVerification[];
      chain: ChainVerification;
    };

export interface VerifyProgress {
  done: number;
  total: number;
  path: string;
}

/**
 * Checks a bundle against its manifest: every file listed (size and SHA-256 of its bytes), every file not
 * listed, and the event chain of events.json (each link, and its head against the manifest's). Plain
 * TypeScript on JSZip and Web Crypto: the review page and the command line run the same code.
 */
export async function verifyBundle(
  data: Uint8Array | ArrayBuffer | Blob,
  onProgress: (progress: VerifyProgress) => void = () => undefined,
): Promise<Verification> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : data);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    return { status: 'unreadable', problem: looksLikeZip(bytes) ? { code: 'damaged-zip', detail: (error as Error).message } : { code: 'not-a-zip' } };
  }
  const manifestEntry = zip.file(MANIFEST_PATH);
  if (!manifestEntry) return { status: 'unreadable', problem: { code: 'no-manifest' } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await manifestEntry.async('string'));
  } catch {
    return { status: 'unreadable', problem: { code: 'manifest-not-json' } };
  }
  const read = parseManifest(parsed);
  if (!read.ok) {
    if (read.problem === 'wrong-format') return { status: 'unreadable', problem: { code: 'wrong-format', found: read.found ?? '' } };
    if (read.problem === 'future-version') return { status: 'unreadable', problem: { code: 'future-version', found: read.found ?? '' } };
    return { status: 'unreadable', problem: { code: 'manifest-invalid', what: read.problem, found: read.found } };
  }
  const manifest = read.manifest;

  const files: FileVerification[] = [];
  const listed = new Set(manifest.files.map((file) => file.path));
  const entries = Object.values(zip.files).filter((entry) => !entry.dir && entry.name !== MANIFEST_PATH);
  const total = manifest.files.length;
  for (const [index, file] of manifest.files.entries()) {
    files.push(await verifyFile(zip, file));
    onProgress({ done: index + 1, total, path: file.path });
  }
  for (const entry of entries) if (!listed.has(entry.name)) files.push({ path: entry.name, status: 'unexpected' });

  const chain = await verifyChain(zip, manifest);
  const intact = files.every((file) => file.status === 'intact') && chain.status === 'intact';
  const { format, version, generator, createdAt } = manifest;
  return { status: intact ? 'intact' : 'altered', manifest: { format, version, generator, createdAt }, files, chain };
}

async function verifyFile(zip: JSZip, file: ManifestFile): Promise<FileVerification> {
  const expected = { size: file.size, sha256: file.sha256 };
  const entry = zip.file(file.path);
  if (!entry) return { path: file.path, status: 'missing', expected };
  let content: Uint8Array;
  try {
    content = await entry.async('uint8array');
  } catch {
    return { path: file.path, status: 'altered', expected, unreadable: true };
  }
  const actual = { size: content.byteLength, sha256: await sha256Hex(content) };
  const same = actual.size === expected.size && actual.sha256 === expected.sha256;
  return { path: file.path, status: same ? 'intact' : 'altered', expected, actual };
}

async function verifyChain(zip: JSZip, manifest: BundleManifest): Promise<ChainVerification> {
  const entry = zip.file(EVENTS_PATH);
  if (!entry) return { status: 'missing' };
  let entries: unknown;
  try {
    entries = JSON.parse(await entry.async('string'));
  } catch {
    return { status: 'unreadable' };
  }
  if (!Array.isArray(entries)) return { status: 'unreadable' };
  const check = await checkChain(entries);
  const expected = manifest.eventChain;
  const endsRight = check.count === expected.count && check.head === expected.head;
  if (check.breaks.length === 0 && endsRight) return { status: 'intact', count: check.count, head: check.head };
  return {
    status: 'altered',
    count: check.count,
    head: check.head,
    breaks: check.breaks,
    ...(endsRight ? {} : { expected: { count: expected.count, head: expected.head } }),
  };
}

/** A zip starts with a local file header (or, empty, with the end of its central directory). */
function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}
