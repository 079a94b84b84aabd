#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, build, end-to-end tests in Chromium, the Firefox build, its
// `web-ext lint` and its end-to-end tests in Firefox. Prints one line per suite and ends with the sum of
// every suite: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/browser.mjs';

const RESULTS = path.join(ROOT, 'test-results');
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const suites = [];

function run(command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function single(name, command, args) {
  console.log(`\n=== ${name} ===`);
  const { ok, seconds } = run(command, args);
  suites.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

mkdirSync(RESULTS, { recursive: true });

single('typecheck', bin('tsc'), ['--noEmit', '-p', '.']);
single('lint', bin('biome'), ['check', '.']);

console.log('\n=== unit ===');
const unitReport = path.join(RESULTS, 'unit.json');
rmSync(unitReport, { force: true });
const unit = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`]);
const unitJson = readJson(unitReport);
suites.push({
  name: 'unit',
  passed: unitJson?.numPassedTests ?? 0,
  failed: unitJson ? unitJson.numFailedTests + (unit.ok ? 0 : unitJson.numFailedTests === 0 ? 1 : 0) : 1,
  seconds: unit.seconds,
});

single('build', bin('wxt'), ['build']);

console.log('\n=== e2e (Chromium) ===');
const e2eReport = path.join(RESULTS, 'e2e.json');
rmSync(e2eReport, { force: true });
if (existsSync(path.join(ROOT, '.output', 'chrome-mv3', 'manifest.json'))) {
  const e2e = run(bin('playwright'), ['test']);
  const stats = readJson(e2eReport)?.stats;
  const failed = stats ? stats.unexpected + stats.flaky : 1;
  suites.push({ name: 'e2e', passed: stats?.expected ?? 0, failed: failed + (e2e.ok || failed > 0 ? 0 : 1), seconds: e2e.seconds });
} else {
  suites.push({ name: 'e2e', passed: 0, failed: 1, seconds: '0.0' });
}

single('build (Firefox)', bin('wxt'), ['build', '-b', 'firefox']);
const firefoxBuilt = existsSync(path.join(ROOT, '.output', 'firefox-mv2', 'manifest.json'));
// One test: no error from Mozilla's add-on linter; the warnings left are explained in docs/firefox.md.
single('web-ext lint', process.execPath, [path.join(ROOT, 'scripts', 'lint-firefox.mjs')]);

console.log('\n=== e2e (Firefox) ===');
const firefoxReport = path.join(RESULTS, 'e2e-firefox.json');
rmSync(firefoxReport, { force: true });
if (firefoxBuilt) {
  const firefox = run(bin('vitest'), [
    'run',
    '--config',
    'test/firefox/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${firefoxReport}`,
  ]);
  const json = readJson(firefoxReport);
  // A suite that fails outside any test (Firefox not starting, a failed beforeAll) counts its tests as failed.
  const failed = json ? json.numFailedTests + (firefox.ok || json.numFailedTests > 0 ? 0 : Math.max(1, json.numTotalTests - json.numPassedTests)) : 1;
  suites.push({ name: 'e2e (Firefox)', passed: json?.numPassedTests ?? 0, failed, seconds: firefox.seconds });
} else {
  suites.push({ name: 'e2e (Firefox)', passed: 0, failed: 1, seconds: '0.0' });
}

const passed = suites.reduce((sum, suite) => sum + suite.passed, 0);
const failed = suites.reduce((sum, suite) => sum + suite.failed, 0);
console.log('\n=== summary ===');
for (const suite of suites) console.log(`${suite.name.padEnd(16)} ${suite.passed} passed, ${suite.failed} failed (${suite.seconds} s)`);
const line = `${passed} passed, ${failed} failed`;
writeFileSync(path.join(RESULTS, 'summary.txt'), `${line}\n`);
console.log(line);
process.exit(failed === 0 ? 0 : 1);
