// What the Firefox sources zip holds (`npm run zip`; AMO asks for the sources of a bundled add-on and builds
// them): an allowlist, so that nothing else can slip in, neither what the build leaves (.output, .wxt), nor
// test runs (test-results, out/, bench results, screenshots), nor local files. It is exactly what
// `npm install && npm run build:firefox` needs; test/unit/packaging/zips.test.ts builds from the zip and
// compares the result with the real build.
export const SOURCE_PATHS = [
  'README.md', // how to build (the reviewers read it)
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'wxt.config.ts',
  'entrypoints/**',
  'components/**',
  'lib/**',
  'public/**',
  // The bundles' JSON Schemas, which the exports write into every bundle (a walk's; a merged bundle's two).
  'docs/journey.schema.json',
  'docs/merged.schema.json',
  'docs/compare.schema.json',
] as const;

/**
 * WXT's `zip.excludeSources`: everything, except the allowlist (WXT keeps a file matched by a `!` pattern,
 * whatever else matches it; it never lists dotfiles or node_modules).
 */
export const SOURCES_EXCLUDE: string[] = ['**', ...SOURCE_PATHS.map((pattern) => `!${pattern}`)];

/** WXT's `zip.exclude`, for the store zips: source maps (the recorder benchmark's builds have them) never ship. */
export const PACKAGE_EXCLUDE: string[] = ['**/*.map'];

/**
 * Whether a path (relative, with `/`) is one SOURCE_PATHS names: the patterns are files or whole folders
 * (`dir/**`), which is all this needs of WXT's glob matching.
 */
export function isSourcePath(name: string): boolean {
  return SOURCE_PATHS.some((pattern) =>
    pattern.endsWith('/**') ? name.startsWith(pattern.slice(0, -2)) && name.length > pattern.length - 2 : name === pattern,
  );
}
