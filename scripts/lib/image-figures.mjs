// Figures of a screenshot against a reference image, computed with a canvas in a browser page: shared by the
// full-page benchmark (scripts/bench-full-page.mjs) and its end-to-end test (test/e2e/full-page.spec.ts).

/**
 * Compares `candidate` with `reference` and looks for runs of a colour down given columns.
 * - `reference`, `candidate`: a data URL, or `{ screenshotId }` read from the extension's database (the page
 *   must then be an extension page; the database is read directly, without the extension's code);
 * - `columns`: `[x0, x1)` in image pixels where the worst band is looked for (null: the whole width);
 * - `band`: the height of the bands, image pixels;
 * - `runs`: `{ name, x, color: [r, g, b] }`, each counted as runs of rows at column x whose colour is within
 *   `tolerance` of it (runs shorter than `minRun` rows are JPEG noise).
 * Returns the sizes, the mean absolute difference per channel (0–255) over the common area, the worst band,
 * and the runs found: `{ [name]: [{ y, length }] }`.
 * @param {import('playwright').Page} page
 * @param {{ reference: string | { screenshotId: string }, candidate: string | { screenshotId: string }, columns?: [number, number] | null,
 *   band?: number, runs?: { name: string, x: number, color: [number, number, number] }[], tolerance?: number, minRun?: number }} options
 * @returns {Promise<{ width: number, height: number, referenceWidth: number, referenceHeight: number, mean: number,
 *   worstBand: { y: number, mean: number }, runs: Record<string, { y: number, length: number }[]> }>}
 */
export async function imageFigures(page, { reference, candidate, columns = null, band = 50, runs = [], tolerance = 40, minRun = 4 }) {
  return page.evaluate(
    async ({ reference, candidate, columns, band, runs, tolerance, minRun }) => {
      const blobOf = async (source) => {
        if (typeof source === 'string') return (await fetch(source)).blob();
        const db = await new Promise((resolve, reject) => {
          const request = indexedDB.open('parcours');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const row = await new Promise((resolve, reject) => {
          const request = db.transaction('screenshots').objectStore('screenshots').get(source.screenshotId);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        db.close();
        if (!row) throw new Error(`No screenshot ${source.screenshotId}`);
        return row.blob;
      };
      const pixels = async (source) => {
        const bitmap = await createImageBitmap(await blobOf(source));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        context.drawImage(bitmap, 0, 0);
        bitmap.close();
        return context.getImageData(0, 0, canvas.width, canvas.height);
      };
      const ref = await pixels(reference);
      const img = await pixels(candidate);
      const width = Math.min(ref.width, img.width);
      const height = Math.min(ref.height, img.height);
      const [x0, x1] = columns ? [Math.max(0, columns[0]), Math.min(width, columns[1])] : [0, width];
      let sum = 0;
      let worst = { y: 0, mean: 0 };
      for (let top = 0; top < height; top += band) {
        let bandSum = 0;
        let bandCount = 0;
        for (let y = top; y < Math.min(height, top + band); y++) {
          for (let x = 0; x < width; x++) {
            const i = (y * ref.width + x) * 4;
            const j = (y * img.width + x) * 4;
            const d = Math.abs(ref.data[i] - img.data[j]) + Math.abs(ref.data[i + 1] - img.data[j + 1]) + Math.abs(ref.data[i + 2] - img.data[j + 2]);
            sum += d;
            if (x >= x0 && x < x1) {
              bandSum += d;
              bandCount += 3;
            }
          }
        }
        const mean = bandCount ? bandSum / bandCount : 0;
        if (mean > worst.mean) worst = { y: top, mean };
      }
      const found = {};
      for (const probe of runs) {
        const list = [];
        let start = -1;
        for (let y = 0; y <= img.height; y++) {
          const i = (y * img.width + probe.x) * 4;
          const match =
            y < img.height &&
            Math.abs(img.data[i] - probe.color[0]) <= tolerance &&
            Math.abs(img.data[i + 1] - probe.color[1]) <= tolerance &&
            Math.abs(img.data[i + 2] - probe.color[2]) <= tolerance;
          if (match && start < 0) start = y;
          if (!match && start >= 0) {
            if (y - start >= minRun) list.push({ y: start, length: y - start });
            start = -1;
          }
        }
        found[probe.name] = list;
      }
      return {
        width: img.width,
        height: img.height,
        referenceWidth: ref.width,
        referenceHeight: ref.height,
        mean: sum / (width * height * 3),
        worstBand: worst,
        runs: found,
      };
    },
    { reference, candidate, columns, band, runs, tolerance, minRun },
  );
}
