import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchWithExtension, tabIdOf } from '../../scripts/lib/browser.mjs';
import { Tester } from '../../scripts/lib/tester.mjs';
import { badgeText, dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

test('start, pause, resume and stop from the popup, with the badge showing the state', async ({ extension, shop }) => {
  const { page, context, tester, extensionId } = extension;
  await page.goto(shop.shopUrl);
  expect(await badgeText(extension)).toBe('');
  await tester.start({ title: 'Lifecycle', persona: 'Sandrine, team lead', scenario: 'Gift for Friday', goal: 'Order a mug' });
  expect(await badgeText(extension)).toBe('REC');

  await tester.pause();
  expect(await badgeText(extension)).toBe('||');
  await page.getByRole('button', { name: 'Track my order' }).click();
  // Whatever the page made of that click has been answered before the walk resumes (a click sent while
  // paused would then be refused, not committed late).
  await tester.settled();
  await tester.resume();
  expect(await badgeText(extension)).toBe('REC');
  await page.getByRole('button', { name: 'Apply promo code' }).click();
  // The tester's stop lets the click be committed first.
  await tester.stop();
  expect(await badgeText(extension)).toBe('');

  const dump = await dumpDatabase(context, extensionId);
  const session = dump.sessions?.find((row) => row.id === tester.sessionId);
  expect(session).toMatchObject({
    status: 'ended',
    title: 'Lifecycle',
    persona: { name: 'Sandrine, team lead', description: '' },
    scenario: 'Gift for Friday',
    goal: 'Order a mug',
  });
  const events = eventsOf(dump, tester.sessionId as string);
  expect(events.map((event) => event.kind).filter((kind) => ['session-start', 'pause', 'resume', 'click', 'session-stop'].includes(kind))).toEqual([
    'session-start',
    'pause',
    'resume',
    'click',
    'session-stop',
  ]);
  // The click made while paused is not in the walk.
  expect(events.filter((event) => event.kind === 'click').map((event) => event.target.name)).toEqual(['Apply promo code']);
});

test('a browser page cannot be recorded and the popup says why', async ({ extension }) => {
  const { context, extensionId, page } = extension;
  await page.goto('about:blank');
  const tabId = await tabIdOf(context, extensionId, page);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
  await expect(popup.getByRole('status')).toContainText('Browser pages');
  await expect(popup.getByRole('button', { name: 'Start recording' })).toHaveCount(0);
});

test('a tab opened with window.open joins the walk, and closing the last tab interrupts it until continued', async ({ extension, shop }) => {
  const { page, context, tester, extensionId } = extension;
  await page.goto(new URL('/product?id=tote', shop.shopUrl).href);
  await tester.start({ title: 'Tabs' });
  const [guide] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Size guide' }).click()]);
  await guide.waitForLoadState('load');
  // The guide's tab joined the walk and its page is recorded: the page's load committed.
  const guideTab = await tester.waitForEvent((event) => event.kind === 'tab-opened', { what: 'the size guide’s tab joining the walk' });
  const inGuide = (kind: string) => (event: Row) => event.kind === kind && event.tabId === guideTab.openedTabId;
  const guideLoad = await tester.waitForEvent(inGuide('page-load'), { what: 'the size guide’s load committed' });
  await guide.getByRole('link', { name: 'Parcours Shop' }).click();
  await guide.waitForURL(shop.shopUrl);
  // The click and the page it opened, in the guide's tab.
  await tester.waitForEvent(inGuide('click'), { after: guideLoad, what: 'the click in the size guide committed' });
  await tester.waitForEvent(inGuide('page-load'), { after: guideLoad, what: 'the home page’s load in the guide’s tab committed' });
  await guide.close();
  await page.close();

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByText(/was cut off/)).toBeVisible();
  expect(await badgeText(extension)).toBe('!');

  // Continue in a fresh tab, then finish from the popup.
  const next = await context.newPage();
  await next.goto(shop.shopUrl);
  const again = new Tester({ context, extensionId, page: next });
  const controls = await again.popup();
  await controls.getByRole('button', { name: 'Continue in this tab' }).click();
  await expect(controls.locator('#session-status')).toHaveText('Recording');
  await next.bringToFront();
  // The fresh tab records once it knows: its overlay shows the walk.
  await again.expectOverlayStatus('Recording');
  await next.getByRole('button', { name: 'Track my order' }).click();
  await again.waitForClick('Track my order');
  await controls.getByRole('button', { name: 'Stop' }).click();
  await expect(controls.getByRole('button', { name: 'Start recording' })).toBeVisible();

  const events = eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string);
  const opened = events.find((event) => event.kind === 'tab-opened');
  expect(opened?.targetUrl).toMatch(/size-guide/);
  const guideEvents = events.filter((event) => event.tabId === opened?.openedTabId);
  expect(guideEvents.map((event) => event.kind)).toEqual(expect.arrayContaining(['navigation', 'page-load', 'click']));
  expect(events.map((event) => event.kind)).toEqual(expect.arrayContaining(['tab-closed', 'interrupted', 'resume', 'session-stop']));
  const resumed = events.find((event) => event.kind === 'resume');
  expect(resumed?.afterInterruption).toBe(true);
  expect(events.filter((event) => event.kind === 'click').at(-1)?.target.name).toBe('Track my order');
});

test('a walk cut off by the browser closing shows as interrupted at the next start and can be finished', async ({ shop }) => {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'parcours-restart-'));
  try {
    const first = await launchWithExtension({ profileDir });
    const page = first.context.pages()[0] ?? (await first.context.newPage());
    await page.goto(shop.shopUrl);
    const tester = new Tester({ context: first.context, extensionId: first.extensionId, page });
    await tester.start({ title: 'Cut off' });
    await page.getByRole('button', { name: 'Track my order' }).click();
    // The click is committed before the browser goes away.
    await tester.waitForClick('Track my order');
    await first.close();

    const second = await launchWithExtension({ profileDir });
    try {
      const popup = await second.context.newPage();
      await popup.goto(`chrome-extension://${second.extensionId}/popup.html`);
      await expect(popup.getByText(/"Cut off" was cut off/)).toBeVisible();
      await popup.getByRole('button', { name: 'Finish' }).click();
      await expect(popup.getByText(/was cut off/)).toHaveCount(0);
      const dump = await dumpDatabase(second.context, second.extensionId);
      expect(dump.sessions?.find((row) => row.id === tester.sessionId)?.status).toBe('ended');
      const events = eventsOf(dump, tester.sessionId as string);
      expect(events.filter((event) => event.kind === 'click').map((event) => event.target.name)).toEqual(['Track my order']);
      expect(events.map((event) => event.kind)).toEqual(expect.arrayContaining(['interrupted', 'session-stop']));
    } finally {
      await second.close();
    }
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
});

test('navigations of every kind are recorded: reload, back and forward, hash, same-document back', async ({ extension, shop }) => {
  const { page, context, tester, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Navigations' });
  // Each navigation is reported by the document it brings: it is committed before the next one leaves it.
  let previous: Row | null = null;
  const navigated = async (navigationType: string, path: string) => {
    previous = await tester.waitForEvent(
      (event) => event.kind === 'navigation' && event.navigationType === navigationType && `${new URL(event.url).pathname}${new URL(event.url).hash}` === path,
      { after: previous, what: `the navigation ${navigationType} ${path} committed` },
    );
  };
  await page.getByRole('link', { name: /Cart/ }).click();
  await page.waitForURL(/\/cart/);
  await navigated('load', '/cart');
  await page.reload();
  await navigated('reload', '/cart');
  await page.goBack();
  await page.waitForURL(shop.shopUrl);
  await navigated('back-forward', '/');
  await page.goto(`${shop.shopUrl}#featured-products`);
  await navigated('hash', '/#featured-products');
  await page.goto(new URL('/strict', shop.shopUrl).href);
  await navigated('load', '/strict');
  await page.getByRole('link', { name: 'Next view' }).click();
  await navigated('push-state', '/strict/next');
  await page.goBack();
  await navigated('back-forward', '/strict');
  await tester.stop();

  const events = eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string);
  const navigations = events
    .filter((event) => event.kind === 'navigation')
    .map((event) => `${event.navigationType} ${new URL(event.url).pathname}${new URL(event.url).hash}`);
  expect(navigations).toEqual([
    'load /cart',
    'reload /cart',
    'back-forward /',
    'hash /#featured-products',
    'load /strict',
    'push-state /strict/next',
    'back-forward /strict',
  ]);
});

test('the sessions page lists walks and deletes one only after confirmation', async ({ extension, shop }) => {
  const { page, context, tester, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'To delete' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  // The map below shows the click's screenshot: stored before the walk stops.
  await tester.waitForScreenshot(await tester.waitForClick('Track my order'));
  await tester.stop();

  const sessions = await context.newPage();
  await sessions.goto(`chrome-extension://${extensionId}/sessions.html`);
  const row = sessions.locator(`tr[data-session-id="${tester.sessionId}"]`);
  await expect(row).toContainText('To delete');
  // What the extension keeps on disk, as the browser counts it, and what it still allows.
  await expect(
    sessions.getByText(
      /^Storage used: [\d.,]+ (B|KB|MB|GB), of which screenshots [\d.,]+ (B|KB|MB|GB); [\d.,]+ (B|KB|MB|GB) still free \((< )?\d+% of the space Parcours may use\)$/,
    ),
  ).toBeVisible();
  await row.getByRole('link', { name: 'To delete' }).click();
  await expect(sessions.getByRole('heading', { name: 'To delete' })).toBeVisible();
  const map = sessions.getByRole('region', { name: 'Journey map', exact: true });
  await expect(map.getByRole('link', { name: /^Open step/ })).toHaveCount(2);
  await expect(map.locator('img')).toHaveCount(2);
  await sessions.getByRole('link', { name: 'Back to sessions' }).click();

  await row.getByRole('button', { name: /^Delete/ }).click();
  const dialog = sessions.getByRole('dialog');
  await expect(dialog).toContainText('Delete "To delete"');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: /^Delete/ }).click();
  await sessions.getByRole('dialog').getByRole('button', { name: 'Delete for good' }).click();
  await expect(row).toHaveCount(0);
  const dump = await dumpDatabase(context, extensionId);
  expect(dump.events?.filter((event) => event.sessionId === tester.sessionId)).toEqual([]);
  expect(dump.screenshots?.filter((shot) => shot.sessionId === tester.sessionId)).toEqual([]);
});

test('the popup and the sessions page speak French in a French browser', async ({ shop }) => {
  const { context, extensionId, close } = await launchWithExtension({ locale: 'fr-FR' });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(shop.shopUrl);
    const tabId = await tabIdOf(context, extensionId, page);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await expect(popup.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(popup.getByRole('button', { name: 'Démarrer l’enregistrement' })).toBeVisible();
    await expect(popup.getByLabel('Titre')).toBeVisible();
    const sessions = await context.newPage();
    await sessions.goto(`chrome-extension://${extensionId}/sessions.html`);
    await expect(sessions.getByRole('heading', { name: 'Sessions' })).toBeVisible();
    await expect(sessions.getByText('Aucun parcours enregistré')).toBeVisible();
  } finally {
    await close();
  }
});
