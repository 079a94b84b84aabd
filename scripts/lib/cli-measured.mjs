// Runs `parcours <args>` in this process (the very lib/cli/main.ts bin/parcours.mjs runs) and prints, last on
// stderr, one JSON line with its wall time and this process's peak resident memory (getrusage's maxRSS), for
// bench-merge.mjs, which cannot read a finished child's peak from /proc.
import { libModule } from './lib-module.mjs';

const { main } = await libModule('lib/cli/main.ts');
const started = performance.now();
const code = await main(process.argv.slice(2));
const ms = performance.now() - started;
process.stderr.write(`\n${JSON.stringify({ code, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
process.exitCode = code;
