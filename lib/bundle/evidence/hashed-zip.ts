import type JSZip from 'jszip';
import type { ManifestFile } from './manifest';
import { fileBytes, sha256Hex } from './sha256';

/** Adds files to a zip and keeps each one's size and SHA-256 for the manifest. */
export class HashedZip {
  readonly files: ManifestFile[] = [];
  private readonly paths = new Set<string>();

  constructor(readonly zip: JSZip) {}

  async add(path: string, data: Blob | string | Uint8Array, compress: boolean): Promise<void> {
    // Two formats writing one path would leave the first one's bytes unhashed: a bug, said at once.
    if (this.paths.has(path)) throw new Error(`the bundle already has ${path}`);
    this.paths.add(path);
    const bytes = await fileBytes(data);
    this.files.push({ path, size: bytes.byteLength, sha256: await sha256Hex(bytes) });
    // A Blob goes in as it is (it cannot change, and need not stay in memory as bytes until the zip is
    // written); a string goes in as the very bytes hashed.
    const content = data instanceof Blob ? data : bytes;
    this.zip.file(path, content, { compression: compress ? 'DEFLATE' : 'STORE', binary: true });
  }
}
