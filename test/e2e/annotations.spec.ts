import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import JSZip from 'jszip';
import { dumpDatabase, type Extension, eventsOf, expect, type Row, readRows, stopServiceWorkers, test } from './fixtures';

function annotationsOf(dump: Record<string, Row[]>, sessionId: string): Row[] {
  return (dump.annotations ?? []).filter((row) => row.sessionId === sessionId && !row.removed);
}

function clickNamed(events: Row[], name: string, nth = 0): Row {
  const click = events.filter((event) => event.kind === 'click' && event.target.name === name)[nth];
  if (!click) throw new Error(`no click on ${name}`);
  return click;
}

async function openSidePanel(extension: Extension): Promise<Page> {
  const panel = await extension.context.newPage();
  await panel.goto(`chrome-extension://${extension.extensionId}/sidepanel.html`);
  await extension.page.bringToFront();
  return panel;
}

async function layoutOf(page: Page) {
  return page.evaluate(() => {
    const boxes = Array.from(document.querySelectorAll('header, main, footer, button, a, input')).map((element) => {
      const rect = element.getBoundingClientRect();
      return [Math.round(rect.x), Math.round(rect.y), Math.round(rect.width), Math.round(rect.height)].join(',');
    });
    return { boxes, height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth };
  });
}

test('the overlay changes nothing in the page: layout, the page’s own clicks and keys, every typed character', async ({ extension, shop }) => {
  const { page, tester } = extension;
  await page.goto(shop.shopUrl);
  const before = await layoutOf(page);
  await tester.start({ title: 'Overlay' });
  await tester.readyOverlay();
  expect(await layoutOf(page)).toEqual(before);

  // The page's own click handlers: the promo reacts on the fourth click.
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Apply promo code' }).click();
  await expect(page.locator('#promo-message')).toHaveText(/WELCOME10/);

  // The page's own key handlers, and a page field, get every character, shortcut chords included.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    document.addEventListener('keydown', (event) => seen.push(event.code));
  });
  const search = page.getByLabel('Search', { exact: true });
  await search.click();
  await page.keyboard.type('mug and bag');
  await page.keyboard.press('Alt+Shift+Digit1');
  await page.keyboard.press('Alt+Shift+KeyT');
  await expect(search).toHaveValue('mug and bag');
  const codes = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  // m u g a n d b a g, then KeyT of the second chord.
  expect(codes.filter((code) => code.startsWith('Key')).length).toBe(9 + 1);
  expect(codes).toContain('Digit1');

  // Typing in the page field tagged nothing and opened no note field.
  expect(tester.overlay().noteFrame()).toBeNull();
  const dump = await dumpDatabase(extension.context, extension.extensionId);
  expect(annotationsOf(dump, tester.sessionId as string)).toEqual([]);

  // Outside a field, the same chord tags the latest step.
  await page.locator('h1').first().click();
  await page.keyboard.press('Alt+Shift+Digit1');
  await expect.poll(() => tester.overlay().status()).toContain('Very negative →');
  await tester.stop();
});

test('each kind of annotation lands on the step meant: the latest, or the one selected in the side panel', async ({ extension, shop }) => {
  const { page, tester, context, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Annotations' });
  // Before any step: a tag goes to the start of the walk.
  await tester.note('expectation', 'I expect to find a mug quickly');
  await page.getByRole('button', { name: 'Track my order' }).click();
  // The tester's tags wait for the page's events (the click) to be committed: they land on the click.
  await tester.emotion(-1, 'confused');
  await tester.note('thought', 'Did it do anything?');
  await tester.note('pain', 'The button does nothing <script>alert(1)</script>');
  await tester.note('opportunity', 'Show the tracking form');
  await tester.note('note', 'x'.repeat(12_000));
  // Focus is on the overlay now (not a text field): the shortcut works without another click.
  await page.keyboard.press('Alt+Shift+KeyM');
  await expect.poll(() => tester.overlay().status()).toContain('Moment of truth →');
  await page.getByRole('button', { name: 'Apply promo code' }).click();
  await tester.emotion(1);
  // Tagging again replaces.
  await tester.emotion(2, 'delighted');

  // The side panel selects the first click: tags now go there.
  const panel = await openSidePanel(extension);
  await panel.getByRole('button', { name: 'Select step 2 to annotate it' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Selected: tags go to step 2' })).toBeVisible();
  await expect.poll(() => tester.overlay().text('.target')).toMatch(/Tags go to the selected step: Click "Track my order"/);
  await tester.emotion(-2, 'frustrated');
  await panel.getByRole('button', { name: 'Back to the latest step' }).click();
  await tester.stop();

  const dump = await dumpDatabase(context, extensionId);
  const events = eventsOf(dump, tester.sessionId as string);
  const track = clickNamed(events, 'Track my order').id;
  const promo = clickNamed(events, 'Apply promo code').id;
  const notes = annotationsOf(dump, tester.sessionId as string);
  const on = (eventId: string | null, kind: string) => notes.filter((row) => row.eventId === eventId && row.kind === kind);
  const start = events.find((event) => event.kind === 'session-start')?.id as string;
  expect(on(start, 'note').map((row) => row.data.noteKind)).toEqual(['expectation']);
  expect(
    on(track, 'note')
      .map((row) => row.data.noteKind)
      .sort(),
  ).toEqual(['note', 'opportunity', 'pain', 'thought']);
  expect(on(track, 'note').find((row) => row.data.noteKind === 'pain')?.data.text).toBe('The button does nothing <script>alert(1)</script>');
  expect(on(track, 'note').find((row) => row.data.noteKind === 'note')?.data.text.length).toBe(10_000);
  expect(on(track, 'moment-of-truth')).toHaveLength(1);
  expect(on(track, 'emotion').map((row) => row.data)).toEqual([{ valence: -2, label: 'frustrated' }]);
  expect(on(promo, 'emotion').map((row) => row.data)).toEqual([{ valence: 2, label: 'delighted' }]);
  expect(notes.every((row) => row.author === 'tester')).toBe(true);
});

test('an observer’s annotations say who made them; markup in notes is shown as text, never run', async ({ extension, shop }) => {
  const { page, tester, context, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Shadowing' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  await tester.waitForClick('Track my order');
  const panel = await openSidePanel(extension);
  await panel.getByLabel('I annotate as').selectOption('observer');
  // The choice is stored before the page loads again (its overlay reads who annotates when it starts).
  await expect
    .poll(async () => (await readRows(extension, 'settings')).find((row) => row.key === 'annotator')?.value, { message: 'the annotator stored' })
    .toBe('observer');
  await page.reload();
  await tester.note('pain', '<img src=x onerror="window.ran=1">Participant sighs');
  const dialogs: string[] = [];
  panel.on('dialog', (dialog) => void dialog.dismiss().then(() => dialogs.push(dialog.message())));
  await expect(panel.getByText('<img src=x onerror="window.ran=1">Participant sighs')).toBeVisible();
  expect(await panel.evaluate(() => (window as unknown as { ran?: number }).ran)).toBeUndefined();
  await expect(panel.getByText('by Observer')).toBeVisible();
  await tester.stop();
  const notes = annotationsOf(await dumpDatabase(context, extensionId), tester.sessionId as string);
  expect(notes.map((row) => row.author)).toEqual(['observer']);
  expect(dialogs).toEqual([]);
});

test('annotations survive service-worker restarts, neither lost nor doubled', async ({ extension, shop }) => {
  const { page, tester, context, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Restarts' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  await tester.emotion(-1);
  await stopServiceWorkers(page);
  await tester.note('pain', 'Nothing happened');
  await stopServiceWorkers(page);
  await page.locator('h1').first().click();
  await page.keyboard.press('Alt+Shift+KeyM');
  await expect.poll(() => tester.overlay().status()).toContain('Moment of truth →');
  await stopServiceWorkers(page);
  await tester.stage('Comparison');
  await tester.stop();
  const notes = annotationsOf(await dumpDatabase(context, extensionId), tester.sessionId as string);
  expect(notes.map((row) => row.kind).sort()).toEqual(['emotion', 'moment-of-truth', 'note', 'stage']);
});

test('switching stage regroups the steps that follow, and removing a stage moves its steps back, with undo', async ({ extension, shop }) => {
  const { page, tester, context, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Stages' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  // Stage switches, like tags, wait for the page's events to be committed: the click stays in Awareness.
  await tester.stage('Consideration');
  await page.getByLabel('Search', { exact: true }).fill('mug');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/search/);
  await tester.stage('Decision');
  await page.locator('#search-results li a').first().click();
  await page.waitForURL(/product/);
  await tester.waitForNavigation(/\/product/);

  // Remove "Decision": its steps move to the stage before it in the list, "Comparison"; undo puts them back.
  const panel = await openSidePanel(extension);
  await panel.getByRole('tab', { name: 'Setup' }).click();
  await panel.getByRole('button', { name: 'Remove stage Decision' }).click();
  await expect(panel.getByText('Stage "Decision" removed; its steps moved to "Comparison".')).toBeVisible();
  await expect.poll(async () => (await tester.overlay().stages())?.value).toBe('comparison');
  await panel.getByRole('button', { name: 'Undo' }).click();
  await expect(panel.getByRole('button', { name: 'Remove stage Decision' })).toBeVisible();
  await tester.stop();
  await tester.exportTo(test.info().outputPath('stages.zip'));
  const zip = await JSZip.loadAsync(readFileSync(test.info().outputPath('stages.zip')));
  const journey = JSON.parse((await zip.file('journey.json')?.async('string')) as string);
  const stageOf = (pattern: RegExp) => journey.steps.find((step: Row) => pattern.test(step.action))?.stageId;
  expect(stageOf(/Track my order/)).toBe('awareness');
  expect(stageOf(/search form/)).toBe('consideration');
  expect(stageOf(/Stoneware Mug/)).toBe('decision');
  const perStage = Object.fromEntries(journey.metrics.perStage.map((row: Row) => [row.stageId, row.steps]));
  expect(perStage.awareness).toBeGreaterThan(0);
  expect(perStage.decision).toBeGreaterThan(0);
  expect(perStage.advocacy).toBe(0);
  void context;
  void extensionId;
});

const CHECKLIST = {
  format: 'parcours.checklist',
  version: 1,
  checklist: {
    name: 'Mystery shop: web purchase',
    questions: [
      { id: 'greet', stageId: 'awareness', text: 'Was the promotion visible on the home page?', type: 'yes-no', required: true },
      { id: 'search', stageId: 'consideration', text: 'How easy was it to find the product?', type: 'score', required: true, photo: true },
      { id: 'comment', stageId: null, text: 'Anything else?', type: 'text', required: false },
    ],
  },
};

test('a checklist is imported, answered with a photo, scored, and blocks completion until the required questions are answered', async ({ extension, shop }) => {
  const { page, tester } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Checklist' });
  const panel = await openSidePanel(extension);
  await panel.getByRole('tab', { name: 'Checklist' }).click();

  // A broken file is refused with a clear message and nothing is lost.
  await panel.getByLabel('Import a checklist (JSON)').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"parcours.checklist","version":1,"checklist":{"name":"x","questions":[{"text":"?","type":"stars"}]}}'),
  });
  await expect(panel.getByRole('alert')).toContainText('Question 1 has type "stars"');
  await panel
    .getByLabel('Import a checklist (JSON)')
    .setInputFiles({ name: 'shop.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(CHECKLIST)) });
  await expect(panel.getByText('Checklist "Mystery shop: web purchase" imported.')).toBeVisible();
  await panel.getByRole('button', { name: 'Use for this walk' }).click();
  await expect(panel.getByRole('heading', { name: 'Checklist: Mystery shop: web purchase' })).toBeVisible();

  // During the walk: a score with a screenshot as evidence.
  const search = panel.locator('[data-question-id="search"]');
  await search.getByRole('radio', { name: 'Score 4 of 5' }).check();
  await search.getByRole('button', { name: 'Attach a screenshot' }).click();
  await expect(search.getByText('Screenshot attached')).toBeVisible();
  await panel.locator('[data-question-id="comment"] textarea').fill('Friendly tone <em>overall</em>');
  await panel.locator('[data-question-id="comment"] textarea').blur();
  await tester.stop();

  // After the walk: completion is refused while a required question is open, then allowed.
  await panel.getByRole('button', { name: 'Mark the walk complete' }).click();
  await expect(panel.getByText(/Answer the required questions first: Was the promotion visible/)).toBeVisible();
  await panel.locator('[data-question-id="greet"]').getByRole('radio', { name: 'Yes' }).check();
  await expect(panel.getByText('Overall: 88%')).toBeVisible();
  await panel.getByRole('button', { name: 'Mark the walk complete' }).click();
  await expect(panel.getByText('Walk marked complete.')).toBeVisible();
  await expect(panel.locator('#session-status')).toContainText('Complete');

  const out = test.info().outputPath('checklist.zip');
  await tester.exportTo(out);
  const zip = await JSZip.loadAsync(readFileSync(out));
  const journey = JSON.parse((await zip.file('journey.json')?.async('string')) as string);
  expect(journey.checklist).toMatchObject({ name: 'Mystery shop: web purchase', complete: true, scores: { overall: 88 } });
  const answers = Object.fromEntries(journey.checklist.questions.map((question: Row) => [question.id, question.answer?.value]));
  expect(answers).toEqual({ greet: true, search: 4, comment: 'Friendly tone <em>overall</em>' });
  const photo = journey.checklist.questions.find((question: Row) => question.id === 'search').answer.photo;
  expect(photo).toMatch(/^screenshots\/evidence-\d{4}\.jpg$/);
  expect(zip.file(photo)).toBeTruthy();
});

test('screenshots show the page, never the overlay', async ({ extension, shop }) => {
  const { page, tester, context, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Clean screenshots' });
  const overlay = await tester.readyOverlay();
  await tester.emotion(1); // chips now showing: the overlay is at its largest
  // The page at rest where it is pressed: a click that first scrolls the button into view can be captured from
  // a frame painted before that scroll, which the references below (taken after it) would not match.
  const button = page.getByRole('button', { name: 'Track my order' });
  await button.scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const box = await overlay.box('.toolbar');
  if (!box) throw new Error('no overlay box');
  await button.click();
  // The click's capture is stored, and the overlay, transparent for it, is drawn again.
  await tester.waitForScreenshot(await tester.waitForClick('Track my order'));
  await expect(page.locator('parcours-overlay')).toHaveCSS('opacity', '1');
  const withOverlay = await page.screenshot();
  await page.evaluate(() => document.querySelector('parcours-overlay')?.setAttribute('style', 'display:none !important'));
  const withoutOverlay = await page.screenshot();
  await tester.stop();

  const events = eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string);
  const click = clickNamed(events, 'Track my order');
  const shot = events.find((event) => event.kind === 'screenshot' && event.forEventId === click.id);
  expect(shot?.screenshotId).toBeTruthy();
  const reader = await context.newPage();
  await reader.goto(`chrome-extension://${extensionId}/sessions.html`);
  // Mean colour difference inside the overlay's box between the stored capture and each reference.
  const diff = await reader.evaluate(
    async ({ screenshotId, references, rect }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('parcours');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const row = await new Promise<{ blob: Blob }>((resolve) => {
        const request = db.transaction('screenshots').objectStore('screenshots').get(screenshotId);
        request.onsuccess = () => resolve(request.result);
      });
      const pixels = async (blob: Blob) => {
        const bitmap = await createImageBitmap(blob);
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context2d = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        context2d.drawImage(bitmap, 0, 0);
        return context2d.getImageData(Math.round(rect.x), Math.round(rect.y), Math.round(rect.width), Math.round(rect.height)).data;
      };
      const captured = await pixels(row.blob);
      const out: number[] = [];
      for (const base64 of references) {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const reference = await pixels(new Blob([bytes], { type: 'image/png' }));
        let sum = 0;
        for (let i = 0; i < captured.length; i += 4)
          sum +=
            Math.abs((captured[i] ?? 0) - (reference[i] ?? 0)) +
            Math.abs((captured[i + 1] ?? 0) - (reference[i + 1] ?? 0)) +
            Math.abs((captured[i + 2] ?? 0) - (reference[i + 2] ?? 0));
        out.push(sum / (captured.length / 4) / 3);
      }
      return out;
    },
    { screenshotId: shot?.screenshotId as string, references: [withOverlay.toString('base64'), withoutOverlay.toString('base64')], rect: box },
  );
  const [toWith, toWithout] = diff as [number, number];
  // The capture matches the page without the overlay (JPEG noise only), not the page with it.
  expect(toWithout).toBeLessThan(6);
  expect(toWith).toBeGreaterThan(toWithout * 3);
});

test('a setup saved as a template fills the next walk: persona, scenario, goal, segment, expectations, stages', async ({ extension, shop }) => {
  const { page, context, extensionId, tester } = extension;
  await page.goto(shop.shopUrl);
  const popup = await tester.popup();
  await popup.locator('summary').first().click();
  await popup.getByLabel('Persona', { exact: true }).fill('Sandrine');
  await popup.getByLabel('Persona in a sentence').fill('Team lead, buys gifts online at night');
  await popup.getByLabel('Scenario').fill('A birthday on Friday');
  await popup.getByLabel('Goal').fill('Order a mug');
  await popup.getByLabel('Segment').fill('New customers');
  await popup.getByLabel('Expectations').fill('Fast and cheap');
  await popup.getByLabel('Name of stage 1').fill('Discover');
  await popup.getByLabel('Name of stage 1').blur();
  await popup.getByRole('button', { name: 'Remove stage Advocacy' }).click();
  await popup.getByLabel('New stage', { exact: true }).fill('Unboxing');
  await popup.getByRole('button', { name: 'Add a stage' }).click();
  await popup.getByRole('button', { name: 'Move Unboxing up' }).click();
  await popup.getByLabel('Template name').fill('Gift shopper');
  await popup.getByRole('button', { name: 'Save as template' }).click();
  await expect(popup.getByText('Template "Gift shopper" saved.')).toBeVisible();
  await popup.reload();

  // The next walk starts from it: the popup, opened again, offers the template.
  await popup.getByLabel('Start from a template').selectOption({ label: 'Gift shopper' });
  await popup.locator('summary').first().click();
  await expect(popup.getByLabel('Persona', { exact: true })).toHaveValue('Sandrine');
  await expect(popup.getByLabel('Name of stage 1')).toHaveValue('Discover');
  await popup.getByLabel('Title').fill('From a template');
  await page.bringToFront();
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await expect(popup.locator('#session-status')).toHaveText('Recording');
  await page.bringToFront();
  const overlay = tester.overlay();
  await overlay.ready({ unfold: false });
  await expect
    .poll(async () => (await overlay.stages())?.options.map((option: { label: string }) => option.label))
    .toEqual(['Discover', 'Consideration', 'Comparison', 'Decision', 'Purchase', 'Unboxing', 'Retention']);
  await popup.getByRole('button', { name: 'Stop' }).click();
  await expect(popup.getByRole('button', { name: 'Start recording' })).toBeVisible();
  const dump = await dumpDatabase(context, extensionId);
  const session = dump.sessions?.find((row) => row.title === 'From a template');
  expect(session).toMatchObject({
    persona: { name: 'Sandrine', description: 'Team lead, buys gifts online at night' },
    scenario: 'A birthday on Friday',
    goal: 'Order a mug',
    segment: 'New customers',
    expectations: 'Fast and cheap',
  });
});

test('in the side panel a note is corrected, removed and brought back', async ({ extension, shop }) => {
  const { page, tester, context, extensionId } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Corrections' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  await tester.note('thought', 'Wher is my order?');
  const panel = await openSidePanel(extension);
  await panel.getByRole('button', { name: 'Edit: Wher is my order?' }).click();
  await panel.getByRole('textbox', { name: 'Thought' }).fill('Where is my order?');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByText('Where is my order?')).toBeVisible();
  await panel.getByRole('button', { name: 'Remove: Where is my order?' }).click();
  await expect(panel.getByText('Annotation removed.')).toBeVisible();
  await panel.getByRole('button', { name: 'Undo' }).click();
  await expect(panel.getByText('Where is my order?')).toBeVisible();
  await tester.stop();
  const notes = annotationsOf(await dumpDatabase(context, extensionId), tester.sessionId as string);
  expect(notes.map((row) => row.data.text)).toEqual(['Where is my order?']);
});
