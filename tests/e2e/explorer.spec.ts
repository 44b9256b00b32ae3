import { expect, test } from '@playwright/test';
import { audit } from './pages/axe';
import { NotebookPage } from './pages/notebook-page';

test('the feature-set explorer runs the LSTM and the SVM on chosen features and compares them side by side', async ({ page }) => {
  test.setTimeout(240_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('windows', 'fresh');
  // The notebook's own M1 model, as the reference row.
  await nb.cell('lstm-all-m1').getByTestId('run-lstm-all-m1').click();
  await nb.expectStatus('lstm-all-m1', 'fresh', 120_000);

  const explorer = page.getByTestId('explorer');
  // The paper's M1 set as a preset: same data, parameters and seed, so the same numbers.
  await explorer.getByTestId('explorer-family-lstm').check();
  await explorer.getByTestId('explorer-preset-M1').click();
  await expect(explorer.getByTestId('explorer-feature-delayed_treatment')).toBeChecked();
  await expect(explorer.getByTestId('explorer-feature-hypertension')).not.toBeChecked();
  // Watch for any training progress of this run: there must be none, its result is the notebook's, from the cache.
  await page.evaluate(() => {
    const w = window as unknown as { sawProgress: boolean };
    w.sawProgress = false;
    new MutationObserver(() => {
      // Steps served from the cache pass through "running" for a moment; training says "Epoch".
      if (/Epoch|Loading TensorFlow/.test(document.querySelector('[data-testid="explorer-progress-1"]')?.textContent ?? '')) w.sawProgress = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await explorer.getByTestId('explorer-run').click();
  await expect(explorer.getByTestId('explorer-run-1')).toHaveAttribute('data-status', 'done', { timeout: 10_000 });
  await expect(explorer.getByTestId('explorer-cached-1')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(false);
  // Any other subset: the course alone plus age.
  await explorer.getByTestId('explorer-preset-course').click();
  await explorer.getByTestId('explorer-feature-age').check();
  await explorer.getByTestId('explorer-run').click();
  // And the SVM on the grades alone.
  await explorer.getByTestId('explorer-family-svm').check();
  await explorer.getByTestId('explorer-preset-grades').click();
  await explorer.getByTestId('explorer-run').click();
  for (const id of [1, 2, 3]) await expect(explorer.getByTestId(`explorer-run-${id}`)).toHaveAttribute('data-status', 'done', { timeout: 180_000 });

  const lstmTable = explorer.getByTestId('table-explorer_lstm_comparison');
  const rows = lstmTable.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const cells = async (i: number) => rows.nth(i).locator('td').allTextContents();
  const [reference, m1, other] = [await cells(0), await cells(1), await cells(2)];
  expect(reference[0]).toBe('notebook: lstm-all-m1');
  expect(m1.slice(1)).toEqual(reference.slice(1)); // identical metrics and CIs
  expect(other[1]).toBe('age');
  expect(other[4]).toMatch(/^\d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\)$/);
  await expect(explorer.getByTestId('table-explorer_svm_comparison').locator('tbody tr')).toHaveCount(2);

  // Figures next to each other, each with drawn marks.
  const figures = explorer.getByTestId('explorer-figures').locator('[data-testid^="figure-explorer-"]');
  await expect(figures).toHaveCount(3);
  for (let i = 0; i < 3; i++) expect(await figures.nth(i).locator('g[aria-label] > *').count()).toBeGreaterThan(0);
  const [a, b] = [await figures.nth(0).boundingBox(), await figures.nth(1).boundingBox()];
  expect(Math.abs(a!.y - b!.y)).toBeLessThan(5); // side by side at 1440 px
  await audit(page, 'explorer with three runs', '[data-testid="explorer"]');

  // Finished runs are kept in this browser: after a reload they are back, with their figures.
  await page.reload();
  await nb.expectStatus('windows', 'fresh');
  for (const id of [1, 2, 3]) await expect(explorer.getByTestId(`explorer-run-${id}`)).toHaveAttribute('data-status', 'done');
  await expect(explorer.getByTestId('explorer-run-1')).not.toContainText('earlier');
  await expect(explorer.getByTestId('explorer-figures').locator('[data-testid^="figure-explorer-"]')).toHaveCount(3);
  // A change upstream (the windowing) marks them as made from earlier settings.
  await nb.cell('windows').getByText('Parameters').click();
  await nb.cell('windows').getByLabel('Outcome').selectOption('best');
  await nb.expectStatus('windows', 'fresh');
  await expect(explorer.getByTestId('explorer-run-1')).toContainText('earlier data or settings');
});
