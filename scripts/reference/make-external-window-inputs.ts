/**
 * Inputs for the R reference of a window-level model's external validation
 * (external_reference.R external_window_inputs.csv external_window_r.json): the logistic-
 * regression baseline of the tiny paper notebook (tests/unit/models/tiny-run.ts: the bundled
 * cohort’s first 200 patients) applied to an older simulated cohort (seed 909, 300 patients, age
 * mean 70): each patient's probability at its last window and its outcome, weight 1.
 *
 *   npx tsx scripts/reference/make-external-window-inputs.ts && Rscript scripts/reference/external_reference.R external_window_inputs.csv external_window_r.json
 */
import { writeFileSync } from 'node:fs';
import { registry } from '../../lib/cells';
import { validateWindowModel } from '../../lib/models/external-window';
import { runModelFiles } from '../../lib/models/run-models';
import { simulateCohort } from '../../lib/sim';
import { createRng } from '../../lib/stats/random';
import { runTiny, tinyNotebook, tinySource } from '../../tests/unit/models/tiny-run';

export const EXTERNAL_WINDOW_COHORT = { params: { age: { mean: 70 } }, seed: 909, patients: 300 } as const;

export async function externalWindowFixture() {
  const source = tinySource(200);
  const notebook = tinyNotebook(['data', 'cohort', 'windows', 'split', 'grid', 'evaluate', 'svm-baselines']);
  const state = await runTiny(notebook, source);
  const files = runModelFiles(notebook, registry, (id) => state.cells[id]?.output, { dataSha256: source.sha256, includeSupportVectors: true });
  const lr = files.find((f) => f.fileName === 'svm-baselines.json')!.model;
  const patients = simulateCohort(EXTERNAL_WINDOW_COHORT.params, EXTERNAL_WINDOW_COHORT.seed, EXTERNAL_WINDOW_COHORT.patients).patients;
  const v = await validateWindowModel(lr, patients, createRng(4), { sha256: '' }, 50);
  if (v.kind !== 'classifier') throw new Error('expected a classifier');
  return v;
}

if (process.argv[1]?.endsWith('make-external-window-inputs.ts')) {
  const v = await externalWindowFixture();
  const lines = ['p,y,w', ...v.points.map((x) => `${x.p.toPrecision(17)},${x.y},1`)];
  writeFileSync('tests/fixtures/reference/external_window_inputs.csv', `${lines.join('\n')}\n`);
  process.stderr.write(`wrote tests/fixtures/reference/external_window_inputs.csv (${v.points.length} patients)\n`);
}
