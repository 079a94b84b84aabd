import { currentLocale, type Locale } from '../i18n';
import { defaultStages, type Stage } from '../journey/stages';
import type { SessionSetup } from '../store/records';
import { renumber } from './stages';
import { cleanLabel, cleanNote } from './text';
import type { WalkSetup } from './types';

/** A setup as stored: every text cleaned, stages renumbered (the defaults, in the walk's language, when none are given). */
export function normalizeSetup(setup: SessionSetup, fallbackTitle: string, locale: Locale = currentLocale()): WalkSetup {
  const stages: Stage[] = setup.stages?.length
    ? renumber(setup.stages.map((stage) => ({ ...stage, name: cleanLabel(stage.name) || stage.id })))
    : defaultStages(locale);
  return {
    title: cleanLabel(setup.title, 200) || fallbackTitle,
    persona: { name: cleanLabel(setup.persona?.name ?? '', 120), description: cleanNote(setup.persona?.description ?? '') ?? '' },
    scenario: cleanNote(setup.scenario ?? '') ?? '',
    goal: cleanNote(setup.goal ?? '') ?? '',
    segment: cleanLabel(setup.segment ?? '', 120),
    expectations: cleanNote(setup.expectations ?? '') ?? '',
    stages,
  };
}

/** An empty setup: what the keyboard shortcut starts with. */
export function emptySetup(): SessionSetup {
  return { title: '', persona: { name: '', description: '' }, scenario: '', goal: '' };
}
