import { z } from 'zod';
import { libsvmOptions } from './engine-options';
import { fitSigmoid } from '../ml/svm/platt';
import { rbfDecision } from '../ml/svm/rbf-model';
import { svmDecision, type TrainedSvm } from '../ml/svm/trained-svm';
import type { RbfModel } from '../ml/svm/types';
import { defineCell } from '../notebook/define-cell';
import { InputError, throwIfCancelled } from '../notebook/errors';
import { quantile } from '../stats/descriptive';
import { coverage, fitConformalBands, type ConformalBands, type ConformalRow } from '../teaching/conformal';
import { heldOutPatients, splitIds } from '../teaching/held-out';
import { plattCovariance, plattProbability, type SigmoidWithCovariance } from '../teaching/platt-interval';
import { referenceRanges, type ReferenceRanges } from '../teaching/reference-ranges';
import type { ClassificationEvalOutput } from './classification-eval';
import type { CohortInclusionOutput } from './cohort-inclusion';
import type { LstmRegressionOutput } from './lstm-regression';
import type { LstmSplitOutput } from './lstm-split';
import type { SvmGridOutput } from './svm-grid';
import type { SvmSplitOutput } from './svm-split';
import type { WindowsOutput } from './windowing';

export const teachingCalibrationParamsSchema = z.object({
  /** Nominal coverage of the grade-course band. */
  level: z.number().gt(0.5).lt(1).default(0.8),
  /** Coverage check: share of the held-out patients that calibrate in each split; the rest are checked. */
  calibrationShare: z.number().gt(0.2).lt(0.9).default(0.5),
  /** Coverage check: how many seeded calibration/check splits are averaged. */
  checkSplits: z.number().int().min(1).max(1000).default(200),
  engine: z.enum(['libsvm', 'ml-svm']).default('libsvm'),
});
export type TeachingCalibrationParams = z.infer<typeof teachingCalibrationParamsSchema>;

export interface TeachingCalibrationOutput {
  /** Platt scaling of the all-subjects SVM (decision values oriented: positive = recovered). */
  platt: SigmoidWithCovariance & { source: string };
  /** Patients neither model trained on; those with a predicted late visit calibrate the band. */
  heldOut: { patients: string[]; withVisits: string[]; rows: number };
  conformal: ConformalBands;
  /** Repeated split-conformal check: mean coverage of the other half, its 10th–90th percentile over splits, mean sizes. */
  check: { nominal: number; observed: number; range: [number, number]; splits: number; rows: number; patients: number };
  /** Day since onset the classifier's outcome-visit feature (SAD4) is fixed at for new patients. */
  followUpDay: number;
  ranges: ReferenceRanges;
  /** The calibrated probability on the SVM's test part (window level). */
  svmTest: { n: number; brier: number; accuracy: number };
  /** Names of the models the teaching views predict with. */
  models: { svm: string; lstm: string };
}

/** Decision values with "positive = recovered" whatever side libsvm put label 1 on. */
export function recoveredScore(model: Pick<RbfModel, 'labels'>, decision: ArrayLike<number>): number[] {
  const sign = model.labels[0] === 1 ? 1 : -1;
  return Array.from(decision, (d) => sign * d);
}

/**
 * What the teaching views need besides the trained models, fitted once: Platt scaling of the
 * SVM from out-of-fold decision values of its training part (the grid's CV folds, the selected
 * C and γ; no test row is used), and split-conformal bands for the LSTM's grade course from
 * patients neither model trained on (coverage checked on repeated half/half patient splits).
 */
export const teachingCalibration = defineCell<
  { cohort: CohortInclusionOutput; windows: WindowsOutput; split: SvmSplitOutput; grid: SvmGridOutput; evaluate: ClassificationEvalOutput; lstmSplit: LstmSplitOutput; lstm: LstmRegressionOutput },
  TeachingCalibrationParams,
  TeachingCalibrationOutput
>({
  kind: 'teaching-calibration',
  version: 1,
  title: 'Calibration of the teaching predictions',
  description: 'Platt-scales the SVM on out-of-fold decision values of its training part, and calibrates a split-conformal band for the LSTM course on patients neither model trained on, checking its coverage on repeated patient splits.',
  inputs: { cohort: ['cohort-inclusion'], windows: ['windowing'], split: ['svm-split'], grid: ['svm-grid'], evaluate: ['classification-eval'], lstmSplit: ['lstm-split'], lstm: ['lstm-regression'] },
  params: teachingCalibrationParamsSchema,
  heavy: true,
  async *run(inputs, params, ctx) {
    const s = inputs.split.all;
    const model: TrainedSvm = inputs.evaluate.all.model;
    const { C, gamma } = inputs.grid.all.best;
    yield { fraction: 0.05, message: 'Out-of-fold decision values' };
    let platt: TeachingCalibrationOutput['platt'];
    const oofScore = new Array<number>(s.train.length).fill(NaN);
    const { getEngine } = await import('../ml/svm/engines');
    const engine = await getEngine(params.engine, libsvmOptions(ctx.env));
    const folds = [...new Set(s.folds)].sort((a, b) => a - b);
    for (const fold of folds) {
      throwIfCancelled(ctx.signal);
      const fit = s.train.filter((_, k) => s.folds[k] !== fold);
      const held = s.train.map((row, k) => [row, k] as const).filter(([, k]) => s.folds[k] === fold);
      const fitted = engine.fit(fit.map((i) => s.X[i]!), fit.map((i) => s.y[i]!), { C, gamma });
      try {
        const rbf = fitted.rbf();
        const scores = recoveredScore(rbf, rbfDecision(rbf, held.map(([row]) => s.X[row]!)));
        held.forEach(([, k], j) => (oofScore[k] = scores[j]!));
      } finally {
        fitted.free();
      }
    }
    const trainY = s.train.map((i) => s.y[i]!);
    // The classifier's own fit (lib/ml/svm/platt.ts) on this cell's out-of-fold decision values.
    const sigmoid = fitSigmoid(oofScore, trainY);
    platt = { A: sigmoid.A, B: sigmoid.B, cov: plattCovariance(oofScore, trainY, sigmoid.A, sigmoid.B), n: oofScore.length, iterations: sigmoid.iterations, source: `fitted here on out-of-fold decision values of the training part (${folds.length}-fold CV, C = ${C}, γ = ${gamma})` };
    if (model.probability) {
      // The classifier's own Platt scaling (fitted in classification-eval on its training part)
      // takes precedence; the interval's covariance is the same objective's inverse Hessian at its
      // (A, B), on this cell's out-of-fold decision values of the same training rows.
      const { A, B } = model.probability;
      platt = { ...platt, A, B, cov: plattCovariance(oofScore, trainY, A, B), source: 'from the classifier’s output (Platt scaling by internal cross-validation on its training part)' };
    }
    yield { fraction: 0.6, message: 'Held-out patients' };

    const reg = inputs.windows.regression;
    const lstmTrain = inputs.lstmSplit.all.train.map((i) => reg[i]!.patient_id);
    const svmTrain = s.train.map((i) => s.patientIds[i]!);
    const ids = inputs.cohort.cohort.ids;
    const patients = heldOutPatients([...ids.development, ...ids.validation], svmTrain, lstmTrain);
    const held = new Set(patients);
    const rows: ConformalRow[] = [...inputs.lstm.testPredictions, ...inputs.lstm.validationPredictions]
      .filter((p) => held.has(p.patient_id))
      .map((p) => ({ patient_id: p.patient_id, horizon: p.day - p.present_day, actual: p.actual, predicted: p.predicted }));
    const withRows = [...new Set(rows.map((r) => r.patient_id))].sort();
    if (withRows.length < 10) throw new InputError(`Only ${withRows.length} held-out patients have a predicted late visit; the band needs at least 10 (use a grouped split or a larger test share).`);
    // The band is fitted on every held-out patient. Its coverage is checked by repeated split
    // conformal: calibrate on a random half of these patients, count the other half's visits
    // inside the band, over `checkSplits` seeded splits (one split of ~50 patients is too noisy
    // to judge a band by, because one patient's visits move together).
    const conformal = fitConformalBands(rows, params.level);
    const rng = ctx.rng.fork('coverage-check');
    const observed: number[] = [];
    let checkRows = 0, checkPatients = 0;
    for (let k = 0; k < params.checkSplits; k++) {
      const groups = splitIds(withRows, params.calibrationShare, rng.permutation(withRows.length));
      const calSet = new Set(groups.first);
      const checkSet = rows.filter((r) => !calSet.has(r.patient_id));
      observed.push(coverage(fitConformalBands(rows.filter((r) => calSet.has(r.patient_id)), params.level), checkSet));
      checkRows += checkSet.length;
      checkPatients += groups.second.length;
    }
    const sortedObserved = [...observed].sort((a, b) => a - b);

    const trainWindows = s.train.map((i) => inputs.windows.classification.find((w) => w.patient_id === s.patientIds[i] && w.window === s.windows[i])!);
    const outcomeDays = trainWindows.map((w) => w.present_day + w.SAD4);
    const followUpDay = Math.round(quantile(outcomeDays, 0.5));

    const testRaw = s.test.map((i) => s.raw[i]!);
    const testP = recoveredScore(model.model, svmDecision(model, testRaw)).map((f) => plattProbability(platt, f));
    const testY = s.test.map((i) => s.y[i]!);
    const brier = testP.reduce((a, p, k) => a + (p - testY[k]!) ** 2, 0) / testP.length;
    const accuracy = testP.filter((p, k) => (p >= 0.5 ? 1 : 0) === testY[k]).length / testP.length;

    return {
      platt,
      heldOut: { patients, withVisits: withRows, rows: rows.length },
      conformal,
      check: {
        nominal: params.level,
        observed: observed.reduce((a, b) => a + b, 0) / observed.length,
        range: [quantile(sortedObserved, 0.1, true), quantile(sortedObserved, 0.9, true)],
        splits: params.checkSplits,
        rows: Math.round(checkRows / params.checkSplits),
        patients: Math.round(checkPatients / params.checkSplits),
      },
      followUpDay,
      ranges: referenceRanges(trainWindows),
      svmTest: { n: testP.length, brier, accuracy },
      models: { svm: `RBF-SVM (all subjects; C = ${C}, γ = ${gamma})`, lstm: `LSTM ${inputs.lstm.model} (all subjects; ${inputs.lstm.staticFeatures.join(', ')})` },
    };
  },
  headline: (out) => ({ teaching: { platt: { A: out.platt.A, B: out.platt.B }, band: { level: out.check.nominal, coverage_check: out.check.observed, check_rows: out.check.rows } } }),
});
