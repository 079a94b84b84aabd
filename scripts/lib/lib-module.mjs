// A module of lib/ for Node scripts (benches): TypeScript through Vite's module runner.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

/** @param {string} path a path from the project root, e.g. 'lib/journey/moment.ts' */
export async function libModule(path) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  return (await runnerImport(new URL(`../../${path}`, import.meta.url).pathname, { configFile: false, root, logLevel: 'silent' })).module;
}
