import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { manifestDifferences } from '../../lib/report/manifest-differences';
import { NotebookPage } from './pages/notebook-page';

const LSTMS = ['lstm-all-m1', 'lstm-all-m2', 'lstm-all-m3', 'lstm-persistent-m1', 'lstm-persistent-m2', 'lstm-persistent-m3'];
const CELLS = ['data', 'cohort', 'describe', 'windows', 'split', 'grid', 'importance', 'evaluate', ...LSTMS, 'lstm-report'];
const FIGURES = [
  'fig1-flow',
  'fig2-course',
  'suppl-grid-heatmap',
  'fig3-importance',
  'fig4-classification',
  'fig5-predicted-by-grade',
  'fig6-recovery-course',
  'suppl-training-curves',
];

test('the paper notebook runs end to end in the browser (quick profile)', async ({ page }) => {
  test.setTimeout(360_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await expect(page.getByTestId('synthetic-banner')).toBeVisible();
  // Cheap cells run by themselves; heavy ones wait for Run.
  await nb.expectStatus('split', 'fresh');
  await expect(nb.cell('split').getByTestId('leakage-warning')).toContainText('patients');
  await nb.expectStatus('grid', 'idle');
  // Layout shifts from here on (outputs arriving must not push the page around).
  await page.evaluate(() => {
    const w = window as unknown as { shifts: number[] };
    w.shifts = [];
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => {
        const shift = e as PerformanceEntry & { value: number; hadRecentInput: boolean };
        if (!shift.hadRecentInput) w.shifts.push(shift.value);
      }),
    ).observe({ type: 'layout-shift' });
  });
  // Everything the analysis needs is in the browser once the page has loaded: cut the network.
  await page.waitForLoadState('networkidle');
  await page.context().setOffline(true);
  await nb.runAll();
  for (const id of CELLS) await nb.expectStatus(id, 'fresh', 180_000);
  for (const name of FIGURES) {
    const figure = page.getByTestId(`figure-${name}`);
    await expect(figure).toBeVisible();
    // Drawn marks, not an empty frame.
    expect(await figure.locator('g[aria-label] > *').count(), `${name} has marks`).toBeGreaterThan(0);
  }

  // Cumulative layout shift of the whole run: "good" is below 0.1.
  const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
  expect(shifts.reduce((a, b) => a + b, 0), `layout shifts: ${shifts.map((v) => v.toFixed(3)).join(', ')}`).toBeLessThan(0.1);

  // Export all: one zip with the CLI's layout (manifest, tables, figures as SVG and PNG).
  // Export all opens its dialog; confirming with the choices it opens with makes the zip.
  await page.getByTestId('export-all').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all-confirm').click()]);
  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const names = Object.keys(zip);
  expect(names).toContain('manifest.json');
  for (const name of FIGURES) expect(names).toEqual(expect.arrayContaining([`figures/${name}.svg`, `figures/${name}.png`]));
  expect(names).toEqual(expect.arrayContaining(['tables/table1.csv', 'tables/table2.csv', 'tables/grid_cv.csv', 'tables/windows_classification.csv', 'tables/rejected_rows.csv']));
  const manifest = JSON.parse(strFromU8(zip['manifest.json']!));
  expect(manifest.notebook.id).toBe('han-2026');
  expect(manifest.data.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(manifest.svm.all.best).toMatchObject({ C: expect.any(Number), gamma: expect.any(Number) });

  // The browser's numbers equal the CLI's for the same data, parameters and seed: one key per cell kind.
  const out = mkdtempSync(join(tmpdir(), 'cli-'));
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--notebook', 'han-2026', '--profile', 'quick', '--out', out, '--quiet'], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const expected = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  // Equal, except that transcendental functions (the t distribution behind p-values) may differ
  // in the last bits between Chromium's and Node's V8: numbers agree to 1e-12 relative.
  // Both leave the load step's `today` to the step (the day it runs), so even the cache keys agree.
  // (The cells this test waited for; the audit's variants may still be running in the page.)
  const keys = (m: { cells: Record<string, { key: string }> }) => Object.fromEntries(CELLS.map((id) => [id, m.cells[id]?.key]));
  expect(keys(manifest)).toEqual(keys(expected));
  for (const key of ['ingest', 'cohort', 'table1', 'windows', 'split', 'svm', 'importance', 'lstm', 'lstm_report', 'parameters']) {
    // Equal to 1e-12 relative; the calibration refit's bootstrap CIs to 1% (see manifest-differences.ts).
    expect(manifestDifferences(manifest[key], expected[key], { tolerance: 1e-12, path: key }), key).toEqual([]);
  }
  expect(manifest.data.sha256).toBe(expected.data.sha256);
});

test('editing a parameter marks downstream cells stale and re-runs the cheap ones', async ({ page }) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  // Run all is live before the bundled cohort has arrived; hold the file until it is clicked, so
  // that the click always lands in that window (the run waits for the data, it is not lost).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/data/synthetic-cohort.csv', async (route) => {
    await held;
    await route.continue();
  });
  await nb.open('han-2026?profile=quick');
  await nb.runAll();
  await expect(nb.cell('data')).not.toHaveAttribute('data-status', 'fresh');
  release();
  await nb.expectStatus('evaluate', 'fresh', 150_000);
  await expect(page.locator('[data-status="error"]')).toHaveCount(0);
  await nb.cell('windows').getByText('Parameters').click();
  await nb.cell('windows').getByLabel('Outcome').selectOption('best');
  // Heavy cells downstream wait (stale); the cheap split re-runs to fresh.
  await nb.expectStatus('grid', 'stale');
  await nb.expectStatus('evaluate', 'stale');
  await nb.expectStatus('split', 'fresh');
  await nb.cell('grid').getByTestId('run-grid').click();
  await nb.expectStatus('grid', 'fresh', 120_000);

  // The notebook saved from the page runs in the CLI as saved (`--notebook path`): its edited
  // parameter and profile give the page's cache keys (shown in each step's Details), step for step.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-notebook').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'saved-'));
  const file = join(dir, 'saved.json');
  await saved.saveAs(file);
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--notebook', file, '--until', 'split', '--out', join(dir, 'run'), '--quiet'], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8'));
  expect(manifest.profile).toBe('quick');
  expect(manifest.parameters.windows.outcome).toBe('best');
  for (const id of ['data', 'cohort', 'windows', 'split']) {
    const shown = await nb.cell(id).locator('.dev-details code').first().textContent();
    expect(manifest.cells[id].key, id).toBe(shown);
  }
});

test('an LSTM run can be cancelled mid-way, and the page stays responsive while it trains', async ({ page }) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=paper'); // the paper's 500-epoch budget (a first visit opens on quick)
  await nb.expectStatus('windows', 'fresh');
  // Record main-thread long tasks from here on.
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
  await nb.cell('lstm-all-m1').getByTestId('run-lstm-all-m1').click();
  await nb.expectStatus('lstm-all-m1', 'running');
  // Live progress: an epoch message appears.
  await expect(nb.cell('lstm-all-m1').getByRole('status')).toContainText(/Epoch \d+/, { timeout: 60_000 });
  // Live loss curves grow epoch by epoch.
  await expect(nb.cell('lstm-all-m1').getByTestId('live-figure').locator('svg').first()).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(2_000);
  await nb.cell('lstm-all-m1').getByTestId('cancel-lstm-all-m1').click();
  await nb.expectStatus('lstm-all-m1', 'stale');
  await expect(nb.cell('lstm-all-m1').getByRole('alert')).toHaveCount(0);
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  expect(Math.max(0, ...longTasks), `main-thread long tasks during training: ${longTasks.map(Math.round).join(', ')} ms`).toBeLessThan(200);
});
