import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

test('? lists the keyboard shortcuts in a dialog that Escape closes; Escape leaves a field or the JSON editor; Details say what a step computes', async ({ page }) => {
  test.setTimeout(120_000);
  const nb = new NotebookPage(page);
  await nb.open('demo');
  await nb.expectStatus('data', 'fresh');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  // `?` from a step: the list opens with the focus inside; Escape closes it and gives the focus back.
  await nb.cell('data').focus();
  await page.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog).toContainText('Shift+Enter');
  await expect(dialog).toContainText('Run the step that has the focus');
  await expect(dialog).toContainText('Leave a parameter field or the JSON editor');
  await expect(dialog).toContainText('Show this list of shortcuts');
  await expect(dialog.getByTestId('shortcuts-close')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(nb.cell('data')).toBeFocused();

  // The toolbar's button opens the same list; Close returns the focus to the button.
  const button = page.getByRole('button', { name: 'Keyboard shortcuts (?)' });
  await button.click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(button).toBeFocused();

  // In a text field `?` is a character, not the list; Escape leaves the field for its step.
  await nb.cell('data').getByText('Parameters', { exact: true }).click();
  const sheet = nb.cell('data').locator('#data-sheet');
  await sheet.focus();
  await page.keyboard.press('?');
  await expect(sheet).toHaveValue('?');
  await expect(dialog).toHaveCount(0);
  await sheet.fill('');
  await page.keyboard.press('Escape');
  await expect(nb.cell('data')).toBeFocused();
  await nb.expectStatus('data', 'fresh');

  // Escape in the Monaco JSON editor (which keeps Tab) moves the focus to the step too.
  await nb.cell('data').getByTestId('edit-json-data').click();
  const editor = nb.cell('data').getByTestId('json-editor');
  await expect(editor).toHaveAttribute('data-editor', 'monaco');
  await editor.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Escape');
  await expect(nb.cell('data')).toBeFocused();
  await expect(editor).toBeVisible(); // left, not closed
  await editor.getByTestId('json-cancel').click();

  // Details: what the step computes, from its definition, the cache key, and its source file.
  const details = nb.cell('data').getByTestId('details-data');
  await details.getByText('Details', { exact: true }).click();
  await expect(details.getByTestId('details-what-data')).toContainText('Reads the visit table, maps its columns to the input contract and validates every value');
  await expect(details.getByTestId('details-what-data')).toContainText('It works on the loaded data file');
  await expect(details.getByText(/Cache key/)).toBeVisible();
  await expect(details.getByTestId('details-source-data').locator('code')).toHaveText('lib/cells/load-cohort.ts');
});

test('Shift+Enter in a parameter field runs that step, as its Run button does', async ({ page }) => {
  test.setTimeout(240_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  // Cheap steps run by themselves; the grid search is heavy and waits for Run.
  await nb.expectStatus('split', 'fresh', 120_000);
  await nb.expectStatus('grid', 'idle');
  await nb.cell('grid').getByText('Parameters', { exact: true }).click();
  await nb.cell('grid').locator('#grid-size').focus();
  await page.keyboard.press('Shift+Enter');
  await expect(nb.cell('grid')).toHaveAttribute('data-status', /^(running|fresh)$/);
  // A step that is up to date stays as it is (its Run button is disabled too).
  await nb.expectStatus('split', 'fresh');
});
