import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { seedLongWalk } from '../../scripts/lib/long-walk.mjs';
import demoWalk from '../walks/demo-walk.mjs';
import { dumpDatabase, eventsOf, expect, type Row, stopServiceWorkers, test } from './fixtures';

test('the demo walk becomes a journey map with its stages, curve and friction signals; edits persist, raw events do not change', async ({
  extension,
  shop,
}) => {
  test.setTimeout(180_000);
  const { page, context, extensionId, tester } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Review', persona: 'Sandrine', scenario: 'A gift mug', goal: 'Order and pay' });
  await demoWalk({ page, context, tester });
  await tester.stop();
  const before = eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string);

  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${tester.sessionId}`);
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  await expect(map).toBeVisible();
  // Stages as the walk went through them, and one column per human step.
  // Stage bands are drawn for the columns in view: the start, then the end once scrolled there.
  await expect(map.locator('.stage-band').first()).toHaveText('Awareness');
  await map.locator('.scroller').evaluate((element) => {
    element.scrollLeft = element.scrollWidth;
  });
  await expect(map.locator('.stage-band').last()).toHaveText('Purchase');
  await map.locator('.scroller').evaluate((element) => {
    element.scrollLeft = 0;
  });
  const stepCount = async () => Number(await review.locator('.metrics div', { hasText: 'Steps' }).locator('dd').innerText());
  const steps = await stepCount();
  // The demo walk's fourteen human steps (the recorded fixture of the same walk has fourteen too).
  expect(steps).toBe(14);
  // Every stage is listed, with its steps; those the walk never reached say so.
  expect(await review.locator('.stage-card').allInnerTexts()).toEqual([
    expect.stringMatching(/^Awareness\n3 steps · /),
    expect.stringMatching(/^Consideration\n1 steps/),
    expect.stringMatching(/^Comparison\n3 steps/),
    expect.stringMatching(/^Decision\n3 steps/),
    expect.stringMatching(/^Purchase\n4 steps/),
    'Retention\nNo steps',
    'Advocacy\nNo steps',
  ]);
  // The whole walk's curve: five tagged steps, the other nine left as gaps.
  await expect(review.getByRole('img', { name: 'Emotion curve over 14 steps, 5 of them with an emotion; the others are gaps.' })).toBeVisible();
  // The curve's first screen: the confused and the frustrated faces of steps 2 and 3.
  await expect(map.locator('svg.curve > g').first()).toBeVisible();
  expect(await map.locator('svg.curve > g title').allTextContents()).toEqual(
    expect.arrayContaining(['2. Negative · confused', '3. Very negative · frustrated']),
  );
  // The signals the demo shop provokes.
  // The action of the step whose pain-point cell shows a signal.
  const signalOn = async (signal: string) => {
    const index = await map.locator(`.lane-pain .cell:has([data-signal="${signal}"])`).first().getAttribute('data-step-index');
    return map.locator(`.lane-action .cell[data-step-index="${index}"]`).innerText();
  };
  expect(await signalOn('dead-click')).toMatch(/Track my order/);
  expect(await signalOn('rage-click')).toMatch(/Apply promo code/);
  // The form error and the slow load are further along: a stage's name brings the map there.
  await review.locator('.stage-card', { hasText: 'Purchase' }).getByRole('button').click();
  await expect(map.locator('.lane-action a:focus')).toContainText('11. Click "Proceed to checkout"');
  // Forms named by what the tester read: the checkout section's heading, the payment frame's heading.
  expect(await signalOn('form-error')).toMatch(/Fill in the "Shipping" form/);
  expect(await signalOn('slow-load')).toMatch(/Fill in the "Secure Pay" form/);
  await map.locator('.scroller').evaluate((element) => {
    element.scrollLeft = 0;
  });

  // Edits: dismiss a signal, retitle and hide steps; they persist across a reload and a worker restart.
  await map.getByRole('button', { name: 'Dismiss Dead click' }).click();
  await expect(map.getByRole('button', { name: 'Reconsider Dead click' })).toBeVisible();
  await map.getByRole('link', { name: 'Open step 2' }).click();
  await review.getByLabel('Title of the step').fill('Try to track an order');
  await review.getByLabel('Title of the step').press('Enter');
  await expect(review.getByRole('heading', { name: /Try to track an order/ })).toBeVisible();
  // Emotions and notes are undone in the order they were made, map edits included.
  await review.getByRole('button', { name: 'Very positive' }).click();
  await expect(review.getByRole('button', { name: 'Very positive' })).toHaveClass(/chosen/);
  await review.getByLabel('Thought', { exact: true }).fill('Where is my order?');
  await review.getByRole('button', { name: 'Save', exact: true }).click();
  await review.getByRole('button', { name: 'Edit: Where is my order?' }).click();
  await review.locator('.notes textarea').fill('Where is my parcel?');
  await review.locator('.notes textarea').press('Enter');
  await expect(review.locator('.notes')).toContainText('Where is my parcel?');
  await review.getByRole('button', { name: 'Undo the last edit' }).click();
  await expect(review.locator('.notes')).toContainText('Where is my order?');
  await review.getByRole('button', { name: 'Undo the last edit' }).click();
  await expect(review.locator('.notes')).not.toContainText('Where is my order?');
  await review.getByRole('button', { name: 'Undo the last edit' }).click();
  await expect(review.getByRole('button', { name: 'Very positive' })).not.toHaveClass(/chosen/);
  await review.getByRole('button', { name: 'Redo' }).click();
  await expect(review.getByRole('button', { name: 'Very positive' })).toHaveClass(/chosen/);
  await review.keyboard.press('Control+Z');
  await expect(review.getByRole('button', { name: 'Very positive' })).not.toHaveClass(/chosen/);
  await expect(review.getByRole('heading', { name: /Try to track an order/ })).toBeVisible();
  await review.getByRole('link', { name: 'Next step →' }).click();
  await review.getByRole('button', { name: 'Hide this step from the map' }).click();
  await expect(review.getByRole('button', { name: 'Show this step on the map' })).toBeVisible();
  await stopServiceWorkers(page);
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${tester.sessionId}`);
  await review.reload();
  await expect.poll(stepCount).toBe(steps - 1);
  await expect(map.getByText('2. Try to track an order')).toBeVisible();
  await review.getByText('Hidden steps: 1').click();
  await expect(review.getByRole('button', { name: /^Show ".*" on the map$/ })).toBeVisible();
  await expect(map.getByRole('button', { name: 'Reconsider Dead click' })).toBeVisible();
  // Undo brings the hidden step back.
  await review.getByRole('button', { name: 'Undo the last edit' }).click();
  await expect.poll(stepCount).toBe(steps);

  // A step dragged onto the next stage's band moves to that stage.
  const bands = map.locator('.stage-band');
  const columns = async (band: number) => Math.round(((await bands.nth(band).boundingBox())?.width ?? 0) / 190);
  const firstBand = await columns(0);
  const nextStage = await bands.nth(1).innerText();
  await map.locator(`.lane-action .cell[data-step-index="${firstBand - 1}"] a`).dragTo(bands.nth(1));
  await expect.poll(() => columns(0)).toBe(firstBand - 1);
  await expect(bands.nth(1)).toHaveText(nextStage);
  // A stage no step has reached yet takes a step dropped on it too.
  await map.locator('.lane-action .cell[data-step-index="0"] a').dragTo(review.locator('.stage-card[data-stage="retention"]'));
  await expect(review.locator('.stage-card[data-stage="retention"]')).toContainText('1 steps');

  // Redaction: draw a box on the first click's screenshot; the export carries only the blurred image.
  await map.getByRole('link', { name: 'Open step 2' }).click();
  await review.getByRole('button', { name: 'Redact: draw boxes to blur' }).click();
  const frame = review.locator('.shot-frame img');
  const box = await frame.boundingBox();
  if (!box) throw new Error('no screenshot');
  await review.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
  await review.mouse.down();
  await review.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.8, { steps: 4 });
  await review.mouse.up();
  await review.getByRole('button', { name: 'Save the blurred screenshot' }).click();
  await expect(review.locator('.badge', { hasText: 'Blurred' })).toBeVisible();

  const out = test.info().outputPath('review.zip');
  await tester.exportTo(out);
  const zip = await JSZip.loadAsync(readFileSync(out));
  const journey = JSON.parse((await zip.file('journey.json')?.async('string')) as string);
  const step2 = journey.steps[1];
  expect(journey.steps).toHaveLength(steps);
  const signalled = (type: string) => journey.steps.find((step: Row) => step.signals.some((signal: Row) => signal.type === type))?.action;
  expect(signalled('form-error')).toMatch(/"Shipping" form/);
  expect(signalled('slow-load')).toMatch(/"Secure Pay" form/);
  // Five steps were tagged with an emotion during the demo walk; the others have none (never invented).
  expect(journey.steps.filter((step: Row) => step.emotion).length).toBe(5);
  expect(journey.stages.map((stage: Row) => stage.id)).toEqual(['awareness', 'consideration', 'comparison', 'decision', 'purchase', 'retention', 'advocacy']);
  expect(step2.action).toBe('Try to track an order');
  expect(journey.stages.find((stage: Row) => stage.id === journey.steps[firstBand - 1].stageId)?.name).toBe(nextStage);
  expect(step2.signals.find((signal: { type: string }) => signal.type === 'dead-click')?.decision).toBe('dismissed');
  expect(journey.steps[0].stageId).toBe('retention');
  const dump = await dumpDatabase(context, extensionId);
  const shotRow: Row | undefined = dump.screenshots?.find(
    (row) => row.id === before.find((event) => event.kind === 'screenshot' && event.forEventId === step2.id)?.screenshotId,
  );
  const redaction: Row | undefined = dump.redactions?.find((row) => row.screenshotId === shotRow?.id);
  expect(redaction).toBeTruthy();
  const exported = await zip.file(step2.screenshot)?.async('uint8array');
  expect(exported?.length).toBe(redaction?.redactedBlob.blobSize);
  expect(exported?.length).not.toBe(shotRow?.blob.blobSize);
  // The original is kept until destroyed.
  expect(shotRow?.blob.blobSize).toBeGreaterThan(0);

  // The raw capture is exactly as it was.
  const after = eventsOf(dump, tester.sessionId as string);
  expect(after).toEqual(before);

  // Printing: every column, in pages of six, with every screenshot loaded (the blurred one where redacted)
  // before the browser's print dialog opens.
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${tester.sessionId}`);
  await review.evaluate(() => {
    const scope = window as unknown as { printed: unknown };
    scope.printed = null;
    window.print = () => {
      const pages = [...document.querySelectorAll<HTMLElement>('.print-page')];
      const images = [...document.querySelectorAll<HTMLImageElement>('.journey-print img')];
      scope.printed = {
        pages: pages.length,
        columns: pages.map((page) => page.querySelectorAll('.lane-action .cell').length),
        widest: Math.max(...pages.map((page) => page.scrollWidth)),
        loaded: images.filter((image) => image.complete && image.naturalWidth > 0).length,
        withScreenshot: document.querySelectorAll('.journey-print .thumb').length,
      };
    };
  });
  await review.getByRole('button', { name: 'Print the map' }).click();
  type Printed = { pages: number; columns: number[]; widest: number; loaded: number; withScreenshot: number };
  const printed = await review
    .waitForFunction(() => (window as unknown as { printed: unknown }).printed)
    .then((handle) => handle.jsonValue() as Promise<Printed>);
  expect(printed).toMatchObject({ pages: 3, columns: [6, 6, 2] });
  expect(printed.loaded).toBe(printed.withScreenshot);
  // Most steps show their moment; a click the tab's stream could not catch before the page reacted (a busy
  // machine, a scripted click that releases at once) says late instead, with no image on the map.
  expect(printed.withScreenshot).toBeGreaterThanOrEqual(8);
  // A landscape A4 page holds 277 mm (1047 CSS px) across; the print scale is 0.8.
  expect(printed.widest * 0.8).toBeLessThanOrEqual(1047);
  // Once printed, the map is windowed again.
  await expect(review.locator('.journey-print')).toHaveCount(0);
  await expect(map).toBeVisible();
});

test('a 500-step walk opens fast and scrolls with only the visible columns drawn', async ({ extension }) => {
  const { context, extensionId } = extension;
  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html`);
  // A long walk written straight into the database (test data): 500 clicks, every 10th with an emotion.
  const sessionId = await seedLongWalk(review, { clicks: 500, emotionEvery: 10 });
  const started = Date.now();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${sessionId}`);
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  await expect(map.getByText('1. Start on')).toBeVisible();
  const openedMs = Date.now() - started;
  test.info().annotations.push({ type: 'figures', description: `500-step map shown in ${openedMs} ms` });
  // Windowed: far fewer cells than steps are in the page.
  const drawn = await map.locator('.lane-action .cell').count();
  expect(drawn).toBeLessThan(30);
  await map.locator('.scroller').evaluate((element) => {
    element.scrollLeft = element.scrollWidth;
  });
  await expect(map.getByText('501. Click "Button 500"')).toBeVisible();
  expect(await map.locator('.lane-action .cell').count()).toBeLessThan(30);
  // The scrollable width is the map's, however far it was scrolled: 501 columns of 190 px, no blank beyond.
  expect(await map.locator('.scroller').evaluate((element) => element.scrollWidth)).toBe(501 * 190);
  // The curve draws only the faces in view: emotions on every 10th step, never invented in between.
  expect(await map.locator('svg.curve > g').count()).toBeLessThanOrEqual(3);

  // The side panel's timeline of the same walk draws only the cards near the viewport too.
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?session=${sessionId}`);
  await expect(panel.locator('.step-card').first()).toBeVisible();
  expect(await panel.locator('.step-card').count()).toBeLessThan(40);
  await panel.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight }));
  await expect(panel.getByText('501. Click "Button 500"')).toBeVisible();
  await expect(panel.getByText('1. Start on')).toHaveCount(0);
  expect(await panel.locator('.step-card').count()).toBeLessThan(40);
});

test('thresholds change what is flagged, and a screenshot is redacted from the keyboard', async ({ extension, shop }) => {
  const { page, context, extensionId, tester } = extension;
  await page.goto(shop.shopUrl);
  await tester.start({ title: 'Thresholds' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  // On purpose: Track my order stays unanswered past the dead-click window (2.5 s), counted from the click as
  // recorded, and the walk ends well before the 10 s window tried below.
  await tester.waitUntilAfter(await tester.waitForClick('Track my order'), 3_000);
  await page.getByRole('button', { name: 'Apply promo code' }).click();
  await tester.stop();
  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${tester.sessionId}`);
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  await expect(map.locator('[data-signal="dead-click"]').first()).toBeVisible();
  // A tester who waits longer before calling a click dead: the quiet click (until the stop) is no longer flagged.
  await review.getByText('Friction signal thresholds').click();
  await review.getByLabel('Dead click: no reaction for (ms)').fill('10000');
  await review.getByLabel('Dead click: no reaction for (ms)').press('Tab');
  await expect(map.locator('.lane-action .cell', { hasText: 'Track my order' })).toBeVisible();
  await expect(map.locator('.lane-pain [data-signal="dead-click"]')).toHaveCount(0);
  await review.getByRole('button', { name: 'Back to the defaults' }).click();

  // Keyboard redaction: Enter adds a box, arrows move it, the blurred copy is saved.
  await map.getByRole('link', { name: 'Open step 2' }).click();
  await review.getByRole('button', { name: 'Redact: draw boxes to blur' }).click();
  const frame = review.getByLabel(/Screenshot being redacted/);
  await frame.focus();
  await review.keyboard.press('Enter');
  await review.keyboard.press('ArrowRight');
  await review.keyboard.press('Shift+ArrowDown');
  await review.getByRole('button', { name: 'Save the blurred screenshot' }).click();
  await expect(review.locator('.badge', { hasText: 'Blurred' })).toBeVisible();
  // Destroying the original keeps only the blurred image.
  await review.getByRole('button', { name: 'Destroy the original' }).click();
  await review.getByRole('dialog').getByRole('button', { name: 'Destroy the original' }).click();
  await expect(review.locator('.badge', { hasText: 'Original destroyed' })).toBeVisible();
  const dump = await dumpDatabase(context, extensionId);
  const redaction: Row | undefined = dump.redactions?.find((row) => row.sessionId === tester.sessionId);
  expect(redaction?.originalDestroyed).toBe(true);
  const shot: Row | undefined = dump.screenshots?.find((row) => row.id === redaction?.screenshotId);
  expect(shot?.blob.blobSize).toBe(redaction?.redactedBlob.blobSize);
});
