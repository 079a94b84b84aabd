#!/usr/bin/env node
// npm run bench: every benchmark, one after the other, each in its own process (a fresh browser each), then
// one table of their headline figures read back from bench/results.json. A part that fails is reported and
// the others still run; the exit code says whether all of them ran. BENCH_PARTS=recorder,privacy runs some.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine } from './lib/bench-results.mjs';
import { formatTable, provenance, summaryRows } from './lib/bench-summary.mjs';
import { ROOT } from './lib/browser.mjs';

const PARTS = ['capture', 'moment', 'map', 'export', 'merge', 'full-page', 'privacy', 'recorder'];
const chosen = process.env.BENCH_PARTS ? process.env.BENCH_PARTS.split(',') : PARTS;
const unknown = chosen.filter((part) => !PARTS.includes(part));
if (unknown.length > 0) {
  console.error(`Unknown benchmark part(s): ${unknown.join(', ')}. Known: ${PARTS.join(', ')}.`);
  process.exit(2);
}

const failed = [];
for (const part of chosen) {
  console.log(`\n=== bench:${part} ===`);
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', `bench-${part}.mjs`)], { stdio: 'inherit', cwd: ROOT });
  if (run.status !== 0) failed.push(part);
}

let results = {};
try {
  results = JSON.parse(readFileSync(path.join(ROOT, 'bench', 'results.json'), 'utf8'));
} catch (error) {
  console.error(`bench/results.json could not be read: ${error.message}`);
}
const host = machine();
console.log(`\n=== summary (bench/results.json) ===`);
console.log(
  `machine: ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, Node ${host.node}, ${host.platform}; load now ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
console.log(`measured: ${provenance(results).join('; ')}`);
console.log(formatTable(summaryRows(results)));
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')} (their rows above are from an earlier run, if any)`);
  process.exit(1);
}
