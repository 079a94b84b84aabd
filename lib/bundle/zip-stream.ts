import type JSZip from 'jszip';

/**
 * How many bytes of the zip are held in memory at once before they are handed to a Blob: the browser keeps a
 * Blob's bytes out of the page (and on disk when they are many), so a 90 MB bundle never sits in the page
 * whole, as JSZip's `generateAsync` leaves it (every chunk, then their copy into one Blob).
 */
export const ZIP_PART_BYTES = 4 * 1024 * 1024;

/** The export was cancelled: nothing was saved. */
export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled');
    this.name = 'AbortError';
  }
}

/**
 * Writes the zip as a stream of chunks, gathered in Blobs of ZIP_PART_BYTES, into one Blob. Reports the
 * percentage written; stops, rejecting with ExportCancelled, when `signal` is aborted.
 */
export function zipToBlob(zip: JSZip, onPercent: (percent: number) => void = () => undefined, signal?: AbortSignal): Promise<Blob> {
  return new Promise<Blob>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ExportCancelled());
      return;
    }
    const parts: Blob[] = [];
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let settled = false;
    const handOver = () => {
      if (pending.length === 0) return;
      parts.push(new Blob(pending as BlobPart[]));
      pending = [];
      pendingBytes = 0;
    };
    const stream = zip.generateInternalStream({ type: 'uint8array', streamFiles: true });
    const cancel = () => {
      if (settled) return;
      settled = true;
      stream.pause();
      reject(new ExportCancelled());
    };
    signal?.addEventListener('abort', cancel, { once: true });
    stream
      .on('data', (chunk, metadata) => {
        if (settled) return;
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        if (pendingBytes >= ZIP_PART_BYTES) handOver();
        onPercent(metadata.percent);
      })
      .on('error', (error) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', cancel);
        reject(error);
      })
      .on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', cancel);
        handOver();
        onPercent(100);
        resolve(new Blob(parts, { type: 'application/zip' }));
      })
      .resume();
  });
}
