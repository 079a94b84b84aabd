import type { Rect } from '../capture/events';

/** The fill of a hidden part: a flat neutral grey with faint diagonal lines, read as "hidden", never as the page. */
const HIDDEN_FILL = '#c9ccd1';
const HIDDEN_LINES = '#b7bbc1';
const LINE_SPACING_PX = 10;
const JPEG_QUALITY = 0.8;

type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/**
 * Covers each box of an image being drawn: opaque, so nothing of what was there (not even its hue) is left.
 * Lines 45° apart, `LINE_SPACING_PX` apart, from the box's own corner.
 */
export function drawHidden(context: Context2D, rects: readonly Rect[]): void {
  context.save();
  for (const rect of rects) {
    context.fillStyle = HIDDEN_FILL;
    context.fillRect(rect.x, rect.y, rect.width, rect.height);
    context.save();
    context.beginPath();
    context.rect(rect.x, rect.y, rect.width, rect.height);
    context.clip();
    context.strokeStyle = HIDDEN_LINES;
    context.lineWidth = 1;
    context.beginPath();
    for (let offset = -rect.height; offset < rect.width; offset += LINE_SPACING_PX) {
      context.moveTo(rect.x + offset, rect.y + rect.height);
      context.lineTo(rect.x + offset + rect.height, rect.y);
    }
    context.stroke();
    context.restore();
  }
  context.restore();
}

/**
 * An image with its private boxes covered, as a JPEG (the service worker's OffscreenCanvas: a few ms). The
 * captureVisibleTab path; stream frames are covered before their first encoding (lib/recorder/tab-streams.ts).
 */
export async function obscureImage(image: Blob, rects: readonly Rect[]): Promise<Blob> {
  const bitmap = await createImageBitmap(image);
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas in this context');
    context.drawImage(bitmap, 0, 0);
    drawHidden(context, rects);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
  } finally {
    bitmap.close();
  }
}
