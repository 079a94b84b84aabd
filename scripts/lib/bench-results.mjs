// bench/results.json: the latest figures of every benchmark, each under its own key, with the machine they
// came from. Each bench script replaces its own key and leaves the others.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './browser.mjs';

const FILE = path.join(ROOT, 'bench', 'results.json');

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Replaces `key` in bench/results.json with `figures`, stamped with the time and the machine. */
export function writeResults(key, figures) {
  let all = {};
  try {
    all = JSON.parse(readFileSync(FILE, 'utf8'));
  } catch {
    // First run, or a file left half-written: start again.
  }
  all[key] = { measuredAt: new Date().toISOString(), machine: machine(), ...figures };
  mkdirSync(path.dirname(FILE), { recursive: true });
  writeFileSync(FILE, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`figures written to ${path.relative(ROOT, FILE)} (${key})`);
}
