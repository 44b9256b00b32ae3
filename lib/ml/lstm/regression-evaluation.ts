import { clusterBootstrapCi } from '../../stats/cluster-bootstrap';
import { regressionMetrics } from '../../stats/metrics';
import { pairedTTest } from '../../stats/t-test';

/**
 * RMSE, MSE and MAE with percentile bootstrap 95% CIs and the paired t-test p-value between
 * actual and predicted grades (PIPELINE step 8). The resamples may be of rows or of patients
 * (`clusterBootstrapIndices`: all rows of a drawn patient). Pass the same resample indices to every model
 * evaluated on one set, so their intervals come from the same resamples.
 *
 * @example
 *   const idx = bootstrapIndices(y.length, 1000, rng.fork('bootstrap-test'));
 *   evaluateRegression(y, yHat, idx).mae;  // { value, ci_low, ci_high }
 */
export interface MetricWithCi {
  value: number;
  ci_low: number;
  ci_high: number;
}

export interface RegressionEvaluation {
  n: number;
  rmse: MetricWithCi;
  mse: MetricWithCi;
  mae: MetricWithCi;
  /** Two-sided paired t-test, actual vs predicted (NaN when undefined, e.g. n < 2). */
  p_value: number;
  /** Mean of actual − predicted. */
  mean_error: number;
}

type Values = readonly number[] | Float32Array | Float64Array;

export function evaluateRegression(actual: Values, predicted: Values, indices: readonly (Int32Array | readonly number[])[]): RegressionEvaluation {
  const n = actual.length;
  if (predicted.length !== n) throw new Error(`evaluateRegression: ${n} targets vs ${predicted.length} predictions`);
  const a = Float64Array.from(actual);
  const p = Float64Array.from(predicted);
  const pick = (rows: Int32Array | readonly number[]) => regressionMetrics(Float64Array.from(rows, (i) => a[i]!), Float64Array.from(rows, (i) => p[i]!));
  const withCi = (metric: 'rmse' | 'mse' | 'mae'): MetricWithCi => {
    if (n === 0) return { value: NaN, ci_low: NaN, ci_high: NaN };
    // Any resample length: row resamples (length n) or patient-clustered ones (whole patients).
    const r = clusterBootstrapCi((rows) => pick(rows)[metric], { n, indices });
    return { value: r.estimate, ci_low: r.lower, ci_high: r.upper };
  };
  let errorSum = 0;
  for (let i = 0; i < n; i++) errorSum += a[i]! - p[i]!;
  return {
    n,
    rmse: withCi('rmse'),
    mse: withCi('mse'),
    mae: withCi('mae'),
    p_value: n >= 2 ? pairedTTest(a, p).pValue : NaN,
    mean_error: n ? errorSum / n : NaN,
  };
}

/**
 * The message for a training run that diverged (a prediction that is NaN or ±∞), or null when
 * every prediction is a number: such a run is reported as a failure, never evaluated.
 */
export function divergedPrediction(predictions: readonly number[], run: { seed: number; epochs: number; lastLoss: number | undefined; learningRate: number }): string | null {
  const broken = predictions.find((x) => !Number.isFinite(x));
  if (broken === undefined) return null;
  return `The LSTM training diverged (seed ${run.seed}): it predicts ${broken} for a grade after ${run.epochs} epochs (last training loss ${run.lastLoss ?? 'n/a'}). Lower the learning rate (now ${run.learningRate}) and run again.`;
}
