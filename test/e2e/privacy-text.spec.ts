import type { MaskingMode } from '../../lib/privacy/masking-mode';
import { extensionPage } from '../../scripts/lib/database.mjs';
import { dumpDatabase, eventsOf, expect, type Row, test } from './fixtures';

/** Typed on the account page, which shows it back in its title, its address, a button's text and label. */
const NAME = 'Octavia Vandersteen';
/** Typed in a contenteditable note, then clicked in and around. */
const NOTE = 'Leave the parcel behind the turquoise gate';
/** Typed in the page's search field: the one typed value a balanced walk keeps. */
const SEARCH = 'stoneware mug';

/** Pieces of what was typed that must appear nowhere: each word, in any case. */
const TYPED_WORDS = ['Octavia', 'Vandersteen', 'parcel', 'turquoise'];

function leaksIn(text: string): string[] {
  const lowered = text.toLowerCase();
  return TYPED_WORDS.filter((word) => lowered.includes(word.toLowerCase()));
}

for (const mode of ['balanced', 'strict'] as const satisfies readonly MaskingMode[]) {
  test(`${mode}: what the tester typed is stored nowhere, even where the page shows it back`, async ({ extension, shop }) => {
    const { page, context, extensionId, tester } = extension;
    await page.goto(new URL('/account', shop.shopUrl).href);
    await tester.start({ title: `Echoes (${mode})`, masking: mode });

    // The name, typed then saved: the page puts it in its title, its address, a greeting and a button.
    await page.getByLabel('Your name').fill(NAME);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page).toHaveTitle(`Compte de ${NAME} – Parcours Shop`);
    await expect(page).toHaveURL(/name=Octavia/);
    await page.getByRole('button', { name: `Account of ${NAME}` }).click();
    await expect(page.locator('#greeting')).toHaveText(`Shipping to ${NAME}: confirmed.`);

    // A note typed in a contenteditable, then clicks in it and around it.
    const note = page.locator('#courier-note');
    await note.click();
    await page.keyboard.type(NOTE);
    await note.click({ position: { x: 12, y: 8 } });
    await page.locator('.note-hint').click();

    // A search: typed, left with Tab (its change), then sent.
    await page.getByLabel('Search your orders').fill(SEARCH);
    await page.keyboard.press('Tab');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.locator('#search-echo')).toContainText(SEARCH);

    const clicks = (events: Row[]) => events.filter((event) => event.kind === 'click');
    await tester.waitForEvents(
      (events) =>
        clicks(events).length >= 6 &&
        events.some((event) => event.kind === 'field-change' && event.field.name === 'q') &&
        events.some((event) => event.kind === 'navigation' && event.sameDocument),
      { what: 'the walk on the account page committed' },
    );
    await tester.stop();

    const dump = await dumpDatabase(context, extensionId);
    // The whole database: sessions, events, screenshots' records, settings.
    expect(leaksIn(JSON.stringify(dump))).toEqual([]);
    // And what the extension keeps outside it: the pages' safety copies (disk), the walk's echoes (memory).
    const reader = await extensionPage(context, extensionId);
    const storage = await reader.evaluate(async () => {
      // Evaluated in the extension page, where `chrome` exists.
      const { storage } = (globalThis as unknown as { chrome: typeof browser }).chrome;
      return { local: await storage.local.get(null), session: await storage.session.get(null) };
    });
    expect(leaksIn(JSON.stringify(storage))).toEqual([]);

    const events = eventsOf(dump, tester.sessionId as string);
    const [save, ship, inNote, againInNote, aroundNote, search] = clicks(events);
    const change = (name: string) => events.find((event) => event.kind === 'field-change' && event.field.name === name);
    const pushed = events.find((event) => event.kind === 'navigation' && event.sameDocument);
    // The address the page went to with the name in it: path and keys kept, the name not.
    expect(pushed?.url).toMatch(/\/account\?name=/);
    // An editable region is described as a field, never by its text.
    for (const click of [inNote, againInNote]) expect(click?.target).toMatchObject({ role: 'textbox', text: null });
    expect(aroundNote?.target.tag).toBe('span');

    if (mode === 'balanced') {
      // What is no personal data still reads: the buttons' names, the page's title with the echo masked.
      expect(save?.target.name).toBe('Save profile');
      expect(ship?.target).toMatchObject({ name: 'Account of [typed]', text: 'Shipping to [typed]' });
      expect(ship?.pageTitle).toBe('Compte de [typed] – Parcours Shop');
      expect(pushed?.url).toMatch(/\?name=\[typed\]#welcome-\[typed\]$/);
      expect(inNote?.target.name).toBe('Courier note');
      expect(search?.target.name).toBe('Search');
      // The search term is kept: it is the journey's substance.
      expect(change('q')?.searchTerm).toBe(SEARCH);
      // No selector says what the name hides.
      expect(JSON.stringify(ship?.target.selectors)).not.toMatch(/aria\/Account|\[typed\]/);
      expect(ship?.target.selectors).toContainEqual(['#ship-to']);
    } else {
      // Strict: structure only. Every page text is [text], the search term is not kept, no query value either.
      for (const click of [save, ship, search]) expect(click?.target).toMatchObject({ name: '[text]', text: '[text]' });
      expect(ship?.pageTitle).toBe('[text]');
      expect(change('q')).not.toHaveProperty('searchTerm');
      expect(JSON.stringify(dump)).not.toContain('stoneware');
      expect(pushed?.url).toMatch(/\?name=\[masked\]/);
      expect(ship?.target.selectors).toContainEqual(['#ship-to']);
      expect(JSON.stringify(events.map((event) => event.target?.selectors ?? []))).not.toMatch(/aria\/|text\//);
      expect(JSON.stringify(dump)).not.toContain('Save profile');
    }
  });
}
