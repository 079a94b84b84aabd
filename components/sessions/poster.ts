import html2canvas from 'html2canvas';
import { POSTER_THUMB, posterPixels, posterWidth } from '@/lib/bundle/html/layout';
import { renderMapHtml } from '@/lib/bundle/html/render';
import type { PosterRenderer } from '@/lib/bundle/write-bundle';

/**
 * map.png: the standalone map's own DOM (renderMapHtml in poster mode: rows of 20 steps, no charts) laid
 * out in an iframe off screen, then drawn with html2canvas.
 *
 * Memory stays bounded: the map is laid out once without images to learn its height, and so the scale
 * (posterPixels: at most 16 M pixels, 16,384 px a side); each screenshot is then shrunk, one at a time, to
 * the size it is drawn at on the poster, and only those thumbnails are decoded by the poster's page, never
 * the full images (500 full screenshots decoded would be gigabytes).
 */
export const renderPoster: PosterRenderer = async (journey, images, onProgress) => {
  const width = posterWidth(journey.steps.length);
  const paths = [...new Set(journey.steps.flatMap((step) => (step.screenshot && images.has(step.screenshot) ? [step.screenshot] : [])))];
  const total = paths.length + 2;
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  // Off screen, laid out at the poster's width: not hidden, so layout and images work as in a shown page.
  Object.assign(frame.style, { position: 'fixed', left: `-${width + 100}px`, top: '0', width: `${width}px`, height: '100px', border: '0' });
  document.body.append(frame);
  const urls: string[] = [];
  try {
    const layout = await load(frame, await renderMapHtml(journey, { poster: { imageSrc: () => null } }));
    const height = layout.documentElement.scrollHeight;
    const size = posterPixels(width, height);
    onProgress(1, total);
    const thumbnails = new Map<string, string>();
    for (const [index, path] of paths.entries()) {
      const blob = images.get(path);
      const thumbnail = blob ? await shrink(blob, Math.max(16, Math.ceil(POSTER_THUMB.width * size.scale))) : null;
      if (thumbnail) {
        const url = URL.createObjectURL(thumbnail);
        urls.push(url);
        thumbnails.set(path, url);
      }
      onProgress(index + 2, total);
    }
    frame.style.height = `${height}px`;
    const page = await load(frame, await renderMapHtml(journey, { poster: { imageSrc: (path) => thumbnails.get(path) ?? null } }));
    // A broken image must not hold the poster back.
    await Promise.all([...page.images].map((img) => img.decode().catch(() => undefined)));
    const canvas = await html2canvas(page.documentElement, {
      scale: size.scale,
      width,
      height,
      windowWidth: width,
      windowHeight: height,
      backgroundColor: '#ffffff',
      logging: false,
    });
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    // Frees the canvas' pixels now rather than whenever it is collected.
    canvas.width = 0;
    canvas.height = 0;
    if (!png) throw new Error('the canvas gave no image');
    onProgress(total, total);
    return png;
  } finally {
    for (const url of urls) URL.revokeObjectURL(url);
    frame.remove();
  }
};

/** Lays `html` out in the iframe and resolves with its document once it has loaded (images included). */
function load(frame: HTMLIFrameElement, html: string): Promise<Document> {
  return new Promise((resolve, reject) => {
    frame.addEventListener(
      'load',
      () => {
        const document = frame.contentDocument;
        if (document) resolve(document);
        else reject(new Error('the poster’s frame has no document'));
      },
      { once: true },
    );
    frame.srcdoc = html;
  });
}

/** A screenshot shrunk to `width` px wide (its shape kept), as a JPEG; null when it cannot be decoded. */
async function shrink(blob: Blob, width: number): Promise<Blob | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { resizeWidth: width, resizeQuality: 'medium' });
  } catch {
    return null;
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  } finally {
    bitmap.close();
  }
}
