import type { Page } from '@playwright/test';
import { dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

/**
 * The hostile fixture set (test/fixtures/shop/hostile/, all served under the strict CSP): each page fights
 * instrumentation in its own way and checks its own invariants (`data-self-check`, written by its own script
 * when "Run self-check" is pressed, with what it counted in `data-self-check-detail`). Each page is walked the
 * same way without Parcours and with a walk recording it: the verdicts and counts must be the same, a pass,
 * with no page error, and the walk must hold the page's clicks (each with its screenshot, or the reason it has
 * none), fields, submits, keys and navigations.
 */
interface HostileCase {
  title: string;
  path: string;
  /** The scripted interactions, each waiting for the page's own answer before the next. */
  interact(page: Page): Promise<void>;
  /** What the page counted, the same in both runs. */
  detail: string;
  /** The names of the recorded clicks, in order ("Run self-check" last). */
  clicks: string[];
  /** What else the walk must hold. */
  recorded?(events: Row[]): void;
}

const kinds = (events: Row[], kind: string) => events.filter((event) => event.kind === kind);
const fieldChanges = (events: Row[]) => kinds(events, 'field-change').map((event) => event.field.label ?? event.field.name);

const CASES: HostileCase[] = [
  {
    title: 'window capture listeners that stop click, pointerdown, keydown, input and submit',
    path: '/hostile/capture-wall',
    async interact(page) {
      const add = page.getByRole('button', { name: 'Add to basket' });
      await add.click();
      await expect(page.locator('#basket')).toHaveText('1');
      await add.click();
      await expect(page.locator('#basket')).toHaveText('2');
      const coupon = page.getByLabel('Coupon');
      await coupon.click();
      await coupon.pressSequentially('SPRING', { delay: 20 });
      await expect(page.locator('#typed')).toHaveText('6');
      await coupon.press('Enter');
      await expect(page.locator('#sent')).toHaveText('1');
      await page.getByRole('button', { name: 'Apply coupon' }).click();
      await expect(page.locator('#sent')).toHaveText('2');
      await page.getByRole('link', { name: 'Next view' }).click();
      await expect(page.locator('#heading')).toHaveText('Capture wall – next view');
    },
    detail: 'adds=2 clicks=6 pointerdowns=5 keydowns=7 inputs=6 submits=2 pushes=1 leaked=0 path=/hostile/capture-wall/next',
    // Enter in the coupon field is the browser's click on the form's default button (implicit submission).
    clicks: ['Add to basket', 'Add to basket', 'Coupon', 'Apply coupon', 'Apply coupon', 'Next view', 'Run self-check'],
    recorded(events) {
      expect(fieldChanges(events)).toEqual(['Coupon']);
      expect(kinds(events, 'submit')).toHaveLength(2);
      expect(kinds(events, 'navigation').filter((event) => event.sameDocument)).toMatchObject([
        { navigationType: 'push-state', url: expect.stringMatching(/\/hostile\/capture-wall\/next$/) },
      ]);
    },
  },
  {
    title: 'a replaced addEventListener that throws, drops listeners and ignores removals',
    path: '/hostile/listeners',
    async interact(page) {
      const like = page.getByRole('button', { name: 'Like this product' });
      await like.click();
      await expect(page.locator('#announced')).toHaveText('1');
      await like.click();
      await expect(page.locator('#announced')).toHaveText('2');
      await page.getByLabel('Comment').pressSequentially('Great mug', { delay: 20 });
      await expect(page.locator('#length')).toHaveText('9');
      await page.getByLabel('Notify me').click();
      await expect(page.locator('#notify-state')).toHaveText('on');
      await page.getByRole('button', { name: 'Post comment' }).click();
      await expect(page.locator('#posted')).toHaveText('1');
    },
    detail: 'added=6 dropped=2 thrown=2 removed=1 dispatched=2 likes=2 inputs=9 posted=1 changes=1',
    clicks: ['Like this product', 'Like this product', 'Notify me', 'Post comment', 'Run self-check'],
    recorded(events) {
      expect(fieldChanges(events)).toEqual(['Comment', 'Notify me']);
      expect(kinds(events, 'submit')).toHaveLength(1);
    },
  },
  {
    title: 'replaced JSON, Promise and Array methods, and polluted prototypes',
    path: '/hostile/builtins',
    async interact(page) {
      await page.getByLabel('Item name').pressSequentially('Mug', { delay: 20 });
      await page.getByRole('button', { name: 'Add item' }).click();
      await expect(page.locator('#order')).toHaveText('sync → micro → promise → timeout');
      await expect(page.locator('#items li')).toHaveText(['Mug']);
      await page.getByRole('button', { name: 'Add item' }).click();
      await expect(page.locator('#items li')).toHaveText(['Mug', 'Item 2']);
      await page.getByRole('button', { name: 'Remove first item' }).click();
      await expect(page.locator('#items li')).toHaveText(['Item 2']);
      await expect(page.locator('#saved')).toHaveText('1 items');
    },
    detail: 'items=Item 2 saves=3 foreign=0 stringify=3 parse=1 Promise=6 then=3 map=8 filter=5 forEach=5 push=22 includes=2 from=1',
    clicks: ['Add item', 'Add item', 'Remove first item', 'Run self-check'],
    recorded(events) {
      expect(fieldChanges(events)).toEqual(['Item name']);
    },
  },
  {
    title: 'a replaced MutationObserver that allows one observer, and no ResizeObserver',
    path: '/hostile/observers',
    async interact(page) {
      const task = page.getByLabel('New task');
      await task.pressSequentially('Buy milk', { delay: 20 });
      await task.press('Enter');
      await expect(page.locator('#tasks li')).toHaveText(['Buy milk']);
      await task.pressSequentially('Call the shop', { delay: 20 });
      await task.press('Enter');
      await expect(page.locator('#tasks li')).toHaveText(['Buy milk', 'Call the shop']);
      await page.getByRole('button', { name: 'Buy milk' }).click();
      await expect(page.locator('#tasks li.done')).toHaveText(['Buy milk']);
    },
    detail: 'tasks=2 done=1 made=5 seen=5 observers=1 frames=1',
    // The task's name is what the tester typed, shown back by the page: masked as such.
    clicks: ['[typed]', 'Run self-check'],
    recorded(events) {
      // Enter in a field of no form: the page's script adds the task.
      expect(kinds(events, 'key').map((event) => event.field.label)).toEqual(['New task', 'New task']);
    },
  },
  {
    title: 'a mutation storm of about 3,000 DOM changes a second',
    path: '/hostile/storm',
    async interact(page) {
      const buy = page.getByRole('button', { name: 'Buy now' });
      await buy.click();
      await expect(page.locator('#orders')).toHaveText('1');
      await page.getByLabel('Quantity note').pressSequentially('two please', { delay: 20 });
      await buy.click();
      await expect(page.locator('#orders')).toHaveText('2');
      await page.getByRole('button', { name: 'Calm the storm' }).click();
    },
    detail: 'orders=2 cells=400 calm=true',
    clicks: ['Buy now', 'Buy now', 'Calm the storm', 'Run self-check'],
    recorded(events) {
      expect(fieldChanges(events)).toEqual(['Quantity note']);
    },
  },
  {
    title: 'a 20,000-node page',
    path: '/hostile/big',
    async interact(page) {
      await page.getByRole('button', { name: 'Select product 2400', exact: true }).click();
      await expect(page.locator('#selected')).toHaveText('2400');
      await page.getByLabel('Filter rows').pressSequentially('product 24', { delay: 20 });
      await expect(page.locator('#shown')).toHaveText('111');
      await page.getByRole('button', { name: 'Select product 24', exact: true }).click();
      await expect(page.locator('#selected')).toHaveText('24, 2400');
    },
    detail: 'nodes=20000 shown=111 selected=24,2400 selections=2',
    // "product 24" was typed in the filter before the second click: the page showing it back is masked.
    clicks: ['Select product 2400', 'Select [typed]', 'Run self-check'],
    recorded(events) {
      expect(fieldChanges(events)).toEqual(['Filter rows']);
    },
  },
  {
    title: 'an infinite feed, clicked on stories appended late',
    path: '/hostile/infinite',
    async interact(page) {
      await page.mouse.move(400, 400);
      for (const story of [150, 230]) {
        const button = page.getByRole('button', { name: `Open story ${story}`, exact: true });
        // Scroll as a person does until the feed has appended the story (it does at each end reached).
        await expect(async () => {
          await page.mouse.wheel(0, 2500);
          await expect(button).toBeAttached({ timeout: 1_000 });
        }).toPass({ timeout: 30_000 });
        await button.click();
        await expect(page.locator('#opened')).toContainText(String(story));
      }
      await expect(page.locator('#opened')).toHaveText('150, 230');
      await page.getByRole('button', { name: 'Run self-check' }).scrollIntoViewIfNeeded();
    },
    detail: 'opened=150,230',
    clicks: ['Open story 150', 'Open story 230', 'Run self-check'],
    recorded(events) {
      const scrolls = kinds(events, 'scroll');
      expect(scrolls.length).toBeGreaterThan(0);
      expect(Math.max(...scrolls.map((event) => event.scrollY))).toBeGreaterThan(5_000);
    },
  },
];

/** The page's walk, then its self-check; returns the verdict, the page's counts and any page error. */
async function walk(page: Page, url: string, hostile: HostileCase, { load = true } = {}) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  if (load) await page.goto(url);
  await hostile.interact(page);
  const html = page.locator('html');
  await expect(html).not.toHaveAttribute('data-self-check', /./);
  await page.getByRole('button', { name: 'Run self-check' }).click();
  await expect(html).toHaveAttribute('data-self-check', /./);
  return {
    verdict: await html.getAttribute('data-self-check'),
    detail: await html.getAttribute('data-self-check-detail'),
    path: new URL(page.url()).pathname,
    errors,
  };
}

for (const hostile of CASES) {
  test(`hostile page: ${hostile.title}: its self-check passes the same with and without Parcours, and the walk records it`, async ({ extension, shop }) => {
    const { page, context, tester, extensionId } = extension;
    const url = new URL(hostile.path, shop.shopUrl).href;

    const alone = await context.newPage();
    const unrecorded = await walk(alone, url, hostile);
    await alone.close();
    expect(unrecorded).toMatchObject({ verdict: 'pass', detail: hostile.detail, errors: [] });

    await page.goto(url);
    await tester.start({ title: hostile.title });
    // Loaded again during the walk: the recorder is in the page from document_start, before the page's scripts.
    const recorded = await walk(page, url, hostile);
    await tester.waitForEvents(
      (events) => {
        const clicks = kinds(events, 'click');
        return (
          clicks.length >= hostile.clicks.length &&
          clicks.every((click) => events.some((event) => event.kind === 'screenshot' && event.forEventId === click.id))
        );
      },
      { what: `${hostile.clicks.length} clicks with their screenshots settled` },
    );
    await tester.stop();
    expect(recorded).toEqual(unrecorded);

    // In the order things happened (see below).
    const events = eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string).sort((a, b) => a.t - b.t || a.seq - b.seq);
    const clicks = kinds(events, 'click');
    expect(clicks.map((click) => click.target.name)).toEqual(hostile.clicks);
    for (const click of clicks) {
      const shot = events.find((event) => event.kind === 'screenshot' && event.forEventId === click.id);
      expect(shot?.screenshotId ?? shot?.missingReason, `the screenshot of the click on ${click.target.name}, or why it has none`).toBeTruthy();
    }
    hostile.recorded?.(events);
  });
}

test('a page open at Start whose window capture listeners came before the recorder: the clicks it stops are recovered from their release, and it behaves as without Parcours', async ({
  extension,
  shop,
}) => {
  const { page, context, tester, extensionId } = extension;
  const wall = CASES[0] as HostileCase;
  const url = new URL(wall.path, shop.shopUrl).href;
  const alone = await context.newPage();
  const unrecorded = await walk(alone, url, wall);
  await alone.close();

  await page.goto(url);
  // The recorder joins the page already running: its wall listens on window before ours.
  await tester.start({ title: 'Capture wall open at Start' });
  const recorded = await walk(page, url, wall, { load: false });
  await tester.waitForEvents(
    (events) => {
      const clicks = kinds(events, 'click');
      return clicks.length >= 6 && clicks.every((click) => events.some((event) => event.kind === 'screenshot' && event.forEventId === click.id));
    },
    { what: 'six clicks with their screenshots settled' },
  );
  await tester.stop();
  expect(recorded).toEqual(unrecorded);
  expect(recorded).toMatchObject({ verdict: 'pass', errors: [] });

  // In the order things happened, as the map reads them: a batch the background answered late is re-sent and
  // may commit after a later one.
  const events = eventsOf(await dumpDatabase(context, extensionId), tester.sessionId as string).sort((a, b) => a.t - b.t || a.seq - b.seq);
  const clicks = kinds(events, 'click');
  // Every mouse click, named as it was at the release (the link is renamed by the click the wall handles).
  // Not seen: the click the browser makes of Enter in the coupon field (no release), and the two submits the
  // wall stops (nothing else of a submit reaches the window).
  expect(clicks.map((click) => click.target.name)).toEqual(['Add to basket', 'Add to basket', 'Coupon', 'Apply coupon', 'Next view', 'Run self-check']);
  for (const click of clicks) {
    const shot = events.find((event) => event.kind === 'screenshot' && event.forEventId === click.id);
    expect(shot?.screenshotId ?? shot?.missingReason, `the screenshot of the click on ${click.target.name}, or why it has none`).toBeTruthy();
  }
  expect(fieldChanges(events)).toEqual(['Coupon']);
  expect(kinds(events, 'submit')).toEqual([]);
  expect(kinds(events, 'navigation').filter((event) => event.sameDocument)).toMatchObject([{ navigationType: 'push-state' }]);
});

test('each hostile page’s self-check fails when something outside the page does what Parcours must not', async ({ extension, shop }) => {
  // Done from the page's own world (where Parcours never runs): proof that a pass above means something.
  const tampering: Record<string, () => void> = {
    'capture-wall': () => {
      (document.getElementById('basket') as HTMLElement).textContent = '9';
    },
    listeners: () => document.addEventListener('click', () => undefined),
    builtins: () => [1, 2].map((value) => value),
    observers: () => document.body.append(document.createElement('div')),
    storm: () => document.getElementById('ticker')?.append(document.createElement('i')),
    big: () => document.getElementById('rows')?.append(document.createElement('tr')),
    infinite: () => document.getElementById('feed-list')?.firstElementChild?.remove(),
  };
  expect(Object.keys(tampering).sort()).toEqual(CASES.map((hostile) => hostile.path.split('/')[2]).sort());
  for (const [name, tamper] of Object.entries(tampering)) {
    const page = await extension.context.newPage();
    await page.goto(new URL(`/hostile/${name}`, shop.shopUrl).href);
    await page.evaluate(tamper);
    await page.getByRole('button', { name: 'Run self-check' }).click();
    await expect(page.locator('html'), name).toHaveAttribute('data-self-check', /^fail: /);
    await page.close();
  }
});
