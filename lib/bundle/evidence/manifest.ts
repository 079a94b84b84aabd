/** `manifest.json`: what the bundle is, and every other file of it with its size and SHA-256. */
export const BUNDLE_FORMAT = 'parcours.bundle';
export const BUNDLE_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';
export const README_PATH = 'README.txt';
export const EVENTS_PATH = 'events.json';

export interface ManifestFile {
  path: string;
  /** Bytes of the file itself (uncompressed). */
  size: number;
  /** Lowercase hex SHA-256 of those bytes. */
  sha256: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  generator: { name: string; version: string };
  createdAt: string;
  /** Every file of the bundle but the manifest itself, in the order they were written. */
  files: ManifestFile[];
  eventChain: {
    file: typeof EVENTS_PATH;
    algorithm: 'SHA-256';
    canonicalization: 'RFC 8785';
    count: number;
    /** The last event's hash (64 zeros when the walk has no event). */
    head: string;
  };
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Reads a parsed manifest.json, or says in a word what is wrong with it. */
export function parseManifest(
  value: unknown,
):
  | { ok: true; manifest: BundleManifest }
  | { ok: false; problem: 'not-an-object' | 'wrong-format' | 'bad-version' | 'future-version' | 'bad-files' | 'bad-chain'; found?: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: 'not-an-object' };
  const manifest = value as Record<string, unknown>;
  if (manifest.format !== BUNDLE_FORMAT) return { ok: false, problem: 'wrong-format', found: String(manifest.format) };
  if (typeof manifest.version !== 'number' || !Number.isInteger(manifest.version) || manifest.version < 1)
    return { ok: false, problem: 'bad-version', found: String(manifest.version) };
  if (manifest.version > BUNDLE_VERSION) return { ok: false, problem: 'future-version', found: String(manifest.version) };
  const files = manifest.files;
  const fileOk = (file: unknown) => {
    const entry = file as Record<string, unknown> | null;
    return (
      entry !== null &&
      typeof entry === 'object' &&
      typeof entry.path === 'string' &&
      entry.path !== '' &&
      typeof entry.size === 'number' &&
      typeof entry.sha256 === 'string' &&
      SHA256_HEX.test(entry.sha256)
    );
  };
  if (!Array.isArray(files) || !files.every(fileOk)) return { ok: false, problem: 'bad-files' };
  if (new Set(files.map((file: ManifestFile) => file.path)).size !== files.length) return { ok: false, problem: 'bad-files' };
  const chain = manifest.eventChain as Record<string, unknown> | null | undefined;
  if (!chain || typeof chain !== 'object' || typeof chain.count !== 'number' || typeof chain.head !== 'string' || !SHA256_HEX.test(chain.head))
    return { ok: false, problem: 'bad-chain' };
  return { ok: true, manifest: value as BundleManifest };
}
