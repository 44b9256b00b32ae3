import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { clusterBootstrapIndices, pairedDifferenceCi } from '../stats/cluster-bootstrap';
import { delongPairedTest } from '../stats/delong-paired';
import { pairedAucDifferenceCi } from '../stats/paired-auc-bootstrap';
import { aucOf } from '../stats/roc';
import { formatP } from '../tables/format';
import { neutralizeFormula, tableArtifact } from '../tables/table-artifact';
import { plural } from '../report/phrases';
import type { Rng } from '../stats/random';
import type { ClassificationEvalOutput, SubsetEvaluation } from './classification-eval';
import { testAbsErrors } from './lstm-report';
import type { LstmRegressionOutput } from './lstm-regression';

export const pairedDifferenceParamsSchema = z.object({
  /** What model a is, in the tables (e.g. "with early improvement"). */
  labelA: z.string().min(1).max(80).default('with the feature'),
  /** What model b is. */
  labelB: z.string().min(1).max(80).default('without it'),
  /** Patient-clustered bootstrap resamples, the same for every metric of a subset and set. */
  resamples: z.number().int().min(100).max(20_000, 'at most 20000 resamples').default(1000),
});
export type PairedDifferenceParams = z.infer<typeof pairedDifferenceParamsSchema>;

/** One metric of a against b on the same rows: a − b with a paired patient-bootstrap 95% CI. */
export interface PairedDifferenceRow {
  subset: 'all' | 'persistent';
  set: 'test' | 'validation';
  metric: 'AUC' | 'Brier score' | 'MAE';
  /** Higher is better (AUC) or lower is better (Brier score, MAE). */
  better: 'higher' | 'lower';
  a: number;
  b: number;
  difference: number;
  ci_low: number;
  ci_high: number;
  /** Paired DeLong test of the AUCs (two-sided); null for the other metrics. */
  p_value: number | null;
  /** Rows (test windows, or regression samples) and patients compared. */
  n: number;
  patients: number;
  /** Resamples the CI rests on (an AUC needs both outcomes in a resample). */
  used: number;
}

export interface PairedDifferenceOutput {
  family: 'svm' | 'lstm';
  labelA: string;
  labelB: string;
  resamples: number;
  rows: PairedDifferenceRow[];
}

type Model = ClassificationEvalOutput | LstmRegressionOutput;
const isLstm = (m: Model): m is LstmRegressionOutput => 'trained' in m && 'testPredictions' in m;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/**
 * Two classifiers' scores on the same windows: AUC difference (decision values, positive =
 * recovered) with its paired percentile CI over `sets` and the paired DeLong test, and the Brier
 * score difference of their probabilities over the same sets. The statistics are the library's
 * (pairedAucDifferenceCi, delongPairedTest, pairedDifferenceCi), as the baselines step uses them.
 */
export function pairedClassifierRows(
  y: readonly number[],
  a: { decision: readonly number[]; probability: readonly number[] },
  b: { decision: readonly number[]; probability: readonly number[] },
  patients: readonly string[],
  sets: readonly (Int32Array | readonly number[])[],
): Omit<PairedDifferenceRow, 'subset' | 'set'>[] {
  const n = y.length, people = new Set(patients).size;
  const auc = pairedAucDifferenceCi(y, a.decision, b.decision, sets);
  let p: number | null = null;
  try {
    p = delongPairedTest(y, a.decision, b.decision).pValue;
  } catch {
    p = null;
  }
  const sq = (prob: readonly number[]) => prob.map((v, i) => (v - y[i]!) ** 2);
  const brier = pairedDifferenceCi(sq(a.probability), sq(b.probability), sets);
  return [
    { metric: 'AUC', better: 'higher', a: aucOf(y, a.decision), b: aucOf(y, b.decision), difference: auc.estimate, ci_low: auc.lower, ci_high: auc.upper, p_value: p, n, patients: people, used: auc.used },
    { metric: 'Brier score', better: 'lower', a: mean(sq(a.probability)), b: mean(sq(b.probability)), difference: brier.estimate, ci_low: brier.lower, ci_high: brier.upper, p_value: null, n, patients: people, used: sets.length },
  ];
}

/** Two regressions' absolute errors on the same rows: MAE difference with its paired percentile CI over `sets`. */
export function pairedMaeRow(absA: readonly number[], absB: readonly number[], patients: readonly string[], sets: readonly (Int32Array | readonly number[])[]): Omit<PairedDifferenceRow, 'subset' | 'set'> {
  const d = pairedDifferenceCi(absA, absB, sets);
  return { metric: 'MAE', better: 'lower', a: mean(absA), b: mean(absB), difference: d.estimate, ci_low: d.lower, ci_high: d.upper, p_value: null, n: absA.length, patients: new Set(patients).size, used: sets.length };
}

const same = (x: readonly unknown[], y: readonly unknown[]) => x.length === y.length && x.every((v, i) => v === y[i]);

function svmRows(a: ClassificationEvalOutput, b: ClassificationEvalOutput, resamples: number, rng: Rng): PairedDifferenceRow[] {
  return (['all', 'persistent'] as const).flatMap((subset) => {
    const ea: SubsetEvaluation = a[subset], eb: SubsetEvaluation = b[subset];
    const pa = ea.predictions, pb = eb.predictions;
    if (!same(pa.patients, pb.patients) || !same(pa.windows, pb.windows) || !same(pa.actual, pb.actual)) {
      throw new InputError(`Models a and b were tested on other windows (${subset === 'all' ? 'all subjects' : 'the persistent subset'}): a paired difference needs the same test windows; give both SVM splits the same windows, split and seed`);
    }
    if (pa.actual.length === 0) return [];
    const sets = clusterBootstrapIndices(pa.patients, resamples, rng.fork(`paired:${subset}`));
    return pairedClassifierRows(pa.actual, ea.scores, eb.scores, pa.patients, sets).map((r) => ({ subset, set: 'test' as const, ...r }));
  });
}

const rowKey = (p: { patient_id: string; window: number; day: number }) => `${p.patient_id}|${p.window}|${p.day}`;

function lstmRows(a: LstmRegressionOutput, b: LstmRegressionOutput, resamples: number, rng: Rng): PairedDifferenceRow[] {
  if (a.subset !== b.subset) throw new InputError(`Models a and b are of other subsets (${a.subset}, ${b.subset}): a paired difference needs the same rows`);
  return (['test', 'validation'] as const).flatMap((set) => {
    const ra = set === 'test' ? a.testPredictions : a.validationPredictions, rb = set === 'test' ? b.testPredictions : b.validationPredictions;
    if (!same(ra.map(rowKey), rb.map(rowKey))) throw new InputError(`Models a and b predicted other ${set === 'test' ? 'test' : 'temporal-validation'} rows: a paired difference needs the same rows; connect both LSTMs to the same split step`);
    if (ra.length === 0) return [];
    const patients = ra.map((r) => r.patient_id);
    const sets = clusterBootstrapIndices(patients, resamples, rng.fork(`paired:${a.subset}:${set}`));
    // Absolute errors averaged over seeds when a network was trained with several (as the LSTM report pairs them).
    return [{ subset: a.subset, set, ...pairedMaeRow(testAbsErrors(a, set).lstm, testAbsErrors(b, set).lstm, patients, sets) }];
  });
}

const verdict = (r: PairedDifferenceRow, labelA: string, labelB: string) => {
  if (!Number.isFinite(r.ci_low) || !Number.isFinite(r.ci_high)) return 'not estimable';
  const aBetter = r.better === 'higher' ? r.ci_low > 0 : r.ci_high < 0;
  const bBetter = r.better === 'higher' ? r.ci_high < 0 : r.ci_low > 0;
  return aBetter ? `${labelA} better` : bBetter ? `${labelB} better` : 'no clear difference';
};

/**
 * With against without (issue #26): two models of one family fitted on the same rows (two SVM
 * evaluations, or two LSTM networks of one split), compared on the same test windows or samples
 * with paired patient-clustered bootstrap CIs of a − b, so what the two share cancels. SVM: the
 * AUC (with the paired DeLong test) and the Brier score per subset; LSTM: the MAE on the test part
 * and the temporal validation. A CI that contains 0 shows no difference these data can resolve.
 */
export const pairedDifference = defineCell<{ a: Model; b: Model }, PairedDifferenceParams, PairedDifferenceOutput>({
  kind: 'paired-difference',
  version: 1,
  title: 'Paired difference of two models',
  description: 'Compares two models of one kind on the same test rows (e.g. with and without a feature): the difference a − b with a paired patient-bootstrap 95% CI (AUC with the paired DeLong test and Brier score for SVMs, MAE for LSTMs).',
  describe: (p) => `Compares model a (${p.labelA}) with model b (${p.labelB}) on the same test rows: the difference a − b with a paired 95% CI from ${plural(p.resamples, 'patient-bootstrap resample')} (AUC with the paired DeLong test and Brier score for SVMs, MAE for LSTMs).`,
  inputs: { a: ['classification-eval', 'lstm-regression'], b: ['classification-eval', 'lstm-regression'] },
  params: pairedDifferenceParamsSchema,
  heavy: false,
  async *run({ a, b }, params, ctx) {
    if (isLstm(a) !== isLstm(b)) throw new InputError('Models a and b are of different kinds (an SVM evaluation and an LSTM): connect two SVM evaluations or two LSTM networks');
    const family = isLstm(a) ? 'lstm' : 'svm';
    const rows = isLstm(a) ? lstmRows(a, b as LstmRegressionOutput, params.resamples, ctx.rng) : svmRows(a, b as ClassificationEvalOutput, params.resamples, ctx.rng);
    return { family, labelA: params.labelA, labelB: params.labelB, resamples: params.resamples, rows };
  },
  headline: (out) => ({
    paired_difference: {
      [out.family]: Object.fromEntries(
        out.rows.map((r) => [`${r.subset}.${r.set}.${r.metric === 'Brier score' ? 'brier' : r.metric.toLowerCase()}`, { a: r.a, b: r.b, difference: r.difference, ci_low: r.ci_low, ci_high: r.ci_high, ...(r.p_value !== null ? { p_value: r.p_value } : {}), n: r.n, patients: r.patients }]),
      ),
    },
  }),
  artifacts: (out) => [
    tableArtifact(
      `paired_difference_${out.family}`,
      out.rows.map((r) => ({
        subset: r.subset === 'all' ? 'All subjects' : 'Persistent subset',
        set: r.set === 'test' ? 'Test part' : 'Temporal validation',
        metric: r.metric,
        n: r.n,
        patients: r.patients,
        a: r.a.toFixed(3),
        b: r.b.toFixed(3),
        difference: r.difference.toFixed(3),
        ci: `${r.ci_low.toFixed(3)} to ${r.ci_high.toFixed(3)}`,
        p_value: r.p_value === null ? '' : formatP(r.p_value),
        // The verdict names the models by the step's labels (the user's text); the numbers stay as they are.
        verdict: neutralizeFormula(verdict(r, out.labelA, out.labelB)),
      })),
      ['subset', 'set', 'metric', 'n', 'patients', 'a', 'b', 'difference', 'ci', 'p_value', 'verdict'],
      {
        caption: `${out.family === 'svm' ? 'SVM' : 'LSTM'} ${out.labelA} (a) against ${out.labelB} (b) on the same ${out.family === 'svm' ? 'test windows' : 'regression samples'}: a − b with a paired 95% CI from ${plural(out.resamples, 'patient-clustered bootstrap resample')} (both models scored on each resample's rows${out.family === 'svm' ? '; AUC of the decision values, with the paired DeLong test; Brier score of the Platt probabilities, lower is better' : '; MAE in grades, lower is better, absolute errors averaged over seeds when a network was trained with several'}). A CI that contains 0 shows no difference these data can resolve.`,
        headers: { subset: 'Subset', set: 'Evaluation set', metric: 'Metric', n: 'n', patients: 'Patients', a: `a: ${out.labelA}`, b: `b: ${out.labelB}`, difference: 'Difference a − b', ci: 'Paired 95% CI', p_value: 'DeLong p', verdict: 'Verdict' },
      },
    ),
  ],
});
