// `npm run record`: launch, record a walk through the extension's UI, export the bundle.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchWithExtension } from './browser.mjs';
import { ensureBuild } from './build.mjs';
import { flowWalk, readFlow } from './flow-walk.mjs';
import { Tester } from './tester.mjs';

/**
 * Records one scripted walk and writes its bundle. The walk is a module (`walk`), or a recorded `flow.json`
 * replayed (`flow`, with `values` for its typed fields: see flow-walk.mjs); a flow gives its own start
 * address and viewport unless `url` is given.
 * @param {{ url?: string, walk?: string, flow?: string, values?: string, out: string, title?: string, headed?: boolean, log?: (line: string) => void }} options
 */
export async function recordWalk({ url, walk, flow, values, out, title = '', headed = false, log = console.log }) {
  let walkFunction;
  let launch = {};
  if (flow) {
    const recorded = readFlow(flow, values);
    url ??= recorded.startUrl;
    if (!url) throw new Error(`The flow ${flow} has no navigate step to start from: give --url.`);
    launch = recorded.launch;
    title ||= recorded.flow.title;
    walkFunction = flowWalk(recorded, { url, log });
  } else {
    const walkModule = await import(pathToFileURL(path.resolve(walk)).href).catch((error) => {
      throw new Error(`Cannot load the walk ${walk}: ${error.message}`);
    });
    walkFunction = walkModule.default;
    if (typeof walkFunction !== 'function') throw new Error(`The walk ${walk} must export a default async function ({ page, context, tester }).`);
  }
  ensureBuild({ quiet: true });
  const startedAt = Date.now();
  const { context, extensionId, close, profile } = await launchWithExtension({ headed, ...launch });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url, { waitUntil: 'load' }).catch((error) => {
      throw new Error(`Cannot open ${url}: ${error.message}`);
    });
    const tester = new Tester({ context, extensionId, page });
    await tester.start({ title });
    log(`Recording ${url} …`);
    try {
      await walkFunction({ page, context, tester, profile });
    } catch (error) {
      throw new Error(`The walk failed: ${error.message}`);
    }
    await tester.stop();
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    await tester.exportTo(path.resolve(out));
    log(`Wrote ${out} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
    return { sessionId: tester.sessionId };
  } finally {
    await close();
  }
}

/** Parses `--name value` and `--flag` arguments. */
export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument: ${arg}`);
    const name = arg.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args[name] = true;
    else {
      args[name] = next;
      i++;
    }
  }
  return args;
}
