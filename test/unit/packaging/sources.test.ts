import { describe, expect, it } from 'vitest';
import { isSourcePath, PACKAGE_EXCLUDE, SOURCE_PATHS, SOURCES_EXCLUDE } from '@/lib/packaging/sources';

describe('the sources allowlist', () => {
  it('names the files and folders the Firefox build needs', () => {
    for (const name of [
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'tsconfig.json',
      'README.md',
      'entrypoints/background.ts',
      'lib/store/db.ts',
      'components/review/Charts.tsx',
      'public/icon/48.png',
      'public/_locales/fr/messages.json',
      'docs/journey.schema.json',
    ]) {
      expect(isSourcePath(name), name).toBe(true);
    }
  });

  it('leaves out everything else: tests, scripts, benchmarks, other docs, build output, look-alike names', () => {
    for (const name of [
      'test/unit/i18n.test.ts',
      'test/fixtures/shop/index.html',
      'scripts/demo.mjs',
      'bench/results.json',
      'bin/parcours.mjs',
      'docs/permissions.md',
      'docs/store/en.md',
      '.output/chrome-mv3/manifest.json',
      'out/demo.zip',
      'library/x.ts',
      'lib',
      'publicity.txt',
      'README.md.orig',
      'sub/package.json',
      'vitest.config.ts',
      'playwright.config.ts',
    ]) {
      expect(isSourcePath(name), name).toBe(false);
    }
  });

  it('becomes WXT’s excludeSources: everything, less each allowed path', () => {
    expect(SOURCES_EXCLUDE[0]).toBe('**');
    expect(SOURCES_EXCLUDE.slice(1)).toEqual(SOURCE_PATHS.map((pattern) => `!${pattern}`));
    expect(PACKAGE_EXCLUDE).toContain('**/*.map');
  });
});
