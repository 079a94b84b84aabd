// `npm run zip`, as a release is made: the two store zips (what Chrome's Web Store and Firefox's AMO take)
// and Firefox's sources zip, which AMO's reviewers unzip and build with the README's commands. This file runs
// the real script into a temporary folder, then builds the sources zip the way a reviewer would and compares
// what it gives with the real build, byte for byte. About a minute: two builds and the reviewer's build.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredIcons, pngSize } from '@/lib/packaging/icons';
import { isSourcePath } from '@/lib/packaging/sources';
import { launchWithExtension } from '../../../scripts/lib/browser.mjs';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/**
 * The environment a person has: none of the benchmarks' build switches (another out dir, source maps), nor
 * Vitest's NODE_ENV=test and VITEST* variables, under which Vite and Preact's preset build for development
 * (JSX with the absolute path of each source file: neither a store's package nor the same from another folder).
 */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_ENV' || key === 'TEST' || key.startsWith('VITEST') || key.startsWith('PARCOURS_')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Every file under `dir`, relative, with `/`. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(path.join(dir, entry.name), relative) : [relative];
  });
}

/** The files of a zip (folder entries left out), with their bytes. */
async function zipFiles(file: string): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const files = new Map<string, Uint8Array>();
  for (const entry of Object.values(zip.files)) if (!entry.dir) files.set(entry.name, await entry.async('uint8array'));
  return files;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

let work: string;
let out: string;
const zips: Record<'chrome' | 'firefox' | 'sources', string> = { chrome: '', firefox: '', sources: '' };

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'parcours-zip-'));
  out = path.join(work, 'out');
  // The real script, into a folder of its own (the out dir switch the benchmarks use) so that a developer's
  // .output is left alone.
  await run('npm', ['run', 'zip'], ROOT, plainEnv({ PARCOURS_OUT_DIR: out }));
  zips.chrome = path.join(out, `${pkg.name}-${pkg.version}-chrome.zip`);
  zips.firefox = path.join(out, `${pkg.name}-${pkg.version}-firefox.zip`);
  zips.sources = path.join(out, `${pkg.name}-${pkg.version}-sources.zip`);
  for (const [what, file] of Object.entries(zips)) {
    if (!existsSync(file)) throw new Error(`npm run zip made no ${what} zip at ${file}; it made: ${readdirSync(out).join(', ')}`);
    console.info(`${path.basename(file)}: ${kB(statSync(file).size)}`);
  }
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The build folder WXT wrote for a browser (`chrome-mv3`, `firefox-mv2`: the manifest version is the config's). */
function buildDirOf(browser: string): string {
  const dirs = readdirSync(out).filter((name) => name.startsWith(`${browser}-mv`));
  if (dirs.length !== 1) throw new Error(`Expected one ${browser} build in ${out}, found: ${dirs.join(', ') || 'none'}`);
  return dirs[0] as string;
}

describe.each([
  // Chrome: 16, 32, 48 and 128 (the Web Store's); Firefox: 48 and 96 (the add-ons manager's, and its 2x).
  { browser: 'chrome' as const, requiredIcons: [16, 32, 48, 128] },
  { browser: 'firefox' as const, requiredIcons: [48, 96] },
])('the $browser store zip', ({ browser, requiredIcons }) => {
  let files: Map<string, Uint8Array>;
  let manifest: Record<string, unknown>;
  let buildDir: string;
  beforeAll(async () => {
    buildDir = buildDirOf(browser);
    files = await zipFiles(zips[browser]);
    const bytes = files.get('manifest.json');
    if (!bytes) throw new Error(`${path.basename(zips[browser])} has no manifest.json at its root; it has ${[...files.keys()].slice(0, 10).join(', ')}…`);
    manifest = JSON.parse(new TextDecoder().decode(bytes));
  });

  it('has the manifest at its root, of this version and for this browser', () => {
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.name).toBe('__MSG_extName__');
    const gecko = (manifest.browser_specific_settings as { gecko?: { id?: string } } | undefined)?.gecko;
    if (browser === 'firefox') expect(gecko?.id).toMatch(/@/);
    else expect(gecko).toBeUndefined();
    // Both stores read the localized name and description from the package.
    for (const locale of ['en', 'fr']) expect(files.has(`_locales/${locale}/messages.json`)).toBe(true);
  });

  it('holds exactly the build, nothing more and nothing less', () => {
    const built = filesUnder(path.join(out, buildDir)).sort();
    expect([...files.keys()].sort()).toEqual(built);
    for (const file of built) expect(sha256(files.get(file) as Uint8Array), file).toBe(sha256(readFileSync(path.join(out, buildDir, file))));
  });

  it('declares its icons at each size the store asks for, each file a PNG of its declared size', () => {
    const icons = declaredIcons(manifest);
    const sizes = new Set(icons.filter((icon) => icon.where === 'icons').map((icon) => icon.size));
    for (const size of requiredIcons) expect(sizes, `icons.${size}`).toContain(size);
    const toolbar = icons.filter((icon) => icon.where !== 'icons');
    expect(toolbar.map((icon) => icon.where)).toContain(manifest.manifest_version === 3 ? 'action.default_icon' : 'browser_action.default_icon');
    if (browser === 'firefox') expect(toolbar.map((icon) => icon.where)).toContain('sidebar_action.default_icon');
    for (const icon of icons) {
      const bytes = files.get(icon.file);
      expect(bytes, `${icon.where}.${icon.size}: ${icon.file} is not in the zip`).toBeDefined();
      const { width, height } = pngSize(bytes as Uint8Array);
      expect({ file: icon.file, width, height }).toEqual({ file: icon.file, width: icon.size, height: icon.size });
    }
  });

  it('ships no source maps, sources, tests or fixtures', () => {
    const names = [...files.keys()];
    const junk = names.filter(
      (name) =>
        /\.(map|tsx?|mts|log|zip|xpi)$/.test(name) ||
        /(^|\/)(node_modules|test|tests|fixtures|__tests__|test-results|\.git|\.wxt|\.output)(\/|$)/.test(name) ||
        /\.(test|spec)\.[cm]?js$/.test(name),
    );
    expect(junk).toEqual([]);
    // 'hidden' source maps write no comment, but a map comment would point a store's reviewer at a missing file.
    const mapComments = names.filter((name) => /\.(js|css)$/.test(name) && /[#@] sourceMappingURL=/.test(new TextDecoder().decode(files.get(name))));
    expect(mapComments).toEqual([]);
    // The demo shop is a test fixture: none of its pages or its scripted walk is in the package.
    expect(names.filter((name) => /shop|walk\.mjs|page-markers/.test(name))).toEqual([]);
  });
});

describe('the Firefox sources zip', () => {
  let files: Map<string, Uint8Array>;
  let src: string;
  beforeAll(async () => {
    files = await zipFiles(zips.sources);
    src = path.join(work, 'src');
    for (const [name, bytes] of files) {
      mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
      writeFileSync(path.join(src, name), bytes);
    }
  });

  it('holds only what the allowlist names (lib/packaging/sources.ts)', () => {
    const outside = [...files.keys()].filter((name) => !isSourcePath(name));
    expect(outside).toEqual([]);
  });

  it('holds no junk: no dependencies, build output, test runs, results, logs or local files', () => {
    const junk = [...files.keys()].filter(
      (name) =>
        /(^|\/)(node_modules|\.output|\.wxt|\.git|\.cache|test-results|playwright-report|out|bench|test|scripts|\.ci)(\/|$)/.test(name) ||
        /(^|\/)\.[^/]+$/.test(name) ||
        /\.(log|zip|xpi|crx|pem|map|trace|webm)$/.test(name) ||
        // A screenshot of a test run is a PNG or JPEG anywhere but the icons.
        (/\.(png|jpe?g|webp)$/.test(name) && !name.startsWith('public/icon/')),
    );
    expect(junk).toEqual([]);
  });

  const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', input: '' });
  const inGit = (() => {
    try {
      return git(['rev-parse', '--is-inside-work-tree']).trim() === 'true';
    } catch {
      return false;
    }
  })();

  it.skipIf(!inGit)('holds no file git ignores, and every file git keeps that the build needs', () => {
    const names = [...files.keys()];
    // `git check-ignore` exits 1 when it ignores none of them.
    let ignored = '';
    try {
      ignored = execFileSync('git', ['check-ignore', '--no-index', '--stdin'], { cwd: ROOT, encoding: 'utf8', input: names.join('\n') });
    } catch (error) {
      if ((error as { status?: number }).status !== 1) throw error;
    }
    expect(ignored.split('\n').filter(Boolean)).toEqual([]);
    const tracked = git(['ls-files'])
      .split('\n')
      .filter((name) => name && isSourcePath(name));
    expect(tracked.filter((name) => !files.has(name))).toEqual([]);
  });

  it('explains in its README how to build it', () => {
    const readme = new TextDecoder().decode(files.get('README.md'));
    expect(readme).toContain('npm install');
    expect(readme).toContain('npm run build:firefox');
    expect(readme).toContain(`.output/${buildDirOf('firefox')}`);
  });

  it('builds with the README’s commands into the very package of the Firefox zip', async () => {
    // `npm install` is two things: fetching the dependencies, which the test does not repeat (no network; it
    // lends the project's own, file by file, so the build writes its caches here and not there), then the
    // package's postinstall script, which it runs.
    mkdirSync(path.join(src, 'node_modules'));
    for (const entry of readdirSync(path.join(ROOT, 'node_modules'))) {
      if (['.vite', '.vite-temp', '.cache'].includes(entry)) continue;
      symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(src, 'node_modules', entry));
    }
    await run('npm', ['run', 'postinstall'], src, plainEnv());
    await run('npm', ['run', 'build:firefox'], src, plainEnv());

    const built = path.join(src, '.output', buildDirOf('firefox'));
    const firefoxZip = await zipFiles(zips.firefox);
    const rebuilt = filesUnder(built).sort();
    expect(rebuilt).toEqual([...firefoxZip.keys()].sort());
    const differ = rebuilt.filter((file) => sha256(readFileSync(path.join(built, file))) !== sha256(firefoxZip.get(file) as Uint8Array));
    expect(differ).toEqual([]);
  }, 180_000);
});

describe('installing from the store zips, as the README says', () => {
  it('the Chrome zip, unzipped into a folder, loads in Chromium as an unpacked extension and draws its popup', async () => {
    const files = await zipFiles(zips.chrome);
    const folder = path.join(work, 'chrome-unzipped');
    for (const [name, bytes] of files) {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      writeFileSync(path.join(folder, name), bytes);
    }
    // --load-extension is what Load unpacked does with the folder.
    const { context, extensionId, close } = await launchWithExtension({ extensionDir: folder });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // Opened as a tab, the popup speaks of that tab (an extension page, which cannot be recorded): what
      // matters here is that the package's scripts run and draw it.
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      await page.locator('#app > *').first().waitFor();
      expect(await page.locator('#app').innerText()).not.toBe('');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  const firefox = process.env.PARCOURS_FIREFOX || '/usr/bin/firefox-esr';
  it.skipIf(!existsSync(firefox))(
    'the Firefox zip itself installs in Firefox ESR as a temporary add-on',
    async () => {
      // WebDriver BiDi's webExtension.install installs a temporary add-on, as about:debugging's Load Temporary
      // Add-on does, from the same zip file.
      const browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true, protocol: 'webDriverBiDi' });
      try {
        expect(await browser.installExtension(zips.firefox)).toBe('parcours@parcours.dev');
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
