#!/usr/bin/env node
// npm run bench (merge part): `parcours merge` of BENCH_MERGE_WALKS (default 20) bundles of BENCH_MERGE_STEPS
// (default 200) clicks each, on the command line. Prints figures; asserts nothing.
// The bundles are written by the real writer (lib/bundle/write-bundle.ts) from long walks (scripts/lib/long-walk.mjs),
// each click with its own screenshot: real 1280×800 JPEGs of a busy picture encoded by Chromium (a few
// distinct pictures, each copy made distinct by a JPEG comment segment, so every file has its own bytes and
// the size of a real capture). Measured: the merge's wall time (in the CLI process, after its start-up) and
// its peak resident memory (VmHWM), against the same process running `parcours --help` (the runtime's own).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
import { writeResults } from './lib/bench-results.mjs';
import { findChromium, ROOT } from './lib/browser.mjs';
import { libModule } from './lib/lib-module.mjs';
import { longWalkRecords } from './lib/long-walk.mjs';

const WALKS = Number(process.env.BENCH_MERGE_WALKS ?? 20);
const STEPS = Number(process.env.BENCH_MERGE_STEPS ?? 200);
const PICTURES = 6;
const round = (value) => Math.round(value * 10) / 10;

/** A few distinct busy 1280×800 JPEGs (quality 0.8), encoded by Chromium as the recorder's captures are. */
async function pictures() {
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  try {
    const page = await browser.newPage();
    const images = await page.evaluate(async (count) => {
      const out = [];
      let seed = 11;
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      for (let n = 0; n < count; n++) {
        const canvas = new OffscreenCanvas(1280, 800);
        const context = canvas.getContext('2d');
        context.fillStyle = '#f4f1ea';
        context.fillRect(0, 0, 1280, 800);
        for (let r = 0; r < 900; r++) {
          context.fillStyle = `hsl(${Math.floor(random() * 360)} 50% ${30 + Math.floor(random() * 60)}%)`;
          context.fillRect(random() * 1280, random() * 800, 4 + random() * 90, 4 + random() * 40);
        }
        context.fillStyle = '#111';
        context.font = '16px sans-serif';
        for (let line = 0; line < 30; line++) context.fillText(`Picture ${n} · product line ${line} · €${(random() * 100).toFixed(2)}`, 40, 30 + line * 25);
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
        out.push([...new Uint8Array(await blob.arrayBuffer())]);
      }
      return out;
    }, PICTURES);
    return images.map((bytes) => new Uint8Array(bytes));
  } finally {
    await browser.close();
  }
}

/** The picture with a COM segment (FF FE, length, text) right after SOI: still a valid JPEG, its own bytes. */
function distinct(jpeg, label) {
  const text = new TextEncoder().encode(label);
  const segment = new Uint8Array([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff, ...text]);
  const out = new Uint8Array(jpeg.length + segment.length);
  out.set(jpeg.subarray(0, 2));
  out.set(segment, 2);
  out.set(jpeg.subarray(2), 2 + segment.length);
  return out;
}

function runCli(args) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'lib', 'cli-measured.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const last = run.stderr.trim().split('\n').at(-1);
  const figures = JSON.parse(last);
  if (figures.code !== 0) throw new Error(`parcours ${args.join(' ')} failed:\n${run.stderr}`);
  return { ...figures, stdout: run.stdout };
}

const dir = mkdtempSync(path.join(tmpdir(), 'parcours-bench-merge-'));
try {
  const { writeBundle } = await libModule('lib/bundle/write-bundle.ts');
  const images = await pictures();
  const files = [];
  let imageBytes = 0;
  for (let walk = 0; walk < WALKS; walk++) {
    const records = longWalkRecords({ id: `bench-merge-${walk}`, clicks: STEPS, emotionEvery: 2 + (walk % 3), pageEvery: 8, screenshots: true });
    const session = { ...records.session, title: 'Bench purchase', persona: { name: `Shopper ${walk + 1}`, description: '' } };
    const { zip } = await writeBundle({
      session,
      events: records.events,
      annotations: records.annotations,
      locale: 'en',
      loadScreenshot: async (screenshotId) => {
        const bytes = distinct(images[(walk + Number(screenshotId.slice(2))) % PICTURES], `${session.id} ${screenshotId}`);
        imageBytes += bytes.byteLength;
        return new Blob([bytes], { type: 'image/jpeg' });
      },
    });
    const file = path.join(dir, `walk-${String(walk + 1).padStart(2, '0')}.parcours.zip`);
    writeFileSync(file, new Uint8Array(await zip.arrayBuffer()));
    files.push(file);
  }
  const inputBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  console.log(
    `Parcours merge benchmark (command line, Node ${process.version}): ${WALKS} bundles of ${STEPS} steps, ${round(inputBytes / 2 ** 20)} MB in all (${round(imageBytes / (WALKS * STEPS) / 1024)} KB per screenshot)`,
  );
  const baseline = runCli(['--help']);
  const merge = runCli(['merge', ...files, '--out', path.join(dir, 'merged.parcours.zip')]);
  const outBytes = statSync(path.join(dir, 'merged.parcours.zip')).size;
  const verify = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'parcours.mjs'), 'verify', path.join(dir, 'merged.parcours.zip')], { encoding: 'utf8' });
  console.log(`  ${merge.stdout.trim()}`);
  console.log(
    `  merge: ${Math.round(merge.ms)} ms; peak resident memory ${round(merge.maxRssMB)} MB (the CLI at rest: ${round(baseline.maxRssMB)} MB; extra ${round(merge.maxRssMB - baseline.maxRssMB)} MB)`,
  );
  console.log(`  merged bundle: ${round(outBytes / 2 ** 20)} MB; parcours verify: exit ${verify.status}`);
  writeResults('merge', {
    walks: WALKS,
    steps: STEPS,
    inputMB: round(inputBytes / 2 ** 20),
    mergeMs: Math.round(merge.ms),
    peakRssMB: round(merge.maxRssMB),
    baselineRssMB: round(baseline.maxRssMB),
    extraRssMB: round(merge.maxRssMB - baseline.maxRssMB),
    outputMB: round(outBytes / 2 ** 20),
    verified: verify.status === 0,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
