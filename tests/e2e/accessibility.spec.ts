import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

/** axe-core's WCAG 2.x A/AA rules; any serious or critical violation fails, listed with its nodes. */
async function audit(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  console.log(`axe ${where}: ${violations.length} rule(s) violated, ${bad.length} serious or critical`);
  expect(bad, `${where}:\n${report}`).toEqual([]);
}

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
