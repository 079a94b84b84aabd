// Reading the extension's state from outside, without Parcours' own code: the raw IndexedDB `parcours`
// database and the page outboxes in extension storage, read from a page of the extension (its origin owns
// both). Shared by the scripted tester (scripts/lib/tester.mjs) and the end-to-end tests (test/e2e/fixtures.ts),
// which wait on these states instead of sleeping.

/** Where a page keeps an event until the background has committed it (lib/page-recorder/outbox-entry.ts). */
export const OUTBOX_PREFIX = 'outbox:';

/**
 * Evaluated in an extension page: the rows of the named object stores (all of them when `stores` is null),
 * only those of one session when `sessionId` is given. Blobs are reduced to their size and type. Never
 * creates the database: a read before the extension made it finds nothing.
 * @param {{ stores: string[] | null, sessionId: string | null }} options
 */
async function readStoresInPage({ stores, sessionId }) {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('parcours');
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => (request.error?.name === 'AbortError' ? resolve(null) : reject(request.error));
  });
  const out = {};
  if (!db) return out;
  try {
    db.onversionchange = () => db.close();
    const names = Array.from(db.objectStoreNames).filter((name) => stores == null || stores.includes(name));
    if (names.length === 0) return out;
    const transaction = db.transaction(names, 'readonly');
    const read = (request) =>
      new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    for (const name of names) {
      const store = transaction.objectStore(name);
      let rows;
      if (sessionId == null) rows = await read(store.getAll());
      else if (name === 'sessions') rows = [await read(store.get(sessionId))].filter(Boolean);
      else if (store.indexNames.contains('sessionId')) rows = await read(store.index('sessionId').getAll(sessionId));
      else rows = (await read(store.getAll())).filter((row) => row?.sessionId === sessionId);
      out[name] = rows.map((row) =>
        JSON.parse(JSON.stringify(row, (_key, value) => (value instanceof Blob ? { blobSize: value.size, blobType: value.type } : value))),
      );
    }
    return out;
  } finally {
    db.close();
  }
}

/**
 * Evaluated in an extension page: the colour of given pixels of stored screenshots, `{ [screenshotId]:
 * [[r, g, b, a], ...] }` (null for a screenshot that is gone). Points are in image pixels.
 * @param {{ requests: { screenshotId: string, points: { x: number, y: number }[] }[] }} options
 */
async function pixelsInPage({ requests }) {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('parcours');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    const out = {};
    for (const { screenshotId, points } of requests) {
      const row = await new Promise((resolve, reject) => {
        const request = db.transaction('screenshots').objectStore('screenshots').get(screenshotId);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      if (!row) {
        out[screenshotId] = null;
        continue;
      }
      const bitmap = await createImageBitmap(row.blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      context.drawImage(bitmap, 0, 0);
      out[screenshotId] = points.map((point) => Array.from(context.getImageData(Math.round(point.x), Math.round(point.y), 1, 1).data));
    }
    return out;
  } finally {
    db.close();
  }
}

/**
 * Evaluated in an extension page: how many pixels of each image are near `colour` (each channel within
 * `tolerance`), and the box holding them, in image pixels; within each of `regions` too. Images are stored
 * screenshots (`screenshotIds`, all of a session with `sessionId`) or images given as base64 (`images`).
 * @param {{ sessionId: string | null, screenshotIds: string[] | null, images: { name: string, base64: string }[], colour: number[], tolerance: number, regions: Record<string, { x: number, y: number, width: number, height: number }> }} options
 */
async function coloursInPage({ sessionId, screenshotIds, images, colour, tolerance, regions }) {
  const count = async (blob) => {
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const near = (offset) =>
      Math.abs(data[offset] - colour[0]) <= tolerance &&
      Math.abs(data[offset + 1] - colour[1]) <= tolerance &&
      Math.abs(data[offset + 2] - colour[2]) <= tolerance;
    let total = 0;
    let box = null;
    const inRegions = Object.fromEntries(Object.keys(regions).map((name) => [name, 0]));
    for (let y = 0; y < bitmap.height; y++) {
      for (let x = 0; x < bitmap.width; x++) {
        if (!near((y * bitmap.width + x) * 4)) continue;
        total++;
        box = box ? { x0: Math.min(box.x0, x), y0: Math.min(box.y0, y), x1: Math.max(box.x1, x), y1: Math.max(box.y1, y) } : { x0: x, y0: y, x1: x, y1: y };
        for (const [name, region] of Object.entries(regions))
          if (x >= region.x && x < region.x + region.width && y >= region.y && y < region.y + region.height) inRegions[name]++;
      }
    }
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return { ...size, count: total, box, regions: inRegions };
  };
  const out = {};
  if (sessionId || screenshotIds) {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('parcours');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const rows = await new Promise((resolve, reject) => {
        const store = db.transaction('screenshots').objectStore('screenshots');
        const request = sessionId ? store.index('sessionId').getAll(sessionId) : store.getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const row of rows) if (!screenshotIds || screenshotIds.includes(row.id)) out[row.id] = await count(row.blob);
    } finally {
      db.close();
    }
  }
  for (const image of images) {
    const bytes = Uint8Array.from(atob(image.base64), (character) => character.charCodeAt(0));
    out[image.name] = await count(new Blob([bytes], { type: 'image/jpeg' }));
  }
  return out;
}

/**
 * For each image, how many of its pixels are near `colour` and where, read from `page` (a page of the
 * extension): the stored screenshots of a session (or those named), and images given as base64 (an exported
 * bundle's). `regions` (image pixels) are counted apart. A privacy test paints what must be hidden in a vivid
 * colour and looks for it.
 * @param {import('playwright').Page} page
 * @param {{ sessionId?: string | null, screenshotIds?: string[] | null, images?: { name: string, base64: string }[], colour: number[], tolerance?: number, regions?: Record<string, { x: number, y: number, width: number, height: number }> }} options
 * @returns {Promise<Record<string, { width: number, height: number, count: number, box: { x0: number, y0: number, x1: number, y1: number } | null, regions: Record<string, number> }>>}
 */
export function colourInImages(page, { sessionId = null, screenshotIds = null, images = [], colour, tolerance = 60, regions = {} }) {
  return page.evaluate(coloursInPage, { sessionId, screenshotIds, images, colour, tolerance, regions });
}

/**
 * The colour of pixels of stored screenshots, read from `page` (a page of the extension).
 * @param {import('playwright').Page} page
 * @param {{ screenshotId: string, points: { x: number, y: number }[] }[]} requests
 * @returns {Promise<Record<string, number[][] | null>>}
 */
export function screenshotPixels(page, requests) {
  return page.evaluate(pixelsInPage, { requests });
}

/**
 * Rows of the extension's database, read raw from `page` (a page of the extension).
 * @param {import('playwright').Page} page
 * @param {{ stores?: string[] | null, sessionId?: string | null }} [options]
 * @returns {Promise<Record<string, Record<string, any>[]>>}
 */
export function readDatabase(page, { stores = null, sessionId = null } = {}) {
  return page.evaluate(readStoresInPage, { stores, sessionId });
}

/** The events of one session in commit order. */
export async function readEvents(page, sessionId) {
  const { events = [] } = await readDatabase(page, { stores: ['events'], sessionId });
  return events.sort((a, b) => a.seq - b.seq);
}

/**
 * The kinds of the events pages of a session sent but the background has not committed yet: their safety
 * copies in extension storage (lib/page-recorder/outbox.ts) whose event is not in the database. A copy can
 * outlive its commit (one written once the page learnt its tab, after the event was already committed) until
 * a worker start clears it: such a copy waits for nothing.
 * @param {import('playwright').Page} page a page of the extension
 * @param {string} sessionId
 * @returns {Promise<string[]>}
 */
export async function uncommittedEvents(page, sessionId) {
  const entries = await page.evaluate(
    async ({ prefix, sessionId }) => {
      const all = await chrome.storage.local.get(null);
      return Object.entries(all)
        .filter(([key, entry]) => key.startsWith(prefix) && entry?.sessionId === sessionId)
        .map(([, entry]) => ({ id: entry.event?.id, kind: entry.event?.kind ?? 'unknown' }));
    },
    { prefix: OUTBOX_PREFIX, sessionId },
  );
  if (entries.length === 0) return [];
  const committed = new Set((await readEvents(page, sessionId)).map((event) => event.id));
  return entries.filter((entry) => !committed.has(entry.id)).map((entry) => entry.kind);
}

/** Wakes the service worker with a harmless question (at its start it commits what stopped workers left). */
export function wakeServiceWorker(page) {
  return page.evaluate(() => chrome.runtime.sendMessage({ parcours: 1, name: 'session/current', request: {} }).catch(() => null));
}

/**
 * Calls `check` until it returns something other than undefined, null or false, and returns that. A check
 * that throws is tried again (a page mid-reload); past `timeout` the last error or `what` is reported.
 * @template T
 * @param {() => Promise<T>} check
 * @param {{ what: string | (() => string), timeout?: number, interval?: number }} options
 * @returns {Promise<NonNullable<T>>}
 */
export async function pollUntil(check, { what, timeout = 15_000, interval = 50 }) {
  const deadline = Date.now() + timeout;
  let lastError = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const description = typeof what === 'function' ? what() : what;
      throw new Error(`Timed out after ${timeout} ms waiting for ${description}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    // The polling interval of a wait on state, not a sleep standing for it.
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * A page of the extension to read from: one already open (the tester's popup during a walk), else a new
 * one. Opening a page brings it to the front, which hides the page being walked (and would be recorded
 * as a visibility change): the page that was visible is brought back.
 * @param {import('playwright').BrowserContext} context
 * @param {string} extensionId
 * @returns {Promise<import('playwright').Page>}
 */
export async function extensionPage(context, extensionId) {
  const origin = `chrome-extension://${extensionId}/`;
  const open = context.pages().filter((page) => !page.isClosed() && page.url().startsWith(origin));
  // The popup first: other extension pages navigate more (the review page between sessions and steps).
  const found = open.find((page) => page.url().includes('/popup.html')) ?? open[0];
  if (found) return found;
  let visible = null;
  for (const page of context.pages()) {
    if (page.isClosed()) continue;
    if ((await page.evaluate(() => document.visibilityState).catch(() => null)) === 'visible') {
      visible = page;
      break;
    }
  }
  const reader = await context.newPage();
  await reader.goto(`${origin}sessions.html`);
  if (visible) await visible.bringToFront();
  return reader;
}
