import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

const CELLS = ['data', 'cohort', 'describe', 'windows', 'split', 'grid', 'importance', 'evaluate'];
const FIGURES = ['fig1-flow', 'fig2-course', 'suppl-grid-heatmap', 'fig3-importance', 'fig4-classification'];

test('the paper notebook runs end to end in the browser (quick profile)', async ({ page }) => {
  test.setTimeout(240_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await expect(page.getByTestId('synthetic-banner')).toBeVisible();
  // Cheap cells run by themselves; heavy ones wait for Run.
  await nb.expectStatus('split', 'fresh');
  await nb.expectStatus('grid', 'idle');
  await nb.runAll();
  for (const id of CELLS) await nb.expectStatus(id, 'fresh', 180_000);
  for (const name of FIGURES) {
    const figure = page.getByTestId(`figure-${name}`);
    await expect(figure).toBeVisible();
    // Drawn marks, not an empty frame.
    expect(await figure.locator('g[aria-label] > *').count(), `${name} has marks`).toBeGreaterThan(0);
  }
});

test('editing a parameter marks downstream cells stale and re-runs the cheap ones', async ({ page }) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.runAll();
  await nb.expectStatus('evaluate', 'fresh', 150_000);
  await nb.cell('windows').getByText('Parameters').click();
  await nb.cell('windows').getByLabel('Outcome').selectOption('best');
  // Heavy cells downstream wait (stale); the cheap split re-runs to fresh.
  await nb.expectStatus('grid', 'stale');
  await nb.expectStatus('evaluate', 'stale');
  await nb.expectStatus('split', 'fresh');
  await nb.cell('grid').getByTestId('run-grid').click();
  await nb.expectStatus('grid', 'fresh', 120_000);
});
