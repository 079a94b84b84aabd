/**
 * The recorded walks (demo, friction, web components) as the map shows them: no click, Enter or field change
 * the tester made is lost, none counts twice, and each is visible where it is (named by its step, or part of
 * the form it sent).
 */
import { describe, expect, it } from 'vitest';
import type { CapturedEvent, EventOf, SelectorAlternatives } from '@/lib/capture/events';
import { assembleJourney } from '@/lib/journey/assemble';
import { type GroupedStep, groupSteps, isFieldTarget } from '@/lib/journey/group';
import { defaultStages } from '@/lib/journey/stages';
import { demoEvents, frictionEvents, webComponentsEvents } from './journey-fixtures';

const WALKS: [string, () => CapturedEvent[]][] = [
  ['the demo walk', demoEvents],
  ['the friction walk', frictionEvents],
  ['the web-components walk', webComponentsEvents],
];

/** What the tester did, as raw events: every one must be on the map. */
const ACTION_KINDS = new Set<CapturedEvent['kind']>(['click', 'key', 'field-change']);

const sameSelectors = (a: SelectorAlternatives | undefined, b: SelectorAlternatives) => JSON.stringify(a?.[0]) === JSON.stringify(b[0]);

describe.each(WALKS)('%s on the map', (_name, load) => {
  const events = load();
  const byId = new Map(events.map((event) => [event.id, event]));
  const steps = groupSteps(events, 'en');
  const map = assembleJourney({ events, stages: defaultStages('en'), locale: 'en' });
  const stepOf = (eventId: string) => steps.find((step) => step.eventIds.includes(eventId)) as GroupedStep;
  const eventsOf = (step: GroupedStep) => step.eventIds.map((id) => byId.get(id) as CapturedEvent);
  const actions = events.filter((event) => ACTION_KINDS.has(event.kind));

  it('has clicks, Enters or field changes to check', () => {
    expect(actions.length).toBeGreaterThan(5);
  });

  it('puts every click, Enter and field change in exactly one step, of the grouping and of the assembled map', () => {
    for (const found of [steps, map.steps]) {
      const holders = new Map<string, number>();
      for (const step of found) for (const id of step.eventIds) holders.set(id, (holders.get(id) ?? 0) + 1);
      expect(actions.filter((event) => holders.get(event.id) !== 1).map((event) => `${event.kind} ${event.id}`)).toEqual([]);
    }
    expect(map.steps.map((step) => step.eventIds)).toEqual(steps.map((step) => step.eventIds));
  });

  it('makes every Enter a step of its own, named after its field', () => {
    for (const key of events.filter((event): event is EventOf<'key'> => event.kind === 'key')) {
      const step = stepOf(key.id);
      expect(eventsOf(step).filter((event) => event.kind === 'key')).toEqual([key]);
      expect(step.action).toContain(`"${key.field.label}"`);
      expect(step.action).toMatch(/press Enter/i);
    }
  });

  it('names every box ticked, unless it is part of a form that was sent', () => {
    const ticks = events.filter(
      (event): event is EventOf<'field-change'> => event.kind === 'field-change' && (event.field.inputType === 'checkbox' || event.field.inputType === 'radio'),
    );
    for (const tick of ticks) {
      const step = stepOf(tick.id);
      if (eventsOf(step).some((event) => event.kind === 'submit')) continue;
      expect(step.action).toBe(`${tick.checked ? 'Tick' : 'Untick'} "${tick.field.label}"`);
    }
  });

  it('names every click on something other than a field: its step is that click’s, repeats it, or sends a form', () => {
    for (const click of events.filter((event): event is EventOf<'click'> => event.kind === 'click' && !isFieldTarget(event.target))) {
      const step = stepOf(click.id);
      const first = eventsOf(step).find((event): event is EventOf<'click'> => event.kind === 'click');
      const sent = eventsOf(step).some((event) => (event.kind === 'submit' || event.kind === 'invalid') && event.t >= click.t);
      const shown = sameSelectors(step.target?.selectors, click.target.selectors) || sameSelectors(first?.target.selectors, click.target.selectors) || sent;
      expect(shown, `${click.target.name} in "${step.action}"`).toBe(true);
    }
  });
});

describe('the web-components walk, step by step', () => {
  it('shows each todo added with Enter, the ticks, the nested field and the closed widget as steps of their own', () => {
    const events = webComponentsEvents();
    const steps = groupSteps(events, 'en');
    expect(steps.map((step) => [step.kind, step.action])).toEqual([
      ['start', 'Start on "Parcours Shop – Home"'],
      ['click', 'Click "Gift list"'],
      ['form', 'Fill in "What needs to be done?" and press Enter'],
      ['form', 'Fill in "What needs to be done?" and press Enter'],
      ['form', 'Fill in "What needs to be done?" and press Enter'],
      ['form', 'Tick "Toggle Todo"'],
      ['form', 'Fill in "List name"'],
      ['click', 'Click "Active"'],
      ['form', 'Fill in "Assigned to"'],
      ['click', 'Click "All"'],
      ['form', 'Untick "Toggle Todo"'],
    ]);
    expect(
      groupSteps(events, 'fr')
        .map((step) => step.action)
        .slice(2),
    ).toEqual([
      'Remplir « What needs to be done? » et appuyer sur Entrée',
      'Remplir « What needs to be done? » et appuyer sur Entrée',
      'Remplir « What needs to be done? » et appuyer sur Entrée',
      'Cocher « Toggle Todo »',
      'Remplir « List name »',
      'Cliquer sur « Active »',
      'Remplir « Assigned to »',
      'Cliquer sur « All »',
      'Décocher « Toggle Todo »',
    ]);
  });

  it('recorded the fields where they live: three open roots deep, two deep, and a closed root’s host', () => {
    const events = webComponentsEvents();
    const field = (label: string) => events.find((event): event is EventOf<'field-change'> => event.kind === 'field-change' && event.field.label === label);
    expect(field('Toggle Todo')?.field.selectors).toContainEqual(['gift-app', 'gift-list', 'gift-item:nth-of-type(1)', 'input[aria-label="Toggle Todo"]']);
    expect(field('List name')?.field.selectors).toContainEqual(['gift-app', '#list-name', '#field']);
    expect(field('Assigned to')).toMatchObject({ valueLength: null, field: { tag: 'gift-assignee', closedRoot: true, inputType: null } });
    const key = events.find((event): event is EventOf<'key'> => event.kind === 'key');
    expect(key?.field.selectors).toContainEqual(['gift-app', 'gift-text-field', '#field']);
    // What was typed is in no event: only its length.
    expect(JSON.stringify(events)).not.toMatch(/Scarf for Ana|Book for Leo|Tea for Sam|Birthday gifts/);
    expect(events.filter((event) => event.kind === 'key').map((event) => (event as EventOf<'key'>).valueLength)).toEqual([13, 12, 11]);
  });

  it('gives every step a screenshot', () => {
    expect(groupSteps(webComponentsEvents(), 'en').filter((step) => step.screenshotId == null)).toEqual([]);
  });
});
