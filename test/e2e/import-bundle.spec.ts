import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import JSZip from 'jszip';
import { chooseFileWith, expect, readRows, recordShortWalk, test } from './fixtures';

/** Where a byte sequence starts in a buffer: a screenshot is STOREd, so its bytes sit in the zip as they are. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** journey.json of a bundle, without what each export decides alone (the generator). */
async function journeyOf(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const { generator: _generator, ...journey } = JSON.parse((await zip.file('journey.json')?.async('string')) as string);
  return journey;
}

async function exportFrom(review: Page, name: string): Promise<{ path: string; bytes: Uint8Array }> {
  const [download] = await Promise.all([
    review.waitForEvent('download'),
    review
      .getByRole('button', { name: /^Export/ })
      .first()
      .click(),
  ]);
  const path = test.info().outputPath(name);
  await download.saveAs(path);
  return { path, bytes: new Uint8Array(readFileSync(path)) };
}

/** Drops a file on the page the way a file manager does: a drop event whose DataTransfer holds it. */
async function dropFile(page: Page, bytes: Uint8Array, name: string) {
  const transfer = await page.evaluateHandle(
    ({ data, fileName }) => {
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([new Uint8Array(data)], fileName, { type: 'application/zip' }));
      return dataTransfer;
    },
    { data: [...bytes], fileName: name },
  );
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
}

test('a walk exported, deleted and imported back is listed and reviewed with its screenshots, and exports the same journey.json; a tampered copy is refused naming its file, storing nothing', async ({
  extension,
  shop,
}) => {
  test.setTimeout(180_000);
  const { context, extensionId } = extension;
  const sessionId = await recordShortWalk(extension, shop.shopUrl, 'Import: a mug');

  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${sessionId}`);
  const map = review.getByRole('region', { name: 'Journey map', exact: true });
  await expect(map).toBeVisible();
  const original = await exportFrom(review, 'original.parcours.zip');
  const steps = (await journeyOf(original.bytes)).steps.length;
  expect(steps).toBeGreaterThan(2);

  // Deleted from the sessions page.
  await review.goto(`chrome-extension://${extensionId}/sessions.html`);
  await review.getByRole('button', { name: 'Delete: Import: a mug' }).click();
  await review.getByRole('button', { name: 'Delete for good' }).click();
  await expect(review.locator(`tr[data-session-id="${sessionId}"]`)).toHaveCount(0);

  // A copy with one screenshot byte changed, dropped on the page: refused, naming the screenshot; nothing stored.
  const zip = await JSZip.loadAsync(original.bytes);
  const shot = (zip.file(/^screenshots\/.+\.jpg$/)[0] as JSZip.JSZipObject).name;
  const image = (await zip.file(shot)?.async('uint8array')) as Uint8Array;
  const tampered = original.bytes.slice();
  const at = indexOf(tampered, image) + Math.floor(image.length / 2);
  tampered[at] = (tampered[at] as number) ^ 0x01;
  writeFileSync(test.info().outputPath('tampered.parcours.zip'), tampered);
  await dropFile(review, tampered, 'tampered.parcours.zip');
  const outcome = review.getByTestId('import-outcome');
  await expect(outcome).toHaveText(
    `tampered.parcours.zip was not imported: files were altered after the bundle was written (their SHA-256 is not the manifest’s): ${shot}. An altered bundle is not imported.`,
  );
  for (const store of ['sessions', 'events', 'screenshots', 'annotations', 'edits']) expect(await readRows(extension, store)).toEqual([]);

  // The real file, picked with the keyboard-operable button.
  const button = review.getByRole('button', { name: 'Import a bundle…' });
  // The key goes to the page in front, to the button once it has the focus.
  await review.bringToFront();
  await button.focus();
  await expect(button).toBeFocused();
  const chooser = await chooseFileWith(review, () => review.keyboard.press('Enter'));
  await chooser.setFiles(original.path);
  await expect(outcome).toHaveText('Imported “Import: a mug” from original.parcours.zip.');
  const row = review.locator(`tr[data-session-id="${sessionId}"]`);
  await expect(row).toContainText('imported from original.parcours.zip');

  // Its review page shows the steps, with their screenshots decoded.
  await row.getByRole('link', { name: 'Import: a mug' }).click();
  await expect(map).toBeVisible();
  await map.getByRole('link', { name: 'Open step 2' }).click();
  const frame = review.locator('.shot-frame img');
  await expect(frame).toBeVisible();
  await expect.poll(() => frame.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);

  // Exported again: the same journey.json.
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${sessionId}`);
  await expect(map).toBeVisible();
  const again = await exportFrom(review, 'again.parcours.zip');
  expect(await journeyOf(again.bytes)).toEqual(await journeyOf(original.bytes));

  // The same bundle a second time: refused, the walk is there already.
  await review.goto(`chrome-extension://${extensionId}/sessions.html`);
  const second = await chooseFileWith(review, () => button.click());
  await second.setFiles(original.path);
  await expect(outcome).toHaveText(
    'original.parcours.zip was not imported: this walk is stored already (“Import: a mug”): delete it first to import it again.',
  );
  expect(await readRows(extension, 'sessions')).toHaveLength(1);
});
