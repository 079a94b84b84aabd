import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unchainEvents } from '@/lib/bundle/evidence/event-chain';
import { BUNDLE_FORMATS } from '@/lib/bundle/formats';
import { demoBundle, editJson, indexOf, rezip } from '../bundle/demo-bundle';

/** The real command line, as a team runs it: `node bin/parcours.mjs …` in a child process. */
const BIN = fileURLToPath(new URL('../../../bin/parcours.mjs', import.meta.url));

function parcours(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, LANG: 'C', LC_ALL: '', ...env }, cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let bundle: Awaited<ReturnType<typeof demoBundle>>;
let bundlePath: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parcours-cli-'));
  bundle = await demoBundle();
  bundlePath = path.join(dir, 'demo-purchase-2026-11-22.parcours.zip');
  writeFileSync(bundlePath, bundle.bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parcours (the command line)', () => {
  it('prints its help with the registry’s formats, and exits 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const { code, stdout } = await parcours([flag]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: parcours <command> \[options\]/);
      expect(stdout).toContain(`Formats: ${BUNDLE_FORMATS.map((format) => format.id).join(', ')}.`);
    }
  });

  it('refuses no command, an unknown one and a missing value with exit 2 and a plain message', async () => {
    const none = await parcours([]);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toMatch(/^parcours: no command given\.\nUsage:/);
    const unknown = await parcours(['frobnicate', 'a.zip']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^parcours: unknown command "frobnicate"\./);
    const value = await parcours(['convert', bundlePath, '--to']);
    expect(value).toMatchObject({ code: 2 });
    expect(value.stderr).toBe('parcours: --to needs a value.\nRun "parcours --help" for the commands.\n');
    // In French for a French LANG.
    const french = await parcours(['verify'], { LANG: 'fr_FR.UTF-8' });
    expect(french.stderr).toBe('parcours: verify attend un bundle : parcours verify <bundle>.\nLancez « parcours --help » pour les commandes.\n');
  });

  it('verify: names every file intact and the chain, exits 0, with progress on stderr', async () => {
    const { code, stdout, stderr } = await parcours(['verify', bundlePath]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toContain('journey.json: intact');
    expect(lines).toContain('events.json: intact');
    expect(lines).toContain('README.txt: intact');
    expect(lines.filter((line) => /^screenshots\/.*: intact$/.test(line)).length).toBeGreaterThan(5);
    expect(lines.at(-2)).toBe(`Event chain: intact (${bundle.events.length} events).`);
    expect(lines.at(-1)).toBe('The bundle is intact: every file and the event chain are as they were written.');
    expect(stderr).toMatch(/^Verifying .*demo-purchase-2026-11-22\.parcours\.zip \(0\.\d MB\)…\n/);
    expect(stderr).toMatch(/Checked (\d+)\/\1 files\n$/);
  });

  it('verify: exits 1 on a tampered screenshot and an edited event, naming them', async () => {
    const shot = bundle.journey.steps.find((step) => step.screenshot)?.screenshot as string;
    const image = (await (await JSZip.loadAsync(bundle.bytes)).file(shot)?.async('uint8array')) as Uint8Array;
    const tampered = bundle.bytes.slice();
    const at = indexOf(tampered, image) + 12;
    tampered[at] = (tampered[at] as number) ^ 0xff;
    const shotPath = path.join(dir, 'shot.parcours.zip');
    writeFileSync(shotPath, tampered);
    const result = await parcours(['verify', shotPath]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${shot}: altered (its SHA-256 is not the manifest’s)\n`);
    expect(result.stdout).toMatch(/The bundle was altered after it was written/);

    const edited = await rezip(bundle.bytes, (zip) =>
      editJson(zip, 'events.json', (entries) => {
        entries[7].url = 'https://elsewhere.example/';
      }),
    );
    const eventsPath = path.join(dir, 'events.parcours.zip');
    writeFileSync(eventsPath, edited);
    const events = await parcours(['verify', eventsPath, '--json']);
    expect(events.code).toBe(1);
    const report = JSON.parse(events.stdout);
    expect(report.status).toBe('altered');
    expect(report.chain.breaks).toEqual([{ index: 7, eventId: bundle.events[7]?.id, kind: bundle.events[7]?.kind, reason: 'hash-mismatch' }]);
    expect(report.files.filter((file: { status: string }) => file.status !== 'intact').map((file: { path: string }) => file.path)).toEqual(['events.json']);
  });

  it('verify: exits 2 for a missing file, a folder, a truncated zip and a file that is no zip', async () => {
    const missing = await parcours(['verify', path.join(dir, 'nope.zip')]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe(`parcours: no such file: ${path.join(dir, 'nope.zip')}.\n`);
    expect((await parcours(['verify', dir])).stderr).toBe(`parcours: ${dir} is a folder, not a bundle.\n`);
    const truncated = path.join(dir, 'truncated.zip');
    writeFileSync(truncated, bundle.bytes.subarray(0, 5000));
    const cut = await parcours(['verify', truncated]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/parcours: This zip is cut short or damaged and cannot be read \(.+\)\.\n$/);
    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'not a zip at all');
    const notZip = await parcours(['verify', text]);
    expect(notZip.code).toBe(2);
    expect(notZip.stderr).toMatch(/parcours: This file is not a zip archive, so not a Parcours bundle\.\n$/);
    expect((await parcours(['verify', bundlePath, 'extra.zip'])).stderr).toMatch(/^parcours: unexpected arguments: extra\.zip\./);
  });

  it('convert: runs a format of the registry by id on the bundle’s map and events', async () => {
    const out = path.join(dir, 'journey-copy.json');
    const journey = await parcours(['convert', bundlePath, '--to', 'journey', '--out', out]);
    expect(journey.code).toBe(0);
    expect(journey.stdout).toMatch(/^Wrote .*journey-copy\.json \(\d+ bytes\)\n$/);
    expect(journey.stderr).toMatch(/Reading .*\nWriting journey…\n/);
    // The same bytes the bundle holds: the format wrote it again from the map read back.
    const zip = await JSZip.loadAsync(bundle.bytes);
    expect(readFileSync(out, 'utf8')).toBe(await zip.file('journey.json')?.async('string'));

    const events = path.join(dir, 'events-copy.json');
    expect((await parcours(['convert', bundlePath, '--to=events', `--out=${events}`])).code).toBe(0);
    expect(readFileSync(events, 'utf8')).toBe(await zip.file('events.json')?.async('string'));
    expect(unchainEvents(JSON.parse(readFileSync(events, 'utf8')))).toEqual(bundle.events);
  });

  it('convert: refuses an unknown format (listing the known ones), missing options and unreadable bundles', async () => {
    const unknown = await parcours(['convert', bundlePath, '--to', 'pdf', '--out', path.join(dir, 'x.pdf')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(new RegExp(`^parcours: unknown format "pdf"; the formats are: ${BUNDLE_FORMATS.map((format) => format.id).join(', ')}\\.`));
    expect((await parcours(['convert', bundlePath, '--out', 'x'])).stderr).toMatch(/^parcours: convert needs --to <format>\./);
    expect((await parcours(['convert', bundlePath, '--to', 'journey'])).stderr).toMatch(/^parcours: convert needs --out <file>\./);

    const noJourney = path.join(dir, 'no-journey.zip');
    writeFileSync(noJourney, await rezip(bundle.bytes, (zip) => void zip.remove('journey.json')));
    const gone = await parcours(['convert', noJourney, '--to', 'journey', '--out', path.join(dir, 'j.json')]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/parcours: journey\.json is missing from the bundle\.\n$/);

    const notZip = path.join(dir, 'plain.txt');
    writeFileSync(notZip, 'hello');
    expect((await parcours(['convert', notZip, '--to', 'journey', '--out', path.join(dir, 'j.json')])).code).toBe(2);
  });

  it('convert: warns when the chain is broken but converts, and fails with exit 1 when it cannot write', async () => {
    const edited = path.join(dir, 'edited.zip');
    writeFileSync(
      edited,
      await rezip(bundle.bytes, (zip) =>
        editJson(zip, 'events.json', (entries) => {
          entries[3].t += 1;
        }),
      ),
    );
    const out = path.join(dir, 'edited.json');
    const warned = await parcours(['convert', edited, '--to', 'journey', '--out', out]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/parcours: warning: the event chain of .*edited\.zip is broken at entry 4 of events\.json/);

    const locked = mkdtempSync(path.join(dir, 'locked-'));
    chmodSync(locked, 0o500);
    const denied = await parcours(['convert', bundlePath, '--to', 'journey', '--out', path.join(locked, 'j.json')]);
    chmodSync(locked, 0o700);
    // Root may write anywhere: then the write simply works.
    if (process.getuid?.() === 0) expect(denied.code).toBe(0);
    else {
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/^parcours: cannot write .*j\.json: /m);
    }
    const intoFile = await parcours(['convert', bundlePath, '--to', 'journey', '--out', path.join(bundlePath, 'j.json')]);
    expect(intoFile.code).toBe(1);
    expect(intoFile.stderr).toMatch(/parcours: cannot write .*: ENOTDIR/);
  });
});
