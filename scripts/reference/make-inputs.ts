/**
 * Writes tests/fixtures/reference/inputs.json: the synthetic dataset and everything random
 * that the Python reference must share with us (split, folds, permutations, bootstrap
 * indices), all drawn by our TypeScript code. Then `make_fixtures.py` computes the scipy /
 * scikit-learn answers from it.
 *
 *   npx tsx scripts/reference/make-inputs.ts
 *
 * Standardized matrices are not stored: make_fixtures.py recomputes them with the same
 * arithmetic (bit-identical) and checks the SHA-256 digests written here.
 */
import { writeFileSync } from 'node:fs';
import { sha256Hex } from '../../lib/notebook/hash';
import { planPermutations } from '../../lib/ml/importance/permutation-plan';
import { defaultGrid } from '../../lib/ml/svm/default-grid';
import { bootstrapIndices } from '../../lib/stats/bootstrap';
import { createRng } from '../../lib/stats/random';
import { splitTrainTest, stratifiedFolds } from '../../lib/stats/split';
import { fitStandardizer } from '../../lib/stats/standardize';
import { syntheticWindows } from './synthetic-windows';

export const INPUTS_PATH = 'tests/fixtures/reference/inputs.json';
export const DATA_SEED = 20260101;
export const SPLIT_SEED = 42;
export const IMPORTANCE_PARAMS = { C: 2.7, gamma: 0.09 } as const;
export const IMPORTANCE_REPEATS = 10;
export const BOOTSTRAP_RESAMPLES = 200;
/** Grid used by the fast unit test: every other C and gamma of the default grid. */
export const testGrid = () => {
  const g = defaultGrid();
  return { C: g.C.filter((_, i) => i % 3 === 1), gamma: g.gamma.filter((_, i) => i % 3 === 1) };
};

/** SHA-256 of the little-endian float64 bytes of a row-major matrix (numpy: `a.astype('<f8').tobytes()`). */
export function matrixDigest(rows: readonly (Float64Array | readonly number[])[]): string {
  const d = rows[0]?.length ?? 0;
  const flat = new Float64Array(rows.length * d);
  rows.forEach((r, i) => flat.set(r, i * d));
  return sha256Hex(new Uint8Array(flat.buffer));
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

export function buildInputs() {
  const data = syntheticWindows({ seed: DATA_SEED, patients: 267 });
  const split = splitTrainTest(data.patient, { mode: 'samples', seed: SPLIT_SEED });
  const Xtrain = split.train.map((i) => data.X[i]!);
  const Xtest = split.test.map((i) => data.X[i]!);
  const ytrain = split.train.map((i) => data.y[i]!);
  const ytest = split.test.map((i) => data.y[i]!);
  const scaler = fitStandardizer(Xtrain);
  const allScaler = fitStandardizer(data.X);
  const Xall = allScaler.transform(data.X);
  const folds = stratifiedFolds(ytrain, 5, SPLIT_SEED);

  const plan = planPermutations(Xall, { nRepeats: IMPORTANCE_REPEATS, rng: createRng(SPLIT_SEED).fork('importance') });
  const permutations: Record<string, number[][]> = {};
  for (const [j, perms] of plan.permutations) permutations[j] = perms.map((p) => Array.from(p));

  // Statistics inputs: real columns of the dataset plus a few edge cases.
  const statsRng = createRng(SPLIT_SEED).fork('stats');
  const col = (rows: number[][], j: number) => rows.map((r) => r[j]!);
  const shifted = Array.from({ length: 40 }, () => round(statsRng.normal(3, 1), 6));
  const baseline = Array.from({ length: 50 }, () => round(statsRng.normal(0, 1), 6));
  const sag3Test = col(Xtest, 5);
  const predictedGrade = sag3Test.map((g) => round(g + statsRng.normal(0.1, 0.5), 4));
  // Predictions for the classification metrics: a simple rule with some noise.
  const yPred = Xtest.map((r) => (r[5]! + statsRng.normal(0, 0.8) <= 3 ? 1 : 0));
  const bootstrap = bootstrapIndices(ytest.length, BOOTSTRAP_RESAMPLES, createRng(SPLIT_SEED).fork('bootstrap'));

  return {
    about: 'Inputs for scripts/reference/make_fixtures.py, written by scripts/reference/make-inputs.ts. Do not edit by hand.',
    generator: { seed: DATA_SEED, patients: 267 },
    featureNames: data.featureNames,
    patient: data.patient,
    X: data.X,
    y: data.y,
    split: { mode: split.mode, seed: split.seed, train: split.train, test: split.test, straddling: split.straddling.length },
    digests: { trainStandardized: matrixDigest(scaler.transform(Xtrain)), testStandardized: matrixDigest(scaler.transform(Xtest)), allStandardized: matrixDigest(Xall) },
    folds,
    grid: defaultGrid(),
    testGrid: testGrid(),
    importance: { ...IMPORTANCE_PARAMS, nRepeats: IMPORTANCE_REPEATS, skipped: plan.skipped, permutations },
    stats: {
      independent: [
        { name: 'age train vs test', a: col(Xtrain, 7), b: col(Xtest, 7) },
        { name: 'SAG3 train vs test', a: col(Xtrain, 5), b: sag3Test },
        { name: 'SAD4 train vs test', a: col(Xtrain, 2), b: col(Xtest, 2) },
        { name: 'small samples', a: [1.1, 2.3, 0.7], b: [3.2, 4.1, 2.9, 5.5] },
        { name: 'far apart (tiny p)', a: baseline, b: shifted },
      ],
      paired: [
        { name: 'SAG3 actual vs predicted', a: sag3Test, b: predictedGrade },
        { name: 'small paired', a: [2, 3, 3.5, 5, 4], b: [2.4, 2.9, 3.1, 4.2, 4.4] },
      ],
      tDistribution: {
        t: [0, 0.1, -0.7, 1.5, -2, 3.3, 8, -40],
        df: [1, 2.5, 7, 30, 123.4, 1000, 1e5],
      },
      descriptive: {
        vectors: [col(Xtrain, 7), col(Xtest, 2), [3], [5, 1, 4, 1, 5, 9, 2, 6]],
        quantiles: [0, 0.025, 0.25, 0.5, 0.9, 0.975, 1],
      },
      classification: [
        { name: 'rule on SAG3', yTrue: ytest, yPred },
        { name: 'all negative', yTrue: ytest, yPred: ytest.map(() => 0) },
        { name: 'perfect', yTrue: ytest, yPred: ytest },
      ],
      regression: { actual: sag3Test, predicted: predictedGrade },
      bootstrap: { level: 0.95, indices: bootstrap.map((idx) => Array.from(idx)) },
    },
  };
}

export type ReferenceInputs = ReturnType<typeof buildInputs>;

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const inputs = buildInputs();
  writeFileSync(INPUTS_PATH, JSON.stringify(inputs) + '\n');
  console.log(
    `wrote ${INPUTS_PATH}: ${inputs.X.length} rows (${inputs.split.train.length} train / ${inputs.split.test.length} test, ` +
      `${inputs.split.straddling} patients straddle), positives ${inputs.y.filter((v) => v === 1).length}`,
  );
}
