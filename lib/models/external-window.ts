/**
 * Validation of a window-level model file (SVM, logistic regression, LSTM) on patients it never
 * saw, without refitting it (issue #25): another clinic's file (the external-validation notebook)
 * or the temporal validation set of the training file (the paper notebook). Both go through
 * `validateWindowModel`, so the two report the same statistics the same way.
 *
 * Classifiers are judged per patient: each patient once, at its last window (the latest present
 * visit of the early period), so every CI is a patient-level CI and no patient counts more than
 * once. Reported: discrimination (AUC with DeLong's CI), calibration (calibration-in-the-large
 * with the slope fixed at 1, the joint intercept and slope, Brier, ICI/E50/E90/Emax, the LOWESS
 * curve with its band; bootstrap CIs over patients), observed/expected, net benefit of referring
 * the patients at risk of not recovering against refer-all and refer-none, Riley et al. 2021's
 * validation sample size, and two updated models (intercept and logistic recalibration).
 *
 * The LSTM is judged on every regression sample (window × later visit) with CIs over patients:
 * MAE and RMSE beside the last grade carried forward and a linear model refitted on this cohort
 * (patient-grouped 5-fold cross-fitting, so the baseline is not scored on rows it was fitted to),
 * and the paired differences in absolute error.
 */
import { decisionCurve, type DecisionCurvePoint } from '../stats/decision-curve';
import { bootstrapIndices } from '../stats/bootstrap';
import { calibrationSummary, type CalibrationSummary } from '../stats/calibration-summary';
import { clusterBootstrapCi, clusterBootstrapIndices, pairedDifferenceCi, rowsByGroup } from '../stats/cluster-bootstrap';
import { delongAuc } from '../stats/delong';
import { mean, sd } from '../stats/descriptive';
import type { Rng } from '../stats/random';
import { rileyValidationBinary, type ValidationSampleSizeResult } from '../stats/validation-sample-size';
import { fitLinearBaseline, locfBaseline } from '../ml/lstm/baselines';
import type { Patient } from '../data/types';
import type { DerivedFeatureDefinition } from '../features/derived';
import type { ClassificationSample, RegressionSample } from '../windows/windowing';
import { modelWindows, recalibratedClassifier, SVM_CANNOT_PREDICT, type LogisticModelFile, type SvmModelFile, type WindowModelFile } from './model-file';
import { classifierProbabilities } from './predict';
import { outsideDevelopmentRange, windowCaseMix, type WindowCaseMix } from './window-case-mix';

type ClassifierFile = SvmModelFile | LogisticModelFile;
type Flagged<T> = T & { persistent: number };

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

interface Common {
  modelKind: WindowModelFile['kind'];
  subset: 'all' | 'persistent';
  /** What one row of the statistics is, in words. */
  unit: string;
  development: WindowCaseMix | null;
  external: WindowCaseMix;
  /** Patients with a feature outside the development range (null: the file has no development summary). */
  outsideRange: { patients: number; share: number; byFeature: { feature: string; patients: number }[] } | null;
  /** The file's derived features (their labels name them in the case mix); absent when it has none. */
  derived?: DerivedFeatureDefinition[];
  /** Patients of the file that gave no prediction, by reason. */
  notPredicted: { reason: string; patients: number }[];
  resamples: number;
}

export type SampleSizeCheck = { result: ValidationSampleSizeResult; available: number; adequate: boolean; assumptions: string } | { result: null; problem: string };

export interface ClassifierValidation extends Common {
  kind: 'classifier';
  windows: number;
  patients: number;
  recovered: number;
  auc: Estimate | null;
  aucProblem: string | null;
  calibration: CalibrationSummary;
  observedExpected: number;
  /** Net benefit for the event "not recovered" (risk 1 − P(recovered)). */
  netBenefit: DecisionCurvePoint[];
  sampleSize: SampleSizeCheck;
  updated: { intercept: ClassifierFile | null; logistic: ClassifierFile | null; problem: string | null };
  /** One row per patient (numbered, no identifiers): the input to the R reference. */
  points: { p: number; y: 0 | 1 }[];
}

export interface ErrorSummary {
  mae: Estimate;
  rmse: Estimate;
}

export interface PairedComparison {
  baseline: 'carried forward' | 'linear';
  /** Mean of |LSTM error| − |baseline error|: below 0 favours the LSTM. */
  difference: Estimate;
  /** Share of resamples in which the LSTM's MAE is the higher. */
  shareWorse: number;
}

export interface LstmValidation extends Common {
  kind: 'lstm';
  samples: number;
  patients: number;
  errors: { lstm: ErrorSummary; carriedForward: ErrorSummary; linear: ErrorSummary };
  paired: PairedComparison[];
  linearFit: { folds: number; note: string };
  rows: { day: number; actual: number; lstm: number; carried_forward: number; linear: number }[];
}

export type WindowValidation = ClassifierValidation | LstmValidation;

/** The rows of a model's subset: every window, or those of the persistent subset. */
function inSubset<T extends { persistent: number }>(f: WindowModelFile, rows: readonly T[]): T[] {
  return f.subset === 'persistent' ? rows.filter((s) => s.persistent === 1) : [...rows];
}

function countReasons(skipped: readonly { patient_id: string; reason: string }[]): { reason: string; patients: number }[] {
  const by = new Map<string, Set<string>>();
  for (const s of skipped) {
    const set = by.get(s.reason) ?? new Set<string>();
    set.add(s.patient_id);
    by.set(s.reason, set);
  }
  return [...by].map(([reason, ids]) => ({ reason, patients: ids.size })).sort((a, b) => b.patients - a.patients);
}

/** Each patient's last window (highest window number), in first-appearance order. */
function lastWindowRows<T extends { patient_id: string; window: number }>(rows: readonly T[]): T[] {
  const last = new Map<string, T>();
  for (const r of rows) {
    const k = last.get(r.patient_id);
    if (!k || r.window >= k.window) last.set(r.patient_id, r);
  }
  return [...last.values()];
}

const thresholds = Array.from({ length: 19 }, (_, k) => Math.round((0.05 + k * 0.025) * 1000) / 1000);

/** A classifier on classification windows: patient-level discrimination, calibration, net benefit, sample size, updates. */
export function validateClassifier(f: ClassifierFile, windows: readonly Flagged<ClassificationSample>[], rng: Rng, data: { sha256: string }, resamples: number, skipped: readonly { patient_id: string; reason: string }[] = []): ClassifierValidation {
  if (f.kind === 'svm' && !f.predicts) throw new Error(SVM_CANNOT_PREDICT);
  const all = inSubset(f, windows);
  const rows = lastWindowRows(all);
  const subsetWord = f.subset === 'persistent' ? ' of the persistent subset (not recovered by the end of the early period)' : '';
  if (rows.length === 0) throw new Error(`no window${subsetWord} in these data to predict${skipped.length ? ` (${countReasons(skipped).map((r) => `${r.patients}: ${r.reason}`).join('; ')})` : ''}`);
  const names = f.features.map((x) => x.name);
  const p = classifierProbabilities(f, rows.map((s) => names.map((n) => (s as unknown as Record<string, number>)[n]!)));
  const y = rows.map((s) => (s.label === 1 ? 1 : 0)) as (0 | 1)[];
  const n = rows.length;
  const sets = bootstrapIndices(n, resamples, rng.fork('calibration'));
  const calibration = calibrationSummary(y, p, sets, Math.min(10, Math.max(2, Math.floor(n / 20))));
  let auc: Estimate | null = null;
  let aucProblem: string | null = null;
  try {
    const d = delongAuc(y, p);
    auc = { value: d.auc, low: d.ciLow, high: d.ciHigh };
  } catch (err) {
    aucProblem = (err as Error).message;
  }
  const recovered = y.filter((v) => v === 1).length;
  const base = recovered / n;
  const lp = p.map((v) => Math.log(v / (1 - v)));
  let sampleSize: SampleSizeCheck;
  const lpSd = n > 1 ? sd(lp) : NaN;
  if (!(auc && auc.value > 0.5 && auc.value < 1) || !(base > 0 && base < 1) || !(lpSd > 0)) {
    sampleSize = { result: null, problem: 'the criteria need an outcome rate strictly between 0 and 1, an AUC above 0.5 and below 1, and a spread of predictions; these data do not give them' };
  } else {
    try {
      const result = rileyValidationBinary({ prevalence: base, cstatistic: auc.value, lp: { kind: 'normal', mean: mean(lp), sd: lpSd } }, rng.fork('sample size'));
      sampleSize = { result, available: n, adequate: n >= result.final.n, assumptions: `outcome rate ${base.toFixed(3)}, C statistic ${auc.value.toFixed(3)}, linear predictor normal(${mean(lp).toFixed(2)}, ${lpSd.toFixed(2)}) as observed here; CI widths 0.2 (O/E), 0.2 (slope), 0.1 (C)` };
    } catch (err) {
      sampleSize = { result: null, problem: (err as Error).message };
    }
  }
  const citl = calibration.stats.intercept.value;
  const slope = calibration.stats.slope.value;
  const jointA = calibration.stats.intercept_joint.value;
  let problem: string | null = null;
  let logistic: ClassifierFile | null = null;
  if (!Number.isFinite(citl)) problem = `no recalibration can be fitted: ${calibration.problems.join('; ') || 'calibration-in-the-large is not estimable'}`;
  else if (!Number.isFinite(slope) || !(slope > 0)) problem = `the fitted recalibration slope is ${Number.isFinite(slope) ? slope.toFixed(3) : 'not estimable'} (not above 0): rescaling by it would reverse the model's ranking, so no logistic update is offered`;
  else logistic = recalibratedClassifier(f, jointA, slope, 'logistic', { sha256: data.sha256, patients: n });
  const development = f.development ?? null;
  return {
    kind: 'classifier',
    modelKind: f.kind,
    subset: f.subset,
    unit: `patients, each at its last window${subsetWord}`,
    development,
    external: windowCaseMix(all, names),
    outsideRange: outsideDevelopmentRange(development, all),
    ...(f.derived?.length ? { derived: f.derived } : {}),
    notPredicted: countReasons(skipped),
    resamples,
    windows: all.length,
    patients: n,
    recovered,
    auc,
    aucProblem,
    calibration,
    observedExpected: base / mean(p),
    netBenefit: decisionCurve(
      y.map((v) => 1 - v),
      p.map((v) => 1 - v),
      thresholds,
    ),
    sampleSize,
    updated: { intercept: Number.isFinite(citl) ? recalibratedClassifier(f, citl, 1, 'intercept', { sha256: data.sha256, patients: n }) : null, logistic, problem },
    points: p.map((v, i) => ({ p: v, y: y[i]! })),
  };
}

/** Patient-grouped K-fold cross-fitted predictions of the linear baseline (each row predicted by a fit without its patient). */
function crossFittedLinear(rows: readonly RegressionSample[], statics: readonly string[], folds: number): Float64Array {
  const { rows: byPatient } = rowsByGroup(rows.map((r) => r.patient_id));
  const fold = new Int32Array(rows.length);
  // Patients in first-appearance order dealt round-robin: deterministic, no RNG needed.
  byPatient.forEach((idx, g) => idx.forEach((i) => (fold[i] = g % folds)));
  const out = new Float64Array(rows.length);
  for (let k = 0; k < folds; k++) {
    const train = rows.filter((_, i) => fold[i] !== k);
    const testIdx = rows.flatMap((_, i) => (fold[i] === k ? [i] : []));
    if (!testIdx.length) continue;
    const fit = fitLinearBaseline(train, statics);
    const yHat = fit.predict(testIdx.map((i) => rows[i]!));
    testIdx.forEach((i, j) => (out[i] = yHat[j]!));
  }
  return out;
}

/** An LSTM on regression samples: MAE/RMSE with patient-level CIs beside two baselines refitted here, paired. */
export async function validateLstm(f: Extract<WindowModelFile, { kind: 'lstm' }>, samples: readonly Flagged<RegressionSample>[], rng: Rng, resamples: number, skipped: readonly { patient_id: string; reason: string }[] = []): Promise<LstmValidation> {
  const rows = inSubset(f, samples);
  const patients = new Set(rows.map((r) => r.patient_id)).size;
  if (patients < 5) throw new Error(`${rows.length} regression samples from ${patients} patients${f.subset === 'persistent' ? ' of the persistent subset' : ''}: at least 5 patients are needed to refit the linear baseline by patient-grouped cross-fitting`);
  const { predictWithTrainedLstm } = await import('../ml/lstm/trained-lstm');
  const { trainedLstmOf } = await import('./model-file');
  const yHat = predictWithTrainedLstm(trainedLstmOf(f), rows);
  const folds = 5;
  // Built-in static features and derived ones (modelWindows computed those from the file's definitions).
  const statics = f.encoding.staticFeatures;
  const linear = crossFittedLinear(rows, statics, folds);
  const locf = locfBaseline(rows);
  const y = rows.map((r) => r.SAG4);
  const indices = clusterBootstrapIndices(rows.map((r) => r.patient_id), resamples, rng.fork('patients'));
  const errorsOf = (pred: ArrayLike<number>): ErrorSummary => {
    const abs = y.map((v, i) => Math.abs(pred[i]! - v));
    const stat = (g: (rs: Int32Array | readonly number[]) => number) => {
      const ci = clusterBootstrapCi(g, { n: y.length, indices });
      return { value: ci.estimate, low: ci.lower, high: ci.upper };
    };
    return {
      mae: stat((rs) => Array.from(rs).reduce((a, r) => a + abs[r]!, 0) / rs.length),
      rmse: stat((rs) => Math.sqrt(Array.from(rs).reduce((a, r) => a + abs[r]! ** 2, 0) / rs.length)),
    };
  };
  const absOf = (pred: ArrayLike<number>) => y.map((v, i) => Math.abs(pred[i]! - v));
  const lstmAbs = absOf(yHat);
  const paired = (['carried forward', 'linear'] as const).map((baseline) => {
    const d = pairedDifferenceCi(lstmAbs, absOf(baseline === 'linear' ? linear : locf), indices);
    return { baseline, difference: { value: d.estimate, low: d.lower, high: d.upper }, shareWorse: d.shareAbove };
  });
  const development = f.development ?? null;
  return {
    kind: 'lstm',
    modelKind: 'lstm',
    subset: f.subset,
    unit: 'regression samples (window × later visit), CIs over patients',
    development,
    external: windowCaseMix(rows, statics),
    outsideRange: outsideDevelopmentRange(development, rows),
    ...(f.derived?.length ? { derived: f.derived } : {}),
    notPredicted: countReasons(skipped),
    resamples,
    samples: rows.length,
    patients,
    errors: { lstm: errorsOf(yHat), carriedForward: errorsOf(locf), linear: errorsOf(linear) },
    paired,
    linearFit: { folds, note: `the linear baseline (OLS on the window's days and grades${statics.length ? ` and ${statics.join(', ')}` : ''}) refitted on these data with ${folds}-fold cross-fitting over patients: each row is predicted by a fit that did not see its patient` },
    rows: rows.map((r, i) => ({ day: r.present_day + r.SAD4, actual: r.SAG4, lstm: yHat[i]!, carried_forward: locf[i]!, linear: linear[i]! })),
  };
}

/** Any window-level model file on a visits file: windows built as the training notebook built them. */
export async function validateWindowModel(f: WindowModelFile, patients: readonly Patient[], rng: Rng, data: { sha256: string }, resamples: number): Promise<WindowValidation> {
  const w = modelWindows(patients, f);
  if (f.kind === 'lstm') return validateLstm(f, w.regression, rng, resamples, w.skipped);
  return validateClassifier(f, w.classification, rng, data, resamples, w.skipped);
}
