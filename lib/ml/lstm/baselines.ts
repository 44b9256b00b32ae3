import { staticValue, type SequenceSample } from './sequences';

/**
 * Two baselines for the LSTM regression, on the same samples:
 *
 * - last observation carried forward: the predicted SAG4 is the present grade SAG3;
 * - ordinary least squares on the same information the LSTM sees: the day offsets SAD1, SAD2,
 *   SAD4, the grades SAG1..SAG3 and the model's static features (SAD3 is always 0), with an
 *   intercept. Columns constant on the training rows (SAG1 in anchored windowing) are dropped
 *   (their share goes to the intercept), so the problem has full rank in practice; the centred
 *   problem is solved by Householder QR. Fitted on the whole training part (it needs no
 *   validation share). Tested against numpy.linalg.lstsq.
 *
 * @example
 *   const lin = fitLinearBaseline(train, ['sex', 'age', 'delayed_treatment', 'diabetes']);
 *   lin.predict(test);           // Float64Array of predicted grades
 *   locfBaseline(test);          // SAG3 of every row
 */
export function locfBaseline(samples: readonly SequenceSample[]): Float64Array {
  return Float64Array.from(samples, (s) => s.SAG3);
}

export const LINEAR_SEQUENCE_FEATURES = ['SAD1', 'SAD2', 'SAD4', 'SAG1', 'SAG2', 'SAG3'] as const;

export interface LinearBaseline {
  /** Feature names in column order, including the dropped constant ones (coefficient 0). */
  features: string[];
  coefficients: Float64Array;
  intercept: number;
  /** Features constant on the training rows (left out of the fit). */
  constant: string[];
  predict(samples: readonly SequenceSample[]): Float64Array;
}

/** `staticFeatures`: built-in static features and derived ones by name (a field of each sample), as the LSTM sees them. */
export function linearFeatureRows(samples: readonly SequenceSample[], staticFeatures: readonly string[]): number[][] {
  return samples.map((s) => [...LINEAR_SEQUENCE_FEATURES.map((f) => s[f]), ...staticFeatures.map((f) => staticValue(s, f))]);
}

export function fitLinearBaseline(train: readonly SequenceSample[], staticFeatures: readonly string[]): LinearBaseline {
  const features = [...LINEAR_SEQUENCE_FEATURES, ...staticFeatures];
  const X = linearFeatureRows(train, staticFeatures);
  const y = train.map((s) => {
    if (s.SAG4 === undefined) throw new Error('fitLinearBaseline: training rows need SAG4');
    return s.SAG4;
  });
  const fitted = fitOls(X, y);
  return {
    features,
    coefficients: fitted.coefficients,
    intercept: fitted.intercept,
    constant: fitted.constant.map((j) => features[j]!),
    predict: (samples) => {
      const rows = linearFeatureRows(samples, staticFeatures);
      return Float64Array.from(rows, (r) => r.reduce((acc, v, j) => acc + v * fitted.coefficients[j]!, fitted.intercept));
    },
  };
}

/**
 * OLS with intercept on rows X (n × d): columns constant on the rows are dropped, the others
 * centred, and the least-squares problem solved by Householder QR (no squared condition number,
 * unlike the normal equations). Throws when the remaining columns are collinear.
 */
export function fitOls(X: readonly (readonly number[])[], y: readonly number[]): { coefficients: Float64Array; intercept: number; constant: number[] } {
  const n = X.length;
  if (n === 0 || y.length !== n) throw new Error(`fitOls: ${n} rows and ${y.length} targets`);
  const d = X[0]!.length;
  const mean = new Float64Array(d);
  for (const row of X) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
  const yMean = y.reduce((a, v) => a + v, 0) / n;
  const constant: number[] = [];
  const active: number[] = [];
  for (let j = 0; j < d; j++) {
    const m = mean[j]!;
    const isConstant = X.every((row) => Math.abs(row[j]! - m) <= 1e-12 * Math.max(1, Math.abs(m)));
    (isConstant ? constant : active).push(j);
  }
  const k = active.length;
  if (k >= n) throw new Error(`fitOls: ${n} rows cannot fit ${k} features and an intercept`);
  // Column-major centred design and centred target.
  const cols = active.map((j) => Float64Array.from(X, (row) => row[j]! - mean[j]!));
  const r = Float64Array.from(y, (v) => v - yMean);
  const beta = householderLeastSquares(cols, r);
  const coefficients = new Float64Array(d);
  active.forEach((j, p) => (coefficients[j] = beta[p]!));
  let intercept = yMean;
  for (let j = 0; j < d; j++) intercept -= coefficients[j]! * mean[j]!;
  return { coefficients, intercept, constant };
}

/** min ‖A b − y‖ for A given as k columns of length n (overwritten, as is y). */
function householderLeastSquares(cols: Float64Array[], y: Float64Array): Float64Array {
  const k = cols.length;
  const n = y.length;
  const diag = new Float64Array(k);
  let scale = 0;
  for (const c of cols) for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(c[i]!));
  for (let p = 0; p < k; p++) {
    const a = cols[p]!;
    let norm = 0;
    for (let i = p; i < n; i++) norm += a[i]! * a[i]!;
    norm = Math.sqrt(norm);
    if (norm <= 1e-10 * scale * Math.sqrt(n)) throw new Error('fitOls: the features are collinear');
    const alpha = a[p]! > 0 ? -norm : norm;
    // v = a[p:] − alpha e₁, stored in a[p:]; R[p][p] = alpha.
    a[p]! -= alpha;
    let vv = 0;
    for (let i = p; i < n; i++) vv += a[i]! * a[i]!;
    const reflect = (w: Float64Array) => {
      let dot = 0;
      for (let i = p; i < n; i++) dot += a[i]! * w[i]!;
      const f = (2 * dot) / vv;
      for (let i = p; i < n; i++) w[i]! -= f * a[i]!;
    };
    for (let q = p + 1; q < k; q++) reflect(cols[q]!);
    reflect(y);
    diag[p] = alpha;
  }
  // Back substitution with R (upper triangle: R[p][q] = cols[q][p] for q > p, R[p][p] = diag[p]).
  const b = new Float64Array(k);
  for (let p = k - 1; p >= 0; p--) {
    let s = y[p]!;
    for (let q = p + 1; q < k; q++) s -= cols[q]![p]! * b[q]!;
    b[p] = s / diag[p]!;
  }
  return b;
}
