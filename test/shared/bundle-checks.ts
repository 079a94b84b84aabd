// The checks of an exported bundle that every browser's end-to-end tests make on it (Chromium's
// test/e2e/demo-walk.spec.ts, Firefox's test/firefox/walk.test.ts): one set of checks, so that a bundle
// exported by either browser is held to the same standard. They throw (node:assert) on the first failure,
// which fails the test in Playwright and in Vitest alike.
import assert from 'node:assert/strict';
import Ajv from 'ajv/dist/2020.js';
import { parse as parseCsv } from 'csv-parse/sync';
import type JSZip from 'jszip';
import journeySchema from '../../docs/journey.schema.json' with { type: 'json' };

// biome-ignore lint/suspicious/noExplicitAny: journey.json as read, checked field by field.
export type Journey = Record<string, any>;

export interface ExpectedWalk {
  title: string;
  persona: string;
  scenario: string;
  goal: string;
  /** The browser's name as the session records it (`/Chrom/`, `/Firefox/`). */
  browser: RegExp;
  viewport: { width: number; height: number };
  /** How many clicks the walk made on the page. */
  clicks: number;
  /** The fewest human steps the walk must make. */
  minSteps: number;
}

/** The files every bundle holds, each a text file. */
export const BUNDLE_TEXT_FILES = ['journey.json', 'events.json', 'steps.csv', 'journey.mmd', 'cjml.xml', 'flow.json', 'index.html'];

/** What the browser's XML parser says of cjml.xml (Node has none): evaluated in a page of the browser. */
export interface CjmlFacts {
  errors: number;
  version: string | null;
  touchpoints: number;
  endUser: string | null;
}

/** Sent to a browser page (`page.evaluate(cjmlFactsInPage, xml)`, Playwright or puppeteer): sees only its argument. */
export function cjmlFactsInPage(xml: string): CjmlFacts {
  const parsed = new DOMParser().parseFromString(xml, 'application/xml');
  return {
    errors: parsed.getElementsByTagName('parsererror').length,
    version: parsed.documentElement.getAttribute('version'),
    touchpoints: parsed.getElementsByTagName('touchpoints')[0]?.children.length ?? -1,
    endUser: parsed.querySelector('endUser > actorName')?.textContent ?? null,
  };
}

async function text(bundle: JSZip, name: string): Promise<string> {
  const file = bundle.file(name);
  assert.ok(file, `the bundle holds ${name}`);
  return file.async('string');
}

/**
 * journey.json: its format, valid against the published JSON Schema (docs/journey.schema.json), the walk's
 * setup, and each step with its fields and the screenshot it names in the bundle (or why a click has none).
 * Returns the journey.
 */
export async function checkJourney(bundle: JSZip, expected: ExpectedWalk): Promise<Journey> {
  const journey: Journey = JSON.parse(await text(bundle, 'journey.json'));
  assert.equal(journey.format, 'parcours.journey');
  assert.equal(journey.version, 1);
  const validate = new Ajv({ allErrors: true, validateFormats: false }).compile(journeySchema);
  // Called as a plain function: Ajv's type guard would narrow `journey` to the schema's (empty) type.
  const valid: (data: unknown) => boolean = validate;
  assert.ok(valid(journey), `journey.json follows its schema: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
  assert.equal(journey.session.title, expected.title);
  assert.deepEqual(journey.session.persona, { name: expected.persona, description: '' });
  assert.equal(journey.session.scenario, expected.scenario);
  assert.equal(journey.session.goal, expected.goal);
  assert.deepEqual({ width: journey.session.viewport?.width, height: journey.session.viewport?.height }, expected.viewport);
  assert.match(journey.session.browser.name, expected.browser);
  // Human steps: a click and the page it opened, a form filled and sent, are one step each.
  assert.ok(journey.steps.length >= expected.minSteps, `at least ${expected.minSteps} steps (${journey.steps.length})`);
  assert.equal(journey.metrics.clicks, expected.clicks);
  for (const step of journey.steps) {
    for (const field of ['id', 'index', 'kind', 't', 'at', 'durationMs', 'url', 'action', 'touchpoint', 'thoughts', 'painPoints', 'signals'])
      assert.ok(field in step, `step ${step.index} has ${field}`);
    if (step.screenshot) assert.ok(bundle.file(step.screenshot), `the bundle holds ${step.screenshot}`);
    else if (step.kind === 'click') {
      // A click's image is of its moment, or the step says it came too late and carries it apart, with the delay.
      assert.ok(['late', 'stale'].includes(step.screenshotMissing), `click step ${step.index}: why it has no screenshot (${step.screenshotMissing})`);
      assert.notEqual(step.screenshotDelayMs, null, `click step ${step.index}: its screenshot's delay`);
      if (step.lateScreenshot) assert.ok(bundle.file(step.lateScreenshot), `the bundle holds ${step.lateScreenshot}`);
    }
  }
  return journey;
}

/**
 * steps.csv, journey.mmd and cjml.xml say the same steps as journey.json: a CSV record per step (read by a real
 * CSV parser) with its satisfaction, a Mermaid task per step with the persona as actor, and a well-formed
 * CJML document (`cjml`, from cjmlFactsInPage) with a touchpoint per step.
 */
export async function checkStepFormats(bundle: JSZip, journey: Journey, cjml: CjmlFacts): Promise<void> {
  const rows: Record<string, string>[] = parseCsv(await text(bundle, 'steps.csv'), { bom: true, columns: true });
  assert.deepEqual(
    rows.map((row) => row.step_id),
    journey.steps.map((step: { id: string }) => step.id),
  );
  assert.deepEqual(
    rows.map((row) => row.satisfaction_1_5),
    journey.steps.map((step: { emotion: { valence: number } | null }) => (step.emotion ? String(step.emotion.valence + 3) : '')),
  );
  const persona = journey.session.persona.name as string;
  const tasks = (await text(bundle, 'journey.mmd')).split('\n').filter((line) => /^ {4}\S/.test(line));
  assert.equal(tasks.length, journey.steps.length, 'one Mermaid task per step');
  const actor = new RegExp(`: [1-5]: ${persona.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  for (const task of tasks) assert.match(task, actor, 'a Mermaid task with a score and the persona');
  assert.deepEqual(cjml, { errors: 0, version: '2.0', touchpoints: journey.steps.length, endUser: persona });
}

/** Which of `secrets` appear in `text`. */
export function secretsIn(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

/** Nothing the tester typed is in the database dump or in any text file of the bundle. */
export async function checkNoSecrets(bundle: JSZip, dump: unknown, secrets: string[]): Promise<void> {
  assert.deepEqual(secretsIn(JSON.stringify(dump), secrets), [], 'the database holds nothing typed');
  for (const name of BUNDLE_TEXT_FILES) assert.deepEqual(secretsIn(await text(bundle, name), secrets), [], `${name} holds nothing typed`);
}
