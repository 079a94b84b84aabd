import type { Page } from '@playwright/test';
import { Tester } from '../../scripts/lib/tester.mjs';
import { dumpDatabase, expect, test } from './fixtures';

/**
 * Runs `expression` in the isolated world of the extension's content script in the page's top frame, the
 * world that holds `chrome.runtime`: what a content script (or a page that took it over) could send. The
 * world is found through the Chrome DevTools Protocol, as DevTools lists it (named after the extension).
 */
async function inContentScript(page: Page, extensionId: string, expression: string): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  const worlds: { id: number; origin: string; auxData?: { isDefault?: boolean; type?: string; frameId?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
  await cdp.send('Runtime.enable');
  const { frameTree } = await cdp.send('Page.getFrameTree');
  let world: (typeof worlds)[number] | undefined;
  await expect
    .poll(
      () => {
        world = worlds.find((w) => w.auxData?.type === 'isolated' && w.auxData.frameId === frameTree.frame.id && w.origin.includes(extensionId));
        return world != null;
      },
      { message: 'the content script’s world in the top frame' },
    )
    .toBe(true);
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression,
    contextId: world?.id,
    awaitPromise: true,
    returnByValue: true,
  });
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

/** A message as the content script would send it, answered by the background. */
const message = (name: string, request: unknown) => `chrome.runtime.sendMessage(${JSON.stringify({ parcours: 1, name, request })})`;

test('a content script may send only its own messages, about its own tab’s walk; the page itself reaches nothing', async ({ extension, shop }) => {
  const { page: other, context, extensionId } = extension;
  // A tab outside the walk: the browser's first one (Playwright opens the others from it, and a tab opened
  // from a recorded one joins its walk).
  const page = await context.newPage();
  await page.goto(shop.shopUrl);
  const tester = new Tester({ context, extensionId, page });
  await tester.start({ title: 'Checked senders' });
  const sessionId = tester.sessionId as string;
  // Loaded once the walk records: the recorder is registered only then, and reaches every page loaded since
  // (docs/permissions.md), those of tabs outside the walk too, which it tells they are not recorded.
  await other.goto(new URL('/product?id=tote', shop.shopUrl).href);

  // The page's own world has no way to the extension at all.
  expect(await page.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage)).toBe('undefined');

  // The recorded tab's content script: its own messages pass, every other one is refused.
  const hello = (await inContentScript(page, extensionId, message('recorder/hello', { top: true }))) as { ok: boolean; value: { sessionId: string } };
  expect(hello).toMatchObject({ ok: true, value: { recording: true, sessionId } });
  for (const [name, request] of [
    ['session/stop', {}],
    ['session/delete', { sessionId }],
    ['session/update-setup', { sessionId, changes: { title: 'Rewritten by a page' } }],
    ['settings/set', { key: 'masking-default', value: 'relaxed' }],
    ['map/undo', { sessionId }],
  ] as const) {
    expect(await inContentScript(page, extensionId, message(name, request)), name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }
  expect(
    await inContentScript(
      page,
      extensionId,
      message('annotation/add', { id: 'forged', sessionId: 'another-walk', author: 'tester', payload: { kind: 'moment-of-truth', data: {} } }),
    ),
  ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(
    await inContentScript(page, extensionId, message('annotation/add', { id: 'bad', author: 'tester', payload: { kind: 'emotion', data: { valence: 9 } } })),
  ).toMatchObject({
    ok: false,
    error: { code: 'invalid-request' },
  });

  // A tab outside the walk: told it is not recorded, and nothing more.
  expect(await inContentScript(other, extensionId, message('recorder/hello', { top: true }))).toMatchObject({
    ok: true,
    value: { recording: false, sessionId: null },
  });
  expect(
    await inContentScript(
      other,
      extensionId,
      message('annotation/add', { id: 'from-elsewhere', author: 'tester', payload: { kind: 'moment-of-truth', data: {} } }),
    ),
  ).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
  expect(await inContentScript(other, extensionId, message('session/pause', {}))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  await tester.focusPage();
  await tester.stop();
  const dump = await dumpDatabase(context, extensionId);
  const session = dump.sessions?.find((row) => row.id === sessionId);
  // Stopped by the tester, not by the page; its title and the settings as they were; no forged annotation.
  expect(session).toMatchObject({ title: 'Checked senders', status: 'ended' });
  expect(dump.settings?.find((row) => row.key === 'masking-default')).toBeUndefined();
  expect(dump.annotations?.filter((row) => ['forged', 'bad', 'from-elsewhere'].includes(row.id as string))).toEqual([]);
  expect(dump.events?.filter((row) => row.sessionId === sessionId && row.kind === 'session-stop').map((row) => row.reason)).toEqual(['tester']);
});

test('the sessions page cannot delete a walk being recorded: the button says why, and the background refuses a late confirmation', async ({
  extension,
  shop,
}) => {
  const { page, context, tester, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Still walking' });
  const sessionId = tester.sessionId as string;

  const sessions = await context.newPage();
  await sessions.goto(`chrome-extension://${extensionId}/sessions.html`);
  const row = sessions.locator(`tr[data-session-id="${sessionId}"]`);
  await expect(row.getByRole('button', { name: /^Delete/ })).toBeDisabled();
  await expect(row).toContainText('Stop the walk before deleting it.');
  // Asked directly, the background says the same.
  const answer = await sessions.evaluate(
    (id) =>
      (globalThis as unknown as { chrome: typeof browser }).chrome.runtime.sendMessage({ parcours: 1, name: 'session/delete', request: { sessionId: id } }),
    sessionId,
  );
  expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-state', reason: 'errorDeleteActive' } });

  // The walk is cut off (its tab closed): it may be deleted, and the tester opens the confirmation...
  await page.close();
  await expect(row.getByRole('button', { name: /^Delete/ })).toBeEnabled();
  await row.getByRole('button', { name: /^Delete/ }).click();
  await expect(sessions.getByRole('dialog')).toBeVisible();
  // ...while the walk is continued in another tab before the confirmation.
  const next = await context.newPage();
  await next.goto(shop.shopUrl);
  const again = new Tester({ context, extensionId, page: next });
  const controls = await again.popup();
  await controls.getByRole('button', { name: 'Continue in this tab' }).click();
  await expect(controls.locator('#session-status')).toHaveText('Recording');
  await sessions.bringToFront();
  await sessions.getByRole('dialog').getByRole('button', { name: 'Delete for good' }).click();
  await expect(sessions.getByRole('alert')).toHaveText('This walk is still being recorded: stop it before deleting it.');
  await expect(row).toBeVisible();
  expect((await dumpDatabase(context, extensionId)).sessions?.find((row) => row.id === sessionId)).toMatchObject({ status: 'recording' });

  // Stopped, it is deleted.
  await controls.getByRole('button', { name: 'Stop' }).click();
  await expect(controls.getByRole('button', { name: 'Start recording' })).toBeVisible();
  await sessions.bringToFront();
  await row.getByRole('button', { name: /^Delete/ }).click();
  await sessions.getByRole('dialog').getByRole('button', { name: 'Delete for good' }).click();
  await expect(row).toHaveCount(0);
  const dump = await dumpDatabase(context, extensionId);
  expect(dump.sessions?.filter((row) => row.id === sessionId)).toEqual([]);
  expect(dump.events?.filter((row) => row.sessionId === sessionId)).toEqual([]);
});
