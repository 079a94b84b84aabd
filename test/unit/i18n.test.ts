import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PAGE_EVENT_KINDS, SCREENSHOT_MISSING_REASONS } from '@/lib/capture/events';
import { currentLocale, LOCALES, localeFor, setLocale, t } from '@/lib/i18n';
import { en, type MessageKey } from '@/lib/i18n/en';
import { fr } from '@/lib/i18n/fr';

const ROOT = new URL('../../', import.meta.url);
const rootPath = (path: string) => new URL(path, ROOT);

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string).sort();
}

const KEYS = Object.keys(en) as MessageKey[];

/**
 * Keys whose French is rightly the English, each for its reason: words French spells the same (Pause,
 * Sessions, Actions, Note(s), Persona, Segment, Action, Pages, Navigation, Intact, min, max), the brand, the
 * language names (each in itself), and templates of placeholders and symbols only. Anything else equal in
 * both is a string someone forgot to translate.
 */
const SAME_IN_FRENCH: readonly MessageKey[] = [
  'appName',
  'fieldPersona',
  'fieldPersonaName',
  'fieldSegment',
  'pause',
  'openSessions',
  'sessionsTitle',
  'badgeIdle',
  'columnActions',
  'noteKind.note',
  'laneAction',
  'laneNotes',
  'metricPages',
  'event.navigation',
  'verify.status.intact',
  'merge.min',
  'merge.max',
  'overlayTaggedOn',
  'compare.walk',
  'compareWith.option',
  'mergedHtml.sites',
  'languageEnglish',
  'languageFrench',
];
/** The same for the manifest's messages: the extension's name is a brand. */
const SAME_IN_FRENCH_MANIFEST: readonly string[] = ['extName'];

describe('locales', () => {
  it('gives every English key a non-empty French value with the same placeholders', () => {
    const problems: string[] = [];
    for (const key of KEYS) {
      const french = (fr as Record<string, string | undefined>)[key];
      if (typeof french !== 'string' || french.trim() === '') problems.push(`${key}: missing or empty in fr`);
      else if (placeholders(french).join() !== placeholders(en[key]).join()) problems.push(`${key}: {${placeholders(en[key])}} vs {${placeholders(french)}}`);
    }
    expect(problems).toEqual([]);
  });

  it('translates every key: a French value equal to the English one must be on the short list of words both share', () => {
    const untranslated = KEYS.filter((key) => (fr as Record<string, string>)[key] === en[key] && !SAME_IN_FRENCH.includes(key));
    expect(untranslated).toEqual([]);
    // The list holds only keys that exist and are still the same: a key translated since leaves it.
    expect(SAME_IN_FRENCH.filter((key) => !(key in en) || (fr as Record<string, string>)[key] !== en[key])).toEqual([]);
  });

  it('has no French key that English lacks, and no empty English value', () => {
    expect(Object.keys(fr).filter((key) => !(key in en))).toEqual([]);
    expect(KEYS.filter((key) => en[key].trim() === '')).toEqual([]);
  });

  it('labels every reason a step can lack a screenshot for, the export’s deleted included', () => {
    const reasons = [...SCREENSHOT_MISSING_REASONS, 'deleted'];
    expect(reasons.filter((reason) => !(`reason.${reason}` in en) || !(`reason.${reason}` in fr))).toEqual([]);
    expect(t('noScreenshot', { reason: t('reason.not-captured', {}, 'fr') }, 'fr')).toBe('Pas de capture : aucune n’a été prise pour cette étape');
  });

  it('labels every kind of event a page sends (the step view lists them), the key action included', () => {
    expect(PAGE_EVENT_KINDS.filter((kind) => !(`event.${kind}` in en) || !(`event.${kind}` in fr))).toEqual([]);
    expect(t('event.key', {}, 'fr')).toBe('Touche Entrée pressée');
  });

  it('registers both locales', () => {
    expect(LOCALES.en).toBe(en);
    expect(LOCALES.fr).toBe(fr);
  });
});

describe('t', () => {
  const initial = currentLocale();
  afterEach(() => setLocale(initial));

  it('fills placeholders with strings and numbers', () => {
    expect(t('recordingSince', { title: 'Buy a mug', events: 12, screenshots: 0 }, 'en')).toBe('Recording "Buy a mug" · 12 events · 0 screenshots');
    expect(t('stepCount', { count: 3 }, 'fr')).toBe('3 étapes');
  });

  it('keeps placeholders it has no value for visible', () => {
    expect(t('errorGeneric', {}, 'en')).toBe('Something went wrong: {message}');
    expect(t('recordingSince', { title: 'Walk' }, 'en')).toBe('Recording "Walk" · {events} events · {screenshots} screenshots');
  });

  it('ignores extra params and does not expand placeholders found in values', () => {
    expect(t('stepCount', { count: 2, other: 'x' }, 'en')).toBe('2 steps');
    expect(t('errorGeneric', { message: 'bad {message} and {title}' }, 'en')).toBe('Something went wrong: bad {message} and {title}');
  });

  it('returns strings without placeholders as they are', () => {
    expect(t('appName', {}, 'fr')).toBe('Parcours');
    expect(t('stop', {}, 'fr')).toBe('Arrêter');
  });

  it('uses the current locale by default', () => {
    setLocale('fr');
    expect(currentLocale()).toBe('fr');
    expect(t('pause')).toBe('Pause');
    expect(t('resume')).toBe('Reprendre');
    setLocale('en');
    expect(t('resume')).toBe('Resume');
  });
});

describe('localeFor', () => {
  it('picks French for any fr language tag, whatever its case or region', () => {
    for (const tag of ['fr', 'fr-FR', 'fr-CA', 'FR-be', 'fr_CH']) expect(localeFor(tag), tag).toBe('fr');
  });

  it('picks English for everything else, missing tags included', () => {
    for (const tag of ['en', 'en-GB', 'de-DE', 'es', 'nl-BE', '', null, undefined]) expect(localeFor(tag), String(tag)).toBe('en');
  });
});

describe('extension manifest messages (public/_locales)', () => {
  type Messages = Record<string, { message: string; description?: string }>;
  const read = (locale: string) => JSON.parse(readFileSync(rootPath(`public/_locales/${locale}/messages.json`), 'utf8')) as Messages;
  const english = read('en');
  const french = read('fr');

  it('has the same keys in English and French, each with a message', () => {
    expect(Object.keys(french).sort()).toEqual(Object.keys(english).sort());
    for (const messages of [english, french]) {
      for (const [key, value] of Object.entries(messages)) expect(value.message?.trim(), key).toBeTruthy();
    }
  });

  it('translates every manifest message but the brand, with the same $placeholders$', () => {
    const untranslated = Object.keys(english).filter((key) => french[key]?.message === english[key]?.message && !SAME_IN_FRENCH_MANIFEST.includes(key));
    expect(untranslated).toEqual([]);
    const marks = (text: string | undefined) => [...(text ?? '').matchAll(/\$(\w+)\$/g)].map((match) => match[1]).sort();
    expect(Object.keys(english).filter((key) => marks(english[key]?.message).join() !== marks(french[key]?.message).join())).toEqual([]);
  });

  it('localizes the name and the description, within the stores’ limits', () => {
    for (const messages of [english, french]) {
      expect(messages.extName?.message.length).toBeLessThanOrEqual(45);
      expect(messages.extDescription?.message.length).toBeLessThanOrEqual(132);
    }
    expect(french.extDescription?.message).not.toBe(english.extDescription?.message);
  });

  it('defines every __MSG_x__ that wxt.config.ts uses', () => {
    const config = readFileSync(rootPath('wxt.config.ts'), 'utf8');
    const used = [...config.matchAll(/__MSG_(\w+)__/g)].map((match) => match[1] as string);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((key) => !(key in english))).toEqual([]);
    expect(used.filter((key) => !(key in french))).toEqual([]);
  });
});

describe('keys used in the code', () => {
  function sourceFiles(dir: string): string[] {
    const files: string[] = [];
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
      else if (/\.(ts|tsx)$/.test(name)) files.push(path);
    }
    return files;
  }

  const root = fileURLToPath(rootPath('.'));
  const files = ['components', 'lib'].flatMap((dir) => sourceFiles(join(root, dir)));
  // `t(` as a call of its own (not `get(` or `x.t(`), then a string literal as first argument.
  const literal = /(?<![\w$.])t\(\s*(['"])([^'"]+)\1/g;
  const template = /(?<![\w$.])t\(\s*`([^`$]*)(\$\{)?[^`]*`/g;

  it('finds the sources it checks', () => {
    expect(files.some((file) => file.endsWith('Popup.tsx'))).toBe(true);
    expect(files.some((file) => file.endsWith(join('journey', 'event-facts.ts')))).toBe(true);
  });

  it('uses only keys of en in t("key") literals in components/ and lib/', () => {
    const unknown: string[] = [];
    let found = 0;
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(literal)) {
        found++;
        const key = match[2] as string;
        if (!(key in en)) unknown.push(`${relative(root, file)}: ${key}`);
      }
    }
    expect(found).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });

  it('has keys starting with the fixed prefix of every t(`prefix.…`) template', () => {
    const unknown: string[] = [];
    let found = 0;
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(template)) {
        found++;
        const prefix = match[1] as string;
        const interpolated = match[2] !== undefined;
        const ok = interpolated ? KEYS.some((key) => key.startsWith(prefix)) : prefix in en;
        if (!ok) unknown.push(`${relative(root, file)}: ${prefix}`);
      }
    }
    expect(found).toBeGreaterThanOrEqual(2); // stage.${id} and reason.${...} at least
    expect(unknown).toEqual([]);
  });
});
