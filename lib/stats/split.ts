import { createRng } from './random';

/**
 * Train/test splits (PIPELINE step 4) and stratified fold assignment (step 5).
 *
 * - `samples` (the paper's default): a random 8:2 split over rows, so one patient's windows can
 *   land on both sides; `straddling` counts those patients (the leakage warning).
 * - `grouped`: whole patients go to one side.
 *
 * @example
 *   const s = splitTrainTest(patientIds, { mode: 'samples', seed: 42 });
 *   s.train; s.test;            // ascending row indices
 *   s.straddling.length;        // patients with rows on both sides
 *   const folds = stratifiedFolds(labelsOf(s.train), 5, 42);   // fold 0..4 per training row
 */
export type SplitMode = 'samples' | 'grouped';

export interface SplitOptions {
  mode?: SplitMode;
  /** Fraction of rows (samples mode) or of patients (grouped mode) in the test part. */
  testFraction?: number;
  seed: number;
}

export interface TrainTestSplit {
  mode: SplitMode;
  seed: number;
  train: number[];
  test: number[];
  /** Group ids (patients) with rows in both parts, in first-appearance order. */
  straddling: string[];
}

/** sklearn's rounding: the test part gets ceil(fraction × n), the training part the rest. */
function testCount(n: number, fraction: number): number {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`split: testFraction must be in (0, 1), got ${fraction}`);
  const k = Math.ceil(fraction * n);
  if (k < 1 || k >= n) throw new Error(`split: ${n} items cannot give a non-empty train and test part`);
  return k;
}

const ascending = (a: number, b: number) => a - b;

/** Rows that share a group with rows on the other side. */
export function straddlingGroups(groups: readonly string[], train: readonly number[], test: readonly number[]): string[] {
  const inTrain = new Set(train.map((i) => groups[i]!));
  const inTest = new Set(test.map((i) => groups[i]!));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const g of groups) {
    if (!seen.has(g) && inTrain.has(g) && inTest.has(g)) out.push(g);
    seen.add(g);
  }
  return out;
}

/**
 * Split rows into train and test. `groups[i]` is the patient of row i (used by `grouped`, and
 * in both modes to report straddling patients).
 */
export function splitTrainTest(groups: readonly string[], options: SplitOptions): TrainTestSplit {
  const { mode = 'samples', testFraction = 0.2, seed } = options;
  const rng = createRng(seed).fork(`split:${mode}`);
  const n = groups.length;
  let test: number[];
  if (mode === 'samples') {
    test = rng.permutation(n).slice(0, testCount(n, testFraction));
  } else {
    const unique = [...new Set(groups)];
    const testGroups = new Set(rng.shuffle(unique).slice(0, testCount(unique.length, testFraction)));
    test = [];
    for (let i = 0; i < n; i++) if (testGroups.has(groups[i]!)) test.push(i);
  }
  test.sort(ascending);
  const isTest = new Uint8Array(n);
  for (const i of test) isTest[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!isTest[i]) train.push(i);
  return { mode, seed, train, test, straddling: straddlingGroups(groups, train, test) };
}

/**
 * Stratified k-fold assignment, sklearn's StratifiedKFold(shuffle=True) algorithm with our RNG:
 * the per-class fold sizes are those of sklearn (dealing the label-sorted rows round-robin), and
 * each class's fold labels are shuffled among its rows.
 * Returns the fold (0..k-1) of every row.
 */
export function stratifiedFolds(labels: readonly number[], k: number, seed: number): number[] {
  const n = labels.length;
  if (!Number.isInteger(k) || k < 2) throw new Error(`stratifiedFolds: k must be an integer ≥ 2, got ${k}`);
  const classes = [...new Set(labels)].sort(ascending);
  const counts = classes.map((c) => labels.filter((y) => y === c).length);
  if (Math.max(...counts) < k) throw new Error(`stratifiedFolds: no class has ${k} members`);
  // allocation[f][c] = how many rows of class c go to fold f: deal the sorted labels round-robin.
  const sortedCodes: number[] = [];
  counts.forEach((count, c) => {
    for (let i = 0; i < count; i++) sortedCodes.push(c);
  });
  const allocation = Array.from({ length: k }, () => new Array<number>(classes.length).fill(0));
  sortedCodes.forEach((c, i) => allocation[i % k]![c]!++);
  const rng = createRng(seed).fork('stratified-folds');
  const folds = new Array<number>(n).fill(-1);
  classes.forEach((cls, c) => {
    const foldsForClass: number[] = [];
    for (let f = 0; f < k; f++) for (let r = 0; r < allocation[f]![c]!; r++) foldsForClass.push(f);
    const shuffled = rng.shuffle(foldsForClass);
    let next = 0;
    for (let i = 0; i < n; i++) if (labels[i] === cls) folds[i] = shuffled[next++]!;
  });
  return folds;
}
