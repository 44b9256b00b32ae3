import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { audit } from './pages/axe';
import { NotebookPage } from './pages/notebook-page';

test('the gallery passes axe without serious violations, and the first Tab offers a skip link to the content', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('notebook-card-teaching')).toBeVisible();
  await audit(page, 'gallery');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

test('the teaching notebook, with its model fitted, passes axe without serious violations', async ({ page }) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  await nb.open('teaching');
  await page.getByTestId('train-models').click();
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
  await nb.expectStatus('what-if', 'fresh', 30_000);
  await nb.expectStatus('model-card', 'fresh', 30_000);
  await audit(page, 'teaching');
});

test('the external-validation notebook passes axe without serious violations', async ({ page }) => {
  const nb = new NotebookPage(page);
  await nb.open('external');
  await nb.expectStatus('data', 'fresh');
  await audit(page, 'external');
});

test('the paper notebook after a quick Run all passes axe without serious violations', async ({ page }) => {
  test.setTimeout(300_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('split', 'fresh', 60_000);
  await nb.runAll();
  for (const id of ['grid', 'evaluate']) await nb.expectStatus(id, 'fresh', 240_000);
  await audit(page, 'paper notebook');
});

test('the upload of a 10,000-column file: columns chosen by typing from one list, a preview of the first columns, and the mapping and report pass axe', async ({ page }) => {
  test.setTimeout(180_000);
  // The messy EMR export (its own headers) widened to 10,000 columns by empty extra ones.
  const lines = readFileSync('data/messy-emr-example.csv', 'utf8').trim().split(/\r?\n/).slice(0, 120);
  const width = lines[0]!.split(',').length;
  const extra = 10_000 - width;
  const pad = ','.repeat(extra);
  const csv = [lines[0] + Array.from({ length: extra }, (_, i) => `,extra_${i + 1}`).join(''), ...lines.slice(1).map((l) => l + pad)].join('\n');
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('data', 'fresh');
  await page.getByTestId('upload').setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const flow = page.getByTestId('upload-flow');
  await expect(flow).toContainText('10000 columns');
  // A text field per column of ours, suggested from the names, and one shared list of the file's columns.
  const id = flow.getByTestId('map-patient_id');
  await expect(id).toHaveValue('Pt No');
  expect(await id.evaluate((el) => el.tagName)).toBe('INPUT');
  expect(await flow.locator('datalist').count()).toBe(1);
  expect(await flow.locator('option').count()).toBeLessThan(10_100); // not 13 menus of 10,000
  expect(await flow.locator('details.preview th').count()).toBe(60);
  await expect(flow).toContainText('The first 60 of the file\'s 10,000 columns are shown.');
  // A name that is not a column is said so and not applied; a real one is.
  await id.fill('Patient number');
  await expect(flow).toContainText('The file has no column named “Patient number”.');
  await expect(flow.getByTestId('mapping-check')).toBeDisabled();
  await id.fill('Pt No');
  await expect(flow.getByTestId('mapping-check')).toBeEnabled();
  await audit(page, 'upload mapping', '[data-testid="upload-flow"]');
  await flow.getByTestId('mapping-check').click();
  await expect(flow.getByTestId('validation-report')).toBeVisible({ timeout: 60_000 });
  await audit(page, 'upload report', '[data-testid="upload-flow"]');
});

test('the code-step example after Run all, and the trust dialog of a file with code, pass axe without serious violations; the dialog is answered from the keyboard', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  await nb.open('code-cell?profile=quick');
  await nb.expectStatus('early', 'fresh', 60_000);
  await nb.runAll();
  for (const id of ['recovery-table', 'recovery-figure']) await nb.expectStatus(id, 'fresh', 120_000);
  await audit(page, 'code-step example');
  // The same notebook saved as a file whose code was changed: opening it asks first.
  const saved = JSON.parse(readFileSync('notebooks/code-cell.json', 'utf8')) as { cells: { kind: string; params?: { code?: string[] } }[] };
  const code = saved.cells.find((c) => c.kind === 'code')!;
  code.params!.code = [...code.params!.code!, '// edited'];
  const file = testInfo.outputPath('code-cell-edited.json');
  writeFileSync(file, JSON.stringify({ format: 'palsy-workbench-notebook', version: 1, savedAt: '2026-12-07T00:00:00Z', profile: 'quick', seed: 42, data: null, notebook: saved }));
  await page.getByTestId('open-notebook').setInputFiles(file);
  const dialog = page.getByRole('dialog', { name: 'This notebook has code' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await audit(page, 'trust dialog', 'dialog');
  // Escape is Cancel: the file is not opened, and the page says so.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('its code was not trusted')).toBeVisible();
});
