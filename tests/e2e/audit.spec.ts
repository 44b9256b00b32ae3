import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

test('the leakage audit runs its variants on request and draws its table and figure (quick profile)', async ({ page }) => {
  test.setTimeout(360_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  // The variants are hidden: only the audit itself is a step of the notebook.
  await expect(nb.cell('audit')).toBeVisible();
  await expect(nb.cell('grid--patient-paper')).toHaveCount(0);
  await nb.expectStatus('split', 'fresh');
  // Run on the audit runs what it needs: its hidden split/grid/evaluate and LSTM variants.
  await page.getByTestId('run-audit').click();
  await nb.expectStatus('audit', 'fresh', 300_000);
  const audit = nb.cell('audit');
  await expect(audit.getByTestId('audit-sentence')).toContainText("With the paper's design");
  await expect(audit.getByTestId('audit-sentence')).toContainText('Split by patient and without SAD4');
  const table = audit.getByTestId('table-audit');
  await expect(table).toBeVisible();
  for (const text of ['window-level', 'patient-level', 'without SAD4', 'Majority class', 'Carried forward (present grade)', 'LSTM M1', 'Last grade carried forward']) await expect(table).toContainText(text);
  const figure = audit.getByTestId('figure-audit');
  await expect(figure).toBeVisible();
  // Drawn marks (dots and CI rules), not an empty frame: 12 classification rows × 2 metrics + 4 MAE rows.
  expect(await figure.locator('circle').count()).toBeGreaterThanOrEqual(28);
});
