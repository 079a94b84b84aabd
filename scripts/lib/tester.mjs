// The `tester` of scripted walks (DESIGN.md, contract 2): it acts through the extension's own UI, the
// popup and the sessions page, exactly as a person would, never by writing to the database.
import { tabIdOf } from './browser.mjs';

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

  /** The popup, opened as a page aimed at the recorded tab (a toolbar popup cannot be clicked headless). */
  async popup() {
    if (this.controls && !this.controls.isClosed()) return this.controls;
    this.tabId ??= await tabIdOf(this.context, this.extensionId, this.page);
    this.controls = await this.context.newPage();
    await this.controls.goto(`chrome-extension://${this.extensionId}/popup.html?tab=${this.tabId}`);
    return this.controls;
  }

  /** Gives the recorded page the focus back, so screenshots show it. */
  async focusPage() {
    await this.page.bringToFront();
  }

  async start({ title = '', persona = '', scenario = '', goal = '' } = {}) {
    const popup = await this.popup();
    await popup.getByLabel('Title').fill(title);
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
  }

  async pause() {
    const popup = await this.popup();
    await popup.getByRole('button', { name: 'Pause' }).click();
    await this.expectStatus(popup, 'Paused');
    await this.focusPage();
  }

  async resume() {
    const popup = await this.popup();
    await popup.getByRole('button', { name: 'Resume' }).click();
    await this.expectStatus(popup, 'Recording');
    await this.focusPage();
  }

  async stop() {
    const popup = await this.popup();
    await popup.getByRole('button', { name: 'Stop' }).click();
    await popup.getByRole('button', { name: 'Start recording' }).waitFor({ timeout: 15_000 });
    await popup.close();
    this.controls = null;
  }

  async expectStatus(popup, text) {
    const alert = popup.getByRole('alert');
    await popup.locator('#session-status', { hasText: text }).or(alert).first().waitFor({ timeout: 10_000 });
    if (await alert.isVisible()) throw new Error(`The extension said: ${await alert.innerText()}`);
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

  /** The in-page overlay of the page being walked (Playwright reaches into its open shadow root). */
  overlay() {
    return this.page.locator('parcours-overlay').getByRole('region', { name: 'Parcours annotation toolbar' });
  }

  async readyOverlay() {
    const overlay = this.overlay();
    await overlay.waitFor({ timeout: 10_000 });
    const unfold = overlay.getByRole('button', { name: 'Unfold the toolbar' });
    if (await unfold.isVisible()) await unfold.click();
    return overlay;
  }

  /** Waits for the overlay to confirm where the last tag landed. */
  async confirmation(overlay, what) {
    await overlay.getByRole('status').filter({ hasText: what }).waitFor({ timeout: 10_000 });
  }

  /** Tags the current step with an emotion (valence −2..+2, optional label) by the overlay's faces. */
  async emotion(valence, label) {
    const names = { '-2': 'Very negative', '-1': 'Negative', 0: 'Neutral', 1: 'Positive', 2: 'Very positive' };
    const name = names[String(valence)];
    if (!name) throw new Error(`tester.emotion: valence must be -2..2, got ${valence}`);
    const overlay = await this.readyOverlay();
    await overlay.getByRole('button', { name: new RegExp(`^${name} \\(`) }).click();
    await this.confirmation(overlay, `${name} →`);
    if (label) {
      await overlay.getByRole('group', { name: 'Emotion label' }).getByRole('button', { name: label, exact: true }).click();
      await this.confirmation(overlay, `${name} · ${label} →`);
    }
  }

  /** Writes a note (thought | pain | opportunity | expectation | note) on the current step, by the overlay. */
  async note(kind, text) {
    const labels = { thought: 'Thought', pain: 'Pain point', opportunity: 'Opportunity', expectation: 'Expectation', note: 'Note' };
    const label = labels[kind];
    if (!label) throw new Error(`tester.note: kind must be one of ${Object.keys(labels).join(', ')}, got ${kind}`);
    const overlay = await this.readyOverlay();
    await overlay.getByRole('group', { name: 'Add a note' }).getByRole('button', { name: label, exact: true }).click();
    await overlay.getByRole('textbox').fill(text);
    await overlay.getByRole('button', { name: 'Save' }).click();
    await this.confirmation(overlay, `${label} →`);
  }

  /** Makes a stage (by name as shown, or id) the current one, with the overlay's stage list. */
  async stage(stage) {
    const overlay = await this.readyOverlay();
    const select = overlay.getByLabel('Stage');
    const options = await select.locator('option').evaluateAll((nodes) => nodes.map((node) => ({ value: node.value, label: node.textContent })));
    const wanted = options.find((option) => option.value === stage || option.label?.toLowerCase() === String(stage).toLowerCase());
    if (!wanted) throw new Error(`tester.stage: no stage "${stage}" (stages: ${options.map((option) => option.label).join(', ')})`);
    await select.selectOption(wanted.value);
    await this.confirmation(overlay, `Stage: ${wanted.label}`);
  }
}
