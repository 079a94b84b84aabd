import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { PACKAGE_EXCLUDE, SOURCES_EXCLUDE } from './lib/packaging/sources';

// One manifest for Chrome MV3 (first target) and Firefox MV2 (built with `npm run build:firefox`).
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // The recorder benchmark builds a copy with source maps beside it (PARCOURS_SOURCEMAP=1, its own PARCOURS_OUT_DIR)
  // to name the functions its trace finds in the minified content script; 'hidden' adds no comment to the code.
  outDir: process.env.PARCOURS_OUT_DIR || '.output',
  vite: () => ({ plugins: [preact()], build: { sourcemap: process.env.PARCOURS_SOURCEMAP === '1' ? 'hidden' : false } }),
  // `npm run zip`: the store zips and Firefox's sources zip (what it holds and why: lib/packaging/sources.ts).
  zip: { exclude: PACKAGE_EXCLUDE, excludeSources: SOURCES_EXCLUDE },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Each permission, what it lets the extension see and why it is needed: docs/permissions.md.
    // scripting: the recorder is registered only during a walk (Firefox has it in MV2 from 102).
    // tabCapture + offscreen: screenshots from the recorded tab's own video stream (Chrome; Firefox has neither).
    permissions: ['storage', 'unlimitedStorage', 'webNavigation', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel', 'tabCapture', 'offscreen'])],
    host_permissions: ['<all_urls>'],
    // The overlay's note field, framed in recorded pages so they cannot read or hear what is typed (MV3 form; WXT writes the MV2 one).
    web_accessible_resources: [{ resources: ['overlay-note.html'], matches: ['<all_urls>'] }],
    commands: {
      'toggle-recording': {
        suggested_key: { default: 'Alt+Shift+R' },
        description: '__MSG_commandToggleRecording__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'parcours@parcours.dev', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
});
