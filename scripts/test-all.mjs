#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, build, end-to-end tests in Chromium. Prints one line per suite
// and ends with the sum of every suite: `N passed, N failed`.
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

const passed = suites.reduce((sum, suite) => sum + suite.passed, 0);
const failed = suites.reduce((sum, suite) => sum + suite.failed, 0);
console.log('\n=== summary ===');
for (const suite of suites) console.log(`${suite.name.padEnd(10)} ${suite.passed} passed, ${suite.failed} failed (${suite.seconds} s)`);
const line = `${passed} passed, ${failed} failed`;
writeFileSync(path.join(RESULTS, 'summary.txt'), `${line}\n`);
console.log(line);
process.exit(failed === 0 ? 0 : 1);
