import html2canvas from 'html2canvas';
import { POSTER_THUMB, posterPixels, posterWidth } from '@/lib/bundle/html/layout';
import { renderMapHtml } from '@/lib/bundle/html/render';
import type { PosterRenderer } from '@/lib/bundle/write-bundle';

/**
 * map.png: the standalone map's own DOM (renderMapHtml in poster mode: rows of 20 steps, no charts) laid
 * out in an iframe off screen, then drawn with html2canvas.
 *
 * Memory stays bounded: the map is laid out first (its cells have fixed heights, so the images do not move
 * it), which gives its height and so the scale (posterPixels: at most 16 M pixels, 16,384 px a side); each
 * screenshot is then decoded, one at a time, straight to the size it is drawn at on the poster, into a small
 * canvas in its cell. No full image stays decoded (500 would be gigabytes) and none is encoded again.
 */
/** Screenshots decoded at once for the poster. */
const DECODES_AT_ONCE = 4;

export const renderPoster: PosterRenderer = async (journey, images, onProgress) => {
  const width = posterWidth(journey.steps.length);
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  // Off screen, laid out at the poster's width: not hidden, so layout works as in a shown page.
  Object.assign(frame.style, { position: 'fixed', left: `-${width + 100}px`, top: '0', width: `${width}px`, height: '100px', border: '0' });
  document.body.append(frame);
  try {
    const page = await load(frame, await renderMapHtml(journey, { poster: true }));
    const height = page.documentElement.scrollHeight;
    frame.style.height = `${height}px`;
    const size = posterPixels(width, height);
    const places = [...page.querySelectorAll<HTMLElement>('[data-shot]')];
    const total = places.length + 1;
    // A few decodes at a time: the browser decodes off the main thread, and each full image is held only
    // while it is shrunk (four at most, ~4 MB each for a 1280×800 screenshot).
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < places.length) {
        const place = places[next++] as HTMLElement;
        const blob = images.get(place.dataset.shot ?? '');
        if (blob) await drawThumbnail(place, blob, size.scale);
        onProgress(++done, total);
      }
    };
    await Promise.all(Array.from({ length: DECODES_AT_ONCE }, worker));
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
    frame.remove();
  }
};

/** Lays `html` out in the iframe and resolves with its document once it has loaded. */
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

/**
 * A screenshot decoded into a canvas in its place on the poster: shown whole in its box (its shape kept,
 * html2canvas knows no object-fit), with the pixels the poster's scale needs and no more. An image that
 * cannot be decoded leaves the place empty, with its label naming the file.
 */
async function drawThumbnail(place: HTMLElement, blob: Blob, scale: number): Promise<void> {
  const box = { width: place.clientWidth || POSTER_THUMB.width, height: place.clientHeight || POSTER_THUMB.height };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { resizeWidth: Math.max(16, Math.ceil(box.width * scale)), resizeQuality: 'medium' });
  } catch {
    return;
  }
  try {
    const canvas = place.ownerDocument.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    const fit = Math.min(box.width / bitmap.width, box.height / bitmap.height);
    canvas.style.width = `${bitmap.width * fit}px`;
    canvas.style.height = `${bitmap.height * fit}px`;
    place.append(canvas);
  } finally {
    bitmap.close();
  }
}
