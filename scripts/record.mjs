#!/usr/bin/env node
// npm run record -- --url <start url> --walk <walk.mjs> --out <bundle.zip> [--title "..."] [--headed]
import { parseArgs, recordWalk } from './lib/record-walk.mjs';

const USAGE = 'Usage: npm run record -- --url <start url> --walk <walk.mjs> --out <bundle.zip> [--title "..."] [--headed]';

try {
  const args = parseArgs(process.argv.slice(2));
  for (const required of ['url', 'walk', 'out']) {
    if (typeof args[required] !== 'string') throw new Error(`Missing --${required}.\n${USAGE}`);
  }
  await recordWalk({ url: args.url, walk: args.walk, out: args.out, title: typeof args.title === 'string' ? args.title : '', headed: args.headed === true });
  process.exit(0);
} catch (error) {
  console.error(`parcours record: ${error.message}`);
  process.exit(1);
}
