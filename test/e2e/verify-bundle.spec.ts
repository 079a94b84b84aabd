import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { chooseFileWith, expect, recordShortWalk, test } from './fixtures';

/** Where a byte sequence starts in a buffer: a screenshot is STOREd, so its bytes sit in the zip as they are. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The command line on a bundle the browser wrote: what a team runs on a bundle it was handed. */
function parcoursVerify(bundle: string) {
  const bin = fileURLToPath(new URL('../../bin/parcours.mjs', import.meta.url));
  return spawnSync(process.execPath, [bin, 'verify', bundle], { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } });
}

test('a walk exported from the review page verifies intact there; a copy with one screenshot byte changed names that file altered', async ({
  extension,
  shop,
}) => {
  test.setTimeout(120_000);
  const { context, extensionId, tester } = extension;
  await recordShortWalk(extension, shop.shopUrl, 'Vérifier: un mug');

  const review = await context.newPage();
  await review.goto(`chrome-extension://${extensionId}/sessions.html#/session/${tester.sessionId}`);
  await expect(review.getByRole('region', { name: 'Journey map', exact: true })).toBeVisible();

  // Exported from the review page: the file is named after the walk and its day, .parcours.zip.
  const [download] = await Promise.all([review.waitForEvent('download'), review.getByRole('button', { name: /^Export/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^verifier-un-mug-\d{4}-\d\d-\d\d\.parcours\.zip$/);
  const out = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(out);
  const bytes = new Uint8Array(readFileSync(out));
  const zip = await JSZip.loadAsync(bytes);
  const manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) as string);
  const shots = manifest.files.filter((file: { path: string }) => file.path.startsWith('screenshots/'));
  expect(shots.length).toBeGreaterThan(0);

  // Verify, from the keyboard: the button opens the file chooser.
  const verifyButton = review.getByRole('button', { name: 'Verify a bundle' });
  // The key goes to the page in front, to the button once it has the focus (a download may have taken it).
  await review.bringToFront();
  await verifyButton.focus();
  await expect(verifyButton).toBeFocused();
  const chooser = await chooseFileWith(review, () => review.keyboard.press('Enter'));
  await chooser.setFiles(out);
  const report = review.getByRole('region', { name: `Verification of ${download.suggestedFilename()}` });
  await expect(report.getByRole('status')).toHaveText('The bundle is intact: every file and the event chain are as they were written.');
  await expect(report.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(report).toContainText(/Event chain: intact \(\d+ events\)\./);
  await expect(report.locator('.verification-files li.intact')).toHaveCount(manifest.files.length);
  await expect(report.locator('li[data-path="journey.json"]')).toHaveText('Intact journey.json: intact');
  await report.getByRole('button', { name: 'Close the verification' }).click();
  await expect(report).toHaveCount(0);

  // One byte of the first screenshot changed in the zip itself.
  const shot = shots[0].path as string;
  const image = (await zip.file(shot)?.async('uint8array')) as Uint8Array;
  const at = indexOf(bytes, image);
  expect(at).toBeGreaterThan(0);
  const tampered = bytes.slice();
  const middle = at + Math.floor(image.length / 2);
  tampered[middle] = (tampered[middle] as number) ^ 0x01;
  const tamperedPath = test.info().outputPath('tampered.parcours.zip');
  writeFileSync(tamperedPath, tampered);
  const again = await chooseFileWith(review, () => verifyButton.click());
  await again.setFiles(tamperedPath);
  const altered = review.getByRole('region', { name: 'Verification of tampered.parcours.zip' });
  await expect(altered.getByRole('alert')).toHaveText(/^The bundle was altered after it was written/);
  await expect(altered.locator('.verification-files li:not(.intact)')).toHaveCount(1);
  await expect(altered.locator(`li[data-path="${shot}"]`)).toHaveText(`Altered ${shot}: altered (its SHA-256 is not the manifest’s)`);
  // The intact files are still listed, folded away under their count.
  await expect(altered.getByText(`Intact files (${manifest.files.length - 1})`)).toBeVisible();
  await expect(altered).toContainText(/Event chain: intact/);

  // The command line says the same of both files.
  const intact = parcoursVerify(out);
  expect(intact.status, intact.stderr).toBe(0);
  expect(intact.stdout).toMatch(/\nThe bundle is intact: every file and the event chain are as they were written\.\n$/);
  const changed = parcoursVerify(tamperedPath);
  expect(changed.status, changed.stderr).toBe(1);
  expect(changed.stdout).toContain(`${shot}: altered (its SHA-256 is not the manifest’s)\n`);
});
