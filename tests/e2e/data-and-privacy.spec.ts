import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

const MESSY = 'data/messy-emr-example.csv';

test('an upload is validated in the page and no request carries its data; the session survives a reload', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const requests: { url: string; body: string | null }[] = [];
  page.on('request', (r) => requests.push({ url: r.url(), body: r.postData() }));
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('data', 'fresh');

  await page.getByTestId('upload').setInputFiles(MESSY);
  await expect(page.getByTestId('own-data-banner')).toContainText('messy-emr-example.csv');
  // The EMR export uses dd/mm/yyyy dates; the date format is detected from unambiguous days > 12.
  await nb.expectStatus('data', 'fresh');
  const report = page.getByTestId('validation-report');
  await expect(report.getByTestId('rows-read')).toHaveText('62');
  await expect(report.getByTestId('rows-rejected')).not.toHaveText('0');
  await expect(report).toContainText('VII');

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
