// Replays a Parcours `flow.json` with @puppeteer/replay, the library the Chrome DevTools Recorder replays with,
// so a replay here does what the Recorder's does; and on top of it the custom steps Parcours writes where the
// capture has no value to replay (docs/bundle-format.md, "flow.json"): a typed field is filled only with a
// value the caller gives (test data: typed values are never recorded), an option is chosen by its visible text.
import { createRunner, PuppeteerRunnerExtension, parse, selectorToPElementSelector } from '@puppeteer/replay';
import { Locator } from 'puppeteer-core';

export const CUSTOM = { typed: 'parcours:typed', select: 'parcours:select', submit: 'parcours:submit' };

/**
 * The value to type in a field, from `values`: keyed by the field's `name`, else its `autocomplete`, else its
 * label; a string is used every time, an array one entry per time the field was typed in (a walk that typed
 * a wrong email, then the right one). Undefined: no value given.
 */
export function valueSource(values = {}) {
  const used = new Map();
  return (field) => {
    for (const key of [field?.name, field?.autocomplete, field?.label]) {
      if (!key || !Object.hasOwn(values, key)) continue;
      const value = values[key];
      if (typeof value === 'string') return value;
      if (Array.isArray(value)) {
        const n = used.get(key) ?? 0;
        used.set(key, n + 1);
        return typeof value[n] === 'string' ? value[n] : value.at(-1);
      }
    }
    return undefined;
  };
}

export class ParcoursRunnerExtension extends PuppeteerRunnerExtension {
  /**
   * @param {import('puppeteer-core').Browser} browser
   * @param {import('puppeteer-core').Page} page the flow's `main` target
   * @param {{ timeout?: number, values?: Record<string, string | string[]>, skip?: (step: object, index: number) => boolean, log?: (line: string) => void }} [options]
   */
  constructor(browser, page, { timeout, values, skip, log = () => {} } = {}) {
    super(browser, page, { timeout });
    this.valueFor = valueSource(values);
    this.skip = skip ?? (() => false);
    this.log = log;
    this.index = -1;
    /** What the replay could not do, step by step (a typed field with no value given). */
    this.skipped = [];
  }

  async runStep(step, flow) {
    this.index++;
    if (this.skip(step, this.index)) return;
    if (step.type !== 'customStep' || !Object.values(CUSTOM).includes(step.name)) return super.runStep(step, flow);
    const timeout = step.timeout ?? flow?.timeout ?? this.timeout;
    const frame = await this.#frameOf(step, timeout);
    const { selectors } = step.parameters;
    const locator = () => Locator.race(selectors.map((selector) => frame.locator(selectorToPElementSelector(selector)))).setTimeout(timeout);
    if (step.name === CUSTOM.typed) {
      const value = this.valueFor(step.parameters.field);
      if (value === undefined) {
        const field = step.parameters.field;
        this.skipped.push({ index: this.index, field });
        this.log(
          `step ${this.index + 1}: no value given for the field ${JSON.stringify(field?.name ?? field?.label)} (typed values are never recorded): left as it is`,
        );
        return;
      }
      // Typed with the keyboard, as the Recorder's `change` does for a text field.
      await locator().fill(value);
      return;
    }
    const handle = await locator().waitHandle();
    try {
      if (step.name === CUSTOM.select) {
        const value = await handle.evaluate(
          (select, text) => [...select.options].find((option) => option.text.trim() === text.trim())?.value ?? null,
          step.parameters.optionText,
        );
        if (value == null) throw new Error(`No option "${step.parameters.optionText}" in ${JSON.stringify(selectors[0])}`);
        await handle.select(value);
      } else {
        await handle.evaluate((form) => form.requestSubmit());
      }
    } finally {
      await handle.dispose();
    }
  }

  async #frameOf(step, timeout) {
    let page = this.page;
    if (step.target && step.target !== 'main') {
      const target = await this.browser.waitForTarget((candidate) => candidate.url() === step.target, { timeout });
      page = await target.page();
      if (!page) throw new Error(`The target ${step.target} is no page`);
    }
    let frame = page.mainFrame();
    for (const index of step.frame ?? []) {
      frame = frame.childFrames()[index];
      if (!frame) throw new Error(`No frame ${JSON.stringify(step.frame)} in ${step.target ?? 'main'}`);
    }
    return frame;
  }
}

/**
 * Parses a flow (an object or its JSON text) and replays it on `page`. Throws with the step that failed.
 * @param {{ browser: import('puppeteer-core').Browser, page: import('puppeteer-core').Page, flow: string | object, values?: Record<string, string | string[]>, skip?: (step: object, index: number) => boolean, log?: (line: string) => void }} options
 * @returns {Promise<{ steps: number, skipped: { index: number, field: object }[] }>}
 */
export async function replayFlow({ browser, page, flow, values, skip, log }) {
  const parsed = parse(typeof flow === 'string' ? JSON.parse(flow) : flow);
  const extension = new ParcoursRunnerExtension(browser, page, { timeout: parsed.timeout, values, skip, log });
  const runner = await createRunner(parsed, extension);
  let current = null;
  const run = extension.runStep.bind(extension);
  extension.runStep = async (step, f) => {
    current = step;
    return run(step, f);
  };
  try {
    await runner.run();
  } catch (error) {
    const at = parsed.steps.indexOf(current);
    throw new Error(`The flow's step ${at + 1} (${current?.type}${current?.name ? ` ${current.name}` : ''}) failed: ${error.message}`);
  }
  return { steps: parsed.steps.length, skipped: extension.skipped };
}
