import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

// The validation cells of the paper notebook: sample size before any model, then the SVM's
// ROC/PR, calibration and decision curve once the evaluation has run (quick profile; the LSTM
// cells are not needed and not run).
test('the sample size, ROC, calibration and decision-curve cells draw their figures', async ({ page }) => {
  test.setTimeout(300_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  // Cheap: computed from the split, before the grid is run.
  await nb.expectStatus('sample-size', 'fresh', 60_000);
  await nb.expectStatus('grid', 'idle');
  await expect(page.getByTestId('figure-sample-size')).toBeVisible();

  // Running the evaluation runs the grid it needs; the validation cells follow by themselves.
  await page.getByTestId('run-evaluate').click();
  for (const id of ['grid', 'evaluate', 'discrimination', 'calibration', 'decision-curve']) await nb.expectStatus(id, 'fresh', 240_000);

  const figures: [cell: string, figure: string, axis: string][] = [
    ['discrimination', 'svm-roc-pr', 'False-positive rate'],
    ['calibration', 'svm-calibration', 'Predicted probability of recovery'],
    ['decision-curve', 'svm-decision-curve', 'Threshold probability of not recovering'],
  ];
  for (const [cell, name, axis] of figures) {
    const figure = nb.cell(cell).getByTestId(`figure-${name}`);
    await expect(figure).toBeVisible();
    // Drawn marks (lines, dots, bands), not an empty frame, with the labelled axis.
    expect(await figure.locator('g[aria-label] > *').count(), `${name} has marks`).toBeGreaterThan(10);
    await expect(figure).toContainText(axis);
  }
  // The calibration figure has its smoothed curve and the decision curve its three strategies.
  await expect(nb.cell('calibration').getByTestId('figure-svm-calibration')).toContainText('LOWESS smooth');
  await expect(nb.cell('decision-curve').getByTestId('figure-svm-decision-curve')).toContainText('Refer all');
  await expect(nb.cell('calibration')).toContainText('Calibration slope');
});
