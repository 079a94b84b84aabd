// The in-page overlay as a test or a scripted walk reaches it. Its shadow root is closed, so the page reads
// nothing of it, and neither do Playwright's locators (they pierce open roots only). The toolbar is read
// where the extension's content script runs: its isolated world, over the DevTools protocol, where
// `chrome.dom.openOrClosedShadowRoot` opens the root. It is acted on as a person does: a real mouse click at
// the control's place, real keys. The note is typed in an extension page framed by the toolbar: a Playwright
// Frame, driven with its locators.
import { pollUntil } from './database.mjs';

/** How long the overlay gets to show what a call waits for (a loaded 2-core machine). */
const OVERLAY_TIMEOUT_MS = 15_000;

const HOST = 'parcours-overlay';

/**
 * Finds the overlay's elements matching a query, in the content script's world (this function is sent there
 * as source: it sees only its arguments). A query: `selector` (CSS within the root, `.toolbar` by default),
 * `name` (the accessible name: aria-label, else the text; a string matches exactly, `{ source, flags }` is a
 * RegExp), `within` (the aria-label of a group around it), `text` (a RegExp the text content must match).
 */
const FIND = `function find(root, query) {
  if (!root) return [];
  const named = (element) => (element.getAttribute('aria-label') || element.textContent || '').trim();
  const matches = (value, expected) => expected == null || (typeof expected === 'string' ? value === expected : new RegExp(expected.source, expected.flags).test(value));
  let scope = [root];
  if (query.within) scope = Array.from(root.querySelectorAll('[role="group"]')).filter((group) => group.getAttribute('aria-label') === query.within);
  return scope.flatMap((element) => Array.from(element.querySelectorAll(query.selector || 'button')))
    .filter((element) => matches(named(element), query.name) && matches((element.textContent || '').trim(), query.text));
}`;

/** A RegExp or a string, as the finder takes it across the protocol. */
function pattern(value) {
  return value instanceof RegExp ? { source: value.source, flags: value.flags } : value;
}

/** A query with its RegExps made sendable. */
function sendable(query) {
  return { ...query, name: pattern(query.name), text: pattern(query.text) };
}

export class OverlayDriver {
  /**
   * @param {import('playwright').Page} page the recorded page
   * @param {string} extensionId
   */
  constructor(page, extensionId) {
    this.page = page;
    this.extensionId = extensionId;
    this.cdp = null;
    /** The extension's isolated worlds, by execution context id, with their frame. */
    this.worlds = new Map();
  }

  async session() {
    if (this.cdp) return this.cdp;
    const cdp = await this.page.context().newCDPSession(this.page);
    const origin = `chrome-extension://${this.extensionId}`;
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.origin === origin && context.auxData?.type === 'isolated') this.worlds.set(context.id, context.auxData.frameId);
    });
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => this.worlds.delete(executionContextId));
    cdp.on('Runtime.executionContextsCleared', () => this.worlds.clear());
    await cdp.send('Runtime.enable');
    this.cdp = cdp;
    return cdp;
  }

  /**
   * Runs `fn(root, arg)` in the content script's world of the page's top frame, `root` being the overlay's
   * closed shadow root (null when there is no overlay), and returns its result (JSON values only).
   * `fn` is sent as source: it sees only its arguments and `find(root, query)`.
   */
  async evaluate(fn, arg = null) {
    const cdp = await this.session();
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const worlds = [...this.worlds].filter(([, frameId]) => frameId === frameTree.frame.id).map(([id]) => id);
    const contextId = worlds.at(-1);
    if (contextId == null) throw new Error('The extension’s content script does not run in this page (yet)');
    const expression = `(() => { ${FIND}; const host = document.querySelector('${HOST}'); const root = host ? chrome.dom.openOrClosedShadowRoot(host) : null; return (${fn})(root, ${JSON.stringify(arg)}); })()`;
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`In the overlay: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  /** Waits until `fn(root, arg)` gives something (not undefined, null or false) and returns it. */
  async waitFor(fn, arg, { what = 'the overlay', timeout = OVERLAY_TIMEOUT_MS, interval } = {}) {
    // A document arriving has no content script yet: its evaluation fails, and is tried again.
    return pollUntil(() => this.evaluate(fn, arg), { what, timeout, interval });
  }

  /** Waits for the toolbar, drawn with the walk's state; unfolded (its stage list filled) unless `unfold` is false. */
  async ready({ unfold = true } = {}) {
    await this.waitFor((root) => /\S/.test(root?.querySelector('.toolbar .bar .title')?.textContent ?? ''), null, { what: 'the overlay, showing the walk' });
    if (!unfold) return;
    if (await this.has({ name: 'Unfold the toolbar' })) await this.click({ name: 'Unfold the toolbar' });
    await this.waitFor((root) => root?.querySelector('.toolbar select option') != null, null, { what: 'the overlay’s stage list' });
  }

  /** How many elements match a query (see FIND). */
  async count(query) {
    return this.evaluate((root, q) => find(root, q).length, sendable(query));
  }

  async has(query) {
    return (await this.count(query)) > 0;
  }

  /** The text of the first element matching `selector` in the toolbar ('' when none). */
  async text(selector) {
    return this.evaluate((root, s) => root?.querySelector(s)?.textContent.trim() ?? '', selector);
  }

  /** What the status line says now. */
  status() {
    return this.text('[role="status"]');
  }

  /** Waits until the text of `selector` matches `expected` (a RegExp, or a string it starts with), and returns it. */
  async waitForText(selector, expected, { timeout } = {}) {
    const match = expected instanceof RegExp ? pattern(expected) : { source: `^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, flags: '' };
    return this.waitFor(
      (root, { s, m }) => {
        const text = root?.querySelector(s)?.textContent.trim() ?? '';
        return new RegExp(m.source, m.flags).test(text) ? text : null;
      },
      { s: selector, m: match },
      { what: `the overlay’s ${selector} to say ${expected}`, timeout },
    );
  }

  /** The box of the first element matching `selector`, CSS px of the viewport (null when none). */
  async box(selector) {
    return this.evaluate((root, s) => {
      const element = root?.querySelector(s);
      if (!element) return null;
      const { x, y, width, height } = element.getBoundingClientRect();
      return { x, y, width, height };
    }, selector);
  }

  /**
   * Clicks the control matching a query (a button by default, see FIND) with the mouse, where it is drawn: once
   * it stands still over two frames (the toolbar grows upwards as it shows more) and nothing covers it, as
   * Playwright's own click waits.
   */
  async click(query) {
    const box = await this.waitFor(
      async (root, q) => {
        const element = find(root, q)[0];
        if (!element || element.disabled) return null;
        const before = element.getBoundingClientRect();
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const { x, y, width, height } = element.getBoundingClientRect();
        if (width === 0 || height === 0 || x !== before.x || y !== before.y || width !== before.width || height !== before.height) return null;
        const hit = root.elementFromPoint(x + width / 2, y + height / 2);
        return hit && element.contains(hit) ? { x, y, width, height } : null;
      },
      sendable(query),
      { what: `the overlay’s control ${JSON.stringify(query)}` },
    );
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** The value and the options of the stage list. */
  async stages() {
    return this.evaluate((root) => {
      const select = root?.querySelector('.toolbar select');
      return select ? { value: select.value, options: Array.from(select.options).map((option) => ({ value: option.value, label: option.textContent })) } : null;
    });
  }

  /**
   * Chooses a stage in the stage list with the keyboard, as a person does: the list opened (Alt+ArrowDown), the
   * arrows to the stage, Enter. One change, of the browser's own (Playwright's selectOption dispatches one the
   * overlay ignores, as it ignores any event a script makes).
   */
  async chooseStage(value) {
    const list = await this.stages();
    const from = list?.options.findIndex((option) => option.value === list.value) ?? -1;
    const to = list?.options.findIndex((option) => option.value === value) ?? -1;
    if (to < 0) throw new Error(`No stage ${value} in the overlay’s list`);
    if (from === to) return;
    await this.evaluate((root) => root.querySelector('.toolbar select').focus());
    await this.page.keyboard.press('Alt+ArrowDown');
    for (let step = 0; step < Math.abs(to - from); step++) await this.page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
    await this.page.keyboard.press('Enter');
  }

  /** The note frame of the toolbar, once its page is there (null when no note is open). */
  noteFrame() {
    const prefix = `chrome-extension://${this.extensionId}/overlay-note.html`;
    return this.page.frames().find((frame) => frame.url().startsWith(prefix)) ?? null;
  }

  /** Waits for the note frame and its field. */
  async waitForNoteFrame() {
    const frame = await pollUntil(async () => this.noteFrame(), { what: 'the overlay’s note frame', timeout: OVERLAY_TIMEOUT_MS });
    await frame.getByRole('textbox').waitFor({ timeout: OVERLAY_TIMEOUT_MS });
    return frame;
  }
}
