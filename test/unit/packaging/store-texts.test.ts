// The store listings in docs/store: both languages with the same sections, within the stores' limits, and
// saying what the package and docs/permissions.md say.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (...parts: string[]) => readFileSync(path.join(ROOT, ...parts), 'utf8');
const LANGS = ['en', 'fr'] as const;

/** The sections of a listing, by the key in each `## Title <!-- key -->` heading, in order, with their text. */
function sections(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  const headings = [...markdown.matchAll(/^## .*?<!-- ([a-z-]+) -->\s*$/gm)];
  headings.forEach((heading, i) => {
    const start = (heading.index as number) + heading[0].length;
    const end = i + 1 < headings.length ? (headings[i + 1]?.index as number) : markdown.length;
    const key = heading[1] as string;
    if (found.has(key)) throw new Error(`Section ${key} appears twice.`);
    found.set(key, markdown.slice(start, end).trim());
  });
  return found;
}

/** A section's first paragraph, on one line: what is pasted into a one-line store field. */
const firstParagraph = (text: string) => (text.split(/\n\s*\n/)[0] as string).replace(/\s*\n\s*/g, ' ').trim();

/** The permission names in a list of `- **`name`**` or `- **host `<all_urls>`**` items. */
function permissionNames(text: string): string[] {
  return [...text.matchAll(/^- \*\*(?:host )?`([^`]+)`\*\*/gm)].map((match) => match[1] as string).sort();
}

const listings = Object.fromEntries(LANGS.map((lang) => [lang, sections(read('docs', 'store', `${lang}.md`))])) as Record<
  (typeof LANGS)[number],
  Map<string, string>
>;
const messages = (lang: string) => JSON.parse(read('public', '_locales', lang, 'messages.json')) as Record<string, { message: string }>;

const REQUIRED = [
  'name',
  'short-description',
  'amo-summary',
  'description',
  'category',
  'single-purpose',
  'permissions',
  'remote-code',
  'data-use',
  'privacy-policy',
  'amo-reviewer-notes',
  'images',
];

describe('the store listings (docs/store)', () => {
  it('have the same sections in the same order in English and French, every one the stores need, none empty', () => {
    expect([...listings.fr.keys()]).toEqual([...listings.en.keys()]);
    for (const key of REQUIRED) expect([...listings.en.keys()]).toContain(key);
    for (const lang of LANGS) for (const [key, text] of listings[lang]) expect(text, `${lang}: ${key}`).not.toBe('');
  });

  it.each(LANGS)('%s: the name and short description are the manifest’s, within the stores’ limits', (lang) => {
    const listing = listings[lang];
    const name = firstParagraph(listing.get('name') as string);
    const short = firstParagraph(listing.get('short-description') as string);
    // Chrome takes the summary from the manifest's description (at most 132 characters); AMO a name of 50.
    expect(name).toBe(messages(lang).extName?.message);
    expect(name.length).toBeLessThanOrEqual(50);
    expect(short).toBe(messages(lang).extDescription?.message);
    expect([...short].length).toBeLessThanOrEqual(132);
  });

  it.each(LANGS)('%s: the AMO summary is at most 250 characters', (lang) => {
    const summary = firstParagraph(listings[lang].get('amo-summary') as string);
    expect(summary.length).toBeGreaterThan(0);
    expect([...summary].length).toBeLessThanOrEqual(250);
  });

  it.each(LANGS)('%s: justifies exactly the Chrome permissions docs/permissions.md explains', (lang) => {
    const permissionsDoc = read('docs', 'permissions.md');
    const chrome = permissionsDoc.slice(permissionsDoc.indexOf('## Chrome'), permissionsDoc.indexOf('### Host access'));
    const explained = permissionNames(chrome);
    expect(explained.length).toBeGreaterThan(5);
    expect(permissionNames(listings[lang].get('permissions') as string)).toEqual(explained);
  });

  it.each(LANGS)('%s: tells AMO’s reviewers the README’s build commands', (lang) => {
    const notes = listings[lang].get('amo-reviewer-notes') as string;
    const readme = read('README.md');
    for (const command of ['npm install', 'npm run build:firefox']) {
      expect(notes).toContain(command);
      expect(readme).toContain(command);
    }
    // The build folder's name carries the manifest version (zips.test.ts checks the README's against the build).
    const folder = /\.output\/firefox-mv[23]/.exec(notes)?.[0];
    expect(folder).toBeDefined();
    expect(readme).toContain(folder);
  });

  it.each(LANGS)('%s: names only images that exist', (lang) => {
    const images = [...(listings[lang].get('images') as string).matchAll(/`(docs\/store\/images\/[^`]+)`/g)].map((match) => match[1] as string);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(existsSync(path.join(ROOT, image)), image).toBe(true);
  });

  it('writes French with French typography: no plain space before : ; ? ! or inside « », no straight apostrophe', () => {
    // Code spans and comments are not prose.
    const prose = read('docs', 'store', 'fr.md').replace(/`[^`]*`|<!--.*?-->|\]\([^)]*\)/g, '');
    expect(prose.match(/ [:;?!»]|« /g) ?? []).toEqual([]);
    expect(prose.match(/\w'\w/g) ?? []).toEqual([]);
  });
});
