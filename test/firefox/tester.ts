// The tester of the Firefox end-to-end tests: acts through the add-on's own UI as a person does (the toolbar
// popup's page, the page's overlay and its keyboard shortcuts, the sessions page), never by writing to the
// database, and waits for each effect to be committed. The Firefox twin of scripts/lib/tester.mjs (which is
// written for Playwright, which cannot drive Firefox).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, Page } from 'puppeteer-core';
import { BASE_URL, goToExtensionPage, openExtensionPage, type Row, readEvents, readRows, UI_TIMEOUT_MS, waitFor } from './firefox';

/** How long a page's events get to be committed. */
const COMMIT_TIMEOUT_MS = 20_000;
const OUTBOX_PREFIX = 'outbox:';

const SHORTCUT_KEYS = { thought: 'KeyT', pain: 'KeyP', opportunity: 'KeyO', expectation: 'KeyE', note: 'KeyN' } as const;
export type NoteKind = keyof typeof SHORTCUT_KEYS;

export interface WalkSetup {
  title: string;
  persona?: string;
  scenario?: string;
  goal?: string;
}

export class FirefoxTester {
  tabId: number | null = null;
  sessionId: string | null = null;
  private controls: Page | null = null;

  constructor(
    readonly browser: Browser,
    /** The tab the walk happens in. */
    readonly page: Page,
  ) {}

  /** The popup, opened as a page aimed at the recorded tab (a toolbar popup cannot be clicked headless). */
  async popup(): Promise<Page> {
    if (this.controls && !this.controls.isClosed()) return this.controls;
    const popup = await openExtensionPage(this.browser, 'popup.html');
    // The walked tab is the one showing the page's address (the popup's own tab is the newest).
    const wanted = this.page.url();
    this.tabId ??= await waitFor(
      () =>
        popup.evaluate(async (url) => {
          const tabs = await browser.tabs.query({});
          return tabs.find((tab) => tab.url === url)?.id ?? null;
        }, wanted),
      `the tab of ${wanted}`,
    );
    await goToExtensionPage(popup, `popup.html?tab=${this.tabId}`);
    await waitFor(() => popup.evaluate(() => document.querySelector('main[aria-busy="false"]') != null), 'the popup to be drawn');
    this.controls = popup;
    await this.page.bringToFront();
    return popup;
  }

  /** The add-on page the state is read from: the popup. */
  reader(): Promise<Page> {
    return this.popup();
  }

  async start({ title, persona = '', scenario = '', goal = '' }: WalkSetup): Promise<string> {
    const popup = await this.popup();
    await popup.locator('::-p-aria(Title)').fill(title);
    if (persona || scenario || goal) {
      await popup.locator('summary').click();
      if (persona) await popup.locator('::-p-aria(Persona)').fill(persona);
      if (scenario) await popup.locator('::-p-aria(Scenario)').fill(scenario);
      if (goal) await popup.locator('::-p-aria(Goal)').fill(goal);
    }
    // A person starts from the toolbar popup while looking at the page: keep the page the visible tab.
    await this.page.bringToFront();
    await popup.locator('::-p-aria(Start recording)').click();
    await this.expectStatus('Recording');
    this.sessionId = await popup.evaluate(async () => {
      const answer = await browser.runtime.sendMessage({ parcours: 1, name: 'session/current', request: {} });
      return (answer as { value?: { session?: { id?: string } } })?.value?.session?.id ?? null;
    });
    if (!this.sessionId) throw new Error('start: the popup says Recording but no walk is recorded');
    await this.waitForOverlay();
    return this.sessionId;
  }

  /** Waits for the popup to show `text` as the walk's status, done with the background. */
  async expectStatus(text: string): Promise<void> {
    const popup = await this.popup();
    await waitFor(
      () =>
        popup.evaluate((wanted) => {
          const alert = document.querySelector('[role="alert"]');
          if (alert) return `alert: ${alert.textContent}`;
          return document.querySelector('#session-status')?.textContent?.includes(wanted) && document.querySelector('main[aria-busy="false"]') != null;
        }, text),
      `the popup to say ${text}`,
    ).then((found) => {
      if (typeof found === 'string') throw new Error(`The add-on said: ${found}`);
    });
    await this.page.bringToFront();
  }

  /** Waits until the page's current document shows the overlay (its host element; its root is closed). */
  async waitForOverlay(): Promise<void> {
    await waitFor(() => this.page.evaluate(() => document.querySelector('parcours-overlay') != null), 'the overlay in the page');
  }

  async events(): Promise<Row[]> {
    return readEvents(await this.reader(), this.sessionId as string);
  }

  /** Waits for a committed event of the walk matching `predicate` (after the one given) and returns it. */
  async waitForEvent(predicate: (event: Row) => boolean, what: string, after: Row | null = null): Promise<Row> {
    const from = after?.seq ?? -1;
    return waitFor(async () => (await this.events()).find((event) => event.seq > from && predicate(event)) ?? null, what, COMMIT_TIMEOUT_MS);
  }

  waitForClick(name: string, nth = 0): Promise<Row> {
    return waitFor(
      async () => (await this.events()).filter((event) => event.kind === 'click' && event.target?.name === name)[nth] ?? null,
      `click ${nth + 1} on "${name}" committed`,
      COMMIT_TIMEOUT_MS,
    );
  }

  waitForNavigation(url: RegExp, after: Row | null = null): Promise<Row> {
    return this.waitForEvent((event) => event.kind === 'navigation' && url.test(event.url), `a navigation to ${url} committed`, after);
  }

  waitForScreenshot(event: Row): Promise<Row> {
    return this.waitForEvent((row) => row.kind === 'screenshot' && row.forEventId === event.id, `the screenshot of ${event.kind} ${event.id}`);
  }

  /** Waits until every event the walk's pages sent is committed (no safety copy left in the outboxes). */
  async settled(): Promise<void> {
    const reader = await this.reader();
    await waitFor(
      async () => {
        const pending = await reader.evaluate(
          async ({ prefix, sessionId }) =>
            Object.entries(await browser.storage.local.get(null))
              .filter(([key, entry]) => key.startsWith(prefix) && (entry as { sessionId?: string })?.sessionId === sessionId)
              .map(([, entry]) => (entry as { event?: { id?: string } }).event?.id),
          { prefix: OUTBOX_PREFIX, sessionId: this.sessionId },
        );
        if (pending.length === 0) return true;
        const committed = new Set((await this.events()).map((event) => event.id));
        return pending.every((id) => committed.has(id));
      },
      'the walk’s events to be committed',
      COMMIT_TIMEOUT_MS,
    );
  }

  private async annotationIds(): Promise<Set<string>> {
    return new Set((await readRows(await this.reader(), 'annotations', this.sessionId)).map((row) => row.id));
  }

  private async landed(before: Set<string>, match: (row: Row) => boolean, what: string): Promise<Row> {
    return waitFor(
      async () => (await readRows(await this.reader(), 'annotations', this.sessionId)).find((row) => !before.has(row.id) && !row.removed && match(row)) ?? null,
      `the annotation ${what} to be committed`,
    );
  }

  /** Presses a documented shortcut (Alt+Shift+key) in the walked page, as a person does. */
  private async shortcut(code: string): Promise<void> {
    await this.page.bringToFront();
    const keyboard = this.page.keyboard;
    await keyboard.down('Alt');
    await keyboard.down('Shift');
    await keyboard.press(code as never);
    await keyboard.up('Shift');
    await keyboard.up('Alt');
  }

  /** Tags the current step with an emotion (valence −2..+2) by its shortcut, Alt+Shift+1…5. */
  async emotion(valence: -2 | -1 | 0 | 1 | 2): Promise<Row> {
    await this.settled();
    const before = await this.annotationIds();
    await this.shortcut(`Digit${valence + 3}`);
    return this.landed(before, (row) => row.kind === 'emotion' && Number(row.data.valence) === valence, `emotion ${valence}`);
  }

  /**
   * Writes a note on the current step: its shortcut opens the overlay's note field (an add-on page framed in
   * the toolbar, out of the page's reach), the text is typed there, and Enter saves it.
   */
  async note(kind: NoteKind, text: string): Promise<Row> {
    await this.settled();
    await this.shortcut(SHORTCUT_KEYS[kind]);
    const frame = await waitFor(async () => this.noteFrame(), 'the overlay’s note field');
    const field = await frame.waitForSelector('textarea, input[type="text"]', { timeout: UI_TIMEOUT_MS });
    if (!field) throw new Error('note: no field in the note frame');
    await field.type(text);
    await waitFor(() => field.evaluate((element, wanted) => (element as HTMLInputElement).value === wanted, text), 'the note field to hold the note');
    const before = await this.annotationIds();
    await field.press('Enter');
    return this.landed(before, (row) => row.kind === 'note' && row.data.noteKind === kind && row.data.text === text, `note "${text}"`);
  }

  /**
   * The note field's frame, once its page is loaded. WebDriver BiDi names a frame by the address it was
   * created with (about:blank), so each frame's own `location` is asked.
   */
  private async noteFrame(): Promise<Frame | null> {
    for (const frame of this.page.frames()) {
      const href = await frame.evaluate(() => (document.readyState === 'complete' ? location.href : '')).catch(() => '');
      if (href.startsWith(`${BASE_URL}overlay-note.html`)) return frame;
    }
    return null;
  }

  async stop(): Promise<void> {
    const popup = await this.popup();
    await this.settled();
    await popup.locator('::-p-aria(Stop)').click();
    await waitFor(async () => (await readRows(popup, 'sessions', this.sessionId)).find((row) => row.status === 'ended') ?? null, 'the walk to be ended');
    await popup.close();
    this.controls = null;
  }
}

/**
 * Waits for a file to appear, whole, in the download folder (Firefox writes `name.part` first), and returns its
 * path. `before` are the files there already.
 */
export async function waitForDownload(folder: string, before: Set<string>, timeout = 120_000): Promise<string> {
  let last = -1;
  return waitFor(
    async () => {
      const names = existsSync(folder) ? readdirSync(folder) : [];
      if (names.some((name) => name.endsWith('.part'))) return null;
      const name = names.find((candidate) => !before.has(candidate));
      if (!name) return null;
      const file = path.join(folder, name);
      // Whole once its size stops changing between two polls.
      const size = statSync(file).size;
      const done = size > 0 && size === last;
      last = size;
      return done ? file : null;
    },
    `a download in ${folder}`,
    timeout,
  );
}
