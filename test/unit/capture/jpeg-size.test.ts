import { describe, expect, it } from 'vitest';
import { dataUrlToBytes, jpegSize } from '@/lib/capture/jpeg-size';

const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];

function u16(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}

/** A marker segment: 0xFF, the marker, a two-byte length that counts itself, then the payload. */
function segment(marker: number, payload: number[]): number[] {
  return [0xff, marker, ...u16(payload.length + 2), ...payload];
}

/** APP0 with a JFIF header (version 1.1, no density unit, 1:1, no thumbnail). */
const APP0 = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, ...u16(1), ...u16(1), 0x00, 0x00]);

/** A start-of-frame segment for a 3-component (YCbCr) image of the given size. */
function startOfFrame(marker: number, width: number, height: number): number[] {
  return segment(marker, [0x08, ...u16(height), ...u16(width), 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
}

/** A small Huffman table segment (DHT, marker C4), which must not be read as a frame header. */
const DHT = segment(0xc4, [0x00, 0x01, ...new Array<number>(15).fill(0), 0x00]);

/** A quantisation table segment (DQT). */
const DQT = segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);

function jpeg(...parts: number[][]): Uint8Array {
  return new Uint8Array(parts.flat());
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

describe('jpegSize', () => {
  it('reads width and height from a baseline (SOF0) frame after an APP0 segment', () => {
    expect(jpegSize(jpeg(SOI, APP0, startOfFrame(0xc0, 640, 480), EOI))).toEqual({ width: 640, height: 480 });
  });

  it('reads width and height from a progressive (SOF2) frame', () => {
    expect(jpegSize(jpeg(SOI, APP0, startOfFrame(0xc2, 1280, 720), EOI))).toEqual({ width: 1280, height: 720 });
  });

  it('reads both bytes of each dimension (big-endian, above 255 and up to 65535)', () => {
    expect(jpegSize(jpeg(SOI, startOfFrame(0xc0, 3840, 2160), EOI))).toEqual({ width: 3840, height: 2160 });
    expect(jpegSize(jpeg(SOI, startOfFrame(0xc0, 65535, 1), EOI))).toEqual({ width: 65535, height: 1 });
  });

  it('tells width from height in a portrait image', () => {
    expect(jpegSize(jpeg(SOI, APP0, startOfFrame(0xc0, 390, 844), EOI))).toEqual({ width: 390, height: 844 });
  });

  it('skips tables (DQT, DHT) that come before the frame header', () => {
    expect(jpegSize(jpeg(SOI, APP0, DQT, DHT, startOfFrame(0xc0, 800, 600), EOI))).toEqual({ width: 800, height: 600 });
  });

  it('skips fill bytes (0xFF padding) before a marker', () => {
    expect(jpegSize(jpeg(SOI, APP0, [0xff, 0xff], startOfFrame(0xc0, 320, 200), EOI))).toEqual({ width: 320, height: 200 });
  });

  it('returns null for a frame that declares a zero dimension', () => {
    expect(jpegSize(jpeg(SOI, APP0, startOfFrame(0xc0, 0, 480), EOI))).toBeNull();
    expect(jpegSize(jpeg(SOI, APP0, startOfFrame(0xc0, 640, 0), EOI))).toBeNull();
  });

  it('returns null for input that is not a JPEG', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(jpegSize(png)).toBeNull();
    expect(jpegSize(new TextEncoder().encode('<html>not an image</html>'))).toBeNull();
  });

  it('returns null for empty and tiny input', () => {
    expect(jpegSize(new Uint8Array())).toBeNull();
    expect(jpegSize(new Uint8Array(SOI))).toBeNull();
    expect(jpegSize(jpeg(SOI, EOI))).toBeNull();
  });

  it('returns null when the data stops before the frame header', () => {
    const whole = jpeg(SOI, APP0, startOfFrame(0xc0, 640, 480), EOI);
    // Cut inside APP0, right after it, and inside the start-of-frame before the width is complete.
    for (const length of [6, SOI.length + APP0.length, SOI.length + APP0.length + 8]) {
      expect(jpegSize(whole.slice(0, length))).toBeNull();
    }
  });

  it('returns null when a segment length points past the end of the data', () => {
    const app0 = [...APP0];
    app0.splice(2, 2, ...u16(5000));
    expect(jpegSize(jpeg(SOI, app0, startOfFrame(0xc0, 640, 480), EOI))).toBeNull();
  });

  it('returns null when the bytes after a segment are not a marker', () => {
    expect(jpegSize(jpeg(SOI, APP0, [0x00, 0x00], startOfFrame(0xc0, 640, 480), EOI))).toBeNull();
  });

  it('returns null for a segment whose length is too small to be valid, instead of looping', () => {
    expect(jpegSize(jpeg(SOI, [0xff, 0xe0, 0x00, 0x00], startOfFrame(0xc0, 640, 480), EOI))).toBeNull();
  });
});

describe('dataUrlToBytes', () => {
  it('decodes a base64 data URL into the exact bytes and its MIME type', () => {
    const image = jpeg(SOI, APP0, startOfFrame(0xc0, 640, 480), EOI);
    const { bytes, mime } = dataUrlToBytes(`data:image/jpeg;base64,${toBase64(image)}`);
    expect(mime).toBe('image/jpeg');
    expect(Array.from(bytes)).toEqual(Array.from(image));
    expect(jpegSize(bytes)).toEqual({ width: 640, height: 480 });
  });

  it('keeps every byte value 0..255 through base64 decoding', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const { bytes } = dataUrlToBytes(`data:application/octet-stream;base64,${toBase64(all)}`);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes)).toEqual(Array.from(all));
  });

  it('decodes a plain (percent-encoded) data URL as UTF-8 text', () => {
    const { bytes, mime } = dataUrlToBytes('data:text/plain,caf%C3%A9%20ouvert');
    expect(mime).toBe('text/plain');
    expect(new TextDecoder().decode(bytes)).toBe('café ouvert');
  });

  it('decodes an empty payload to no bytes', () => {
    expect(dataUrlToBytes('data:image/png;base64,').bytes).toHaveLength(0);
  });

  it.each(['https://shop.test/image.jpg', 'image/jpeg;base64,AAAA', '', 'data:image/jpeg;base64'])('throws for %j, which is not a data URL', (url) => {
    expect(() => dataUrlToBytes(url)).toThrow('Not a data URL');
  });
});
