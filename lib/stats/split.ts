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

export interface GroupFoldOptions {
  /** Shuffle the groups before the greedy pass (sklearn's `shuffle=True`). Default true. */
  shuffle?: boolean;
}

/** numpy's `isclose(a, b)` with its default tolerances (rtol 1e-5, atol 1e-8). */
const isClose = (a: number, b: number) => Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);

/** Population standard deviation (numpy's default ddof = 0). */
function populationSd(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  const m = s / values.length;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / values.length);
}

/**
 * Patient-grouped stratified k-fold (the idea of sklearn's StratifiedGroupKFold, its greedy
 * algorithm with our RNG): every group lands in exactly one fold, and folds are filled so that
 * each class's share over folds varies as little as the groups allow. Groups are taken in
 * (shuffled) order, stably sorted by how unevenly their rows spread over the classes (most
 * uneven first), and each goes to the fold that minimizes the mean over classes of the SD of
 * the per-fold class shares; ties (numpy's isclose) go to the fold with fewer rows.
 *
 * Without shuffling the group order is sklearn's (`np.unique`: sorted ids), so the assignment is
 * exactly sklearn's `StratifiedGroupKFold(shuffle=False)`; with shuffling only its properties
 * can be compared. Returns the fold (0..k-1) of every row.
 */
export function stratifiedGroupFolds(labels: readonly number[], groups: readonly string[], k: number, seed: number, options: GroupFoldOptions = {}): number[] {
  const n = labels.length;
  if (groups.length !== n) throw new Error(`stratifiedGroupFolds: ${n} labels vs ${groups.length} groups`);
  if (!Number.isInteger(k) || k < 2) throw new Error(`stratifiedGroupFolds: k must be an integer ≥ 2, got ${k}`);
  const classes = [...new Set(labels)].sort(ascending);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const ids = [...new Set(groups)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (ids.length < k) throw new Error(`stratifiedGroupFolds: ${ids.length} groups cannot fill ${k} folds`);
  const groupIndex = new Map(ids.map((g, i) => [g, i]));
  const perGroup = ids.map(() => new Array<number>(classes.length).fill(0));
  const classTotals = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < n; i++) {
    const c = classIndex.get(labels[i]!)!;
    perGroup[groupIndex.get(groups[i]!)!]![c]!++;
    classTotals[c]!++;
  }
  let order = ids.map((_, g) => g);
  if (options.shuffle ?? true) order = createRng(seed).fork('stratified-group-folds').shuffle(order);
  // Stable sort (Array.prototype.sort is stable) by decreasing SD of the group's class counts.
  const spread = perGroup.map(populationSd);
  order.sort((a, b) => spread[b]! - spread[a]!);

  const perFold = Array.from({ length: k }, () => new Array<number>(classes.length).fill(0));
  const foldOfGroup = new Array<number>(ids.length).fill(-1);
  for (const g of order) {
    const counts = perGroup[g]!;
    let best = -1, bestEval = Infinity, bestSize = Infinity;
    for (let f = 0; f < k; f++) {
      let evalSum = 0;
      for (let c = 0; c < classes.length; c++) {
        const shares = perFold.map((fc, h) => (fc[c]! + (h === f ? counts[c]! : 0)) / classTotals[c]!);
        evalSum += populationSd(shares);
      }
      const value = evalSum / classes.length;
      const size = perFold[f]!.reduce((s, v) => s + v, 0);
      if (value < bestEval || (isClose(value, bestEval) && size < bestSize)) {
        best = f;
        bestEval = value;
        bestSize = size;
      }
    }
    for (let c = 0; c < classes.length; c++) perFold[best]![c]! += counts[c]!;
    foldOfGroup[g] = best;
  }
  return groups.map((g) => foldOfGroup[groupIndex.get(g)!]!);
}

/** Groups (patients) whose rows sit in more than one fold, in first-appearance order. */
export function groupsInSeveralFolds(groups: readonly string[], folds: readonly number[]): string[] {
  const foldOf = new Map<string, number>();
  const several = new Set<string>();
  groups.forEach((g, i) => {
    const f = foldOf.get(g);
    if (f === undefined) foldOf.set(g, folds[i]!);
    else if (f !== folds[i]) several.add(g);
  });
  return [...several];
}
