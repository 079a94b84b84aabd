import Ajv from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { journeyShape } from '@/lib/bundle/import/journey-shape';
import journeySchema from '../../../../docs/journey.schema.json' with { type: 'json' };
import { demoBundle } from '../demo-bundle';

// biome-ignore lint/suspicious/noExplicitAny: a test edits any part of journey.json, as a person would.
type Json = any;

const validate = new Ajv({ allErrors: true, validateFormats: false }).compile(journeySchema);
let journey: unknown;
beforeAll(async () => {
  journey = JSON.parse(JSON.stringify((await demoBundle()).journey));
});

/** A copy of the demo walk's journey.json with one change. */
function changed(edit: (value: Json) => void): unknown {
  const copy = structuredClone(journey) as Json;
  edit(copy);
  return copy;
}

describe('the import guard of journey.json and the published schema', () => {
  it('both accept an exported map', () => {
    expect(validate(journey), JSON.stringify(validate.errors)).toBe(true);
    expect(journeyShape(journey, 'journey')).toBeNull();
  });

  it.each([
    [
      'steps not a list',
      (value: Json) => {
        value.steps = {};
      },
    ],
    ['a step without id', (value: Json) => void delete value.steps[0].id],
    [
      'an emotion off the scale',
      (value: Json) => {
        value.steps[1].emotion = { valence: 7, label: null, author: 'tester', score5: 10 };
      },
    ],
    [
      'a note of an unknown author',
      (value: Json) => void value.steps[1].annotations.push({ id: 'n', noteKind: 'thought', text: 'x', author: 'robot', at: 'x' }),
    ],
    ['a session without title', (value: Json) => void delete value.session.title],
    ['a stage without name', (value: Json) => void delete value.stages[0].name],
    [
      'another format',
      (value: Json) => {
        value.format = 'other';
      },
    ],
  ])('both refuse %s', (_name, edit) => {
    const value = changed(edit);
    expect(validate(value)).toBe(false);
    expect(journeyShape(value, 'journey')).toMatch(/^journey/);
  });
});
