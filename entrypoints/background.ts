import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { currentLocale } from '@/lib/i18n';
import { followBrowserLanguage } from '@/lib/i18n/browser-language';
import { classifySender } from '@/lib/messaging/senders';
import { dispatch } from '@/lib/messaging/serve';
import { backgroundChecks } from '@/lib/recorder/access';
import { createBrowserPorts } from '@/lib/recorder/browser-ports';
import { classifyWorkerStart, extensionStorage, freshlyInstalledWorker, restartRecovered } from '@/lib/recorder/browser-run';
import { BundleImporter } from '@/lib/recorder/bundle-importer';
import { SessionController } from '@/lib/recorder/controller';
import { FullPageCapturer } from '@/lib/recorder/full-page';
import { fullPagePageSide } from '@/lib/recorder/full-page-ports';
import { backgroundHandlers } from '@/lib/recorder/handlers';
import { serveImportPort } from '@/lib/recorder/import-port';
import { Library } from '@/lib/recorder/library';
import { MapEditor } from '@/lib/recorder/map-edits';
import { toggleRecording } from '@/lib/recorder/shortcut';
import { stitchFrames } from '@/lib/recorder/stitch-frames';
import { TabStreams } from '@/lib/recorder/tab-streams';
import { TesterLayer } from '@/lib/recorder/tester-layer';
import { database } from '@/lib/store/db';

// Wiring only: every listener is registered synchronously so a restarted service worker gets the event
// that woke it. The logic lives in lib/recorder.
export default defineBackground(() => {
  // Read first, synchronously: a reloaded or updated extension's worker is a newly installed one only now.
  const freshlyInstalled = freshlyInstalledWorker();
  const startedAtEpochMs = Date.now();
  const db = database();
  const streams = new TabStreams();
  // Frames composed by the offscreen document arrive as worker messages (a transferred ImageBitmap).
  self.addEventListener('message', (event) => streams.receive((event as MessageEvent).data));
  const ports = createBrowserPorts(streams);
  const controller = new SessionController(db, ports);
  const layer = new TesterLayer(db, ports);
  const fullPage = new FullPageCapturer(db, layer, {
    getTab: ports.getTab,
    page: fullPagePageSide(),
    // Frames come through the capture queue today; a tab video stream can take its place here.
    takeViewportFrame: (tabId) => controller.viewportFrame(tabId),
    stitch: stitchFrames,
    now: ports.now,
    randomId: ports.randomId,
    echoes: (sessionId) => controller.echoesOf(sessionId),
  });
  const handlers = backgroundHandlers(controller, layer, db, new MapEditor(db, ports), fullPage, new Library(db, ports, browser.storage.local));
  const checks = backgroundChecks(db);
  const extension = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
  const report = (what: string) => (error: unknown) => console.error(`[parcours] ${what} failed`, error);
  // The toolbar button's tooltip speaks the tester's language: redrawn when it changes (at the first read only
  // when the preference is not the browser's language the worker started in).
  const bootLocale = currentLocale();
  let languageRead = false;
  followBrowserLanguage((locale) => {
    if (languageRead || locale !== bootLocale) void controller.refreshStatus().catch(report('language change'));
    languageRead = true;
  });

  // Who sent a message is the browser's word (origin, tab), never the message's: see lib/recorder/access.ts.
  browser.runtime.onMessage.addListener((message, sender) => dispatch(handlers, message, { sender: classifySender(sender, extension) }, checks));
  // A bundle imported from the sessions page: the page hands an object URL of the file, fetched here.
  const importer = new BundleImporter(db, {
    now: ports.now,
    randomId: ports.randomId,
    fetchBytes: async (url, signal) => new Uint8Array(await (await fetch(url, { signal })).arrayBuffer()),
  });
  browser.runtime.onConnect.addListener((port) => void serveImportPort(port as never, importer, extension));

  // Navigations are reported by the page itself (acknowledged and retried); the browser tells of new tabs.
  browser.webNavigation.onCreatedNavigationTarget.addListener((details) => void controller.onTabOpened(details).catch(report('new tab')));
  browser.tabs.onRemoved.addListener((tabId) => void controller.onTabClosed(tabId).catch(report('tab closed')));
  browser.runtime.onStartup.addListener(() => void controller.onBrowserStartup().catch(report('startup')));
  browser.commands.onCommand.addListener((command) => {
    if (command !== 'toggle-recording') return;
    void browser.tabs
      .query({ active: true, currentWindow: true })
      .then(([tab]) => toggleRecording(controller, tab?.id != null ? { id: tab.id, url: tab.url ?? null } : null))
      .catch(report('shortcut'));
  });

  // A walk left recording by a browser that closed is interrupted at the next browser run; one the extension
  // was reloaded or updated under goes on, the recorder put back in its tabs.
  const storage = extensionStorage();
  void classifyWorkerStart({ ...storage, freshlyInstalled, version: browser.runtime.getManifest().version, startedAtEpochMs })
    .then(async (start) => {
      if (start.kind === 'browser') return controller.onBrowserStartup();
      if (start.kind === 'worker') return controller.refreshStatus().then(() => controller.reconcileTabs());
      await controller.onExtensionRestarted(start.restart);
      await restartRecovered(storage.session, start.restart);
    })
    .catch(report('worker start'));
  void controller.recoverOutbox().catch(report('outbox recovery'));
});
