// A long walk written straight into the extension's database, for the large-session e2e test and
// `npm run bench`: no real walk of 500 or 5,000 clicks could be recorded in reasonable time.

const START = Date.parse('2026-11-01T10:00:00Z');
const STAGE_IDS = ['awareness', 'consideration', 'comparison', 'decision', 'purchase', 'retention', 'advocacy'];

/**
 * The records of a walk of `clicks` clicks one second apart, as the background would have stored them (no
 * browser needed: the bench groups them in Node too). Every `emotionEvery`-th click carries an emotion; with
 * `pageEvery`, a new page loads after every that many clicks; with `screenshots`, every click has its own
 * screenshot event, and `shots` lists the screenshot records to store (their image is made by seedLongWalk).
 * @param {{ id?: string, clicks?: number, emotionEvery?: number, pageEvery?: number, screenshots?: boolean }} [options]
 */
export function longWalkRecords({ id = 'long-walk', clicks = 500, emotionEvery = 10, pageEvery = 0, screenshots = false } = {}) {
  const at = (t) => new Date(START + t).toISOString();
  const events = [];
  const annotations = [];
  const shots = [];
  const base = { sessionId: id, tabId: 1, frameId: 0, frameUrl: null };
  let seq = 0;
  let url = 'https://shop.example/';
  const push = (t, kind, fields) => events.push({ ...base, url, pageTitle: 'Shop', id: `e-${seq}`, seq: seq++, kind, t, at: at(t), ...fields });
  push(0, 'session-start', { startUrl: url, viewport: null });
  for (let i = 1; i <= clicks; i++) {
    const t = i * 1000;
    if (pageEvery > 0 && i > 1 && (i - 1) % pageEvery === 0) {
      const fromUrl = url;
      url = `https://shop.example/page-${(i - 1) / pageEvery}`;
      push(t - 400, 'navigation', { navigationType: 'link', sameDocument: false, fromUrl });
    }
    const clickId = `e-${seq}`;
    push(t, 'click', {
      target: {
        tag: 'button',
        role: 'button',
        name: `Button ${i}`,
        text: `Button ${i}`,
        rect: { x: 0, y: 0, width: 10, height: 10 },
        selectors: [[`#b${i}`]],
        inShadow: false,
      },
      point: { x: (i * 37) % 1200, y: 300 },
      button: 0,
      pointerType: 'mouse',
      devicePixelRatio: 1,
      frame: null,
      clickCount: 1,
    });
    if (screenshots) {
      const screenshotId = `s-${i}`;
      shots.push({ id: screenshotId, sessionId: id, tabId: 1, t: t + 60, mime: 'image/jpeg', width: 1280, height: 800 });
      push(t + 80, 'screenshot', {
        forEventId: clickId,
        screenshotId,
        missingReason: null,
        point: { x: (i * 37) % 1200, y: 300 },
        delayMs: 60,
        shared: false,
      });
    }
    if (i % emotionEvery === 0)
      annotations.push({
        id: `a${i}`,
        sessionId: id,
        eventId: clickId,
        t,
        at: at(t),
        author: 'tester',
        updatedAt: null,
        removed: false,
        kind: 'emotion',
        data: { valence: ((i / emotionEvery) % 5) - 2, label: null },
      });
  }
  const endT = (clicks + 1) * 1000;
  push(endT, 'session-stop', { reason: 'tester' });
  const session = {
    id,
    title: `Long walk (${clicks} clicks)`,
    persona: { name: '', description: '' },
    scenario: '',
    goal: '',
    segment: '',
    expectations: '',
    stages: STAGE_IDS.map((stage, order) => ({ id: stage, name: stage, order })),
    checklist: null,
    currentStageId: 'awareness',
    selectedEventId: null,
    completedAt: null,
    status: 'ended',
    startedAt: at(0),
    startEpochMs: START,
    endedAt: at(endT),
    startUrl: 'https://shop.example/',
    tabIds: [],
    nextSeq: seq,
    lastActionT: null,
    browser: { name: 'Chromium', version: '156' },
    viewport: { width: 1280, height: 800, deviceScaleFactor: 1 },
    eventCount: events.length,
    screenshotCount: shots.length,
    screenshotBytes: 0,
  };
  return { session, events, annotations, shots };
}

/**
 * Writes an ended walk (longWalkRecords) into IndexedDB, from a page of the extension; with `screenshots`,
 * one small JPEG is stored once per screenshot record, as a real walk would.
 * @param {import('playwright').Page} page a page of the extension (its origin owns the database)
 * @param {{ id?: string, clicks?: number, emotionEvery?: number, pageEvery?: number, screenshots?: boolean }} [options]
 * @returns {Promise<string>} the session id
 */
export async function seedLongWalk(page, options = {}) {
  const records = longWalkRecords(options);
  return page.evaluate(async ({ session, events, annotations, shots }) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('parcours');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    let jpeg = null;
    if (shots.length > 0) {
      const canvas = new OffscreenCanvas(1280, 800);
      const context = canvas.getContext('2d');
      context.fillStyle = '#f4f1ea';
      context.fillRect(0, 0, 1280, 800);
      context.fillStyle = '#1f4e79';
      context.fillRect(80, 60, 1120, 90);
      context.fillStyle = '#c8553d';
      context.fillRect(880, 420, 240, 64);
      jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 });
    }
    const tx = db.transaction(['sessions', 'events', 'annotations', 'screenshots'], 'readwrite');
    tx.objectStore('sessions').put({ ...session, screenshotBytes: shots.length * (jpeg?.size ?? 0) });
    for (const event of events) tx.objectStore('events').put(event);
    for (const annotation of annotations) tx.objectStore('annotations').put(annotation);
    for (const shot of shots) tx.objectStore('screenshots').put({ ...shot, blob: jpeg, bytes: jpeg.size });
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    return session.id;
  }, records);
}
