import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { makeXlsx } from '../unit/data/helpers/make-xlsx';
import { NotebookPage } from './pages/notebook-page';

const MESSY = 'data/messy-emr-example.csv';
const CELLS = ['data', 'cohort', 'describe', 'windows', 'split', 'grid', 'importance', 'evaluate', 'lstm-all-m1', 'lstm-persistent-m3', 'lstm-report'];
const FIGURES = ['fig1-flow', 'fig2-course', 'suppl-grid-heatmap', 'fig3-importance', 'fig4-classification', 'fig5-predicted-by-grade', 'fig6-recovery-course'];

test('an upload goes through the mapping step and the validation report, then Run all regenerates every figure from it; no request carries its data; the session survives a reload', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const requests: { url: string; body: string | null }[] = [];
  page.on('request', (r) => requests.push({ url: r.url(), body: r.postData() }));
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('data', 'fresh');
  await nb.expectStatus('cohort', 'fresh');
  const bundledFlow = await page.getByTestId('figure-fig1-flow').textContent();

  await page.getByTestId('upload').setInputFiles(MESSY);
  // 1. Mapping: suggested from the EMR's headers; nothing in the notebook changes yet.
  const flow = page.getByTestId('upload-flow');
  await expect(flow.getByTestId('map-patient_id')).toHaveValue('Pt No');
  await expect(flow.getByTestId('map-hb_grade')).toHaveValue('H-B grade');
  await expect(flow.getByTestId('date-format')).toContainText('dd/mm/yyyy');
  await expect(page.getByTestId('synthetic-banner')).toBeVisible();
  // A required column left out is named, and checking waits for it.
  await flow.getByTestId('map-visit_date').selectOption('');
  await expect(flow).toContainText('Required columns not chosen yet: visit_date');
  await expect(flow.getByTestId('mapping-check')).toBeDisabled();
  await flow.getByTestId('map-visit_date').selectOption('Date of visit');
  await flow.getByTestId('mapping-check').click();

  // 2. The validation report: counts, the first problems with row/column/value, all rejected rows.
  const report = flow.getByTestId('validation-report');
  await expect(report.getByTestId('rows-read')).toHaveText('492');
  await expect(report.getByTestId('rows-rejected')).toHaveText('8');
  await expect(report).toContainText('VII');
  // Problems name the column by the file's own header, our field after it.
  await expect(report).toContainText('H-B grade (hb_grade)');
  const [rejected] = await Promise.all([page.waitForEvent('download'), flow.getByTestId('download-rejected').click()]);
  const rejectedCsv = readFileSync(await rejected.path(), 'utf8');
  expect(rejectedCsv.trim().split('\n')).toHaveLength(1 + 8 + 5);

  // 3. Confirm: the file and its mapping become the notebook's data; every cell is redone.
  await flow.getByTestId('mapping-confirm').click();
  await expect(flow).toHaveCount(0);
  await expect(page.getByTestId('own-data-banner')).toContainText('messy-emr-example.csv');
  await nb.expectStatus('data', 'fresh');
  // The check already read every row under these settings: the load step takes that result from the cache.
  await expect(nb.cell('data')).toContainText('from cache');
  await expect(nb.cell('data').getByTestId('rows-read')).toHaveText('492');
  await nb.runAll();
  for (const id of CELLS) await nb.expectStatus(id, 'fresh', 180_000);
  for (const name of FIGURES) {
    const figure = page.getByTestId(`figure-${name}`);
    expect(await figure.locator('g[aria-label] > *').count(), `${name} has marks`).toBeGreaterThan(0);
  }
  expect(await page.getByTestId('figure-fig1-flow').textContent()).not.toBe(bundledFlow);

  // Privacy: every request went to this origin, and none carried a line of the file.
  const origin = new URL(baseURL!).origin;
  const lines = readFileSync(MESSY, 'utf8').split('\n').slice(1, 20).filter(Boolean);
  for (const r of requests) {
    expect(new URL(r.url).origin === origin || r.url.startsWith('blob:') || r.url.startsWith('data:'), r.url).toBe(true);
    for (const line of lines) expect(r.body ?? '').not.toContain(line.split(',')[0]);
  }

  // Parameters and the file come back after a reload (kept in IndexedDB, in this browser only).
  await nb.cell('windows').getByText('Parameters').click();
  await nb.cell('windows').getByLabel('Outcome').selectOption('best');
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByTestId('own-data-banner')).toContainText('messy-emr-example.csv');
  await nb.expectStatus('data', 'fresh');
  await nb.cell('windows').getByText('Parameters').click();
  await expect(nb.cell('windows').getByLabel('Outcome')).toHaveValue('best');

  // Clear local data: back to the bundled cohort and the notebook's own parameters.
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('clear-local-data').click();
  await expect(page.getByTestId('synthetic-banner')).toBeVisible();
});

test('a saved notebook file opens back to the same parameters and seed; a file dropped on the page starts the mapping step', async ({ page }) => {
  test.setTimeout(120_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('split', 'fresh');
  await nb.cell('windows').getByText('Parameters').click();
  await nb.cell('windows').getByLabel('Outcome').selectOption('best');
  await nb.expectStatus('split', 'fresh');
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-notebook').click()]);
  const file = await saved.path();
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  expect(doc.notebook.seed).toBe(42);
  expect(doc.data.sha256).toMatch(/^[0-9a-f]{64}$/);

  // Back to the shipped notebook, then open the saved file: the edit comes back.
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('clear-local-data').click();
  await nb.expectStatus('split', 'fresh');
  await nb.cell('windows').getByText('Parameters').click();
  await expect(nb.cell('windows').getByLabel('Outcome')).toHaveValue('last');
  await page.getByTestId('open-notebook').setInputFiles(file);
  await expect(nb.cell('windows').getByLabel('Outcome')).toHaveValue('best');
  await nb.expectStatus('split', 'fresh');

  // Drag and drop: a file dropped anywhere on the page goes to the mapping step.
  const bytes = readFileSync(MESSY, 'utf8');
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped-export.csv', { type: 'text/csv' }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
  }, bytes);
  await expect(page.getByTestId('upload-flow')).toContainText('dropped-export.csv');
  await expect(page.getByTestId('map-patient_id')).toHaveValue('Pt No');
  await page.getByTestId('upload-cancel').click();

  // Dates that read both as dd/mm and mm/dd: the format is asked for, never guessed.
  const ambiguous = ['id,onset,visit,grade', 'A,01/02/2023,03/02/2023,IV', 'A,01/02/2023,05/03/2023,II', 'B,02/03/2023,04/03/2023,III'].join('\n');
  await page.getByTestId('upload').setInputFiles({ name: 'ambiguous.csv', mimeType: 'text/csv', buffer: Buffer.from(ambiguous) });
  const flow = page.getByTestId('upload-flow');
  await expect(flow.getByTestId('date-format')).toHaveValue('');
  await expect(flow).toContainText('The file does not say');
  await expect(flow.getByTestId('mapping-check')).toBeDisabled();
  await flow.getByTestId('date-format').selectOption('dd/mm/yyyy');
  await expect(flow.getByTestId('mapping-check')).toBeEnabled();
  await flow.getByTestId('mapping-check').click();
  await expect(flow.getByTestId('validation-report').getByTestId('rows-read')).toHaveText('3');
});

test('an XLSX workbook: the mapping step reads the sheet the user picks', async ({ page }) => {
  test.setTimeout(120_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('data', 'fresh');
  const [header, ...rows] = readFileSync(MESSY, 'utf8').split('\r\n').filter(Boolean).map((l) => l.split(','));
  const workbook = makeXlsx([
    { name: 'About', rows: [['Exported from the clinic system'], ['See the Visits sheet']] },
    { name: 'Visits', rows: [header!, ...rows] },
  ]);
  await page.getByTestId('upload').setInputFiles({ name: 'clinic-export.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(workbook) });
  const flow = page.getByTestId('upload-flow');
  // The first sheet has no visit columns: nothing is suggested, and checking waits.
  await expect(flow.getByTestId('sheet')).toHaveValue('About');
  await expect(flow.getByTestId('mapping-check')).toBeDisabled();
  await flow.getByTestId('sheet').selectOption('Visits');
  await expect(flow.getByTestId('map-patient_id')).toHaveValue('Pt No');
  await flow.getByTestId('mapping-check').click();
  // The same 492 data rows as the CSV.
  await expect(flow.getByTestId('validation-report').getByTestId('rows-read')).toHaveText('492');
  await flow.getByTestId('mapping-confirm').click();
  await expect(page.getByTestId('own-data-banner')).toContainText('clinic-export.xlsx');
  await nb.expectStatus('cohort', 'fresh');
  await nb.cell('data').getByText('Parameters').click();
  await expect(nb.cell('data').getByLabel('Sheet')).toHaveValue('Visits');
});
