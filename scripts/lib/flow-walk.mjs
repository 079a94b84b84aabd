// `npm run record -- --flow <flow.json>`: a recorded flow replayed as the walk, so a team walks the same path
// again and gets today's screenshots and timings. The replay is @puppeteer/replay's (the Chrome DevTools
// Recorder's own), connected to the very Chromium Playwright launched with the extension, over a second
// DevTools endpoint: the steps run as the Recorder runs them (its selectors, offsets, targets, frames and
// navigation waits), with the browser's own input events (trusted), which is what Parcours records.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@puppeteer/replay';
import puppeteer from 'puppeteer-core';
import { replayFlow } from './replay-flow.mjs';

export const DEVTOOLS_PORT_SWITCH = '--remote-debugging-port=0';

/**
 * Reads and checks a flow (and the test data for its typed fields): what to launch with (the flow's viewport,
 * a DevTools endpoint) and where it starts.
 * @param {string} file
 * @param {string} [valuesFile] JSON object: field name (or autocomplete, or label) -> value, or values in order
 */
export function readFlow(file, valuesFile) {
  let flow;
  try {
    flow = parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`Cannot read the flow ${file}: ${error.message}`);
  }
  let values = {};
  if (valuesFile) {
    try {
      values = JSON.parse(readFileSync(valuesFile, 'utf8'));
    } catch (error) {
      throw new Error(`Cannot read the values ${valuesFile}: ${error.message}`);
    }
    if (!values || typeof values !== 'object' || Array.isArray(values))
      throw new Error(`The values ${valuesFile} must be a JSON object (field name -> value).`);
  }
  // The leading setViewport is applied at launch (Playwright's emulation owns the viewport; a second one set
  // by Puppeteer would fight it), the first navigate by opening the start page before the recording starts.
  const viewportIndex = flow.steps.findIndex((step) => step.type === 'setViewport' && (step.target ?? 'main') === 'main');
  const navigateIndex = flow.steps.findIndex((step) => step.type === 'navigate' && (step.target ?? 'main') === 'main');
  const viewport = viewportIndex >= 0 ? flow.steps[viewportIndex] : null;
  const launch = { args: [DEVTOOLS_PORT_SWITCH] };
  if (viewport) {
    launch.viewport = { width: viewport.width, height: viewport.height };
    if (viewport.deviceScaleFactor && viewport.deviceScaleFactor !== 1) launch.deviceScaleFactor = viewport.deviceScaleFactor;
  }
  return { file, flow, values, launch, startUrl: navigateIndex >= 0 ? flow.steps[navigateIndex].url : null, viewportIndex, navigateIndex };
}

async function devtoolsPort(profile) {
  const file = path.join(profile, 'DevToolsActivePort');
  const deadline = Date.now() + 10_000;
  // Chromium writes the file once its endpoint listens; it is there before the extension's worker started.
  while (!existsSync(file) || readFileSync(file, 'utf8').split('\n').length < 2) {
    if (Date.now() > deadline) throw new Error(`No DevTools endpoint: ${file} never appeared`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return readFileSync(file, 'utf8').split('\n')[0];
}

/** The walk function that replays `recorded` (from readFlow) on the recorded tab. */
export function flowWalk(recorded, { url, log = console.log }) {
  return async ({ page, profile }) => {
    const port = await devtoolsPort(profile);
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
    try {
      const candidates = (await browser.pages()).filter((candidate) => candidate.url() === page.url());
      if (candidates.length !== 1) throw new Error(`Cannot tell the recorded tab among ${candidates.length} at ${page.url()}`);
      const atStart = page.url() === url;
      const { skipped } = await replayFlow({
        browser,
        page: candidates[0],
        flow: recorded.flow,
        values: recorded.values,
        skip: (_step, index) => index === recorded.viewportIndex || (index === recorded.navigateIndex && atStart),
        log,
      });
      if (skipped.length) log(`${skipped.length} typed field(s) left empty: give their values with --values <values.json>.`);
    } finally {
      await browser.disconnect();
    }
  };
}
