import { afterEach, describe, expect, it } from 'vitest';
import { emptySetup, normalizeSetup } from '@/lib/annotations/setup';
import { MAX_NOTE_LENGTH } from '@/lib/annotations/text';
import { currentLocale, setLocale } from '@/lib/i18n';
import { defaultStages } from '@/lib/journey/stages';
import type { SessionSetup } from '@/lib/store/records';

const localeBefore = currentLocale();

afterEach(() => {
  setLocale(localeBefore);
});

const SETUP: SessionSetup = {
  title: 'Buy a mug',
  persona: { name: 'Sandrine', description: 'Busy team lead' },
  scenario: 'A gift by Friday',
  goal: 'Order and pay',
  segment: 'Gift buyers',
  expectations: 'Delivery in two days',
  stages: [
    { id: 'look', name: 'Look', order: 0 },
    { id: 'buy', name: 'Buy', order: 1 },
  ],
};

describe('normalizeSetup', () => {
  it('keeps a clean setup as it is, without the checklist', () => {
    expect(normalizeSetup({ ...SETUP, checklist: null }, 'Fallback')).toEqual({
      title: 'Buy a mug',
      persona: { name: 'Sandrine', description: 'Busy team lead' },
      scenario: 'A gift by Friday',
      goal: 'Order and pay',
      segment: 'Gift buyers',
      expectations: 'Delivery in two days',
      stages: SETUP.stages,
    });
  });

  it('makes one line of the labels (title, persona name, segment) and trims the texts, keeping their line breaks', () => {
    const setup = normalizeSetup(
      {
        title: '  Buy\n a   mug ',
        persona: { name: ' Sandrine\tDupont ', description: '  Team lead.\nShops on her phone.  ' },
        scenario: '\n A gift\nby Friday \n',
        goal: ' Pay ',
        segment: '  Gift \n buyers ',
        expectations: ' Fast\r\ndelivery ',
      },
      'Fallback',
    );
    expect(setup).toMatchObject({
      title: 'Buy a mug',
      persona: { name: 'Sandrine Dupont', description: 'Team lead.\nShops on her phone.' },
      scenario: 'A gift\nby Friday',
      goal: 'Pay',
      segment: 'Gift buyers',
      expectations: 'Fast\ndelivery',
    });
  });

  it('takes the fallback title when the title is blank', () => {
    expect(normalizeSetup({ ...SETUP, title: '  ' }, 'Mug shop').title).toBe('Mug shop');
  });

  it('cuts long labels (title 200, persona name 120, segment 120) and long texts (10,000)', () => {
    const setup = normalizeSetup(
      {
        ...SETUP,
        title: 't'.repeat(300),
        persona: { name: 'n'.repeat(300), description: 'd'.repeat(20_000) },
        segment: 's'.repeat(300),
        scenario: 'c'.repeat(20_000),
      },
      'Fallback',
    );
    expect(setup.title).toHaveLength(200);
    expect(setup.persona.name).toHaveLength(120);
    expect(setup.segment).toHaveLength(120);
    expect(setup.persona.description).toHaveLength(MAX_NOTE_LENGTH);
    expect(setup.scenario).toHaveLength(MAX_NOTE_LENGTH);
    expect(setup.scenario.endsWith('…')).toBe(true);
  });

  it('fills what is missing with empty strings (segment and expectations are optional)', () => {
    const setup = normalizeSetup({ title: 'Walk', persona: { name: '', description: '' }, scenario: '', goal: '' }, 'Fallback');
    expect(setup).toMatchObject({ persona: { name: '', description: '' }, scenario: '', goal: '', segment: '', expectations: '' });
  });

  it('copes with a setup without a persona (an old caller) or with blank texts', () => {
    const setup = normalizeSetup({ title: 'Walk', scenario: '   ', goal: '\n' } as unknown as SessionSetup, 'Fallback');
    expect(setup).toMatchObject({ persona: { name: '', description: '' }, scenario: '', goal: '' });
  });

  it('removes control characters from the texts and keeps markup as text', () => {
    const setup = normalizeSetup({ ...SETUP, scenario: 'A\u0000 <b>gift</b>\u0007', persona: { name: '<i>Ana</i>', description: '' } }, 'Fallback');
    expect(setup.scenario).toBe('A <b>gift</b>');
    expect(setup.persona.name).toBe('<i>Ana</i>');
  });

  it('renumbers the stages given, cleans their names and names a nameless stage after its id', () => {
    const setup = normalizeSetup(
      {
        ...SETUP,
        stages: [
          { id: 'b', name: ' Buy \n now ', order: 5 },
          { id: 'a', name: '   ', order: 2 },
        ],
      },
      'Fallback',
    );
    expect(setup.stages).toEqual([
      { id: 'b', name: 'Buy now', order: 0 },
      { id: 'a', name: 'a', order: 1 },
    ]);
  });

  it('gives the default stages, in the current language, when none or an empty list is given', () => {
    setLocale('en');
    const { stages: _stages, ...withoutStages } = SETUP;
    expect(normalizeSetup(withoutStages, 'Fallback').stages).toEqual(defaultStages('en'));
    setLocale('fr');
    const french = normalizeSetup({ ...SETUP, stages: [] }, 'Fallback').stages;
    expect(french).toEqual(defaultStages('fr'));
    expect(french.map((stage) => stage.name)).toEqual(['Sensibilisation', 'Réflexion', 'Comparaison', 'Décision', 'Achat', 'Fidélisation', 'Recommandation']);
  });

  it('does not change the setup it was given', () => {
    const setup = structuredClone(SETUP);
    normalizeSetup({ ...setup, title: '  x ' }, 'Fallback');
    expect(setup).toEqual(SETUP);
  });
});

describe('emptySetup', () => {
  it('is a blank setup the keyboard shortcut starts with, which normalizes to the fallback title and default stages', () => {
    expect(emptySetup()).toEqual({ title: '', persona: { name: '', description: '' }, scenario: '', goal: '' });
    setLocale('en');
    expect(normalizeSetup(emptySetup(), 'Mug shop')).toMatchObject({ title: 'Mug shop', stages: defaultStages('en') });
  });

  it('is a new object each time', () => {
    const first = emptySetup();
    first.persona.name = 'changed';
    expect(emptySetup().persona.name).toBe('');
  });
});
