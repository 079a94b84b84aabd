import { defineConfig } from 'vitest/config';

// The Firefox end-to-end tests (test/firefox/*.test.ts): real firefox-esr with the built add-on
// (.output/firefox-mv2, `npx wxt build -b firefox` first), one test file at a time, in Node.
export default defineConfig({
  test: {
    include: ['test/firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // A timeout only catches a hang; no test asserts speed. A walk in Firefox on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
