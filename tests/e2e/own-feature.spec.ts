import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { manifestDifferences } from '../../lib/report/manifest-differences';
import { NotebookPage } from './pages/notebook-page';

const CELLS = ['data', 'cohort', 'windows', 'early', 'split-without', 'grid-without', 'evaluate-without', 'split-with', 'grid-with', 'evaluate-with', 'svm-difference', 'lstm-split', 'lstm-m1-without', 'lstm-m1-with', 'lstm-difference'];

test('the worked example "Add your own feature" runs in the page and gives the CLI’s numbers (quick profile)', async ({ page }) => {
  test.setTimeout(360_000);
  const nb = new NotebookPage(page);
  await nb.open('own-feature?profile=quick');
  await nb.expectStatus('early', 'fresh');
  await nb.runAll();
  for (const id of CELLS) await nb.expectStatus(id, 'fresh', 240_000);
  await expect(page.locator('[data-status="error"]')).toHaveCount(0);

  await page.getByTestId('export-all').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all-confirm').click()]);
  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const manifest = JSON.parse(strFromU8(zip['manifest.json']!));
  expect(manifest.notebook.id).toBe('own-feature');

  const out = mkdtempSync(join(tmpdir(), 'cli-own-'));
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--notebook', 'own-feature', '--profile', 'quick', '--out', out, '--quiet'], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const expected = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const keys = (m: { cells: Record<string, { key: string }> }) => Object.fromEntries(CELLS.map((id) => [id, m.cells[id]?.key]));
  expect(keys(manifest)).toEqual(keys(expected));
  // The paired differences (with minus without) and what they compare, to 1e-12 relative (see manifest-differences.ts).
  for (const key of ['derived_features', 'split', 'svm', 'paired_difference', 'lstm_split', 'lstm', 'parameters']) {
    expect(manifestDifferences(manifest[key], expected[key], { tolerance: 1e-12, path: key }), key).toEqual([]);
  }
});
