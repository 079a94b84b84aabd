import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { launchWithExtension } from '../../scripts/lib/browser.mjs';
import { Tester } from '../../scripts/lib/tester.mjs';
import { dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

/**
 * The process id of the Chromium started on `profileDir`: the browser process is the one whose command line
 * names that (fresh, unique) profile and is no child renderer (`--type=`). Only that process is killed.
 */
function browserPid(profileDir: string): number {
  const pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  for (const pid of pids) {
    let command: string[];
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (command.some((arg) => arg === `--user-data-dir=${profileDir}`) && !command.some((arg) => arg.startsWith('--type='))) return Number(pid);
  }
  throw new Error(`No Chromium runs on ${profileDir}`);
}

/** Clicks, each waited for until committed with its screenshot settled (the part of the walk that must survive). */
async function clickAndSettle(tester: Tester, click: () => Promise<unknown>, name: string, nth = 0): Promise<Row> {
  await click();
  const event = await tester.waitForClick(name, { nth });
  await tester.waitForScreenshot(event);
  return event;
}

for (const closing of ['closed', 'killed'] as const) {
  test(`a walk whose browser was ${closing} mid-walk is intact at the next start, marked interrupted, and can be continued then finished`, async ({ shop }) => {
    test.setTimeout(120_000);
    const profileDir = mkdtempSync(path.join(tmpdir(), `parcours-${closing}-`));
    try {
      const first = await launchWithExtension({ profileDir });
      let sessionId: string;
      let before: Row[];
      let beforeShots: Row[];
      try {
        const page = first.context.pages()[0] ?? (await first.context.newPage());
        await page.goto(shop.shopUrl);
        const tester = new Tester({ context: first.context, extensionId: first.extensionId, page });
        await tester.start({ title: 'Cut off' });
        sessionId = tester.sessionId as string;
        await clickAndSettle(tester, () => page.getByRole('button', { name: 'Show opening hours' }).click(), 'Show opening hours');
        await clickAndSettle(tester, () => page.getByRole('link', { name: 'Stoneware Mug', exact: true }).click(), 'Stoneware Mug');
        await page.waitForURL(/\/product/);
        await tester.waitForScreenshot(await tester.waitForNavigation(/\/product/));
        await clickAndSettle(tester, () => page.getByRole('button', { name: 'Increase quantity' }).click(), 'Increase quantity');
        // What the walk holds when the browser goes away: every event committed so far, and its images.
        const dump = await dumpDatabase(first.context, first.extensionId);
        before = eventsOf(dump, sessionId);
        beforeShots = (dump.screenshots ?? []).filter((row) => row.sessionId === sessionId);
        expect(beforeShots.length).toBeGreaterThanOrEqual(4);
        if (closing === 'killed') {
          // The browser dies at once, as in a crash or a power cut of the process: no shutdown, no unload.
          process.kill(browserPid(profileDir), 'SIGKILL');
          await expect.poll(() => first.context.pages().length === 0 || first.context.pages().every((p) => p.isClosed()), { timeout: 15_000 }).toBe(true);
        }
      } finally {
        await first.close();
      }

      const second = await launchWithExtension({ profileDir });
      try {
        const popup = await second.context.newPage();
        await popup.goto(`chrome-extension://${second.extensionId}/popup.html`);
        await expect(popup.getByText(/"Cut off" was cut off/)).toBeVisible();
        // Intact: every event and every image of before the close, unchanged; the walk marked interrupted.
        const cut = await dumpDatabase(second.context, second.extensionId);
        expect(cut.sessions?.find((row) => row.id === sessionId)?.status).toBe('interrupted');
        const after = eventsOf(cut, sessionId);
        const byId = new Map(after.map((event) => [event.id, event]));
        for (const event of before) expect(byId.get(event.id), `${event.kind} ${event.id}`).toEqual(event);
        const blobs = new Map((cut.screenshots ?? []).map((row) => [row.id, row.blob as { blobSize: number }]));
        for (const shot of beforeShots) expect(blobs.get(shot.id)?.blobSize).toBe((shot.blob as { blobSize: number }).blobSize);
        // Since: the interruption, and for a browser closed gently, the close of its tab (written as it closed).
        const since = after.filter((event) => !before.some((known) => known.id === event.id)).map((event) => event.kind);
        expect(since).toEqual(closing === 'closed' ? expect.arrayContaining(['interrupted']) : ['interrupted']);
        expect(since.filter((kind) => kind !== 'interrupted' && kind !== 'tab-closed')).toEqual([]);
        await popup.close();

        // Continued in a tab of the new run: new clicks land in the same walk, with their screenshots.
        const next = second.context.pages()[0] ?? (await second.context.newPage());
        await next.goto(shop.shopUrl);
        const again = new Tester({ context: second.context, extensionId: second.extensionId, page: next });
        const controls = await again.popup();
        await controls.getByRole('button', { name: 'Continue in this tab' }).click();
        await again.expectStatus(controls, 'Recording');
        await again.focusPage();
        await again.expectOverlayStatus('Recording');
        expect(await again.currentSessionId()).toBe(sessionId);
        await clickAndSettle(again, () => next.getByRole('button', { name: 'Track my order' }).click(), 'Track my order');
        const continued = await clickAndSettle(again, () => next.getByRole('link', { name: 'Canvas Tote Bag', exact: true }).click(), 'Canvas Tote Bag');
        await next.waitForURL(/\/product/);
        await again.waitForScreenshot(
          await again.waitForEvent((event) => event.kind === 'navigation' && /\/product/.test(event.url) && event.seq > continued.seq, {
            what: 'the product page',
          }),
        );
        await again.stop();

        const ended = await dumpDatabase(second.context, second.extensionId);
        expect(ended.sessions?.find((row) => row.id === sessionId)?.status).toBe('ended');
        const events = eventsOf(ended, sessionId);
        const clicks = events.filter((event) => event.kind === 'click');
        expect(clicks.map((event) => event.target.name)).toEqual([
          'Show opening hours',
          'Stoneware Mug',
          'Increase quantity',
          'Track my order',
          'Canvas Tote Bag',
        ]);
        const shotOf = new Map(events.filter((event) => event.kind === 'screenshot').map((event) => [event.forEventId, event]));
        const stored = new Map((ended.screenshots ?? []).map((row) => [row.id, row.blob as { blobSize: number }]));
        for (const click of clicks) expect(stored.get(shotOf.get(click.id)?.screenshotId)?.blobSize ?? 0, click.target.name).toBeGreaterThan(0);
        const kinds = events.map((event) => event.kind);
        expect(kinds.indexOf('interrupted')).toBeLessThan(kinds.indexOf('resume'));
        expect(events.find((event) => event.kind === 'resume')?.afterInterruption).toBe(true);

        // The map holds both parts, and the time the browser was away is not counted as time on a step.
        const out = test.info().outputPath('cut-off.zip');
        await again.exportTo(out);
        const zip = await JSZip.loadAsync(readFileSync(out));
        const journey = JSON.parse((await zip.file('journey.json')?.async('string')) as string);
        const clickSteps = journey.steps.filter((step: Row) => step.kind === 'click');
        expect(clickSteps.map((step: Row) => step.target.name)).toEqual([
          'Show opening hours',
          'Stoneware Mug',
          'Increase quantity',
          'Track my order',
          'Canvas Tote Bag',
        ]);
        // Each with its image, or the map's word for why the image does not show the step's moment.
        for (const step of clickSteps) expect(step.screenshot ?? step.screenshotMissing, step.target.name).toMatch(/^screenshots\/|^(late|stale)$/);
        const interrupted = events.find((event) => event.kind === 'interrupted') as Row;
        const resumed = events.find((event) => event.kind === 'resume') as Row;
        const lastBefore = Math.max(...before.map((event) => event.t));
        const away = resumed.t - lastBefore;
        expect(interrupted.t).toBeLessThanOrEqual(resumed.t);
        // The walk is cut where it was last seen alive (a gentle close writes its tab's close as it happens; a
        // killed browser writes nothing, and the next start dates the cut at the walk's last event).
        const span = resumed.t - interrupted.t;
        expect(span).toBeGreaterThan(away - 1_500);
        const stopT = (events.find((event) => event.kind === 'session-stop') as Row).t;
        expect(journey.metrics.durationMs).toBeLessThanOrEqual(stopT - away + 1_500);
        // The step the browser closed on lasts until the next step, the time away left out: its duration is its
        // span on the walk's clock less most of the cut (how short the time away was depends on the machine).
        const increase = clickSteps[2];
        const afterIncrease = journey.steps[journey.steps.indexOf(increase) + 1] as Row;
        const onTheClock = afterIncrease.t - increase.t;
        expect(increase.durationMs).toBeLessThanOrEqual(onTheClock - span + 250);
        expect(increase.durationMs).toBeLessThan(onTheClock);
        test.info().annotations.push({
          type: 'figures',
          description: `browser ${closing}: away ${away} ms, left out of the walk ${span} ms; walk ${journey.metrics.durationMs} ms of ${stopT} ms`,
        });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  });
}
