/**
 * Writes tests/fixtures/reference/resampling_inputs.json: what scripts/reference/
 * make_resampling_fixtures.py needs to check the patient-level validation statistics
 * (lib/stats/cluster-bootstrap.ts, binomial-test.ts, the classification metrics beyond
 * accuracy). Everything random is drawn here by our code, so numpy gets the very same
 * resamples. The patient-grouped folds need no inputs beyond inputs.json (patients, labels).
 *
 *   npx tsx scripts/reference/make-resampling-inputs.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { clusterBootstrapIndices } from '../../lib/stats/cluster-bootstrap';
import { createRng } from '../../lib/stats/random';
import type { ReferenceInputs } from './make-inputs';

export const RESAMPLING_INPUTS_PATH = 'tests/fixtures/reference/resampling_inputs.json';
export const CLUSTER_RESAMPLES = 200;

export function buildResamplingInputs() {
  const inputs = JSON.parse(readFileSync('tests/fixtures/reference/inputs.json', 'utf8')) as ReferenceInputs;
  const test = inputs.split.test;
  const groups = test.map((i) => inputs.patient[i]!);
  const rng = createRng(42).fork('validation-inputs');
  const { actual, predicted } = inputs.stats.regression;
  // A second predictor of the same grades: worse on the severe ones, so the paired difference is not 0.
  const predictedB = actual.map((a) => Number((a + rng.normal(0, 0.4) + (a >= 4 ? 0.5 : 0)).toFixed(4)));
  const indices = clusterBootstrapIndices(groups, CLUSTER_RESAMPLES, createRng(42).fork('cluster-bootstrap'));
  const n = 105;
  return {
    about: 'Inputs for scripts/reference/make_resampling_fixtures.py, written by scripts/reference/make-resampling-inputs.ts. Do not edit by hand.',
    groups,
    classification: inputs.stats.classification,
    regression: { actual, predicted, predictedB },
    clusterBootstrap: { level: 0.95, indices: indices.map((idx) => Array.from(idx)) },
    binomial: [
      [95, n, 0.9],
      [100, n, 0.9],
      [97, n, 97 / n],
      [128, 139, 0.924],
      [132, 139, 0.924],
      [139, 139, 0.924],
      [1, 10, 0.3],
      [0, 10, 0.3],
      [512, 1000, 0.5],
      [9, 20, 0.05],
      [30, 40, 0.5],
    ],
  };
}

export type ResamplingInputs = ReturnType<typeof buildResamplingInputs>;

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const v = buildResamplingInputs();
  writeFileSync(RESAMPLING_INPUTS_PATH, JSON.stringify(v) + '\n');
  console.log(`wrote ${RESAMPLING_INPUTS_PATH}: ${v.groups.length} test rows from ${new Set(v.groups).size} patients, ${v.clusterBootstrap.indices.length} clustered resamples`);
}
