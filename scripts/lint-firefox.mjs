#!/usr/bin/env node
// `web-ext lint` of the Firefox build (.output/firefox-mv2): Mozilla's add-on linter, offline. Fails on any
// error; prints the warnings, each of which docs/firefox.md explains. A warning not explained there (a new
// code) fails too, so none slips in unread.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/browser.mjs';

const source = path.join(ROOT, '.output', 'firefox-mv2');
const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', source, '--output', 'json', '--no-config-discovery'], {
  cwd: ROOT,
  encoding: 'utf8',
});
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  console.error(result.stdout, result.stderr);
  console.error('web-ext lint gave no report');
  process.exit(1);
}
const explained = readFileSync(path.join(ROOT, 'docs', 'firefox.md'), 'utf8');
const line = (item) => `${item.code} ${item.file ?? ''}${item.line ? `:${item.line}` : ''} ${item.message}`;
for (const item of report.warnings) console.log(`warning ${line(item)}`);
for (const item of report.notices) console.log(`notice ${line(item)}`);
for (const item of report.errors) console.error(`error ${line(item)}`);
const unexplained = [...report.warnings, ...report.notices].filter((item) => !explained.includes(`\`${item.code}\``));
for (const item of unexplained) console.error(`not explained in docs/firefox.md: ${item.code}`);
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings, ${report.notices.length} notices`);
process.exit(report.errors.length === 0 && unexplained.length === 0 ? 0 : 1);
