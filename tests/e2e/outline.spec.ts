import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

/** A share link's fragment, written as the page writes it (lib/notebook/share-link.ts). */
const recipeLink = (notebook: string, recipe: Record<string, unknown>) => `/notebooks/${notebook}#recipe=${Buffer.from(JSON.stringify({ v: 1, n: notebook, ...recipe })).toString('base64url')}`;
const recipeOf = (url: string) => JSON.parse(Buffer.from(url.split('#recipe=')[1]!, 'base64url').toString('utf8'));

test('the outline lists the steps, marks the one being read and jumps to a step, from the side column and on a phone', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  const outline = page.getByRole('navigation', { name: 'Outline' });
  await expect(outline).toBeVisible();
  // Open at this width once the page has hydrated (the server cannot know the width).
  await expect(outline.getByRole('link').first()).toBeVisible();
  expect(await outline.getByRole('link').count()).toBeGreaterThan(10);
  // At 1440 px: a side column beside the steps, open.
  const [nav, cell] = [await outline.boundingBox(), await nb.cell('data').boundingBox()];
  expect(nav!.x + nav!.width).toBeLessThanOrEqual(cell!.x);

  // A link jumps to its step, which takes the focus and is marked as the current one.
  const link = outline.getByRole('link', { name: 'LSTM M1, all subjects', exact: true });
  await link.click();
  await expect(page).toHaveURL(/#cell-lstm-all-m1$/);
  await expect(nb.cell('lstm-all-m1')).toBeInViewport();
  await expect(nb.cell('lstm-all-m1')).toBeFocused();
  await expect(link).toHaveAttribute('aria-current', 'location');
  await expect(outline).toBeInViewport(); // sticky

  // The keyboard: Enter on a link.
  await outline.getByRole('link', { name: 'Train/test split and balance check', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(nb.cell('split')).toBeInViewport();
  await expect(nb.cell('split')).toBeFocused();

  // Scrolling marks the step being read.
  await nb.expectStatus('describe', 'fresh');
  await nb.cell('describe').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(outline.getByRole('link', { name: 'Cohort description: Table 1 and clinical course', exact: true })).toHaveAttribute('aria-current', 'location');

  // On a phone: a closed disclosure at the top that closes again after a jump.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const small = await phone.newPage();
  const onPhone = new NotebookPage(small);
  await onPhone.open('han-2026?profile=quick');
  const phoneOutline = small.getByRole('navigation', { name: 'Outline' });
  await expect(phoneOutline.getByRole('link').first()).toBeHidden();
  await phoneOutline.getByText('Outline', { exact: true }).click();
  await phoneOutline.getByRole('link', { name: 'Windowing of visits', exact: true }).click();
  await expect(onPhone.cell('windows')).toBeInViewport();
  await expect(phoneOutline.getByRole('link').first()).toBeHidden();
  await phone.close();
});

test('a shared link with a changed parameter: the value is in the form, a status line names the data; the LSTM shows its figures first and its long tables collapsed', async ({ page }) => {
  test.setTimeout(300_000);
  const nb = new NotebookPage(page);
  // Three epochs: a short training.
  await page.goto(recipeLink('han-2026', { p: 'quick', c: { 'lstm-all-m1': { lstm: { maxEpochs: 3 } } } }));
  const status = page.getByTestId('recipe-status');
  await expect(status).toContainText('Recipe from a shared link applied to the bundled cohort');
  await expect(status).toContainText('lstm.maxEpochs = 3');
  await expect(page).not.toHaveURL(/#recipe=/); // taken: a reload keeps later edits
  const m1 = nb.cell('lstm-all-m1');
  await m1.getByText('Parameters', { exact: true }).click();
  await expect(m1.getByLabel('Max Epochs')).toHaveValue('3');
  await expect(m1.getByLabel('Early Stopping Patience')).toHaveValue('20'); // the quick profile's own

  await nb.expectStatus('lstm-split', 'fresh', 60_000);
  await m1.getByTestId('run-lstm-all-m1').click();
  await nb.expectStatus('lstm-all-m1', 'fresh', 180_000);
  // Figures first: the predictions, then the loss curves, then the metrics table; the raw tables behind "Tables".
  const predictions = m1.getByTestId('figure-lstm_all_M1_predicted_by_grade');
  const curves = m1.getByTestId('figure-lstm_all_M1_loss_curves');
  await expect(predictions.locator('svg').first()).toBeVisible();
  await expect(curves.locator('svg').first()).toBeVisible();
  const metrics = m1.getByTestId('table-lstm_all_M1_metrics');
  await expect(metrics).toBeVisible();
  const y = async (l: typeof metrics) => (await l.boundingBox())!.y;
  expect(await y(predictions)).toBeLessThan(await y(metrics));
  expect(await y(curves)).toBeLessThan(await y(metrics));
  // The table's name is above its rows.
  expect(await y(metrics.locator('.table-name'))).toBeLessThan(await y(metrics.locator('table')));

  const tables = m1.getByTestId('tables-lstm-all-m1');
  await expect(tables.getByTestId('table-lstm_all_M1_courses')).toHaveCount(0); // drawn when opened
  await tables.locator('summary').click();
  const courses = tables.getByTestId('table-lstm_all_M1_courses');
  const n = Number(/· (\d+) rows/.exec((await courses.locator('.table-name').textContent()) ?? '')?.[1]);
  expect(n).toBeGreaterThan(20); // a long table (more than 20 rows) shows its first 10
  await expect(courses.locator('tbody tr')).toHaveCount(10);
  const more = courses.getByTestId('show-all-lstm_all_M1_courses');
  await expect(more).toHaveText(`Show all ${n} rows`);
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(courses.locator('tbody tr')).toHaveCount(Math.min(n, 1000));
  await more.click();
  await expect(courses.locator('tbody tr')).toHaveCount(10);
});

test('Copy link: the recipe of an edited parameter, never data; opened elsewhere it restores the value', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('split', 'fresh');
  const split = nb.cell('split');
  await split.getByText('Parameters', { exact: true }).click();
  await split.getByLabel('Test Fraction').fill('0.3');
  await split.getByLabel('Test Fraction').press('Enter');
  await page.getByTestId('copy-link').click();
  const field = page.getByTestId('copy-link-input');
  await expect(field).toBeVisible();
  const url = await field.inputValue();
  expect(url).toMatch(/\/notebooks\/han-2026#recipe=[A-Za-z0-9_-]+$/);
  expect(recipeOf(url)).toEqual({ v: 1, n: 'han-2026', p: 'quick', c: { split: { testFraction: 0.3 } } });
  expect(url).not.toContain('synthetic-cohort');
  await expect(page.getByTestId('copy-link-status')).toContainText(/Link copied|could not be copied/);
  await expect(page.getByTestId('copy-link-status')).toContainText('value maps');

  // Another browser, nothing kept: the recipe on the bundled cohort.
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto(url);
  await expect(second.getByTestId('recipe-status')).toContainText('Recipe from a shared link applied to the bundled cohort');
  const split2 = new NotebookPage(second).cell('split');
  await split2.getByText('Parameters', { exact: true }).click();
  await expect(split2.getByLabel('Test Fraction')).toHaveValue('0.3');
  await other.close();
});

test('a damaged or hostile link is a message, and the notebook opens as it was', async ({ page }) => {
  const nb = new NotebookPage(page);
  await page.goto('/notebooks/demo#recipe=not*base64!');
  await expect(page.getByTestId('recipe-status')).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('recipe-status')).toContainText('was not applied');
  await nb.expectStatus('dataset', 'fresh');
  await page.goto(recipeLink('demo', { c: { data: { valueMaps: { sex: { '1': 'M' } } } } }));
  await expect(page.getByTestId('recipe-status')).toContainText('settings that describe a file cannot come from a link');
  await nb.expectStatus('dataset', 'fresh');
});
