import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Everything that runs in a page (extension pages, the content script, the offscreen document): all but the background. */
const PAGE_CODE = [...sources('components'), ...sources('entrypoints')].filter((path) => path !== join('entrypoints', 'background.ts'));

describe('the background is the only writer', () => {
  it('finds the page code (the test reads the right files)', () => {
    expect(PAGE_CODE).toContain(join('components', 'sessions', 'SessionsList.tsx'));
    expect(PAGE_CODE).not.toContain(join('entrypoints', 'background.ts'));
  });

  it('has no page import the writable database or a writer of the background', () => {
    const writers = /from '[^']*lib\/(store\/db|store\/events|store\/sessions|recorder\/(map-edits|controller|library))'/;
    const offenders = PAGE_CODE.filter((path) => writers.test(readFileSync(join(root, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps it so with a Biome rule on the same files', () => {
    const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as {
      overrides: { includes: string[]; linter?: { rules?: { style?: { noRestrictedImports?: { options?: { paths?: Record<string, unknown> } } } } } }[];
    };
    const rule = config.overrides.find((override) => override.linter?.rules?.style?.noRestrictedImports);
    expect(rule?.includes).toEqual(['components/**', 'entrypoints/**', '!entrypoints/background.ts']);
    expect(Object.keys(rule?.linter?.rules?.style?.noRestrictedImports?.options?.paths ?? {})).toContain('@/lib/store/db');
  });
});
