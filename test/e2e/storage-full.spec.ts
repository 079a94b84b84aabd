import { serviceWorker } from '../../scripts/lib/browser.mjs';
import {
  badgeText,
  dumpDatabase,
  type Extension,
  eventsOf,
  expect,
  type Row,
  test,
  waitForClick,
  waitForEvent,
  waitForEvents,
  waitForScreenshot,
} from './fixtures';

/**
 * The fault, injected by the test into the real browser (nothing of it ships): in the service worker, the one
 * writer, IndexedDB refuses every write as a full disk does (`QuotaExceededError` from `put`, `add` and a
 * cursor's `update`, which is what Dexie's writes come down to), until `freeDisk`. A worker started again
 * would not have the patch: `freeDisk` says whether the fault held until then.
 */
async function fillDisk(extension: Extension): Promise<void> {
  const worker = await serviceWorker(extension.context, extension.extensionId);
  await worker.evaluate(() => {
    const scope = globalThis as unknown as { diskFullFault?: { on: boolean } };
    if (scope.diskFullFault) {
      scope.diskFullFault.on = true;
      return;
    }
    const fault = { on: true };
    scope.diskFullFault = fault;
    const refuse = (prototype: object, name: string) => {
      const methods = prototype as Record<string, (...args: unknown[]) => unknown>;
      const original = methods[name] as (...args: unknown[]) => unknown;
      methods[name] = function (this: unknown, ...args: unknown[]) {
        if (fault.on) throw new DOMException('Simulated by the test: the disk is full', 'QuotaExceededError');
        return original.apply(this, args);
      };
    };
    refuse(IDBObjectStore.prototype, 'put');
    refuse(IDBObjectStore.prototype, 'add');
    refuse(IDBCursor.prototype, 'update');
  });
}

async function freeDisk(extension: Extension): Promise<boolean> {
  const worker = await serviceWorker(extension.context, extension.extensionId);
  return worker.evaluate(() => {
    const scope = globalThis as unknown as { diskFullFault?: { on: boolean } };
    if (!scope.diskFullFault) return false;
    scope.diskFullFault.on = false;
    return true;
  });
}

test('a full disk pauses the walk, says so where the tester looks, writes nothing by halves, and the walk goes on once space is freed', async ({
  extension,
  shop,
}) => {
  test.setTimeout(120_000);
  const { page, tester, context, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Disk full' });
  await page.getByRole('button', { name: 'Show opening hours' }).click();
  const before = await waitForClick(extension, 'Show opening hours');
  expect((await waitForScreenshot(extension, before)).screenshotId).toBeTruthy();
  // Nothing of the page left to write when the disk fills: a write refused, and the page told of the pause, before
  // the click lands would pause the walk before it is made (and the click, rightly, not be recorded). The first
  // click's answer (the hours shown), and the scroll the recorder reports 400 ms after a run that moved 4 px or
  // more from the last one it reported (0 at the page's load): until the latest committed is where the page is.
  await waitForEvent(context, extensionId, tester.sessionId as string, (event) => event.kind === 'dom-change' && event.forEventId === before.id, {
    message: 'the first click’s DOM change committed',
  });
  const promo = page.getByRole('button', { name: 'Apply promo code' });
  await promo.scrollIntoViewIfNeeded();
  const scrolledTo = Math.round(await page.evaluate(() => window.scrollY));
  await waitForEvents(
    context,
    extensionId,
    tester.sessionId as string,
    (events) => {
      const reported = events.filter((event) => event.kind === 'scroll').sort((a, b) => a.t - b.t);
      return Math.abs(scrolledTo - (reported.at(-1)?.scrollY ?? 0)) < 4;
    },
    { message: 'the scroll to the promo button committed' },
  );
  // Whatever still reaches the disk before the click (refused too) leaves it the walk's: the pause starts once
  // the page is told, and the page records nothing from then on.

  await fillDisk(extension);
  await promo.click();

  // Where the tester looks: the page's overlay, the toolbar badge, the popup, the side panel.
  await tester.expectOverlayStatus('Paused: storage full');
  expect(await tester.overlay().text('.storage-full')).toMatch(/^Storage full: paused\. Free space \(or delete old walks\), then Resume\.$/);
  await expect.poll(() => badgeText(extension)).toBe('FULL');
  const popup = await tester.popup();
  await expect(popup.locator('#session-status')).toHaveText('Paused: storage full');
  await expect(popup.getByRole('alert')).toContainText('delete old walks on the Sessions page, then press Resume');
  await expect(popup.getByRole('link', { name: 'Delete old walks' })).toHaveAttribute('href', /sessions\.html$/);
  const side = await context.newPage();
  await side.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await expect(side.locator('#session-status')).toHaveText('Paused: storage full');
  await expect(side.getByRole('alert')).toContainText('The disk is full, so Parcours paused the walk');
  await side.close();

  // A click while paused for storage: not the walk's, like any pause's (the page records nothing).
  await tester.focusPage();
  await page.getByRole('button', { name: 'Track my order' }).click();

  // Resume is the probe: with the disk still full it is refused, and the tester is told why.
  await popup.getByRole('button', { name: 'Resume' }).click();
  await expect(popup.getByRole('alert').filter({ hasText: 'The disk is full: Parcours could not save' })).toBeVisible();
  await expect(popup.locator('#session-status')).toHaveText('Paused: storage full');

  expect(await freeDisk(extension), 'the fault held until it was lifted (no new worker without it)').toBe(true);
  await popup.getByRole('button', { name: 'Resume' }).click();
  await expect(popup.locator('#session-status')).toHaveText('Recording');
  await expect(popup.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => badgeText(extension)).toBe('REC');
  await tester.focusPage();
  await tester.expectOverlayStatus('Recording');
  expect(await tester.overlay().text('.storage-full')).toBe('');

  // The walk records again, screenshots included.
  await page.getByRole('button', { name: 'Show opening hours' }).click();
  const after = await waitForClick(extension, 'Show opening hours', 1);
  expect((await waitForScreenshot(extension, after)).screenshotId).toBeTruthy();
  // The click the disk refused was kept by its page and committed once the disk took writes; its step says why
  // it has no image.
  const refused = await waitForClick(extension, 'Apply promo code');
  expect(await waitForScreenshot(extension, refused)).toMatchObject({ screenshotId: null, missingReason: 'storage-full' });

  const sessionId = tester.sessionId as string;
  const dump = await dumpDatabase(context, extensionId);
  const events = eventsOf(dump, sessionId);
  const clicks = events.filter((event) => event.kind === 'click').sort((a, b) => a.t - b.t);
  expect(clicks.map((click) => click.target.name)).toEqual(['Show opening hours', 'Apply promo code', 'Show opening hours']);

  // Nothing half-written: every image is shown by a screenshot event and every screenshot event's image is there;
  // the session's counts are the rows'; every committed click has its screenshot or the reason it has none.
  const images = (dump.screenshots ?? []).filter((row) => row.sessionId === sessionId);
  const shots = events.filter((event) => event.kind === 'screenshot');
  const imageIds = new Set(images.map((row) => row.id));
  expect(shots.filter((shot) => shot.screenshotId != null && !imageIds.has(shot.screenshotId))).toEqual([]);
  expect(images.filter((image) => !shots.some((shot) => shot.screenshotId === image.id)).map((image) => image.id)).toEqual([]);
  for (const click of clicks) {
    const shot = shots.find((row) => row.forEventId === click.id) as Row;
    expect(shot, `the screenshot event of ${click.target.name} at ${click.t}`).toBeDefined();
    expect(shot.screenshotId != null || shot.missingReason != null).toBe(true);
  }
  const session = (dump.sessions ?? []).find((row) => row.id === sessionId) as Row;
  expect(session.screenshotCount).toBe(images.length);
  expect(session.eventCount).toBe(events.length);

  // The gap, with its reason: the pause from the page being told (after the first refusal) to the Resume, the
  // click the disk refused outside.
  const pause = events.find((event) => event.kind === 'pause') as Row;
  const resume = events.find((event) => event.kind === 'resume') as Row;
  expect(pause).toMatchObject({ reason: 'storage-full' });
  expect(resume).toMatchObject({ afterInterruption: false, lostEvents: expect.any(Number) });
  expect(pause.t).toBeGreaterThan(refused.t);
  expect(resume.t).toBeLessThan(after.t);
  // The span is in epoch ms with sub-millisecond clocks, the events' times whole session ms (rounded): the two
  // agree to within a millisecond.
  expect(session.pauses).toEqual([{ fromEpochMs: expect.any(Number), toEpochMs: expect.any(Number), reason: 'storage-full' }]);
  const [span] = session.pauses as { fromEpochMs: number; toEpochMs: number }[];
  expect(Math.abs(span!.fromEpochMs - (session.startEpochMs + pause.t)), 'the span starts at the pause').toBeLessThanOrEqual(1);
  expect(Math.abs(span!.toEpochMs - (session.startEpochMs + resume.t)), 'the span ends at the resume').toBeLessThanOrEqual(1);

  // On the map, after the third step (the start, the two clicks before it).
  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${sessionId}`);
  await expect(review.locator('[data-gap-reason="storage-full"]')).toContainText(/After step 3 · Paused from .* the disk was full\./);
  await review.close();

  await tester.focusPage();
  await tester.stop();
});

test('storage use is shown, with a warning from 80 %', async ({ extension, shop }) => {
  test.setTimeout(90_000);
  const { page, tester, context, extensionId } = extension;
  // Something stored, so the origin has a use to measure.
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Storage use' });
  await page.getByRole('button', { name: 'Show opening hours' }).click();
  await waitForScreenshot(extension, await waitForClick(extension, 'Show opening hours'));
  await tester.stop();

  const sessions = await context.newPage();
  await sessions.goto(`chrome-extension://${extensionId}/sessions.html`);
  const line = sessions.locator('[data-storage-ratio]');
  await expect(line).toContainText(/Storage used: .*; .* still free \((< )?\d+% of the space Parcours may use\)/);
  // The machine's own disk decides whether the warning shows before the override: it must agree with the figures.
  const real = await sessions.evaluate(() => navigator.storage.estimate());
  if ((real.usage ?? 0) / (real.quota ?? 1) < 0.8) await expect(sessions.locator('.storage-warning')).toHaveCount(0);

  // With unlimitedStorage the quota is the browser's share of the free disk: DevTools' quota override sets it
  // for the extension's origin, so the page reads the real usage against a quota it fills to 85 %. (Chosen over
  // patching navigator.storage.estimate in the page: the figures stay the browser's own.)
  const cdp = await context.newCDPSession(sessions);
  const usage = real.usage as number;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: `chrome-extension://${extensionId}`, quotaSize: Math.ceil(usage / 0.85) });
  await sessions.reload();
  await expect(sessions.locator('.storage-warning')).toHaveText(/^Storage almost full: 85% used\. Delete old walks or free disk space/);
  await expect(sessions.locator('[data-storage-ratio]')).toContainText('(85% of the space Parcours may use)');
  // The popup, where a walk starts, says it too.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('.storage-warning')).toContainText('Storage almost full: 85% used');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: `chrome-extension://${extensionId}` });
  await cdp.detach();
});
