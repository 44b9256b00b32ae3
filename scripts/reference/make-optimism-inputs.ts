/**
 * Writes tests/fixtures/reference/optimism_inputs.json, the input of optimism_reference.R: a
 * small clustered dataset drawn by our seeded RNG (patients with 1–4 windows, four predictors,
 * an outcome from a logistic model with a patient effect) and fixed patient-level bootstrap
 * indices (0-based rows, `clusterBootstrapIndices`, the cell's resampling), so that R refits the
 * logistic regression on exactly the rows our code refits it on.
 *
 *   npx tsx scripts/reference/make-optimism-inputs.ts
 *   Rscript scripts/reference/optimism_reference.R
 *
 * tests/unit/stats/optimism-bootstrap-r.test.ts regenerates it and fails when it differs from
 * the committed file.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterBootstrapIndices } from '../../lib/stats/cluster-bootstrap';
import { createRng } from '../../lib/stats/random';

export const OPTIMISM_FIXTURE_REPLICATES = 25;

export interface OptimismFixture {
  X: number[][];
  y: number[];
  patients: string[];
  /** 0-based rows of each replicate. */
  indices: number[][];
}

export function optimismFixture(): OptimismFixture {
  const rng = createRng(20261207);
  const X: number[][] = [], y: number[] = [], patients: string[] = [];
  const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  for (let p = 0; p < 70; p++) {
    const effect = rng.normal(0, 0.6);
    const windows = 1 + rng.int(4);
    const x4 = rng.bernoulli(0.4) ? 1 : 0;
    for (let w = 0; w < windows; w++) {
      const x = [round(rng.normal()), round(rng.normal(1, 2)), round(rng.normal()), x4];
      const truth = 0.3 + 0.8 * x[0]! - 0.3 * x[1]! + 0.2 * x[2]! + 0.5 * x4 + effect;
      X.push(x);
      y.push(rng.bernoulli(sigmoid(truth)) ? 1 : 0);
      patients.push(`P${p + 1}`);
    }
  }
  const indices = clusterBootstrapIndices(patients, OPTIMISM_FIXTURE_REPLICATES, rng.fork('optimism')).map((idx) => Array.from(idx));
  return { X, y, patients, indices };
}

export const optimismFixtureJson = () => `${JSON.stringify(optimismFixture())}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync('tests/fixtures/reference/optimism_inputs.json', optimismFixtureJson());
  console.log('wrote tests/fixtures/reference/optimism_inputs.json');
}
