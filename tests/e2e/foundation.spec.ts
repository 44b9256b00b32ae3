import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

test('the gallery lists the notebooks and opens one', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Notebooks' })).toBeVisible();
  const card = page.getByTestId('notebook-card-demo');
  await expect(card).toBeVisible();
  await card.getByRole('link', { name: 'Open' }).click();
  await expect(page).toHaveURL(/\/notebooks\/demo$/);
});

test('a notebook page renders its cells and runs them in a worker', async ({ page }) => {
  const nb = new NotebookPage(page);
  await nb.open('demo');
  await expect(page.getByTestId('synthetic-banner')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Check a dataset', exact: true })).toBeVisible(); // markdown cell
  await nb.expectStatus('dataset', 'fresh');
  await expect(nb.cell('dataset').getByTestId('table-dataset_summary')).toContainText('synthetic-cohort.csv');
});

test('an unknown notebook is a 404', async ({ page }) => {
  const res = await page.goto('/notebooks/no-such-notebook');
  expect(res?.status()).toBe(404);
});
