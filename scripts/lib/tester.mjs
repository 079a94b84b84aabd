// The `tester` of scripted walks (DESIGN.md, contract 2): it acts through the extension's own UI, the
// popup and the sessions page, exactly as a person would, never by writing to the database.
//
// Every call waits for the UI it uses to be ready (the popup showing the walk's state, the overlay drawn in
// the page's current document with the walk's stages), and returns only once its effect is confirmed: the
// popup and the overlay show the new state, the annotation is committed. It reads the extension's state to
// know (scripts/lib/database.mjs), from the popup page, which is an extension page.
import { tabIdOf } from './browser.mjs';
import { pollUntil, readDatabase, readEvents, uncommittedEvents, wakeServiceWorker } from './database.mjs';
import { OverlayDriver } from './overlay.mjs';

/** How long the UI and the background get to answer one call of the tester (a loaded 2-core machine). */
const UI_TIMEOUT_MS = 15_000;
/** How long a page's events get to be committed (a stopped service worker re-started and re-sent to). */
const COMMIT_TIMEOUT_MS = 20_000;
/** How long a wait for the walk's events goes before it wakes a stopped service worker. */
const WAKE_AFTER_MS = 2_000;

const VALENCE_NAMES = { '-2': 'Very negative', '-1': 'Negative', 0: 'Neutral', 1: 'Positive', 2: 'Very positive' };
const NOTE_LABELS = { thought: 'Thought', pain: 'Pain point', opportunity: 'Opportunity', expectation: 'Expectation', note: 'Note' };

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Tester {
  /** @param {{ context: import('playwright').BrowserContext, extensionId: string, page: import('playwright').Page }} options */
  constructor({ context, extensionId, page }) {
    this.context = context;
    this.extensionId = extensionId;
    this.page = page;
    this.controls = null;
    this.tabId = null;
    this.sessionId = null;
  }

  /**
   * The popup, opened as a page aimed at the recorded tab (a toolbar popup cannot be clicked headless), once
   * it shows where the tab stands (the start form, the walk's status, or why the page cannot be recorded).
   */
  async popup() {
    if (this.controls && !this.controls.isClosed()) return this.controls;
    this.tabId ??= await tabIdOf(this.context, this.extensionId, this.page);
    const popup = await this.context.newPage();
    await popup.goto(`chrome-extension://${this.extensionId}/popup.html?tab=${this.tabId}`);
    await popup
      .getByRole('button', { name: 'Start recording' })
      .or(popup.locator('#session-status'))
      .or(popup.getByRole('button', { name: 'Continue in this tab' }))
      .or(popup.getByRole('status'))
      .first()
      .waitFor({ timeout: UI_TIMEOUT_MS });
    this.controls = popup;
    return popup;
  }

  /** Gives the recorded page the focus back, so screenshots show it. */
  async focusPage() {
    if (!this.page.isClosed()) await this.page.bringToFront();
  }

  /** The extension page the tester reads the walk's state from: its popup (opened behind the page if need be). */
  async reader() {
    if (this.controls && !this.controls.isClosed()) return this.controls;
    const popup = await this.popup();
    await this.focusPage();
    return popup;
  }

  /** The id of the walk: the one this tester started, else the one being recorded. */
  async currentSessionId() {
    if (this.sessionId) return this.sessionId;
    const reader = await this.reader();
    this.sessionId = await reader.evaluate(async () => {
      const answer = await chrome.runtime.sendMessage({ parcours: 1, name: 'session/current', request: {} });
      return answer?.value?.session?.id ?? null;
    });
    if (!this.sessionId) throw new Error('tester: no walk is being recorded');
    return this.sessionId;
  }

  /** The walk's committed events, in commit order (raw rows of the database). */
  async events() {
    return readEvents(await this.reader(), await this.currentSessionId());
  }

  /** The walk's latest committed event (to wait for events after it with `waitForEvent`'s `after`). */
  async lastEvent() {
    return (await this.events()).at(-1) ?? null;
  }

  /**
   * Waits until the walk's committed events satisfy `check(events)` (anything but undefined, null or false)
   * and returns what it returned. `what` names the wait in the error of a timeout.
   * @template T
   * @param {(events: Record<string, any>[]) => T} check
   * @param {{ what?: string, timeout?: number }} [options]
   */
  async waitForEvents(check, { what = 'the walk’s events', timeout = COMMIT_TIMEOUT_MS } = {}) {
    const reader = await this.reader();
    const sessionId = await this.currentSessionId();
    // What a stopped worker left undone (a tab's close it was told of as it stopped, a page's safety copy)
    // is done at the next worker start, which a person's next action brings: a tester who waits instead
    // wakes the worker after a while, as `settled` does.
    let wokeAt = Date.now();
    return pollUntil(
      async () => {
        const found = check(await readEvents(reader, sessionId));
        if ((found === undefined || found === null || found === false) && Date.now() - wokeAt > WAKE_AFTER_MS) {
          wokeAt = Date.now();
          await wakeServiceWorker(reader);
        }
        return found;
      },
      { what, timeout },
    );
  }

  /**
   * Waits for a committed event of the walk matching `predicate` and returns it; with `after`, only events
   * committed after that one (an event, or its seq).
   * @param {(event: Record<string, any>) => boolean} predicate
   * @param {{ what?: string, timeout?: number, after?: Record<string, any> | number | null }} [options]
   */
  async waitForEvent(predicate, { what = 'an event of the walk', timeout = COMMIT_TIMEOUT_MS, after = null } = {}) {
    const from = after == null ? -1 : typeof after === 'number' ? after : after.seq;
    return this.waitForEvents((events) => events.find((event) => event.seq > from && predicate(event)), { what, timeout });
  }

  /** Waits for the committed click on the element named `name` (the `nth` one, from 0), and returns it. */
  async waitForClick(name, { nth = 0, timeout } = {}) {
    return this.waitForEvents((events) => events.filter((event) => event.kind === 'click' && event.target?.name === name)[nth], {
      what: `click ${nth + 1} on "${name}" committed`,
      timeout,
    });
  }

  /** Waits for the committed navigation whose address matches `url` (a RegExp on the full address), and returns it. */
  async waitForNavigation(url, { after = null, timeout } = {}) {
    return this.waitForEvent((event) => event.kind === 'navigation' && url.test(event.url), { what: `a navigation to ${url} committed`, after, timeout });
  }

  /** Waits for the screenshot of an event to be settled (stored, or known to be missing) and returns its record. */
  async waitForScreenshot(event, { timeout } = {}) {
    const id = typeof event === 'string' ? event : event.id;
    return this.waitForEvent((row) => row.kind === 'screenshot' && row.forEventId === id, { what: `the screenshot of event ${id}`, timeout });
  }

  /**
   * Lets time pass on purpose (a signal is made of time: a dead click's quiet, a hesitation): returns once
   * `ms` have passed since `event` happened, by its recorded time (the recorder's clock is the machine's wall
   * clock, as Node's is), however long the walk took to get here. Say why where it is used.
   * @param {Record<string, any>} event a committed event (its `at`)
   * @param {number} ms
   */
  async waitUntilAfter(event, ms) {
    const left = Date.parse(event.at) + ms - Date.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }

  /**
   * Waits until every event the walk's pages sent is committed: no safety copy is left in the pages' outboxes
   * whose event is not in the database (see uncommittedEvents in database.mjs). Tags
   * then land on the step the tester just made, and a pause or a stop cuts nothing already done. A stopped
   * service worker is woken up (it commits what stopped workers left when it starts).
   */
  async settled({ timeout = COMMIT_TIMEOUT_MS } = {}) {
    const reader = await this.reader();
    const sessionId = await this.currentSessionId();
    let pending = [];
    let wokeAt = Date.now();
    await pollUntil(
      async () => {
        pending = await uncommittedEvents(reader, sessionId);
        if (pending.length === 0) return true;
        if (Date.now() - wokeAt > 1_000) {
          wokeAt = Date.now();
          await wakeServiceWorker(reader);
        }
        return false;
      },
      { what: () => `the walk’s events to be committed (still waiting: ${pending.join(', ')})`, timeout },
    );
  }

  /**
   * Starts a walk from the popup; `masking` picks its mode there, else the default one.
   * @param {{ title?: string, persona?: string, scenario?: string, goal?: string, masking?: 'strict' | 'balanced' | 'relaxed' | null }} [options]
   */
  async start({ title = '', persona = '', scenario = '', goal = '', masking = null } = {}) {
    const popup = await this.popup();
    await popup.getByLabel('Title').fill(title);
    if (masking) await popup.locator(`input[name="masking"][value="${masking}"]`).check();
    if (persona || scenario || goal) {
      await popup.locator('summary').click();
      if (persona) await popup.getByLabel('Persona', { exact: true }).fill(persona);
      if (scenario) await popup.getByLabel('Scenario').fill(scenario);
      if (goal) await popup.getByLabel('Goal').fill(goal);
    }
    // A person starts from the toolbar popup while looking at the page: keep the page the visible tab.
    await this.focusPage();
    await popup.getByRole('button', { name: 'Start recording' }).click();
    await this.expectStatus(popup, 'Recording');
    await this.focusPage();
    this.sessionId = await popup.evaluate(async () => {
      const answer = await chrome.runtime.sendMessage({ parcours: 1, name: 'session/current', request: {} });
      return answer?.value?.session?.id ?? null;
    });
    if (!this.sessionId) throw new Error('tester.start: the popup says Recording but no walk is recorded');
    // The page knows it is recorded once its overlay shows the walk.
    await this.expectOverlayStatus('Recording');
  }

  async pause() {
    const popup = await this.popup();
    // What was done before the pause belongs to the walk: let it be committed first.
    await this.settled();
    await popup.getByRole('button', { name: 'Pause' }).click();
    await this.expectStatus(popup, 'Paused');
    await this.focusPage();
    await this.expectOverlayStatus('Paused');
  }

  async resume() {
    const popup = await this.popup();
    await popup.getByRole('button', { name: 'Resume' }).click();
    await this.expectStatus(popup, 'Recording');
    await this.focusPage();
    // The page records again once it knows: its overlay says so.
    await this.expectOverlayStatus('Recording');
  }

  async stop() {
    const popup = await this.popup();
    // What was done before the stop belongs to the walk: let it be committed first.
    await this.settled();
    await popup.getByRole('button', { name: 'Stop' }).click();
    const alert = popup.getByRole('alert');
    await popup.getByRole('button', { name: 'Start recording' }).or(alert).first().waitFor({ timeout: UI_TIMEOUT_MS });
    if (await alert.isVisible()) throw new Error(`The extension said: ${await alert.innerText()}`);
    const sessionId = this.sessionId;
    if (sessionId)
      await pollUntil(async () => (await readDatabase(popup, { stores: ['sessions'], sessionId })).sessions?.[0]?.status === 'ended', {
        what: 'the walk to be ended',
        timeout: UI_TIMEOUT_MS,
      });
    await popup.close();
    this.controls = null;
  }

  /**
   * Waits for the popup to show `text` as the walk's status and to be done with the background (it is busy
   * until the background answered, which is after every recorded tab was told the new state).
   */
  async expectStatus(popup, text) {
    const alert = popup.getByRole('alert');
    await popup.locator('#session-status', { hasText: text }).or(alert).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await popup.locator('main[aria-busy="false"]').waitFor({ timeout: UI_TIMEOUT_MS });
    if (await alert.isVisible()) throw new Error(`The extension said: ${await alert.innerText()}`);
  }

  /** Waits for the overlay of the recorded page to show the walk's status (Recording or Paused). */
  async expectOverlayStatus(text) {
    if (this.page.isClosed()) return;
    const overlay = await this.readyOverlay({ unfold: false });
    await overlay.waitForText('.bar .status', new RegExp(`^${escapeRegExp(text)}$`), { timeout: UI_TIMEOUT_MS });
  }

  /** Exports the session through the sessions page's Export button and saves the zip at `out`. */
  async exportTo(out) {
    const sessions = await this.context.newPage();
    try {
      await sessions.goto(`chrome-extension://${this.extensionId}/sessions.html`);
      const row = sessions.locator(`tr[data-session-id="${this.sessionId}"]`);
      const [download] = await Promise.all([sessions.waitForEvent('download', { timeout: 120_000 }), row.getByRole('button', { name: /^Export/ }).click()]);
      await download.saveAs(out);
      const failure = await download.failure();
      if (failure) throw new Error(`Export failed: ${failure}`);
    } finally {
      await sessions.close();
    }
  }

  /** The in-page overlay of the page being walked (its shadow root is closed: see overlay.mjs). */
  overlay() {
    if (this.driver?.page !== this.page) this.driver = new OverlayDriver(this.page, this.extensionId);
    return this.driver;
  }

  /**
   * The overlay of the page's current document, ready to use: mounted, unfolded (unless `unfold` is false),
   * and drawn with the walk's state (its stage list filled). After an action that loads a page, wait for it
   * (`page.waitForURL`) first: until the new document arrives, the old one and its overlay are the page's.
   */
  async readyOverlay({ unfold = true } = {}) {
    // A document that has arrived but not been parsed yet gets its overlay only once its content script runs.
    await this.page.waitForLoadState('domcontentloaded', { timeout: UI_TIMEOUT_MS });
    const overlay = this.overlay();
    // The toolbar's body is drawn once the overlay has the walk's state; the stage list is filled with it.
    await overlay.ready({ unfold });
    return overlay;
  }

  /** The ids of the walk's annotations so far, to tell a new one from them. */
  async annotationIds() {
    const { annotations = [] } = await readDatabase(await this.reader(), { stores: ['annotations'], sessionId: await this.currentSessionId() });
    return new Set(annotations.map((row) => row.id));
  }

  /**
   * Waits until a new annotation matching `match` is committed (not one of `before`, not removed), then for the
   * overlay's confirmation of where it landed (`confirmation`, the start of the text), and returns it.
   */
  async landed(overlay, before, match, confirmation) {
    const reader = await this.reader();
    const sessionId = await this.currentSessionId();
    const annotation = await pollUntil(
      async () => {
        const { annotations = [] } = await readDatabase(reader, { stores: ['annotations'], sessionId });
        return annotations.find((row) => !before.has(row.id) && !row.removed && match(row));
      },
      { what: `the annotation "${confirmation}" to be committed`, timeout: UI_TIMEOUT_MS },
    );
    await overlay.waitForText('[role="status"]', confirmation, { timeout: UI_TIMEOUT_MS });
    return annotation;
  }

  /**
   * Tags the current step with an emotion (valence −2..+2, optional label) by the overlay's faces. Returns the
   * committed annotation.
   */
  async emotion(valence, label) {
    const name = VALENCE_NAMES[String(valence)];
    if (!name) throw new Error(`tester.emotion: valence must be -2..2, got ${valence}`);
    const overlay = await this.readyOverlay();
    await this.settled();
    const sameValence = (row) => row.kind === 'emotion' && Number(row.data.valence) === Number(valence);
    let before = await this.annotationIds();
    await overlay.click({ name: new RegExp(`^${name} \\(`) });
    let annotation = await this.landed(overlay, before, (row) => sameValence(row) && row.data.label == null, `${name} →`);
    if (label) {
      before = await this.annotationIds();
      await overlay.click({ within: 'Emotion label', name: label });
      annotation = await this.landed(overlay, before, (row) => sameValence(row) && row.data.label === label, `${name} · ${label} →`);
    }
    return annotation;
  }

  /**
   * Writes a note (thought | pain | opportunity | expectation | note) on the current step, by the overlay.
   * Returns the committed annotation.
   */
  async note(kind, text) {
    const label = NOTE_LABELS[kind];
    if (!label) throw new Error(`tester.note: kind must be one of ${Object.keys(NOTE_LABELS).join(', ')}, got ${kind}`);
    const overlay = await this.readyOverlay();
    await this.settled();
    const chip = { within: 'Add a note', name: label };
    // The chip toggles the field: it may be open already (a note shortcut opens it).
    const open = await overlay.evaluate((root, q) => find(root, q)[0]?.getAttribute('aria-pressed') === 'true', chip);
    if (!open) await overlay.click(chip);
    // The field is in an extension page framed by the toolbar, out of the page's reach.
    const frame = await overlay.waitForNoteFrame();
    const field = frame.getByRole('textbox');
    await field.fill(text);
    await pollUntil(async () => (await field.inputValue()) === text, { what: `the ${label} field to hold the note`, timeout: UI_TIMEOUT_MS });
    const before = await this.annotationIds();
    // Enter saves, as the field's placeholder says. (A mouse click on the frame's Save button is hit-tested by
    // the compositor, which in headless Chromium may not have the new frame's region yet when another page
    // was opened: the click then lands on the toolbar around it.)
    await field.press('Enter');
    return this.landed(overlay, before, (row) => row.kind === 'note' && row.data.noteKind === kind, `${label} →`);
  }

  /** Makes a stage (by name as shown, or id) the current one, with the overlay's stage list. Returns the switch. */
  async stage(stage) {
    const overlay = await this.readyOverlay();
    await this.settled();
    // The list as drawn now, once drawn (a refresh of the overlay without the walk's state draws none).
    let drawn = false;
    const options = await pollUntil(
      async () => {
        const list = await overlay.stages();
        drawn = list != null;
        return list?.options.length ? list.options : null;
      },
      { what: 'the overlay’s stage list', timeout: UI_TIMEOUT_MS },
    ).catch(() => []);
    const wanted = options.find((option) => option.value === stage || option.label?.toLowerCase() === String(stage).toLowerCase());
    if (!wanted)
      throw new Error(
        `tester.stage: no stage "${stage}" (stages: ${options.map((option) => option.label).join(', ')}; ${drawn ? 'list drawn' : 'no list drawn'} on ${this.page.url()})`,
      );
    const before = await this.annotationIds();
    await overlay.chooseStage(wanted.value);
    return this.landed(overlay, before, (row) => row.kind === 'stage' && row.data.stageId === wanted.value, `Stage: ${wanted.label}`);
  }
}
