import type { ViewportFrame } from './full-page';
import { stitchedHeight, stitchSlices } from './full-page-plan';

/** JPEG quality of full-page images: as the viewport screenshots (`captureVisibleTab` at 80). */
const QUALITY = 0.8;

/**
 * Draws viewport frames into one image on an OffscreenCanvas and encodes it as a JPEG, in the service worker
 * (where `convertToBlob` takes milliseconds; in an offscreen document it takes a second). Frames are decoded
 * one at a time and closed once drawn, so only one frame and the canvas are in memory. The scale comes from
 * the frames themselves (device pixels per CSS pixel, zoom included).
 */
export async function stitchFrames(
  frames: readonly ViewportFrame[],
  layout: { viewportHeight: number; coveredHeight: number },
): Promise<{ blob: Blob; width: number; height: number }> {
  const first = frames[0];
  if (!first) throw new Error('No frame to stitch');
  let bitmap: ImageBitmap | null = await createImageBitmap(first.blob);
  const width = bitmap.width;
  const frameHeight = bitmap.height;
  const height = stitchedHeight(layout.viewportHeight, layout.coveredHeight, frameHeight);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas in this context');
  // Rows no frame showed stay white rather than transparent (black once encoded as JPEG).
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  const slices = stitchSlices(
    frames.map((frame) => frame.scrollY),
    layout.viewportHeight,
    layout.coveredHeight,
    frameHeight,
  );
  let decoded = 0;
  try {
    for (const slice of slices) {
      if (slice.frame !== decoded || !bitmap) {
        bitmap?.close();
        bitmap = null;
        bitmap = await createImageBitmap((frames[slice.frame] as ViewportFrame).blob);
        decoded = slice.frame;
      }
      context.drawImage(bitmap, 0, slice.sourceY, width, slice.height, 0, slice.destY, width, slice.height);
    }
  } finally {
    bitmap?.close();
  }
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
  return { blob, width, height };
}
