#!/usr/bin/env node
// The `parcours` command line (package.json "bin"). It runs the TypeScript of lib/ itself, the very code the
// extension runs, through Vite's module runner (scripts/lib/lib-module.mjs, as the benches do): nothing to
// build first, and never a stale copy of lib/. Vite is a devDependency, so a plain `npm install` in a clone
// provides it; `npm install --omit=dev` does not, and the command says so.
let libModule;
try {
  ({ libModule } = await import('../scripts/lib/lib-module.mjs'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write(
    `parcours: ${error.message}\nparcours: run "npm install" in the Parcours folder (the command line runs lib/ through Vite, a devDependency).\n`,
  );
  process.exit(2);
}
const { main } = await libModule('lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
