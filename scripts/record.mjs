#!/usr/bin/env node
// npm run record -- --url <start url> --walk <walk.mjs> --out <bundle.zip> [--title "..."] [--headed]
// npm run record -- --flow <flow.json> [--values <values.json>] [--url <start url>] --out <bundle.zip> [--title "..."] [--headed]
import { parseArgs, recordWalk } from './lib/record-walk.mjs';

const USAGE = [
  'Usage: npm run record -- --url <start url> --walk <walk.mjs> --out <bundle.zip> [--title "..."] [--headed]',
  '   or: npm run record -- --flow <flow.json> [--values <values.json>] [--url <start url>] --out <bundle.zip> [--title "..."] [--headed]',
].join('\n');

try {
  const args = parseArgs(process.argv.slice(2));
  const title = typeof args.title === 'string' ? args.title : '';
  if (args.flow !== undefined) {
    // A recorded flow replayed as the walk (issue 12, re-walk); it gives its own start address.
    if (args.walk !== undefined) throw new Error(`Give --walk or --flow, not both.\n${USAGE}`);
    for (const required of ['flow', 'out']) {
      if (typeof args[required] !== 'string') throw new Error(`Missing --${required}.\n${USAGE}`);
    }
    if (args.values !== undefined && typeof args.values !== 'string') throw new Error(`Missing the file after --values.\n${USAGE}`);
    const url = typeof args.url === 'string' ? args.url : undefined;
    await recordWalk({ flow: args.flow, values: args.values, url, out: args.out, title, headed: args.headed === true });
  } else {
    for (const required of ['url', 'walk', 'out']) {
      if (typeof args[required] !== 'string') throw new Error(`Missing --${required}.\n${USAGE}`);
    }
    await recordWalk({ url: args.url, walk: args.walk, out: args.out, title, headed: args.headed === true });
  }
  process.exit(0);
} catch (error) {
  console.error(`parcours record: ${error.message}`);
  process.exit(1);
}
