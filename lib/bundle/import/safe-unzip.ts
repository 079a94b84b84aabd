/**
 * A zip reader for bundles that come from outside: it reads the central directory first and refuses, before
 * inflating anything, a path that would leave the bundle, too many entries, an entry or a total too large, or
 * a compression ratio only a zip bomb has. While inflating it counts the bytes again and stops at the size the
 * directory declared (headers can lie). Plain TypeScript on DecompressionStream: the browser and Node run it.
 */

export interface UnzipLimits {
  maxEntries: number;
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed, checked for entries larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

/**
 * A 500-step walk with full pages holds about 1,500 files and 100 MB; the limits leave room for ten times that
 * and stay far below what would exhaust a tab's memory. JSON deflates about 10 to 20 times; 200 is a bomb's mark.
 */
export const DEFAULT_LIMITS: UnzipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export type UnzipProblem =
  | { code: 'not-a-zip' }
  | { code: 'truncated' }
  | { code: 'zip64' }
  | { code: 'encrypted'; path: string }
  | { code: 'bad-path'; path: string }
  | { code: 'duplicate-path'; path: string }
  | { code: 'too-many-entries'; count: number; limit: number }
  | { code: 'entry-too-large'; path: string; size: number; limit: number }
  | { code: 'total-too-large'; size: number; limit: number }
  | { code: 'ratio'; path: string; ratio: number; limit: number }
  | { code: 'method'; path: string; method: number }
  | { code: 'damaged'; path: string }
  | { code: 'size-lie'; path: string };

export class UnzipRefusal extends Error {
  constructor(readonly problem: UnzipProblem) {
    super(`zip refused: ${JSON.stringify(problem)}`);
  }
}

export interface ZipEntry {
  path: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
  flags: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Why a name would not stay inside the bundle, or null: a relative path with forward slashes, no `..` or `.`
 * segment, no drive letter, no backslash, no control character.
 */
export function unsafePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return true;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\u0000-\u001f]/.test(path)) return true;
  const segments = path.split('/');
  // A directory entry ends with a slash: its last segment is empty, and only that one may be.
  return segments.some((segment, index) => segment === '..' || segment === '.' || (segment === '' && index !== segments.length - 1));
}

/** Reads and checks the central directory: the entries, every refusal decided before a byte is inflated. */
export function readDirectory(bytes: Uint8Array, limits: UnzipLimits = DEFAULT_LIMITS): ZipEntry[] {
  const looksZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!looksZip) throw new UnzipRefusal({ code: 'not-a-zip' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is in the last 22 + 65,535 bytes (its comment is at most that long).
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new UnzipRefusal({ code: 'truncated' });
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new UnzipRefusal({ code: 'zip64' });
  if (count > limits.maxEntries) throw new UnzipRefusal({ code: 'too-many-entries', count, limit: limits.maxEntries });
  if (directoryOffset + directorySize > end) throw new UnzipRefusal({ code: 'truncated' });
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let at = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw new UnzipRefusal({ code: 'truncated' });
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > end) throw new UnzipRefusal({ code: 'truncated' });
    const path = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw new UnzipRefusal({ code: 'zip64' });
    if (unsafePath(path)) throw new UnzipRefusal({ code: 'bad-path', path });
    if (seen.has(path)) throw new UnzipRefusal({ code: 'duplicate-path', path });
    seen.add(path);
    if (flags & 0x1) throw new UnzipRefusal({ code: 'encrypted', path });
    if (method !== 0 && method !== 8) throw new UnzipRefusal({ code: 'method', path, method });
    if (size > limits.maxEntryBytes) throw new UnzipRefusal({ code: 'entry-too-large', path, size, limit: limits.maxEntryBytes });
    if (size > limits.ratioFloorBytes && size / Math.max(1, compressedSize) > limits.maxRatio)
      throw new UnzipRefusal({ code: 'ratio', path, ratio: Math.round(size / Math.max(1, compressedSize)), limit: limits.maxRatio });
    total += size;
    if (total > limits.maxTotalBytes) throw new UnzipRefusal({ code: 'total-too-large', size: total, limit: limits.maxTotalBytes });
    if (localOffset + 30 + compressedSize > directoryOffset) throw new UnzipRefusal({ code: 'truncated' });
    if (path.endsWith('/')) continue;
    entries.push({ path, method, compressedSize, size, localOffset, flags });
  }
  return entries;
}

/** The bytes of one entry, inflated with the declared size as a hard limit. */
export async function readEntry(bytes: Uint8Array, entry: ZipEntry, signal?: AbortSignal): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw new UnzipRefusal({ code: 'damaged', path: entry.path });
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new UnzipRefusal({ code: 'truncated' });
  const raw = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (raw.length !== entry.size) throw new UnzipRefusal({ code: 'damaged', path: entry.path });
    return raw;
  }
  return inflateBounded(raw, entry, signal);
}

async function inflateBounded(raw: Uint8Array, entry: ZipEntry, signal?: AbortSignal): Promise<Uint8Array> {
  const out = new Uint8Array(entry.size);
  let written = 0;
  const stream = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
      const { done, value } = await reader.read();
      if (done) break;
      // More than the directory said: the header lied, stop before holding the rest.
      if (written + value.length > entry.size) throw new UnzipRefusal({ code: 'size-lie', path: entry.path });
      out.set(value, written);
      written += value.length;
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    if (error instanceof UnzipRefusal || (error as Error)?.name === 'AbortError') throw error;
    throw new UnzipRefusal({ code: 'damaged', path: entry.path });
  }
  if (written !== entry.size) throw new UnzipRefusal({ code: 'damaged', path: entry.path });
  return out;
}
