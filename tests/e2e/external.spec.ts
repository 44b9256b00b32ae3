import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

test('a model fitted in the page, saved, opened in a fresh browser profile and validated on a second clinic gives the CLI’s numbers', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'external-e2e-'));
  // The second clinic: an older simulated cohort (data/second-clinic.params.json), another seed.
  const sim = spawnSync(process.execPath, ['--import', 'tsx', 'cli/simulate.ts', '--out', join(dir, 'clinic-b.csv'), '--seed', '909', '--patients', '600', '--params', 'data/second-clinic.params.json'], { encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);

  // 1. Fit the teaching notebook's prognosis model and download its file.
  await page.goto('/notebooks/teaching');
  await page.getByTestId('train-models').click();
  await expect(page.getByTestId('models-status')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
  await page.getByTestId('show-method').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-prognosis-model').click()]);
  expect(download.suggestedFilename()).toBe('prognosis.json');
  const modelPath = join(dir, 'prognosis.json');
  await download.saveAs(modelPath);
  const model = JSON.parse(readFileSync(modelPath, 'utf8'));
  expect(model.schema).toBe('facial-palsy-workbench/prognosis-model');
  expect(JSON.stringify(model)).not.toMatch(/P0\d{3}/); // no patient ids in the file

  // 2. A fresh browser profile: the external notebook, the model, then the second clinic's file.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  const nb = new NotebookPage(fresh);
  await fresh.goto('/');
  await fresh.getByTestId('notebook-card-external').getByRole('link', { name: 'Open' }).click();
  await nb.expectStatus('data', 'fresh');
  await fresh.getByTestId('model-upload').setInputFiles(modelPath);
  await nb.expectStatus('model', 'fresh');
  await nb.expectStatus('external', 'fresh', 60_000);
  // On the model's own development data the step says this is no external validation.
  await expect(fresh.getByTestId('external-same-data')).toBeVisible();
  await fresh.getByTestId('upload').setInputFiles(join(dir, 'clinic-b.csv'));
  const flow = fresh.getByTestId('upload-flow');
  await flow.getByTestId('mapping-check').click();
  await flow.getByTestId('mapping-confirm').click();
  await expect(flow).toHaveCount(0);
  await nb.expectStatus('external', 'fresh', 60_000);
  await expect(fresh.getByTestId('external-same-data')).toHaveCount(0);
  for (const name of ['external-calibration', 'external-decision-curve']) {
    const figure = fresh.getByTestId(`figure-${name}`);
    await expect(figure.locator('svg').first()).toBeVisible();
    expect(await figure.locator('g[aria-label] > *').count(), `${name} has marks`).toBeGreaterThan(0);
  }
  const shown = await nb.cell('external').locator('table').first().innerText();
  await nb.cell('model').screenshot({ path: 'test-results/external-model.png' });
  await nb.cell('external').screenshot({ path: 'test-results/external-cell.png' });

  // 3. The CLI on the same model file and data gives the same numbers.
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--notebook', 'external', '--model', modelPath, '--data', join(dir, 'clinic-b.csv'), '--out', join(dir, 'run'), '--quiet'], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'run', 'manifest.json'), 'utf8'));
  const auc = manifest['external.auc'] as { value: number; ci_low: number; ci_high: number };
  expect(shown).toContain(`${auc.value.toFixed(3)}\t${auc.ci_low.toFixed(3)}\t${auc.ci_high.toFixed(3)}`);
  const citl = manifest['external.calibrationInTheLarge'] as { value: number };
  expect(shown).toContain(citl.value.toFixed(3));
  await context.close();
});

test('an SVM and its LR baseline saved from the paper notebook, validated on a second clinic in a fresh profile, give the CLI’s numbers', async ({ page, browser }) => {
  test.setTimeout(420_000);
  const dir = mkdtempSync(join(tmpdir(), 'external-window-e2e-'));
  const sim = spawnSync(process.execPath, ['--import', 'tsx', 'cli/simulate.ts', '--out', join(dir, 'clinic-b.csv'), '--seed', '909', '--patients', '600', '--params', 'data/second-clinic.params.json'], { encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);

  // 1. The paper notebook (quick profile): the SVM, its LR baseline and the temporal validation.
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  await nb.expectStatus('split', 'fresh');
  await page.getByTestId('run-evaluate').click();
  await nb.expectStatus('evaluate', 'fresh', 240_000);
  await nb.expectStatus('svm-baselines', 'fresh', 120_000);
  await nb.expectStatus('temporal', 'fresh', 60_000);
  for (const name of ['temporal-calibration', 'temporal-decision-curve']) {
    const figure = page.getByTestId(`figure-${name}`);
    await expect(figure.locator('svg').first()).toBeVisible();
    expect(await figure.locator('g[aria-label] > *').count(), `${name} has marks`).toBeGreaterThan(0);
  }
  const downloads: { name: string; path: string }[] = [];
  page.on('download', (d) => void d.saveAs(join(dir, d.suggestedFilename())).then(() => downloads.push({ name: d.suggestedFilename(), path: join(dir, d.suggestedFilename()) })));
  await nb.cell('evaluate').getByTestId('confirm-svm-rows').check();
  await nb.cell('evaluate').getByTestId('download-svm-model-rows').click();
  await nb.cell('svm-baselines').getByTestId('download-logistic-model').click();
  await expect.poll(() => downloads.map((d) => d.name).sort()).toEqual(['evaluate-persistent.json', 'evaluate.json', 'svm-baselines-persistent.json', 'svm-baselines.json']);

  // 2. A fresh browser profile: the external notebook, the second clinic's file, then each model.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  const ext = new NotebookPage(fresh);
  await ext.open('external');
  await ext.expectStatus('data', 'fresh');
  await fresh.getByTestId('upload').setInputFiles(join(dir, 'clinic-b.csv'));
  const flow = fresh.getByTestId('upload-flow');
  await flow.getByTestId('mapping-check').click();
  await flow.getByTestId('mapping-confirm').click();
  await expect(flow).toHaveCount(0);
  for (const model of ['evaluate.json', 'svm-baselines.json']) {
    await fresh.getByTestId('model-upload').setInputFiles(join(dir, model));
    await expect(ext.cell('model')).toContainText(`Opened ${model}`, { timeout: 60_000 });
    await ext.expectStatus('external', 'fresh', 60_000);
    for (const name of ['external-calibration', 'external-decision-curve']) {
      const figure = fresh.getByTestId(`figure-${name}`);
      await expect(figure.locator('svg').first()).toBeVisible();
      expect(await figure.locator('g[aria-label] > *').count(), `${name} has marks`).toBeGreaterThan(0);
    }
    await expect(ext.cell('external').getByTestId('download-intercept-model')).toBeVisible();
    const shown = await ext.cell('external').locator('table').first().innerText();
    if (model === 'evaluate.json') await ext.cell('external').screenshot({ path: 'test-results/external-window-cell.png' });

    // 3. The CLI on the same model file and data gives the same numbers.
    const out = join(dir, `run-${model}`);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--notebook', 'external', '--model', join(dir, model), '--data', join(dir, 'clinic-b.csv'), '--out', out, '--quiet'], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest['external.model'].kind).toBe(model === 'evaluate.json' ? 'svm' : 'logistic');
    for (const key of ['external.auc', 'external.calibrationInTheLarge', 'external.calibrationSlope', 'external.ici']) {
      const m = manifest[key] as { value: number; ci_low: number; ci_high: number };
      expect(shown, key).toContain(`${m.value.toFixed(3)}\t${m.ci_low.toFixed(3)}\t${m.ci_high.toFixed(3)}`);
    }
    expect(readFileSync(join(out, 'models', 'external-logistic-recalibrated.json'), 'utf8')).toContain('"method": "logistic"');
  }
  await context.close();
});
