import { type Locale, type MessageKey, t } from '../../i18n';
import { MANIFEST_PATH, README_PATH } from './manifest';

/**
 * What each file of a bundle is and which tool takes it, by path. Files of formats not written yet are
 * listed too: the README names a file only when the bundle holds it.
 */
const DESCRIPTIONS: { matches(path: string): boolean; key: MessageKey }[] = [
  { matches: (path) => path === 'journey.json', key: 'readme.journey' },
  { matches: (path) => path === 'merged.json', key: 'readme.merged' },
  { matches: (path) => path === 'compare.json', key: 'readme.compare' },
  { matches: (path) => path === 'schema/merged.schema.json', key: 'readme.mergedSchema' },
  { matches: (path) => path === 'schema/compare.schema.json', key: 'readme.compareSchema' },
  { matches: (path) => path === 'schema/journey.schema.json', key: 'readme.schema' },
  { matches: (path) => path === 'events.json', key: 'readme.events' },
  { matches: (path) => path === 'index.html', key: 'readme.html' },
  { matches: (path) => path === 'map.png', key: 'readme.png' },
  { matches: (path) => path === 'steps.csv', key: 'readme.csv' },
  { matches: (path) => path === 'journey.mmd', key: 'readme.mermaid' },
  { matches: (path) => path === 'cjml.xml', key: 'readme.cjml' },
  { matches: (path) => path === 'flow.json', key: 'readme.flow' },
  { matches: (path) => path === MANIFEST_PATH, key: 'readme.manifest' },
  { matches: (path) => path === README_PATH, key: 'readme.readme' },
];

export function describesFile(path: string): boolean {
  return path.startsWith('screenshots/') || /^cjml\/walk-\d+\.xml$/.test(path) || DESCRIPTIONS.some((entry) => entry.matches(path));
}

/** README.txt: plain text (CRLF-free, UTF-8), one paragraph per file, the screenshots as one entry. */
export function bundleReadme(
  paths: readonly string[],
  about: { title: string; startedAt: string; generatorVersion: string; createdAt: string; merged?: number },
  locale: Locale = 'en',
): string {
  // A merged bundle (lib/bundle/merged/) says so, and its table and diagram are of aligned steps, not of one walk.
  const merged = about.merged != null;
  const own: Partial<Record<string, MessageKey>> = merged
    ? { 'steps.csv': 'readme.mergedCsv', 'journey.mmd': 'readme.mergedMermaid', 'events.json': 'readme.mergedEvents', 'index.html': 'readme.mergedHtml' }
    : {};
  const lines = [
    t('readme.title', { title: about.title || t('readme.untitled', {}, locale) }, locale),
    merged
      ? t('readme.writtenMerged', { walks: about.merged ?? 0, version: about.generatorVersion, createdAt: about.createdAt }, locale)
      : t('readme.written', { date: about.startedAt.slice(0, 10), version: about.generatorVersion, createdAt: about.createdAt }, locale),
    '',
    t('readme.files', {}, locale),
    '',
  ];
  const screenshots = paths.filter((path) => path.startsWith('screenshots/'));
  let screenshotsListed = false;
  // A merged bundle's walks each have their CJML document (lib/bundle/merged/): one entry for them all.
  const walkCjml = paths.filter((path) => /^cjml\/walk-\d+\.xml$/.test(path));
  let walkCjmlListed = false;
  for (const path of [...paths, MANIFEST_PATH, README_PATH].filter((path, index, all) => all.indexOf(path) === index)) {
    if (path.startsWith('screenshots/')) {
      if (screenshotsListed) continue;
      screenshotsListed = true;
      lines.push('screenshots/', wrap(t(merged ? 'readme.mergedScreenshots' : 'readme.screenshots', { count: screenshots.length }, locale)), '');
      continue;
    }
    if (walkCjml.includes(path)) {
      if (walkCjmlListed) continue;
      walkCjmlListed = true;
      lines.push('cjml/', wrap(t('readme.mergedCjml', { count: walkCjml.length }, locale)), '');
      continue;
    }
    const key = own[path] ?? DESCRIPTIONS.find((description) => description.matches(path))?.key;
    lines.push(path, wrap(key ? t(key, {}, locale) : t('readme.other', {}, locale)), '');
  }
  lines.push(t('readme.verifyHeading', {}, locale), '', wrap(t('readme.verify', {}, locale)), '');
  return lines.join('\n');
}

/** Indents a paragraph and wraps it at 78 columns, for any plain-text viewer. */
function wrap(text: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > 76) {
      out.push(`  ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(`  ${line}`);
  return out.join('\n');
}
