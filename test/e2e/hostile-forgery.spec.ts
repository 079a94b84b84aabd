import type { Page } from '@playwright/test';
import { expect, type Row, readRows, test } from './fixtures';

const TITLE = 'Secret walk 7731';
const NOTE = 'private remark 4242';

interface Read {
  host: boolean;
  shadowRoot: string | null;
  openRoots: string[];
  openOrClosedShadowRoot: string;
  attachAgain: string;
  frames: string[];
}

/** What the hostile page (test/fixtures/shop/js/forge.js) saw. */
function seenBy(page: Page) {
  return page.evaluate(() => {
    const seen = (window as unknown as { forge: { seen: { keys: Row[]; reads: Read[]; texts: Set<string>; changes: Row[] } } }).forge.seen;
    return { keys: seen.keys, reads: seen.reads, texts: [...seen.texts], changes: seen.changes };
  });
}

const forge = (page: Page, what: 'clickBuy' | 'tagEmotion' | 'fillAndSend' | 'scrollAndHide') =>
  page.evaluate((name) => (window as unknown as { forge: Record<string, () => void> }).forge[name]?.(), what);

test('a page cannot forge the tester’s clicks, keys, fields or tags, cannot read the overlay, and hears no key of the note', async ({ extension, shop }) => {
  const { page, tester } = extension;
  await page.goto(new URL('/forge', shop.shopUrl).href);
  await tester.start({ title: TITLE });
  const overlay = await tester.readyOverlay();
  await tester.settled();
  const before = (await tester.lastEvent())?.seq ?? -1;

  // The page's script plays the tester: a press and a click on Buy, Alt+Shift+5 and Alt+Shift+M, a field typed,
  // committed and its form sent (requestSubmit() too, which Chromium fires as a trusted submit), a scroll.
  for (const what of ['clickBuy', 'tagEmotion', 'fillAndSend', 'scrollAndHide'] as const) await forge(page, what);
  // Its own handlers took its clicks (two: the dispatched one and click()).
  await expect(page.locator('#bought')).toHaveText('2');
  // The tester's own click on the same button is recorded, with its screenshot: the recorder was listening.
  await page.getByRole('button', { name: 'Buy a gift card' }).click();
  const real = await tester.waitForClick('Buy a gift card');
  await tester.waitForScreenshot(real);
  await tester.settled();
  const all = await tester.events();
  const events = all.filter((event) => event.seq > before);
  expect(events.filter((event) => event.kind === 'click').map((event) => event.id)).toEqual([real.id]);
  // The screenshots since: of the tester's click, and none of anything forged (the page's own load may still
  // have had its screenshot on the way when the walk was first settled: it is of an event from before).
  const earlier = new Set(all.filter((event) => event.seq <= before).map((event) => event.id));
  expect(events.filter((event) => event.kind === 'screenshot' && !earlier.has(event.forEventId)).map((event) => event.forEventId)).toEqual([real.id]);
  expect(events.filter((event) => ['field-change', 'field-focus', 'submit', 'key', 'scroll', 'visibility', 'invalid'].includes(event.kind))).toEqual([]);
  const sessionId = tester.sessionId as string;
  expect(await readRows(extension, 'annotations', sessionId)).toEqual([]);

  // The note, typed key by key: the focus is in the overlay's frame as soon as it opens.
  await page.evaluate(() => {
    (window as unknown as { forge: { seen: { keys: unknown[] } } }).forge.seen.keys.length = 0;
  });
  await overlay.click({ within: 'Add a note', name: 'Pain point' });
  const frame = await overlay.waitForNoteFrame();
  await expect(frame.getByRole('textbox')).toBeFocused();
  await page.keyboard.type(NOTE, { delay: 10 });
  await page.keyboard.press('Enter');
  await overlay.waitForText('[role="status"]', 'Pain point →');
  await expect.poll(() => overlay.noteFrame(), { message: 'the note frame closed' }).toBeNull();
  // The focus is back on the chip that opened the note.
  expect(await overlay.evaluate((root: ShadowRoot) => root.activeElement?.textContent)).toBe('Pain point');
  const notes = (await readRows(extension, 'annotations', sessionId)).filter((row) => row.kind === 'note');
  expect(notes.map((row) => row.data.text)).toEqual([NOTE]);

  // A note opened by its shortcut, typed and given up with Escape: the focus comes back to the page.
  await page.locator('h1').click();
  await page.keyboard.press('Alt+Shift+KeyT');
  await expect((await overlay.waitForNoteFrame()).getByRole('textbox')).toBeFocused();
  await page.keyboard.type('draft 99', { delay: 10 });
  await page.keyboard.press('Escape');
  await expect.poll(() => overlay.noteFrame()).toBeNull();
  expect(await page.evaluate(() => document.activeElement?.localName)).toBe('body');
  const seen = await seenBy(page);
  // The page's capture listener on the window heard none of the note's keys, nor Enter or Escape pressed. (The
  // release of the key that closed the note may come once the focus is back in the page: a keyup of Enter or
  // Escape, nothing typed.)
  const heard = seen.keys.filter((key) => !['Alt', 'Shift', 'T'].includes(key.key));
  expect(heard.filter((key) => !(key.type === 'keyup' && ['Enter', 'Escape'].includes(key.key)))).toEqual([]);

  // Its reads, every 25 ms through the walk: no shadow root to read, no frame to enter, no text of Parcours'.
  const withOverlay = seen.reads.filter((read) => read.host);
  expect(withOverlay.length).toBeGreaterThan(10);
  for (const read of withOverlay) {
    expect(read).toMatchObject({ host: true, shadowRoot: null, openRoots: [], openOrClosedShadowRoot: 'undefined', attachAgain: 'NotSupportedError' });
    // A frame in a shadow tree is none of the window's frames (they are the document tree's): the page cannot
    // even reach the note frame's window, let alone read or navigate it.
    expect(read.frames).toEqual([]);
  }
  for (const secret of [TITLE, NOTE, 'draft 99', 'Pain point', 'Parcours annotation toolbar'])
    expect(
      seen.texts.filter((text) => text.includes(secret)),
      secret,
    ).toEqual([]);

  // What the page does hear: the tester's keys in its own field; and the tester's own Alt+Shift+5 tags.
  await page.getByLabel('Wish').click();
  await page.keyboard.type('abc');
  expect((await seenBy(page)).keys.filter((key) => key.type === 'keydown').map((key) => key.key)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
  await page.locator('h1').click();
  await page.keyboard.press('Alt+Shift+Digit5');
  await overlay.waitForText('[role="status"]', 'Very positive →');
  const emotions = (await readRows(extension, 'annotations', sessionId)).filter((row) => row.kind === 'emotion');
  expect(emotions.map((row) => row.data.valence)).toEqual([2]);
  await tester.stop();
});

test('nothing done while paused is recorded: no click, screenshot or key, and a field typed in while paused and left after Resume', async ({
  extension,
  shop,
}) => {
  const { page, tester } = extension;
  await page.goto(new URL('/forge', shop.shopUrl).href);
  await tester.start({ title: 'Paused' });
  await page.getByRole('button', { name: 'Buy a gift card' }).click();
  await tester.waitForScreenshot(await tester.waitForClick('Buy a gift card'));
  await tester.pause();

  // While paused: a click (and its screenshot), a key in a field, typing in another left focused.
  await page.getByRole('button', { name: 'Buy a gift card' }).click();
  await expect(page.locator('#bought')).toHaveText('2');
  await page.getByLabel('Recipient').click();
  await page.keyboard.type('Sam');
  await page.keyboard.press('Enter');
  await page.getByLabel('Wish').click();
  await page.keyboard.type('a secret wish');
  await tester.resume();
  const resumedAt = Date.now();

  // After Resume: the field typed in while paused is left (its change commits now), another is typed in and left.
  await page.locator('h1').click();
  await page.getByLabel('Recipient').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' and Alex');
  await page.locator('h1').click();
  await tester.waitForEvent((event) => event.kind === 'field-change' && event.field?.name === 'to', { what: 'the change of Recipient after Resume' });
  await tester.settled();
  await tester.stop();

  const events = await tester.events();
  const pause = events.find((event) => event.kind === 'pause') as Row;
  const resume = events.find((event) => event.kind === 'resume') as Row;
  // Nothing stored between the pause and the resume, by order or by time.
  expect(events.filter((event) => event.seq > pause.seq && event.seq < resume.seq)).toEqual([]);
  expect(events.filter((event) => event.t > pause.t && event.t < resume.t)).toEqual([]);
  expect(events.filter((event) => event.kind === 'click' && event.target?.name === 'Buy a gift card')).toHaveLength(1);
  expect(events.filter((event) => event.kind === 'key' || event.kind === 'submit')).toEqual([]);
  // The wish typed while paused left no trace, though its field committed the change after Resume.
  expect(events.filter((event) => event.field?.name === 'wish')).toEqual([]);
  const wishChanges = (await seenBy(page)).changes.filter((change) => change.name === 'wish');
  expect(wishChanges.length).toBe(1);
  expect(wishChanges[0]?.at).toBeGreaterThan(resumedAt - 1_000);
  // Every screenshot is of a step of the walk.
  const ids = new Set(events.map((event) => event.id));
  for (const shot of events.filter((event) => event.kind === 'screenshot')) expect(ids.has(shot.forEventId)).toBe(true);
});
