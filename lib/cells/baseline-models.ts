import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { FILE_IDS_NOTE } from '../data/pseudonyms';
import { featureLabelOf } from '../features/derived';
import { plural } from '../report/phrases';
import { fixed, formatP, withCi } from '../tables/format';
import { percentileInterval } from '../stats/bootstrap';
import { clusterBootstrapIndices, pairedDifferenceCi } from '../stats/cluster-bootstrap';
import { decisionCurve } from '../stats/decision-curve';
import { bootstrapAucCi } from '../stats/auc-bootstrap';
import { delongAuc } from '../stats/delong';
import { delongPairedTest } from '../stats/delong-paired';
import { fitLogistic } from '../stats/logistic-fit';
import { fitLogisticRegression, predictLogisticRegression, type LogisticRegressionFit } from '../stats/logistic-regression';
import { pairedAucDifferenceCi } from '../stats/paired-auc-bootstrap';
import { aucOf } from '../stats/roc';
import { tableArtifact } from '../tables/table-artifact';
import type { ClassificationEvalOutput } from './classification-eval';
import type { SvmSplitOutput } from './svm-split';
import { SUBSETS, ciMethodSchema, lastWindowPerPatient, subsetLabel, type Subset, type TestCiMethod } from './test-resamples';
import type { WindowsOutput } from './windowing';

export const baselineModelsParamsSchema = z.object({
  /** Patient-level bootstrap resamples of the test part for the paired differences and the Brier CIs. */
  resamples: z.number().int().min(100).max(20000).default(1000),
  /**
   * Threshold probabilities of not recovering at which the net benefit of early referral is
   * reported (the decision-curve cell's event and risk; a few points of its range).
   */
  thresholds: z
    .array(z.number().min(0.01, 'at least 0.01').max(0.99, 'at most 0.99'))
    .min(1)
    .max(19, 'at most 19 thresholds: the table gets one column per threshold')
    .default([0.1, 0.2, 0.3, 0.4, 0.5]),
  /**
   * What a logistic model does when its maximum-likelihood estimate does not exist (the outcomes
   * are separated by the predictors): `ridge` refits it with the ridge penalty below and says so;
   * `not-estimable` reports the model as not estimable (no numbers).
   */
  separation: z.enum(['ridge', 'not-estimable']).default('ridge'),
  /**
   * λ of the fallback ridge penalty, ½ λ Σ b² on the coefficients of the standardized
   * predictors (intercept free): λ = 0.1 is a normal prior with SD √10 ≈ 3.2 on each log odds
   * ratio per SD, weak beside a few hundred training windows, enough to keep a separated fit finite.
   */
  ridgePenalty: z.number().min(1e-4, 'at least 0.0001').max(100, 'at most 100').default(0.1),
  /**
   * `samples` (the default): AUC with DeLong's CI and net benefit counting every test window.
   * `patients` (honest): the AUC CI from the same patient resamples as the Brier CI and the
   * differences, and net benefit counting one prediction per patient (its last test window), so
   * no patient counts more than once.
   */
  ciMethod: ciMethodSchema,
});
export type BaselineModelsParams = z.infer<typeof baselineModelsParamsSchema>;

export const BASELINE_MODELS = ['svm', 'lr', 'presentGrade'] as const;
export type BaselineModel = (typeof BASELINE_MODELS)[number];
export const BASELINE_LABELS: Record<BaselineModel, string> = {
  svm: 'RBF-SVM (Platt probability)',
  lr: 'Logistic regression (same features)',
  presentGrade: 'Present grade alone (logistic)',
};
const COMPARED = ['lr', 'presentGrade'] as const;
type Compared = (typeof COMPARED)[number];

export interface ValueCi {
  value: number;
  ci_low: number;
  ci_high: number;
}

export interface ModelMetrics {
  /** false: the model was not fitted (separation with `separation: 'not-estimable'`): every number NaN. */
  estimable: boolean;
  /** AUC of the probability of recovery: DeLong 95% CI, or the patient bootstrap's under ciMethod patients (`aucCiMethod`). */
  auc: ValueCi & { se: number };
  aucCiMethod: 'delong' | 'bootstrap-patients';
  /** DeLong's CI, kept beside a patient-bootstrap heading CI. */
  aucDelong: ValueCi;
  /** Brier score, patient-bootstrap 95% CI. */
  brier: ValueCi;
  /** Calibration-in-the-large: a in logit P(y) = a + logit(p) (ideal 0). */
  calibrationIntercept: number;
  /** b in logit P(y) = a + b · logit(p) (ideal 1). */
  calibrationSlope: number;
  /** Net benefit of referring those with risk of not recovering ≥ each threshold (aligned with `thresholds`), per `netBenefitUnit`. */
  netBenefit: number[];
  /** What net benefit counts: every test window, or one prediction per patient (its last test window). */
  netBenefitUnit: 'windows' | 'patients';
  problems: string[];
}

export interface PairedComparison {
  /** AUC(model) − AUC(SVM): patient-bootstrap percentile CI. */
  auc: ValueCi & { used: number; skipped: number };
  /** Brier(model) − Brier(SVM) (negative: the model's probabilities are closer to the outcomes). */
  brier: ValueCi;
  /** Paired DeLong test of the two AUCs (pROC::roc.test(method = "delong", paired = TRUE)). */
  delong: { z: number; p: number; se: number };
  problems: string[];
}

export interface FitReport {
  method: 'maximum likelihood' | 'ridge' | 'not estimable';
  /** λ when ridge; 0 otherwise. */
  penalty: number;
  /** Why the maximum-likelihood estimate does not exist, when it does not. */
  separation: string | null;
  /** Intercept first; per SD of the standardized feature (LR) or per grade (present grade). NaN where aliased. */
  coefficients: { term: string; estimate: number }[];
  /** Predictors left out: constant in the training part or a linear combination of the others. */
  aliased: string[];
  iterations: number;
}

export interface SubsetBaselines {
  n: number;
  recovered: number;
  patients: number;
  nTrain: number;
  models: Record<BaselineModel, ModelMetrics>;
  comparisons: Record<Compared, PairedComparison>;
  fits: Record<Compared, FitReport>;
  /** Net benefit of referring every window (or patient, per the models' `netBenefitUnit`), per threshold. */
  treatAll: number[];
  /** Probabilities of recovery for the test windows, aligned with the evaluation's predictions. */
  predictions: Record<Compared, number[]>;
  /**
   * The test windows the numbers were computed on, aligned with `predictions`: patient, window
   * number, outcome (1 = recovered) and the SVM's probability of recovery; exported with the
   * baselines' probabilities as `baseline_predictions_<subset>` for re-analysis (absent in
   * results from before it).
   */
  testRows?: { patients: string[]; windows: number[]; actual: number[]; svm: number[] };
  sentence: string;
}

export type BaselineModelsOutput = Record<Subset, SubsetBaselines> & {
  resamples: number;
  thresholds: number[];
  separationHandling: BaselineModelsParams['separation'];
  ridgePenalty: number;
  /** How the AUC CIs were made and what net benefit counts (absent in results from before it). */
  ciMethod?: TestCiMethod;
  sentence: string;
};

/** One subset's data for the comparison: what the SVM was trained and tested on. */
export interface BaselineData {
  /** Names of the columns of X (the SVM's features). */
  features: string[];
  /** Features known to be constant in the training part (reported as such when aliased). */
  constantFeatures?: string[];
  train: { X: readonly (readonly number[])[]; y: number[]; grade: number[] };
  test: { X: readonly (readonly number[])[]; y: number[]; grade: number[]; patients: string[]; svm: number[]; /** Window number of each test row (time order within a patient); needed under ciMethod patients. */ windows?: number[] };
}

export type BaselineOptions = Pick<BaselineModelsParams, 'thresholds' | 'separation' | 'ridgePenalty'> & { ciMethod?: TestCiMethod };

const NAN_CI = { value: NaN, ci_low: NaN, ci_high: NaN };
const logit = (p: number) => {
  // A probability that rounds to 0 or 1 has no logit; 1e-12 from the edge stands in for it.
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
};

/** Maximum likelihood, and on separation the ridge refit or nothing, as `options.separation` says. */
function fitWithFallback(X: readonly (readonly number[])[], y: number[], options: BaselineOptions): { fit: LogisticRegressionFit | null; method: FitReport['method']; separation: string | null } {
  const ml = fitLogisticRegression(X, y);
  if (!ml.separation) return { fit: ml, method: 'maximum likelihood', separation: null };
  if (options.separation === 'not-estimable') return { fit: null, method: 'not estimable', separation: ml.separation };
  const ridge = fitLogisticRegression(X, y, { penalty: options.ridgePenalty });
  if (!ridge.converged) return { fit: null, method: 'not estimable', separation: `${ml.separation}; the ridge refit did not converge either` };
  return { fit: ridge, method: 'ridge', separation: ml.separation };
}

/** Which rows net benefit counts, and how the AUC CI is made (ciMethod). */
interface Counting {
  ciMethod: TestCiMethod;
  /** Rows net benefit counts: all test rows, or each patient's last test window. */
  netBenefitRows: number[];
}

function metricsOf(y: number[], p: number[] | null, sets: readonly Int32Array[], thresholds: number[], counting: Counting): ModelMetrics {
  const netBenefitUnit = counting.ciMethod === 'patients' ? 'patients' : 'windows';
  const aucCiMethod = counting.ciMethod === 'patients' ? 'bootstrap-patients' : 'delong';
  if (!p) {
    return { estimable: false, auc: { ...NAN_CI, se: NaN }, aucCiMethod, aucDelong: NAN_CI, brier: NAN_CI, calibrationIntercept: NaN, calibrationSlope: NaN, netBenefit: thresholds.map(() => NaN), netBenefitUnit, problems: ['not estimable'] };
  }
  const problems: string[] = [];
  const recovered = y.filter((v) => v === 1).length, notRecovered = y.length - recovered;
  let auc: ModelMetrics['auc'] = { value: recovered && notRecovered ? aucOf(y, p) : NaN, se: NaN, ci_low: NaN, ci_high: NaN };
  let aucDelong: ValueCi = NAN_CI;
  if (recovered >= 2 && notRecovered >= 2) {
    const d = delongAuc(y, p);
    auc = { value: d.auc, se: d.se, ci_low: d.ciLow, ci_high: d.ciHigh };
    aucDelong = { value: d.auc, ci_low: d.ciLow, ci_high: d.ciHigh };
  } else problems.push(`DeLong's CI needs at least 2 test windows of each outcome (${recovered} recovered, ${notRecovered} not recovered)`);
  if (counting.ciMethod === 'patients' && recovered && notRecovered) {
    // The same patient resamples as the Brier CI and the paired differences.
    const b = bootstrapAucCi(y, p, sets);
    auc = { ...auc, ci_low: b.lower, ci_high: b.upper };
  }
  // Brier: mean squared error of the probability, its CI over the same patient resamples as the differences.
  const sq = p.map((v, i) => (v - y[i]!) ** 2);
  const meanOf = (rows: ArrayLike<number>) => {
    let s = 0;
    for (let k = 0; k < rows.length; k++) s += sq[rows[k]!]!;
    return s / rows.length;
  };
  const [lo, hi] = percentileInterval(sets.map(meanOf));
  const brier = { value: meanOf(Int32Array.from(sq, (_, i) => i)), ci_low: lo, ci_high: hi };
  const lp = p.map(logit);
  const calib = (slope: 'fixed' | 'free') => {
    try {
      return fitLogistic(y, lp, { slope });
    } catch (err) {
      problems.push(`calibration ${slope === 'fixed' ? 'intercept' : 'slope'}: ${(err as Error).message.replace(/^logistic fit: /, '')}`);
      return { intercept: NaN, slope: NaN };
    }
  };
  const citl = calib('fixed').intercept;
  const slope = calib('free').slope;
  const rows = counting.netBenefitRows;
  const netBenefit = decisionCurve(rows.map((r) => 1 - y[r]!), rows.map((r) => 1 - p[r]!), thresholds).map((d) => d.model);
  return { estimable: true, auc, aucCiMethod, aucDelong, brier, calibrationIntercept: citl, calibrationSlope: slope, netBenefit, netBenefitUnit, problems };
}

function compare(y: number[], model: number[] | null, svm: number[], sets: readonly Int32Array[]): PairedComparison {
  if (!model) return { auc: { ...NAN_CI, used: 0, skipped: 0 }, brier: NAN_CI, delong: { z: NaN, p: NaN, se: NaN }, problems: ['not estimable'] };
  const problems: string[] = [];
  const a = pairedAucDifferenceCi(y, model, svm, sets);
  const sqModel = model.map((v, i) => (v - y[i]!) ** 2), sqSvm = svm.map((v, i) => (v - y[i]!) ** 2);
  const b = pairedDifferenceCi(sqModel, sqSvm, sets);
  let delong = { z: NaN, p: NaN, se: NaN };
  try {
    const t = delongPairedTest(y, model, svm);
    delong = { z: t.z, p: t.pValue, se: t.se };
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (a.skipped) problems.push(`${a.skipped} of ${sets.length} resamples held one outcome only (no AUC): the AUC difference's CI rests on ${a.used}`);
  return { auc: { value: a.estimate, ci_low: a.lower, ci_high: a.upper, used: a.used, skipped: a.skipped }, brier: { value: b.estimate, ci_low: b.lower, ci_high: b.upper }, delong, problems };
}

/**
 * The comparison on one subset: logistic regression on the SVM's standardized features and a
 * logistic model on the present grade alone, both fitted on the training part; each of them and
 * the SVM scored on the test part; the paired differences to the SVM over `sets`, resamples of
 * test rows (the cell hands patient-clustered ones: one set serves every model, so the
 * differences are paired by patient).
 */
export function compareBaselines(data: BaselineData, options: BaselineOptions, sets: readonly Int32Array[]): Omit<SubsetBaselines, 'sentence' | 'n' | 'recovered' | 'patients' | 'nTrain' | 'testRows'> {
  const { train, test } = data;
  const thresholds = [...options.thresholds];
  // Logistic regression on the SVM's own standardized features.
  const lrFit = fitWithFallback(train.X, train.y, options);
  const constant = new Set(data.constantFeatures ?? []);
  const lrReport: FitReport = {
    method: lrFit.method,
    penalty: lrFit.method === 'ridge' ? options.ridgePenalty : 0,
    separation: lrFit.separation,
    coefficients: lrFit.fit ? ['(intercept)', ...data.features].map((term, j) => ({ term, estimate: lrFit.fit!.coefficients[j]! })) : [],
    aliased: lrFit.fit ? lrFit.fit.aliased.map((j) => `${data.features[j]} (${constant.has(data.features[j]!) ? 'constant in the training part' : 'a linear combination of the others'})`) : [],
    iterations: lrFit.fit?.iterations ?? 0,
  };
  // The present-grade rule: a logistic model on the present grade alone. Chosen over the training
  // share recovered per grade because it gives every grade a probability (half grades, grades
  // absent from the training part), is monotone in the grade, and has two parameters, so it
  // cannot overfit; its ranking is the grade's own, so its AUC is that of the present grade
  // itself. The grade is standardized with the training part's mean and SD, so the ridge
  // fallback penalizes it on the same scale as the LR's features (ML predictions do not depend on
  // it); the coefficients are reported per grade.
  let mean = 0;
  for (const g of train.grade) mean += g;
  mean /= train.grade.length;
  let ss = 0;
  for (const g of train.grade) ss += (g - mean) ** 2;
  const sd = Math.sqrt(ss / train.grade.length) || 1;
  const z = (g: number) => [(g - mean) / sd];
  const pgFit = fitWithFallback(train.grade.map(z), train.y, options);
  const pgReport: FitReport = {
    method: pgFit.method,
    penalty: pgFit.method === 'ridge' ? options.ridgePenalty : 0,
    separation: pgFit.separation,
    coefficients: pgFit.fit
      ? (() => {
          const [b0, b1] = pgFit.fit!.coefficients as [number, number];
          const slope = Number.isNaN(b1) ? NaN : b1 / sd;
          return [
            { term: '(intercept)', estimate: Number.isNaN(b1) ? b0 : b0 - slope * mean },
            { term: 'present grade', estimate: slope },
          ];
        })()
      : [],
    aliased: pgFit.fit?.aliased.length ? ['present grade (constant in the training part)'] : [],
    iterations: pgFit.fit?.iterations ?? 0,
  };
  const lr = lrFit.fit ? predictLogisticRegression(lrFit.fit, test.X) : null;
  const presentGrade = pgFit.fit ? predictLogisticRegression(pgFit.fit, test.grade.map(z)) : null;
  const y = test.y;
  const ciMethod = options.ciMethod ?? 'samples';
  if (ciMethod === 'patients' && (!test.windows || test.windows.length !== y.length)) throw new Error('net benefit per patient needs the window number of each test row');
  const counting: Counting = { ciMethod, netBenefitRows: ciMethod === 'patients' ? lastWindowPerPatient(test.patients, test.windows!) : y.map((_, i) => i) };
  const models: Record<BaselineModel, ModelMetrics> = {
    svm: metricsOf(y, test.svm, sets, thresholds, counting),
    lr: metricsOf(y, lr, sets, thresholds, counting),
    presentGrade: metricsOf(y, presentGrade, sets, thresholds, counting),
  };
  const counted = counting.netBenefitRows;
  const events = counted.filter((r) => y[r] === 0).length;
  const treatAll = thresholds.map((t) => events / counted.length - ((counted.length - events) / counted.length) * (t / (1 - t)));
  return {
    models,
    comparisons: { lr: compare(y, lr, test.svm, sets), presentGrade: compare(y, presentGrade, test.svm, sets) },
    fits: { lr: lrReport, presentGrade: pgReport },
    treatAll,
    predictions: { lr: lr ?? y.map(() => NaN), presentGrade: presentGrade ?? y.map(() => NaN) },
  };
}

const f3 = (x: number) => fixed(x, 3);
/** A number in running text: 3 decimals, typographic minus. */
const t3 = (x: number) => f3(x).replace(/^-/, '−');
const ciText = (c: ValueCi) => `95% CI ${t3(c.ci_low)} to ${t3(c.ci_high)}`;

/** "On the test part (all subjects, …), the SVM's AUC was X, LR's Y (difference …); the present grade alone gave Z (…)." */
export function baselineSentence(subset: Subset, s: Omit<SubsetBaselines, 'sentence'>): string {
  const where = subset === 'all' ? 'all subjects' : 'the persistent subset';
  const m = s.models, c = s.comparisons;
  const diff = (k: Compared) =>
    m[k].estimable ? `difference ${t3(c[k].auc.value)}, ${ciText(c[k].auc)}; paired DeLong p ${Number.isFinite(c[k].delong.p) ? (c[k].delong.p < 0.001 ? '< 0.001' : `= ${formatP(c[k].delong.p)}`) : 'n/a'}` : '';
  const aucText = (k: BaselineModel) => (m[k].estimable ? t3(m[k].auc.value) : 'not estimable (separation)');
  const lrPart = m.lr.estimable ? `logistic regression's ${aucText('lr')} (${diff('lr')})` : `logistic regression's was not estimable (the outcomes are separated by the features)`;
  const pgPart = m.presentGrade.estimable ? `the present grade alone gave ${aucText('presentGrade')} (${diff('presentGrade')})` : 'the present grade alone was not estimable (separation)';
  const ridge = (k: Compared, name: string) => (s.fits[k].method === 'ridge' ? ` ${name} met separation in the training part and was refitted with a ridge penalty (λ = ${s.fits[k].penalty}).` : '');
  return (
    `On the test part (${where}, ${plural(s.n, 'window')} of ${plural(s.patients, 'patient')}), the SVM's AUC was ${aucText('svm')}, ${lrPart}; ${pgPart}. ` +
    `Brier scores: SVM ${t3(m.svm.brier.value)}, logistic regression ${t3(m.lr.brier.value)}, present grade ${t3(m.presentGrade.brier.value)}.` +
    ridge('lr', 'Logistic regression') +
    ridge('presentGrade', 'The present-grade model')
  );
}

/**
 * The baselines a reviewer asks for, beside the SVM (issue #24): logistic regression by maximum
 * likelihood on the same standardized features and the same split, and the present grade alone;
 * AUC (DeLong), Brier, calibration-in-the-large and slope, net benefit at a few thresholds for
 * all three; the paired differences to the SVM with patient-level bootstrap CIs and the paired
 * DeLong test.
 */
export const baselineModels = defineCell<{ windows: WindowsOutput; split: SvmSplitOutput; evaluation: ClassificationEvalOutput }, BaselineModelsParams, BaselineModelsOutput>({
  kind: 'baseline-models',
  // 2: ciMethod (patient-bootstrap AUC CIs and net benefit per patient under honest).
  // 3: the test windows kept (testRows) and exported with the three models' probabilities.
  version: 3,
  title: 'Baselines beside the SVM: logistic regression and the present grade',
  description:
    'Logistic regression on the SVM’s standardized features and a logistic model on the present grade alone, fitted on the same training part; AUC (DeLong), Brier score, calibration and net benefit on the test part for them and the SVM, and their paired differences to the SVM with patient-level bootstrap 95% CIs and the paired DeLong test.',
  describe: (p) =>
    `Logistic regression on the SVM’s standardized features and a logistic model on the present grade alone, fitted on the same training part (on separation: ${p.separation === 'ridge' ? `a ridge refit, λ = ${p.ridgePenalty}` : 'reported as not estimable'}); AUC (DeLong), Brier score, calibration and net benefit at ${p.thresholds.map((t) => `${+(t * 100).toFixed(1)}%`).join(', ')} for them and the SVM, and their paired differences to the SVM with ${plural(p.resamples, 'patient-level bootstrap resample')} and the paired DeLong test.`,
  inputs: { windows: ['windowing', 'derived-feature'], split: ['svm-split'], evaluation: ['classification-eval'] },
  params: baselineModelsParamsSchema,
  heavy: false,
  windowModel: { kind: 'logistic', name: 'the logistic-regression baseline' },
  async *run(inputs, params, ctx) {
    const thresholds = [...new Set(params.thresholds)].sort((a, b) => a - b);
    const grades = new Map(inputs.windows.classification.map((s) => [`${s.patient_id}|${s.window}`, s.SAG3]));
    const gradeOf = (patient: string, window: number) => {
      const g = grades.get(`${patient}|${window}`);
      if (g === undefined) throw new InputError(`Baselines: window ${window} of patient ${patient} is not among the windows`);
      return g;
    };
    const one = (subset: Subset): SubsetBaselines => {
      const s = inputs.split[subset], e = inputs.evaluation[subset];
      const aligned =
        e.predictions.actual.length === s.test.length &&
        s.test.every((row, k) => s.patientIds[row] === e.predictions.patients[k] && s.windows[row] === e.predictions.windows[k] && s.y[row] === e.predictions.actual[k]) &&
        e.model.features.join('|') === s.features.join('|');
      if (!aligned) throw new InputError(`Baselines (${subsetLabel(s.subset)}): the evaluation was not computed on this split (its test windows or features differ); connect the split that feeds the evaluation`);
      const data: BaselineData = {
        features: s.features,
        constantFeatures: s.constantFeatures,
        train: { X: s.train.map((i) => s.X[i]!), y: s.train.map((i) => s.y[i]!), grade: s.train.map((i) => gradeOf(s.patientIds[i]!, s.windows[i]!)) },
        test: { X: s.test.map((i) => s.X[i]!), y: e.predictions.actual, grade: s.test.map((i) => gradeOf(s.patientIds[i]!, s.windows[i]!)), patients: e.predictions.patients, svm: e.scores.probability, windows: e.predictions.windows },
      };
      // Patients drawn with replacement, all their test windows along; one list of sets for every model.
      const sets = clusterBootstrapIndices(data.test.patients, params.resamples, ctx.rng.fork(`cluster-bootstrap:${subset}`));
      const core = compareBaselines(data, { ...params, thresholds }, sets);
      const testRows = { patients: data.test.patients, windows: e.predictions.windows, actual: data.test.y, svm: data.test.svm };
      const out = { ...core, n: data.test.y.length, recovered: data.test.y.filter((v) => v === 1).length, patients: new Set(data.test.patients).size, nTrain: s.train.length, testRows };
      return { ...out, sentence: baselineSentence(subset, out) };
    };
    yield { fraction: 0.1, message: 'all subjects' };
    const all = one('all');
    yield { fraction: 0.55, message: 'persistent subset' };
    const persistent = one('persistent');
    return { all, persistent, resamples: params.resamples, thresholds, separationHandling: params.separation, ridgePenalty: params.ridgePenalty, ciMethod: params.ciMethod, sentence: `${all.sentence} ${persistent.sentence}` };
  },
  headline: (out) => {
    const model = (m: ModelMetrics) => ({
      auc: { value: m.auc.value, ci_low: m.auc.ci_low, ci_high: m.auc.ci_high, ci_method: m.aucCiMethod ?? 'delong', ...(m.aucCiMethod === 'bootstrap-patients' ? { delong_ci_low: m.aucDelong.ci_low, delong_ci_high: m.aucDelong.ci_high } : {}) },
      brier: { ...m.brier, ci_method: 'patients' },
      calibration_intercept: m.calibrationIntercept,
      calibration_slope: m.calibrationSlope,
      net_benefit: out.thresholds.map((threshold, k) => ({ threshold, value: m.netBenefit[k]! })),
      net_benefit_unit: m.netBenefitUnit ?? 'windows',
    });
    const fit = (f: FitReport) => ({ fit: f.method, penalty: f.penalty, separation: f.separation, coefficients: Object.fromEntries(f.coefficients.map((c) => [c.term, c.estimate])) });
    const diff = (c: PairedComparison) => ({
      auc: { ...c.auc, ci_method: 'patients' },
      brier: { ...c.brier, ci_method: 'patients' },
      delong_z: c.delong.z,
      delong_p: c.delong.p,
    });
    const block = (s: SubsetBaselines) => ({
      n_test: s.n,
      patients: s.patients,
      svm: model(s.models.svm),
      logistic_regression: { ...model(s.models.lr), ...fit(s.fits.lr) },
      present_grade: { ...model(s.models.presentGrade), ...fit(s.fits.presentGrade) },
      lr_minus_svm: diff(s.comparisons.lr),
      present_grade_minus_svm: diff(s.comparisons.presentGrade),
      refer_all_net_benefit: out.thresholds.map((threshold, k) => ({ threshold, value: s.treatAll[k]! })),
    });
    return { baselines: { resamples: out.resamples, separation_handling: out.separationHandling, all: block(out.all), persistent: block(out.persistent), sentence: out.sentence } };
  },
  artifacts: (out, _params, inputs) => {
    // A derived feature is named by its label (the split carries the definitions; absent when the view gives no inputs).
    const derived = (inputs as Partial<typeof inputs> | undefined)?.split?.derived;
    const pct = (t: number) => `${+(t * 100).toFixed(1)}%`;
    const nbKey = (k: number) => `net_benefit_${k + 1}`;
    const nbHeaders = Object.fromEntries(out.thresholds.map((t, k) => [nbKey(k), `Net benefit at ${pct(t)}`]));
    // The tables' one rule for an estimate with its CI (format.ts).
    const ci = (c: ValueCi) => withCi(c);
    // A net benefit of −1e-17 (rounding) is 0, not "-0.0000".
    const nb = (x: number) => fixed(Math.abs(x) < 5e-5 ? 0 : x, 4);
    const fitNote = (s: SubsetBaselines, k: Compared) => {
      const f = s.fits[k];
      if (f.method === 'maximum likelihood') return 'maximum likelihood';
      if (f.method === 'ridge') return `ridge, λ = ${f.penalty} (separation: ${f.separation})`;
      return `not estimable (separation: ${f.separation})`;
    };
    const problems = SUBSETS.flatMap((s) =>
      [...BASELINE_MODELS.flatMap((k) => out[s].models[k].problems.filter((p) => p !== 'not estimable').map((p) => `${subsetLabel(s)}, ${BASELINE_LABELS[k]}: ${p}`)), ...COMPARED.flatMap((k) => out[s].comparisons[k].problems.filter((p) => p !== 'not estimable').map((p) => `${subsetLabel(s)}, ${BASELINE_LABELS[k]} − SVM: ${p}`))],
    );
    return [
      tableArtifact(
        'baseline_models',
        SUBSETS.flatMap((s) => [
          ...BASELINE_MODELS.map((k) => {
            const m = out[s].models[k];
            return {
              subset: subsetLabel(s),
              model: BASELINE_LABELS[k],
              fit: k === 'svm' ? 'Platt sigmoid on internal CV' : fitNote(out[s], k),
              auc: m.estimable ? ci(m.auc) : 'not estimable',
              brier: m.estimable ? ci(m.brier) : 'not estimable',
              calibration_intercept: f3(m.calibrationIntercept),
              calibration_slope: f3(m.calibrationSlope),
              ...Object.fromEntries(out.thresholds.map((_, j) => [nbKey(j), nb(m.netBenefit[j]!)])),
            };
          }),
          { subset: subsetLabel(s), model: 'Refer all (reference)', fit: '', auc: '', brier: '', calibration_intercept: '', calibration_slope: '', ...Object.fromEntries(out.thresholds.map((_, j) => [nbKey(j), nb(out[s].treatAll[j]!)])) },
        ]),
        ['subset', 'model', 'fit', 'auc', 'brier', 'calibration_intercept', 'calibration_slope', ...out.thresholds.map((_, k) => nbKey(k))],
        {
          caption: `The SVM beside two baselines fitted on the same training part, on the test part of each subset: AUC of the probability of recovery with ${out.ciMethod === 'patients' ? `a patient-level bootstrap 95% CI (the same ${out.resamples} resamples of test patients as the Brier score; DeLong's CI in the manifest)` : "DeLong's 95% CI"}; Brier score with a patient-level bootstrap 95% CI (${out.resamples} resamples of test patients); calibration intercept (slope fixed at 1; ideal 0) and slope (ideal 1); net benefit of early referral of ${out.ciMethod === 'patients' ? 'patients (one prediction per patient: its last test window)' : 'windows (each test window counted; a patient with several windows counts several times)'} whose risk of not recovering is at or above each threshold (refer none: 0). Logistic regression uses the SVM's standardized features; the present-grade model is a logistic model on the present grade alone. On separation (no maximum-likelihood estimate): ${out.separationHandling === 'ridge' ? `a ridge refit with λ = ${out.ridgePenalty} on the standardized predictors` : 'reported as not estimable'}${problems.length ? `. ${problems.join('. ')}` : ''}`,
          headers: { subset: 'Subset', model: 'Model', fit: 'Fit', auc: 'AUC (95% CI)', brier: 'Brier score (95% CI)', calibration_intercept: 'Calibration intercept', calibration_slope: 'Calibration slope', ...nbHeaders },
        },
      ),
      tableArtifact(
        'baseline_differences',
        SUBSETS.flatMap((s) =>
          COMPARED.map((k) => {
            const c = out[s].comparisons[k];
            const ok = out[s].models[k].estimable;
            return {
              subset: subsetLabel(s),
              comparison: `${BASELINE_LABELS[k]} − SVM`,
              auc_difference: ok ? ci(c.auc) : 'not estimable',
              delong_z: ok ? fixed(c.delong.z, 3) : '',
              delong_p: ok ? formatP(c.delong.p) : '',
              brier_difference: ok ? ci(c.brier) : 'not estimable',
              resamples_used: ok ? c.auc.used : '',
            };
          }),
        ),
        ['subset', 'comparison', 'auc_difference', 'delong_z', 'delong_p', 'brier_difference', 'resamples_used'],
        {
          caption: `Paired differences to the SVM on the same test windows: AUC and Brier score of the baseline minus the SVM's, with percentile 95% CIs from ${out.resamples} bootstrap resamples of test patients (each resample draws patients with replacement, all their windows along, and scores both models on the same rows); resamples_used: those holding both outcomes. Paired DeLong test of the two AUCs (two-sided). A negative Brier difference means the baseline's probabilities are closer to the outcomes. ${out.sentence}`,
          headers: { subset: 'Subset', comparison: 'Comparison', auc_difference: 'AUC difference (95% CI)', delong_z: 'DeLong z', delong_p: 'DeLong p', brier_difference: 'Brier difference (95% CI)', resamples_used: 'Resamples used' },
        },
      ),
      tableArtifact(
        'baseline_lr_coefficients',
        SUBSETS.flatMap((s) =>
          COMPARED.flatMap((k) =>
            out[s].fits[k].coefficients.map((c) => ({
              subset: subsetLabel(s),
              model: BASELINE_LABELS[k],
              term: c.term === '(intercept)' ? 'Intercept' : c.term === 'present grade' ? 'Present grade (per grade)' : featureLabelOf(c.term, derived),
              estimate: Number.isNaN(c.estimate) ? 'aliased' : c.estimate.toFixed(4),
              odds_ratio: c.term === '(intercept)' || Number.isNaN(c.estimate) ? '' : Math.exp(c.estimate).toPrecision(3),
              fit: fitNote(out[s], k),
            })),
          ),
        ),
        ['subset', 'model', 'term', 'estimate', 'odds_ratio', 'fit'],
        {
          caption: `Coefficients of the baseline models (log odds of recovery): logistic regression per SD of each standardized feature (training-part scaling, as the SVM's), the present-grade model per grade${SUBSETS.flatMap((s) => (out[s].fits.lr.aliased.length ? [`. ${subsetLabel(s)}: left out ${out[s].fits.lr.aliased.join(', ')}`] : [])).join('')}`,
          headers: { subset: 'Subset', model: 'Model', term: 'Term', estimate: 'Coefficient', odds_ratio: 'Odds ratio', fit: 'Fit' },
        },
      ),
      // The per-window predictions the numbers above were computed from, for re-analysis: CSV
      // only, with the file's ids (as classification-eval's svm_predictions_<subset>).
      ...SUBSETS.flatMap((s) => {
        const t = out[s].testRows;
        if (!t) return [];
        const p = out[s].predictions;
        // A model that is not estimable predicts NaN: an empty cell, not the text "NaN".
        const num = (x: number | undefined) => (Number.isFinite(x) ? x : null);
        return [
          tableArtifact(
            `baseline_predictions_${s}`,
            t.patients.map((id, i) => ({ patient_id: id, window: t.windows[i], label: t.actual[i], svm: t.svm[i], lr: num(p.lr[i]), present_grade: num(p.presentGrade[i]) })),
            ['patient_id', 'window', 'label', 'svm', 'lr', 'present_grade'],
            {
              caption: `The SVM and its baselines on the test part, ${subsetLabel(s).toLowerCase()}: one row per window (window: the window's number within its patient${out.ciMethod === 'patients' ? "; net benefit counts each patient's last test window, the highest number" : ''}); label 1 = recovered; probability of recovery of the SVM (Platt), the logistic regression and the present-grade model (empty where not estimable). ${FILE_IDS_NOTE}`,
              markdown: false,
              latex: false,
              preview: false,
              untrustedText: true,
            },
          ),
        ];
      }),
    ];
  },
});
