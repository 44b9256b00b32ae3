import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

// Notebook files that would hide steps or name unknown profiles are refused without touching the
// session; two tabs on one notebook do not silently overwrite each other's saves.

const NOTEBOOK = 'han-2026';

async function savedNotebook(page: import('@playwright/test').Page): Promise<Record<string, unknown>> {
  const download = page.waitForEvent('download');
  await page.getByTestId('save-notebook').click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

test('a notebook file with an unknown profile or a hidden step of its own is refused, and the profile menu stays', async ({ page }) => {
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  await nb.expectStatus('data', 'fresh');
  const saved = await savedNotebook(page);
  const before = await page.getByTestId('profile').inputValue();
  const open = (doc: unknown) => page.getByTestId('open-notebook').setInputFiles({ name: 'n.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });

  await open({ ...saved, profile: { evil: true } });
  await expect(page.getByTestId('page-message')).toContainText('is not a profile name');
  await expect(page.getByTestId('recovery-panel')).toHaveCount(0);
  expect(await page.getByTestId('profile').inputValue()).toBe(before);

  const notebook = saved.notebook as { cells: Array<Record<string, unknown>> };
  const grid = notebook.cells.find((c) => c.kind === 'svm-grid' && !c.hidden)!;
  await open({ ...saved, notebook: { ...notebook, cells: [...notebook.cells, { ...grid, id: 'grid-secret', hidden: true }] } });
  await expect(page.getByTestId('page-message')).toContainText('"grid-secret" (svm-grid)');
  expect(await page.getByTestId('profile').inputValue()).toBe(before);
});

test('a tab saving over another tab\'s newer session is warned, not silently overwriting it', async ({ page, context }) => {
  const a = new NotebookPage(page);
  await a.open(`${NOTEBOOK}?profile=quick`);
  await a.expectStatus('data', 'fresh');
  const other = await context.newPage();
  const b = new NotebookPage(other);
  await b.open(`${NOTEBOOK}?profile=quick`);
  await b.expectStatus('data', 'fresh');
  await b.cell('windows').getByText('Parameters').click();
  await b.cell('windows').getByLabel('Outcome').selectOption('best');
  await page.waitForTimeout(500);
  await a.cell('windows').getByText('Parameters').click();
  // A still shows the value it loaded; its edit would overwrite B's newer save.
  await a.cell('windows').getByLabel('Outcome').selectOption('best');
  await expect(page.getByTestId('page-message')).toContainText('Reload to get the other tab');
  await page.reload();
  await a.cell('windows').getByText('Parameters').click();
  await expect(a.cell('windows').getByLabel('Outcome')).toHaveValue('best');
});

test('after a reload, a step whose parameters changed since its run shows that run greyed as out of date, not "Not run yet"', async ({ page }) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  await nb.expectStatus('split', 'fresh', 60_000);
  await nb.cell('grid').getByTestId('run-grid').click();
  await nb.expectStatus('grid', 'fresh', 120_000);
  await expect(nb.cell('grid').locator('[data-testid^="figure-"]').first()).toBeVisible();
  await nb.cell('grid').getByText('Parameters', { exact: true }).click();
  await nb.cell('grid').getByLabel('Size').fill('3');
  await nb.cell('grid').getByLabel('Size').press('Enter');
  await nb.expectStatus('grid', 'stale');
  await page.waitForTimeout(500); // the session is saved after an edit
  await page.reload();
  await nb.expectStatus('split', 'fresh', 60_000);
  await nb.expectStatus('grid', 'stale', 30_000);
  await expect(nb.cell('grid').locator('[data-testid^="figure-"]').first()).toBeVisible();
  await expect(nb.cell('grid')).not.toContainText('Not run yet.');
  await nb.cell('grid').getByText('Parameters', { exact: true }).click();
  await expect(nb.cell('grid').getByLabel('Size')).toHaveValue('3');
});
