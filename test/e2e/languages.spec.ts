import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import JSZip from 'jszip';
import { STEPS_CSV_COLUMNS } from '../../lib/bundle/formats/steps-csv';
import { launchWithExtension, tabIdOf } from '../../scripts/lib/browser.mjs';
import { dumpDatabase, expect, test } from './fixtures';

// The tester chooses the interface language (Automatic, English, Français) in the popup or the sessions page;
// every open surface follows at once, the in-page overlay and the side panel included. A walk keeps the
// language it started in: its map and its exported index.html and README.txt are in it.

/** The toolbar button's tooltip, as the popup's extension page reads it. */
function toolbarTitle(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { chrome: { action: { getTitle(details: object): Promise<string> } } }).chrome.action.getTitle({}));
}

/** Chooses a language in the Language list of an extension page (the popup's or the sessions page's). */
async function chooseLanguage(page: Page, value: 'auto' | 'en' | 'fr') {
  await page.locator('select[name="language"]').selectOption(value);
  await expect(page.locator('html')).toHaveAttribute('lang', value === 'auto' ? /./ : value);
}

test('switching to French in the popup turns every surface French, and the walk’s bundle is French', async ({ extension, shop }, testInfo) => {
  const { context, extensionId, page, tester } = extension;
  await page.goto(shop.shopUrl);
  const popup = await tester.popup();
  const sessions = await context.newPage();
  await sessions.goto(`chrome-extension://${extensionId}/sessions.html`);
  await expect(sessions.getByText(/^No walk recorded yet/)).toBeVisible();

  // The popup, with a title already typed: the switch redraws it in French and keeps what was typed.
  await popup.getByLabel('Title').fill('Acheter une tasse');
  await chooseLanguage(popup, 'fr');
  await expect(popup.getByRole('button', { name: 'Démarrer l’enregistrement' })).toBeVisible();
  await expect(popup.getByLabel('Titre')).toHaveValue('Acheter une tasse');
  await expect(popup.locator('select[name="language"]')).toHaveValue('fr');
  // The sessions page open meanwhile follows, without a reload.
  await expect(sessions.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(sessions.getByText('Aucun parcours enregistré')).toBeVisible();
  await expect(sessions.locator('select[name="language"]')).toHaveValue('fr');
  await expect(sessions).toHaveTitle('Parcours – Sessions');

  // A walk started in French: the overlay speaks French, the stages are the French defaults.
  await tester.focusPage();
  await popup.getByRole('button', { name: 'Démarrer l’enregistrement' }).click();
  await expect(popup.locator('#session-status')).toContainText('Enregistrement');
  await expect.poll(() => toolbarTitle(popup)).toBe('Parcours : enregistrement');
  await tester.focusPage();
  const sessionId = await tester.currentSessionId();
  const overlay = await tester.readyOverlay({ unfold: false });
  await overlay.waitForText('.bar .status', /^Enregistrement$/);
  // The note frame (an extension page inside the overlay) speaks French too.
  if (await overlay.has({ name: 'Déplier la barre' })) await overlay.click({ name: 'Déplier la barre' });
  await overlay.click({ within: 'Ajouter une note', name: 'Pensée' });
  const note = await overlay.waitForNoteFrame();
  await expect(note.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(note.getByRole('textbox')).toHaveAttribute('placeholder', /Pensée/);
  await note.getByRole('button', { name: 'Annuler' }).click();
  await overlay.waitFor((root: ShadowRoot | null) => root?.querySelector('.note-frame') == null, null, { what: 'the note frame closed' });
  await page.getByRole('button', { name: 'Track my order' }).click();
  await tester.waitForClick('Track my order');
  const stored = (await dumpDatabase(context, extensionId)).sessions?.find((session) => session.id === sessionId);
  expect(stored?.language).toBe('fr');
  expect(((stored?.stages ?? []) as { name: string }[]).map((stage) => stage.name)[0]).toBe('Sensibilisation');

  // The side panel opens in French, and follows a switch back to English made in the sessions page, as the
  // overlay and the popup do.
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?session=${encodeURIComponent(sessionId)}`);
  await expect(panel.getByRole('tab', { name: 'Chronologie' })).toBeVisible();
  await chooseLanguage(sessions, 'en');
  await expect(panel.getByRole('tab', { name: 'Timeline' })).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect.poll(() => toolbarTitle(popup)).toBe('Parcours: recording');
  await tester.focusPage();
  await overlay.waitForText('.bar .status', /^Recording$/);
  // The walk's stages are the map's words: its default stage is still named in French.
  await expect(panel.locator('option[value="awareness"]').first()).toHaveText('Sensibilisation');
  await panel.close();
  await tester.stop();

  // The review page: the interface in English, the map's default stages in the walk's French; a switch to
  // French redraws the interface.
  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${encodeURIComponent(sessionId)}`);
  await expect(review.getByRole('heading', { name: 'Journey map' })).toBeVisible();
  await expect(review.getByText('Sensibilisation').first()).toBeVisible();
  await chooseLanguage(sessions, 'fr');
  await expect(review.getByRole('heading', { name: 'Carte du parcours' })).toBeVisible();
  await chooseLanguage(sessions, 'en');
  await expect(review.getByRole('heading', { name: 'Journey map' })).toBeVisible();
  await review.close();

  // Exported from an English interface, the bundle is in the walk's French; its data stays as it is.
  const out = testInfo.outputPath('walk.zip');
  await tester.exportTo(out);
  const zip = await JSZip.loadAsync(readFileSync(out));
  const html = (await zip.file('index.html')?.async('string')) ?? '';
  const readme = (await zip.file('README.txt')?.async('string')) ?? '';
  const journey = JSON.parse((await zip.file('journey.json')?.async('string')) ?? '{}');
  expect(html).toContain('<html lang="fr">');
  expect(html).toContain('Acheter une tasse – carte du parcours');
  expect(html).toContain('Sensibilisation');
  expect(readme).toMatch(/^Bundle Parcours : Acheter une tasse/);
  expect(readme).toContain('Fichiers');
  expect(journey.session.language).toBe('fr');
  expect(Object.keys(journey)).toContain('steps');
  const csv = (await zip.file('steps.csv')?.async('string')) ?? '';
  // The header row (after the byte-order mark spreadsheets read UTF-8 by) is the same in every language.
  expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(STEPS_CSV_COLUMNS.join(','));
});

test('Automatic follows the browser’s language, and a choice overrides it', async ({ shop }) => {
  const { context, extensionId, close } = await launchWithExtension({ locale: 'fr-FR' });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(shop.shopUrl);
    const tabId = await tabIdOf(context, extensionId, page);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await expect(popup.getByRole('button', { name: 'Démarrer l’enregistrement' })).toBeVisible();
    const choice = popup.locator('select[name="language"]');
    await expect(choice).toHaveValue('auto');
    await expect(choice.locator('option[value="auto"]')).toHaveText('Automatique (Français)');
    await chooseLanguage(popup, 'en');
    await expect(popup.getByRole('button', { name: 'Start recording' })).toBeVisible();
    await expect(choice.locator('option[value="auto"]')).toHaveText('Automatic (Français)');
    // The choice is kept: a popup opened again is English.
    await popup.reload();
    await expect(popup.getByRole('button', { name: 'Start recording' })).toBeVisible();
    await chooseLanguage(popup, 'auto');
    await expect(popup.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(popup.getByRole('button', { name: 'Démarrer l’enregistrement' })).toBeVisible();
  } finally {
    await close();
  }
});
