// The scripted walk of the recorder benchmark (scripts/bench-recorder.mjs) and the recorders it runs under:
// none, Parcours (started through its popup, as the tester does) or rrweb's record() injected into the page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './browser.mjs';
import { Tester } from './tester.mjs';

/** The walk's pace: the workload itself, not a wait standing for a state. */
export const GAP_MS = 250;

const RRWEB_DIR = path.join(ROOT, 'node_modules', 'rrweb');
/** The name rrweb's frames carry in a trace (the sourceURL it is injected under). */
export const RRWEB_URL = 'bench://rrweb/rrweb.umd.cjs';
export const RRWEB_VERSION = JSON.parse(readFileSync(path.join(RRWEB_DIR, 'package.json'), 'utf8')).version;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves after the page's next two animation frames: what was started has been painted. */
export function nextPaint(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Starts a recorder on `page`. Parcours: the tester's Start in the popup, returned once the page's overlay says
 * Recording. rrweb: its UMD bundle added to the page and `record()` called, every event kept in an array.
 * @returns {Promise<{ tester?: Tester }>}
 */
export async function startRecorder(config, { context, extensionId, page }) {
  if (config === 'parcours') {
    const tester = new Tester({ context, extensionId, page });
    await tester.start({ title: 'Recorder benchmark' });
    await nextPaint(page);
    return { tester };
  }
  if (config === 'rrweb') {
    const code = readFileSync(path.join(RRWEB_DIR, 'dist', 'rrweb.umd.cjs'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '');
    await page.addScriptTag({ content: `${code}\n//# sourceURL=${RRWEB_URL}` });
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.benchRrwebEvents = [];
      w.benchRrwebStop = w.rrweb.record({ emit: (event) => w.benchRrwebEvents.push(event) });
    });
    await nextPaint(page);
  }
  return {};
}

/**
 * The walk: `clicks` clicks GAP_MS apart on the page's Shuffle button (each rewrites 200 cells), every tenth
 * a click into the filter field and three letters typed, a scroll of the page every fifteenth. Returns the
 * wall time each Playwright click took and the walk's length; it ends one step's gap after its last click.
 * @param {import('playwright').Page} page
 */
export async function walk(page, clicks) {
  const clickMs = [];
  const startedAt = Date.now();
  for (let i = 0; i < clicks; i++) {
    await sleep(startedAt + i * GAP_MS - Date.now());
    const typing = i % 10 === 9;
    const before = performance.now();
    await page.click(typing ? '#filter' : '#shuffle');
    clickMs.push(performance.now() - before);
    if (typing) await page.keyboard.type('abc');
    if (i % 15 === 14) await page.mouse.wheel(0, 600);
  }
  await sleep(startedAt + clicks * GAP_MS - Date.now());
  return { clickMs, walkMs: Date.now() - startedAt };
}

/** Clicks Shuffle `count` times `gapMs` apart (the screenshot latency run: one screenshot per click). */
export async function spacedClicks(page, count, gapMs) {
  const startedAt = Date.now();
  for (let i = 0; i < count; i++) {
    await sleep(startedAt + i * gapMs - Date.now());
    await page.click('#shuffle');
  }
}
