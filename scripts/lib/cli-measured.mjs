// Runs `parcours <args>` in this process (the very lib/cli/main.ts bin/parcours.mjs runs) and prints, last on
// stderr, one JSON line with its wall time and this process's peak resident memory, for bench-merge.mjs, which
// cannot read a finished child's peak from /proc. The peak is /proc/self/status's VmHWM (reset by exec), not
// getrusage's maxRSS: Linux carries maxRSS over fork and exec, so a child of a big parent starts at its size.
import { readFileSync } from 'node:fs';
import { libModule } from './lib-module.mjs';

function peakMB() {
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

const { main } = await libModule('lib/cli/main.ts');
const started = performance.now();
const code = await main(process.argv.slice(2));
const ms = performance.now() - started;
process.stderr.write(`\n${JSON.stringify({ code, ms, maxRssMB: peakMB() })}\n`);
process.exitCode = code;
