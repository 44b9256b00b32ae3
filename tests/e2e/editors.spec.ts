import { expect, test, type Page } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

/** Replaces the whole text of the open Monaco editor (inserted as text, so no auto-closing). */
async function setEditorText(page: Page, text: string) {
  await page.locator('[data-testid="json-editor"] .monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

const scripts = (page: Page) => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\.(js|css)(\?|$)/.test(n)));

test('parameters edit as JSON in Monaco, loaded only when opened, validated against the schema', async ({ page }) => {
  test.setTimeout(120_000);
  const nb = new NotebookPage(page);
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('split', 'fresh');
  await page.waitForLoadState('networkidle');
  const before = new Set(await scripts(page));
  await expect(page.locator('.monaco-editor')).toHaveCount(0);

  // One cell: its parameters as JSON; the editor's code arrives only now.
  await nb.cell('windows').getByText('Parameters').click();
  await nb.cell('windows').getByTestId('edit-json-windows').click();
  const editor = nb.cell('windows').getByTestId('json-editor');
  await expect(editor).toHaveAttribute('data-editor', 'monaco');
  await expect(editor.locator('.monaco-editor')).toBeVisible();
  const loaded = (await scripts(page)).filter((n) => !before.has(n));
  expect(loaded.length, 'Monaco is fetched when the editor opens, not before').toBeGreaterThan(0);
  await expect(editor.locator('.view-lines')).toContainText('"outcome"');

  // A value outside the schema: Monaco marks it, and Apply refuses it with the path named.
  await expect(editor.locator('.view-lines')).toContainText('"outcome": "last"');
  const params = JSON.parse((await page.evaluate(() => (document.querySelector('[data-testid="json-editor"] .view-lines') as HTMLElement).innerText)).replace(/\u00a0/g, ' '));
  await setEditorText(page, JSON.stringify({ ...params, outcome: 'someday' }));
  await expect(editor.getByText(/problem/)).toBeVisible();
  // Listed under the editor by the step's title and the parameter, not by a path alone.
  await expect(editor.getByTestId('json-problems')).toContainText(/Line \d+, “[^”]+” › outcome: /);
  await editor.getByTestId('json-apply').click();
  await expect(editor.getByTestId('json-error')).toContainText('outcome');
  await nb.expectStatus('split', 'fresh');
  // A key the step does not have is refused with the step's title, not stripped in silence.
  await setEditorText(page, JSON.stringify({ ...params, foo: 1 }));
  await editor.getByTestId('json-apply').click();
  await expect(editor.getByTestId('json-error')).toContainText('has no parameter "foo"');

  // Completion from the schema: the allowed values of "outcome" are offered.
  await setEditorText(page, JSON.stringify({ ...params, outcome: '' }));
  await editor.locator('.view-lines').getByText('""', { exact: true }).click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget')).toContainText('best');
  await page.keyboard.press('Escape');
  // Monaco's own editor worker loads from this origin (it used to log a failed worker script).
  expect(consoleErrors.filter((t) => /worker/i.test(t))).toEqual([]);

  // A valid edit applies: the cell and everything downstream is redone.
  await setEditorText(page, JSON.stringify({ ...params, outcome: 'best' }));
  await editor.getByTestId('json-apply').click();
  await expect(editor).toHaveCount(0);
  await expect(nb.cell('windows').getByLabel('Outcome')).toHaveValue('best');
  await nb.expectStatus('grid', 'idle');
  await nb.expectStatus('split', 'fresh');

  // The whole notebook as one document: change the seed in place and apply.
  await page.getByTestId('edit-notebook-json').click();
  const all = page.getByTestId('json-editor');
  await expect(all.locator('.view-lines')).toContainText('"seed": 42');
  await all.locator('.view-lines').getByText('42', { exact: true }).dblclick();
  await page.keyboard.type('7');
  await all.getByTestId('json-apply').click();
  await expect(all).toHaveCount(0);
  await page.getByTestId('edit-notebook-json').click();
  await expect(page.getByTestId('json-editor').locator('.view-lines')).toContainText('"seed": 7');
  await expect(nb.cell('windows').getByLabel('Outcome')).toHaveValue('best');
});
