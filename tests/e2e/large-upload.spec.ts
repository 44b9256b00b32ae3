import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

// A cohort large enough that the page keeps its visits and windows as lazy arrays (50,000
// elements or more stay in their columns until read: workers/wire-values.ts), so this exercises
// the million-row path at a size CI can afford: the exports the page writes from those arrays
// are the CLI's, byte for byte.
const PATIENTS = 25_000;
const TABLES = ['windows_regression', 'windows_classification', 'cohort_patients'];

test('a large upload: the page keeps its big arrays in columns until read, and the tables it writes from them are the CLI\'s, byte for byte', async ({ page }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'large-upload-'));
  const file = join(dir, 'large-cohort.csv');
  const sim = spawnSync(process.execPath, ['--import', 'tsx', 'cli/simulate.ts', '--seed', '11', '--patients', String(PATIENTS), '--out', file], { encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);
  // The CLI up to each split (`--until` runs a step and what it needs).
  const cliTables: Record<string, string> = {};
  let manifest: { ingest: { rows_read: number }; windows: { regression: { n: number } } } | undefined;
  for (const until of ['lstm-split', 'split']) {
    const out = join(dir, until);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--notebook', 'han-2026', '--profile', 'paper', '--data', file, '--until', until, '--out', out, '--quiet'], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const name of TABLES) if (existsSync(join(out, 'tables', `${name}.csv`))) cliTables[name] = readFileSync(join(out, 'tables', `${name}.csv`), 'utf8');
  }
  expect(Object.keys(cliTables).sort()).toEqual([...TABLES].sort());
  // Large enough to take the lazy path on the page (the threshold is 50,000 elements).
  expect(manifest!.ingest.rows_read).toBeGreaterThan(50_000);
  expect(manifest!.windows.regression.n).toBeGreaterThan(50_000);

  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=paper');
  await nb.expectStatus('split', 'fresh');
  await page.getByTestId('upload').setInputFiles(file);
  const flow = page.getByTestId('upload-flow');
  await flow.getByTestId('mapping-check').click();
  await expect(flow.getByTestId('rows-read')).toHaveText(manifest!.ingest.rows_read.toLocaleString('en-US'), { timeout: 120_000 });
  await flow.getByTestId('mapping-confirm').click();
  for (const id of ['cohort', 'windows', 'split', 'lstm-split']) await nb.expectStatus(id, 'fresh', 180_000);

  for (const name of TABLES) {
    const table = page.getByTestId(`table-${name}`);
    const expected = cliTables[name]!;
    // The row count is shown without writing the CSV; it is the CLI's.
    await expect(table.locator('.exports .cell-meta')).toHaveText(`${name} · ${expected.trim().split('\n').length - 1} rows`);
    const [download] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: 'CSV', exact: true }).click()]);
    expect(readFileSync(await download.path(), 'utf8') === expected, `${name}.csv differs from the CLI's`).toBe(true);
  }
});
