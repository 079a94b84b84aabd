// Builds the extension when the build is missing or older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_DIR, ROOT } from './browser.mjs';

const SOURCES = ['entrypoints', 'components', 'lib', 'public', 'wxt.config.ts', 'package.json', 'tsconfig.json'];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** The recorder benchmark's copy of the Chrome build, the same code with source maps beside it. */
export const SOURCE_MAPPED_DIR = path.join(ROOT, '.output', 'bench', 'chrome-mv3');

export function buildIsStale(browser = 'chrome', dir = browser === 'firefox' ? path.join(ROOT, '.output', 'firefox-mv2') : EXTENSION_DIR) {
  const manifest = path.join(dir, 'manifest.json');
  if (!existsSync(manifest)) return true;
  const built = statSync(manifest).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(ROOT, source)) > built);
}

/** Runs `wxt build` if needed; prints one line either way. */
export function ensureBuild({ quiet = false } = {}) {
  if (!buildIsStale()) {
    if (!quiet) console.log('Extension build is up to date.');
    return;
  }
  console.log('Building the extension…');
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), 'build'], { cwd: ROOT, stdio: quiet ? 'ignore' : 'inherit' });
}

/**
 * Builds SOURCE_MAPPED_DIR if needed (wxt.config.ts reads PARCOURS_SOURCEMAP and PARCOURS_OUT_DIR) and returns
 * it: a trace of the minified content script is mapped back to lib/ files through its maps.
 */
export function ensureSourceMappedBuild({ quiet = false } = {}) {
  if (buildIsStale('chrome', SOURCE_MAPPED_DIR)) {
    if (!quiet) console.log('Building the extension with source maps…');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), 'build'], {
      cwd: ROOT,
      stdio: quiet ? 'ignore' : 'inherit',
      env: { ...process.env, PARCOURS_SOURCEMAP: '1', PARCOURS_OUT_DIR: path.dirname(SOURCE_MAPPED_DIR) },
    });
  }
  return SOURCE_MAPPED_DIR;
}
