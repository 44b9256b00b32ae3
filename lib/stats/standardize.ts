/**
 * Feature standardization fitted on the training rows only, as sklearn's StandardScaler:
 * centre on the mean, divide by the population SD (ddof = 0). A zero-variance feature (SAG1 in
 * anchored windowing) maps to 0 on every row instead of NaN.
 *
 * @example
 *   const scaler = fitStandardizer(trainRows);
 *   const Xtrain = scaler.transform(trainRows);
 *   const Xtest = scaler.transform(testRows);   // training statistics, never the test's own
 */
export type Rows = readonly (readonly number[] | Float64Array)[];

/** A fitted standardizer as plain data (it travels inside trained models). */
export interface StandardizerParams {
  mean: readonly number[];
  /** Population SD per feature (1 where the feature is constant). */
  scale: readonly number[];
  isConstant: readonly boolean[];
}

/**
 * Standardizes rows with fitted statistics. Constant features are set to 0 even where a new row
 * differs from the training constant: the model never saw variation there, so it must not see
 * any now.
 */
export function applyStandardizer(params: { mean: ArrayLike<number>; scale: ArrayLike<number>; isConstant: readonly boolean[] }, rows: Rows): Float64Array[] {
  const { mean, scale, isConstant } = params;
  const d = mean.length;
  return rows.map((row) => {
    if (row.length !== d) throw new Error(`standardize: row has ${row.length} features, expected ${d}`);
    const out = new Float64Array(d);
    for (let j = 0; j < d; j++) out[j] = isConstant[j] ? 0 : (row[j]! - mean[j]!) / scale[j]!;
    return out;
  });
}

export function standardizerParams(s: Standardizer): StandardizerParams {
  return { mean: Array.from(s.mean), scale: Array.from(s.scale), isConstant: [...s.isConstant] };
}

export interface Standardizer {
  mean: Float64Array;
  /** Population SD per feature (1 where the feature is constant, as sklearn stores it). */
  scale: Float64Array;
  /** Features whose training variance is (numerically) zero. */
  isConstant: boolean[];
  transform(rows: Rows): Float64Array[];
}

export function fitStandardizer(rows: Rows): Standardizer {
  const n = rows.length;
  if (n === 0) throw new Error('fitStandardizer: no rows');
  const d = rows[0]!.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  const isConstant: boolean[] = [];
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += rows[i]![j]!;
    const m = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const e = rows[i]![j]! - m;
      ss += e * e;
    }
    const v = ss / n;
    // sklearn's _is_constant_feature: variance within rounding noise of zero counts as zero.
    const eps = Number.EPSILON;
    const constant = v <= n * eps * v + (n * m * eps) ** 2;
    mean[j] = m;
    scale[j] = constant ? 1 : Math.sqrt(v);
    isConstant.push(constant);
  }
  const fitted = { mean, scale, isConstant };
  return { ...fitted, transform: (xs: Rows) => applyStandardizer(fitted, xs) };
}

/** Fit on `train` and transform both parts in one call. */
export function standardize(train: Rows, test: Rows = []): { train: Float64Array[]; test: Float64Array[]; scaler: Standardizer } {
  const scaler = fitStandardizer(train);
  return { train: scaler.transform(train), test: scaler.transform(test), scaler };
}
