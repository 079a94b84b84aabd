import { describe, expect, it } from 'vitest';
import { emotionLabelText, sessionLocale } from '@/lib/i18n/session-locale';
import { defaultStages, relocalizeStages } from '@/lib/journey/stages';

describe('sessionLocale', () => {
  it('is the language stored with the walk, whatever the interface speaks now', () => {
    expect(sessionLocale({ language: 'fr', stages: defaultStages('en') }, 'en')).toBe('fr');
    expect(sessionLocale({ language: 'en', stages: defaultStages('fr') }, 'fr')).toBe('en');
  });

  it('reads an older walk, stored without one, from its default stage names', () => {
    expect(sessionLocale({ stages: defaultStages('fr') }, 'en')).toBe('fr');
    expect(sessionLocale({ stages: defaultStages('en') }, 'fr')).toBe('en');
    // One default stage renamed: the names no longer say which language, so the interface's is taken.
    const mixed = defaultStages('fr').map((stage, index) => (index === 0 ? { ...stage, name: 'Découvrir' } : stage));
    expect(sessionLocale({ stages: mixed }, 'en')).toBe('en');
  });

  it('takes the interface language when nothing tells (no stages, custom stages, unknown language)', () => {
    expect(sessionLocale({}, 'fr')).toBe('fr');
    expect(sessionLocale(null, 'en')).toBe('en');
    expect(sessionLocale({ language: 'de', stages: [{ id: 'x', name: 'Suche', order: 0 }] }, 'fr')).toBe('fr');
  });
});

describe('emotionLabelText', () => {
  it('says a default label in the given language, and a typed one as typed', () => {
    expect(emotionLabelText('frustrated', 'fr')).toBe('frustré');
    expect(emotionLabelText('frustrated', 'en')).toBe('frustrated');
    expect(emotionLabelText('delighted', 'fr')).toBe('ravi');
    expect(emotionLabelText('perdu dans le tunnel', 'en')).toBe('perdu dans le tunnel');
    expect(emotionLabelText('constructor', 'fr')).toBe('constructor');
  });
});

describe('relocalizeStages', () => {
  it('renames default stages still named as a default, in the new language', () => {
    const french = relocalizeStages(defaultStages('en'), 'fr');
    expect(french).toEqual(defaultStages('fr'));
    expect(relocalizeStages(french, 'en')).toEqual(defaultStages('en'));
  });

  it('keeps what the tester typed, and added stages, as typed', () => {
    const stages = [...defaultStages('en').slice(0, 2), { id: 'custom', name: 'Awareness', order: 2 }];
    const renamed = stages.map((stage) => (stage.id === 'consideration' ? { ...stage, name: 'Browsing' } : stage));
    const french = relocalizeStages(renamed, 'fr');
    expect(french.map((stage) => stage.name)).toEqual([defaultStages('fr')[0]?.name, 'Browsing', 'Awareness']);
  });

  it('returns the very same array when nothing changes', () => {
    const stages = defaultStages('fr');
    expect(relocalizeStages(stages, 'fr')).toBe(stages);
  });
});
