import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests of lib/ run in Node; DOM-dependent files opt into jsdom with a `@vitest-environment` comment.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    restoreMocks: true,
    // A timeout only catches a test that hangs; no test asserts speed (benchmarks measure it). The 5,000-step
    // walks take about 2 s alone and up to 6 s on a 2-core machine shared with browsers, past the default 5 s.
    testTimeout: 30_000,
  },
});
