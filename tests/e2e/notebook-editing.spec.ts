import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

/** The ids of the cells the page shows, in page order (steps and notes are both `section[data-testid=cell-…]`). */
async function cellOrder(page: Page): Promise<string[]> {
  return page.locator('section[data-testid^="cell-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('cell-'.length)));
}

test('add a Markdown note, write it, move it, undo and redo by keyboard and buttons; typing keeps its own undo; the edits survive a reload', async ({ page }) => {
  test.setTimeout(120_000);
  const nb = new NotebookPage(page);
  await nb.open('demo');
  await nb.expectStatus('data', 'fresh');
  const status = page.getByTestId('edit-status');
  await expect(page.getByTestId('undo')).toBeDisabled();

  // A new note at the end opens in its text area, with the focus there.
  await page.getByRole('button', { name: 'Add a Markdown note' }).click();
  const text = nb.cell('note').getByRole('textbox', { name: /Text of the note/ });
  await expect(text).toBeFocused();
  await expect(status).toContainText('Done: Add a Markdown note');
  await text.fill('## My own note\n\nWritten *here*.');
  await nb.cell('note').getByRole('button', { name: 'Save note' }).click();
  await expect(nb.cell('note').getByRole('heading', { level: 3, name: 'My own note' })).toBeVisible();
  await expect(nb.cell('note').getByRole('button', { name: 'Edit text of note “My own note”' })).toBeFocused();
  await expect(nb.cell('note').locator('em')).toHaveText('here');
  expect((await cellOrder(page)).at(-1)).toBe('note');

  // Its actions, named with the note: move it up, above the load step.
  await page.getByRole('button', { name: 'Actions for note “My own note”' }).click();
  const up = page.getByRole('button', { name: 'Move note “My own note” up' });
  await up.click();
  await expect.poll(() => cellOrder(page)).toEqual(['intro', 'dataset', 'note', 'data']);
  await expect(up).toBeFocused(); // the focus stays on the button that moved it
  await expect(status).toContainText('Done: Move note “My own note” up');

  // Ctrl+Z outside a text field undoes the move; Shift+Ctrl+Z and Ctrl+Y redo it.
  await page.keyboard.press('Control+z');
  await expect.poll(() => cellOrder(page)).toEqual(['intro', 'dataset', 'data', 'note']);
  await expect(status).toContainText('Undone: Move note “My own note” up');
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(() => cellOrder(page)).toEqual(['intro', 'dataset', 'note', 'data']);
  await expect(status).toContainText('Redone: Move note “My own note” up');
  await page.keyboard.press('Control+z');
  await expect.poll(() => cellOrder(page)).toEqual(['intro', 'dataset', 'data', 'note']);
  await page.keyboard.press('Control+y');
  await expect.poll(() => cellOrder(page)).toEqual(['intro', 'dataset', 'note', 'data']);
  // The toolbar's buttons do the same.
  await page.getByTestId('undo').click();
  await expect.poll(() => cellOrder(page)).toEqual(['intro', 'dataset', 'data', 'note']);
  await page.getByTestId('redo').click();
  await expect.poll(() => cellOrder(page)).toEqual(['intro', 'dataset', 'note', 'data']);

  // In the note's text area Ctrl+Z is the typing's own undo: the notebook's edits stay as they are.
  await nb.cell('note').getByRole('button', { name: 'Edit text of note “My own note”' }).click();
  await expect(text).toBeFocused();
  await page.keyboard.type(' More.');
  await page.keyboard.press('Control+z');
  await expect(text).toBeVisible();
  await expect(status).toContainText('Redone: Move note “My own note” up'); // no new undo was announced
  expect(await cellOrder(page)).toEqual(['intro', 'dataset', 'note', 'data']);
  await nb.cell('note').getByRole('button', { name: 'Cancel' }).click();
  await expect(nb.cell('note').getByRole('heading', { name: 'My own note' })).toBeVisible();

  // The first cell cannot move up (its button is disabled); the load step cannot be deleted.
  await nb.cell('intro').getByTestId('cell-actions-intro').click();
  await expect(nb.cell('intro').getByTestId('move-up-intro')).toBeDisabled();
  await nb.cell('data').getByTestId('cell-actions-data').click();
  await nb.cell('data').getByTestId('delete-data').click();
  await expect(status).toHaveAttribute('data-kind', 'refused');
  await expect(status).toContainText('reads the data file');
  await expect(nb.cell('data')).toBeVisible();

  // The `?` list names the new shortcuts (the focus is on the Delete button, not in a text field).
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toContainText('Undo the last edit of the notebook');
  await expect(dialog).toContainText('Redo the edit last undone');
  await page.keyboard.press('Escape');

  // Kept in this browser like any edit: a reload shows the note where it was put.
  await page.reload();
  await nb.expectStatus('data', 'fresh');
  await expect(nb.cell('note').getByRole('heading', { name: 'My own note' })).toBeVisible();
  expect(await cellOrder(page)).toEqual(['intro', 'dataset', 'note', 'data']);
});

test('duplicate and delete steps: a copy shows the original’s result; a step others use is not deleted, naming them; delete + undo brings a step back from the cache; a derived feature is added below the windows', async ({ page }) => {
  test.setTimeout(240_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('split', 'fresh', 120_000);
  await nb.expectStatus('describe', 'fresh', 60_000);
  const status = page.getByTestId('edit-status');

  // Duplicate the split: a sibling right below it, with the focus, up to date at once (same key, from the cache).
  await page.getByRole('button', { name: 'Actions for “Train/test split and balance check”' }).click();
  await page.getByRole('button', { name: 'Duplicate “Train/test split and balance check”' }).click();
  const copy = nb.cell('split-copy');
  await expect(copy).toBeFocused();
  await expect(page.locator('#cell-title-split-copy')).toHaveText('Train/test split and balance check (copy)');
  await nb.expectStatus('split-copy', 'fresh', 30_000);
  const order = await cellOrder(page);
  expect(order.indexOf('split-copy')).toBe(order.indexOf('split') + 1);
  // The copy has no dependents: deleting it is allowed, and the focus goes to the cell that took its place.
  await copy.getByTestId('cell-actions-split-copy').click();
  await copy.getByTestId('delete-split-copy').click();
  await expect(copy).toHaveCount(0);
  await expect(status).toContainText('Done: Delete “Train/test split and balance check (copy)”');

  // The split itself feeds other steps: refused, with those steps named; nothing changes.
  await nb.cell('split').getByTestId('delete-split').click();
  await expect(status).toHaveAttribute('data-kind', 'refused');
  await expect(status).toContainText('“Train/test split and balance check” was not deleted');
  await expect(status).toContainText('“Sample size: enough data for this model?”');
  await expect(status).toContainText('“Hyperparameter grid (RBF SVM)”');
  await nb.expectStatus('split', 'fresh');

  // Delete the cohort description (nothing uses it), then undo: it is back, up to date, from the cache.
  await page.getByRole('button', { name: 'Actions for “Cohort description: Table 1 and clinical course”' }).click();
  await page.getByRole('button', { name: 'Delete “Cohort description: Table 1 and clinical course”' }).click();
  await expect(nb.cell('describe')).toHaveCount(0);
  await page.getByTestId('undo').click();
  await expect(status).toContainText('Undone: Delete “Cohort description: Table 1 and clinical course”');
  await nb.expectStatus('describe', 'fresh', 30_000);
  await expect(nb.cell('describe').locator('.cell-head')).toContainText('from cache');

  // A derived feature below the windowing step: wired to the windows, it runs by itself (a cheap step).
  await page.getByRole('button', { name: 'Actions for “Windowing of visits”' }).click();
  await page.getByRole('button', { name: 'Add a derived feature below “Windowing of visits”' }).click();
  const feature = nb.cell('feature');
  await expect(feature).toBeFocused();
  await nb.expectStatus('feature', 'fresh', 60_000);
  const after = await cellOrder(page);
  expect(after.indexOf('feature')).toBe(after.indexOf('windows') + 1);
  // Its parameter edits are undoable too: Ctrl+Z from the step (not in a field) undoes the last one.
  await feature.getByText('Parameters', { exact: true }).click();
  const expression = feature.locator('#feature-expression');
  await expression.fill('last_grade');
  await expression.press('Enter');
  await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo: Change “Derived feature” › expression (Ctrl+Z)');
  await nb.expectStatus('feature', 'fresh', 60_000);
  await expression.press('Escape'); // leaves the field for the step
  await expect(feature).toBeFocused();
  await page.keyboard.press('Control+z');
  await expect(status).toContainText('Undone: Change “Derived feature” › expression');
  await expect(expression).toHaveValue('last_grade - first_grade');

  // The split reads the feature's windows now: its feature list offers the feature; ticked, the split runs with it.
  const split = nb.cell('split');
  await split.getByText('Parameters', { exact: true }).click();
  const box = split.getByTestId('field-split-features').getByRole('checkbox', { name: 'grade_change' });
  await expect(box).not.toBeChecked();
  await box.click(); // a controlled checkbox: ticked once the session has applied the edit
  await expect(box).toBeChecked();
  await nb.expectStatus('split', 'fresh', 60_000);
  // Saved from the page, the notebook with its derived feature runs in the CLI with the page's cache keys.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-notebook').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'saved-feature-'));
  const file = join(dir, 'saved.json');
  await saved.saveAs(file);
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--notebook', file, '--until', 'split', '--out', join(dir, 'run'), '--quiet'], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8'));
  expect(manifest.parameters.split.features).toContain('grade_change');
  for (const id of ['data', 'cohort', 'windows', 'feature', 'split']) {
    const shown = await nb.cell(id).locator('.dev-details code').first().textContent();
    expect(manifest.cells[id].key, id).toBe(shown);
  }
});
