import { z } from 'zod';
import { libsvmOptions } from './engine-options';
import { confusionMatrices, type WindowScore } from '../figures/confusion-matrices';
import { SUBSET_LABELS } from '../features/dictionary';
import { plural } from '../report/phrases';
import { ciRange, fixed, significant } from '../tables/format';
import { mmToPx } from '../figures/theme';
import { classificationText } from './figure-texts';
import { throwIfCancelled } from '../notebook/errors';
import { defineCell } from '../notebook/define-cell';
import { binomialTestGreater } from '../stats/binomial-test';
import { ciExcludesEstimate, ciExcludesEstimateSentence } from '../stats/ci-flag';
import { lastWindowPerPatient } from './test-resamples';
import { bootstrapCi, bootstrapIndices } from '../stats/bootstrap';
import { clusterBootstrapCi, clusterBootstrapIndices } from '../stats/cluster-bootstrap';
import { stratifiedFolds, stratifiedGroupFolds } from '../stats/split';
import { accuracyOf, balancedAccuracyOf, confusionMatrix, f1Of, noInformationRateOf, npvOf, precisionOf, recallOf, specificityOf, type Confusion } from '../stats/metrics';
import { tableArtifact } from '../tables/table-artifact';
import { FILE_IDS_NOTE } from '../data/pseudonyms';
import { majorityWarning, smallClassWarnings, wideCiWarning, type ValidationWarning } from '../validation/warnings';
import { svmDecisionStandardized, svmLabels, svmSignedDecisionStandardized, type TrainedSvm } from '../ml/svm/trained-svm';
import type { SvmGridOutput } from './svm-grid';
import type { SvmSplitOutput } from './svm-split';

export const classificationEvalParamsSchema = z.object({
  /** Bootstrap resamples of the test part for the percentile 95% CIs. */
  resamples: z.number().int().min(100).max(20000).default(1000),
  /**
   * Which bootstrap heads the tables and the manifest's `ci_low`/`ci_high`: `samples`, the
   * paper's (test windows drawn independently), or `patients` (patients drawn, all their
   * windows along). Both are computed and shown.
   */
  ciMethod: z.enum(['samples', 'patients']).default('samples'),
  /** Warn when the heading 95% CI of accuracy or balanced accuracy is wider than this. */
  maxCiWidth: z.number().positive().max(1).default(0.2),
  engine: z.enum(['libsvm', 'ml-svm']).default('libsvm'),
  /**
   * Folds of the internal cross-validation on the training part that yields the decision values
   * Platt's sigmoid is fitted to (libsvm's -b 1 and scikit-learn use 5).
   */
  plattFolds: z.number().int().min(2).max(10).default(5),
});
export type ClassificationEvalParams = z.infer<typeof classificationEvalParamsSchema>;

export interface MetricCi {
  value: number;
  ci_low: number;
  ci_high: number;
  /** The percentile CI does not contain `value` (lib/stats/ci-flag): an unstable estimate. */
  ci_excludes_estimate?: boolean;
}

/** Accuracy against the no-information rate: k correct of n, one-sided exact binomial test. */
export interface AccuracyVsNir {
  correct: number;
  n: number;
  noInformationRate: number;
  pValue: number;
}

export type CiMethod = 'samples' | 'patients';

/** The metrics of the test part, each with its bootstrap CI (sklearn names; recall = sensitivity). */
export const EVAL_METRICS = {
  accuracy: accuracyOf,
  balanced_accuracy: balancedAccuracyOf,
  recall: recallOf,
  specificity: specificityOf,
  precision: precisionOf,
  npv: npvOf,
  f1: f1Of,
  no_information_rate: noInformationRateOf,
} as const;
export type EvalMetric = keyof typeof EVAL_METRICS;
export const EVAL_METRIC_LABELS: Record<EvalMetric, string> = {
  accuracy: 'Accuracy',
  balanced_accuracy: 'Balanced accuracy',
  recall: 'Recall (sensitivity)',
  specificity: 'Specificity',
  precision: 'Precision (PPV)',
  npv: 'NPV',
  f1: 'F1',
  no_information_rate: 'No-information rate',
};

export interface SubsetEvaluation {
  subset: 'all' | 'persistent';
  C: number;
  gamma: number;
  nTest: number;
  /** Distinct patients in the test part. */
  nPatients: number;
  confusion: Confusion;
  /** The model fitted on the training part: downstream cells predict with it, never refit. */
  model: TrainedSvm;
  /** Value with the CI of the heading method (`ciMethod`). */
  metrics: Record<EvalMetric, MetricCi>;
  /** Both bootstraps' CIs, [low, high]. */
  ci: Record<CiMethod, Record<EvalMetric, [number, number]>>;
  ciMethod: CiMethod;
  /** One-sided exact binomial test of accuracy against the no-information rate, per window (every test window counted). */
  accuracyVsNir: AccuracyVsNir;
  /**
   * The same test per patient: one prediction per patient, the patient's last test window (the
   * highest window number), and the no-information rate of those windows' outcomes. Heads the
   * manifest's `accuracy_vs_nir_p_value` when `ciMethod` is `patients`.
   */
  accuracyVsNirPerPatient?: AccuracyVsNir;
  predictions: { actual: number[]; predicted: number[]; patients: string[]; windows: number[] };
  /** The training part's majority label (what "always answer the majority" predicts) and the split's straddling patients. */
  trainMajorityClass: number;
  straddlingPatients: number;
  warnings: ValidationWarning[];
  /** Per test window, aligned with `predictions`: what the ROC, calibration and decision-curve cells read. */
  scores: {
    patientIds: string[];
    /** SVM decision value; positive = recovered (scikit-learn's decision_function). */
    decision: number[];
    /** Platt-scaled probability of recovery. */
    probability: number[];
  };
  /** The sigmoid P(recovered) = 1 / (1 + exp(A · decision + B)), fitted on the training part only. */
  /** Internal CV of the sigmoid fit; `grouping` follows the split (patients kept apart or not). */
  platt: { A: number; B: number; folds: number; grouping: 'windows' | 'patients' };
}

export interface ClassificationEvalOutput {
  all: SubsetEvaluation;
  persistent: SubsetEvaluation;
  resamples: number;
  ciMethod: CiMethod;
}

/** The evaluation's per-window scores for Fig. 4's panels A–B: the SVM decision values (positive = recovered). */
function windowScores(e: SubsetEvaluation): { scores?: WindowScore[]; scoreKind?: 'decision' | 'probability' } {
  const values = e.scores?.decision;
  if (!values || values.length !== e.predictions.actual.length) return {};
  return { scores: values.map((score, i) => ({ actual: e.predictions.actual[i]!, score })), scoreKind: 'decision' };
}

const hasScores = (out: ClassificationEvalOutput) => !!windowScores(out.all).scores && !!windowScores(out.persistent).scores;

/**
 * Accuracy against the no-information rate over (actual, predicted) pairs: correct of n, the
 * majority outcome's share, one-sided exact binomial p (scipy.stats.binomtest(k, n, nir,
 * alternative='greater')). The per-patient test hands one pair per patient.
 */
export function accuracyVsNirOf(pairs: readonly (readonly [number, number])[]): AccuracyVsNir {
  const n = pairs.length;
  const correct = pairs.filter(([a, p]) => a === p).length;
  const positive = pairs.filter(([a]) => a === 1).length;
  const noInformationRate = Math.max(positive, n - positive) / n;
  return { correct, n, noInformationRate, pValue: binomialTestGreater(correct, n, noInformationRate).pValue };
}

/** Which count heads the binomial test: per patient under `ciMethod: patients`, else per window. */
export const nirUnit = (e: SubsetEvaluation): 'patients' | 'windows' => (e.ciMethod === 'patients' && e.accuracyVsNirPerPatient ? 'patients' : 'windows');
const headingNir = (e: SubsetEvaluation): AccuracyVsNir => (nirUnit(e) === 'patients' ? e.accuracyVsNirPerPatient! : e.accuracyVsNir);
const nirBlock = (t: AccuracyVsNir | undefined) => (t ? { correct: t.correct, n: t.n, no_information_rate: t.noInformationRate, p_value: t.pValue } : undefined);


/**
 * Classification evaluation (PIPELINE step 7): the SVM with the selected parameters, fit on the
 * training part and evaluated on the test part; every metric with two percentile bootstrap 95%
 * CIs, windows resampled (the paper) and patients resampled (a patient's windows are not
 * independent), `ciMethod` choosing which heads the tables; accuracy is tested against the
 * no-information rate; warnings for small classes, wide CIs and no gain over the majority.
 */
export const classificationEval = defineCell<{ split: SvmSplitOutput; grid: SvmGridOutput }, ClassificationEvalParams, ClassificationEvalOutput>({
  kind: 'classification-eval',
  // 2: predictions through the serialized model (equal labels; the model is in the output).
  // 3: decision values and Platt-scaled probabilities of recovery for every test window.
  // 4: balanced accuracy, specificity, NPV, no-information rate with the binomial test, patient-clustered CIs, warnings.
  // 5: under a patient-grouped split, Platt's internal folds are grouped by patient too.
  // 6: the binomial test per patient too (last test window), heading under ciMethod = patients; CIs that exclude their estimate flagged.
  version: 6,
  title: 'Classification on the test part',
  description: 'Fits the selected SVM on the training part and reports the confusion matrix, accuracy (tested against the majority-class rate), balanced accuracy, recall, specificity, precision, NPV and F1 on the test part, with window- and patient-level bootstrap 95% CIs; decision values and Platt-scaled probabilities of recovery (sigmoid fitted by internal cross-validation on the training part) for every test window.',
  describe: (p) => `Fits the selected SVM (${p.engine}) on the training part and reports the confusion matrix, accuracy (tested against the majority-class rate), balanced accuracy, recall, specificity, precision, NPV and F1 on the test part, with percentile 95% CIs from ${plural(p.resamples, 'bootstrap resample')} (windows and patients resampled); decision values and Platt-scaled probabilities of recovery for every test window.`,
  inputs: { split: ['svm-split'], grid: ['svm-grid'] },
  params: classificationEvalParamsSchema,
  evaluates: 'svm',
  heavy: true,
  windowModel: { kind: 'svm', name: 'the SVM' },
  modelFamily: 'svm',
  async *run(inputs, params, ctx) {
    const { getEngine } = await import('../ml/svm/engines');
    const { fitPlatt, sigmoidProbability } = await import('../ml/svm/platt');
    const engine = await getEngine(params.engine, libsvmOptions(ctx.env));
    const evaluate = (subset: 'all' | 'persistent'): SubsetEvaluation => {
      const s = inputs.split[subset];
      const { C, gamma } = inputs.grid[subset].best;
      const Xtrain = s.train.map((i) => s.X[i]!), ytrain = s.train.map((i) => s.y[i]!);
      const Xtest = s.test.map((i) => s.X[i]!);
      const fitted = engine.fit(Xtrain, ytrain, { C, gamma });
      let model: TrainedSvm;
      try {
        model = { engine: engine.name, features: [...s.features], scaler: s.scaler, model: fitted.rbf() };
      } finally {
        fitted.free();
      }
      // Predictions through the serialized model, the very function a downstream cell calls,
      // so what this cell reports and what is predicted from its output agree to the bit.
      const predicted = svmLabels(model, svmDecisionStandardized(model, Xtest));
      // Platt scaling on the training part only (the test part stays unseen), with internal folds
      // drawn from this cell's own seeded stream, stratified so every fold's model sees both classes.
      // When the split keeps patients apart, so do these folds: a patient's other windows in the
      // fitting folds would make the held-out decision values look more certain than they are.
      const plattSeed = ctx.rng.fork(`platt:${subset}`).nextUint32();
      const plattFolds = s.foldGrouping === 'patients'
        ? stratifiedGroupFolds(ytrain, s.train.map((i) => s.patientIds[i]!), params.plattFolds, plattSeed)
        : stratifiedFolds(ytrain, params.plattFolds, plattSeed);
      const platt = fitPlatt(engine, Xtrain, ytrain, { C, gamma }, plattFolds);
      model.probability = { A: platt.sigmoid.A, B: platt.sigmoid.B };
      const decision = svmSignedDecisionStandardized(model, Xtest);
      const probability = Array.from(sigmoidProbability(platt.sigmoid, decision));
      const actual = s.test.map((i) => s.y[i]!);
      const patients = s.test.map((i) => s.patientIds[i]!);
      const n = actual.length;
      // The paper's resamples (rows) keep their stream; the patient-level ones have their own.
      const indices = bootstrapIndices(n, params.resamples, ctx.rng.fork(`bootstrap:${subset}`));
      const clustered = clusterBootstrapIndices(patients, params.resamples, ctx.rng.fork(`cluster-bootstrap:${subset}`));
      const at = (rows: Int32Array | readonly number[]) => confusionMatrix(Array.from(rows, (r) => actual[r]!), Array.from(rows, (r) => predicted[r]!));
      const confusion = confusionMatrix(actual, predicted);
      const ci = { samples: {}, patients: {} } as SubsetEvaluation['ci'];
      const metrics = {} as SubsetEvaluation['metrics'];
      for (const [name, fn] of Object.entries(EVAL_METRICS) as [EvalMetric, (c: Confusion) => number][]) {
        const a = bootstrapCi((rows) => fn(at(rows)), { n, indices });
        const b = clusterBootstrapCi((rows) => fn(at(rows)), { n, indices: clustered });
        ci.samples[name] = [a.lower, a.upper];
        ci.patients[name] = [b.lower, b.upper];
        const [lo, hi] = ci[params.ciMethod][name];
        metrics[name] = { value: fn(confusion), ci_low: lo, ci_high: hi, ci_excludes_estimate: ciExcludesEstimate(fn(confusion), lo, hi) };
      }
      const nir = metrics.no_information_rate.value;
      const correct = confusion.tp + confusion.tn;
      const test = binomialTestGreater(correct, n, nir);
      const perPatient = accuracyVsNirOf(lastWindowPerPatient(patients, s.test.map((i) => s.windows[i]!)).map((r) => [actual[r]!, predicted[r]!] as const));
      const heading = params.ciMethod === 'patients' ? perPatient : { correct, n, noInformationRate: nir, pValue: test.pValue };
      const where = subset === 'all' ? 'All subjects' : 'Persistent subset';
      const warnings = [
        ...smallClassWarnings({ positive: confusion.tp + confusion.fn, negative: confusion.tn + confusion.fp }, where),
        ...majorityWarning(heading.correct / heading.n, heading.noInformationRate, heading.pValue, params.ciMethod === 'patients' ? `${where} (per patient, last test window)` : where),
        ...wideCiWarning('accuracy', metrics.accuracy, params.maxCiWidth, where, n),
        ...wideCiWarning('balanced accuracy', metrics.balanced_accuracy, params.maxCiWidth, where, n),
      ];
      return {
        subset,
        C,
        gamma,
        nTest: n,
        nPatients: new Set(patients).size,
        confusion,
        metrics,
        ci,
        ciMethod: params.ciMethod,
        accuracyVsNir: { correct, n, noInformationRate: nir, pValue: test.pValue },
        accuracyVsNirPerPatient: perPatient,
        predictions: { actual, predicted, patients, windows: s.test.map((i) => s.windows[i]!) },
        trainMajorityClass: 2 * s.train.filter((i) => s.y[i] === 1).length >= s.train.length ? 1 : 0,
        straddlingPatients: s.straddlingPatients,
        model,
        warnings,
        scores: { patientIds: s.test.map((i) => s.patientIds[i]!), decision: Array.from(decision), probability },
        platt: { A: platt.sigmoid.A, B: platt.sigmoid.B, folds: platt.folds, grouping: s.foldGrouping },
      };
    };
    yield { fraction: 0.1, message: 'all subjects' };
    const all = evaluate('all');
    throwIfCancelled(ctx.signal);
    yield { fraction: 0.55, message: 'persistent subset' };
    const persistent = evaluate('persistent');
    return { all, persistent, resamples: params.resamples, ciMethod: params.ciMethod };
  },
  headline: (out) => {
    const subset = (e: SubsetEvaluation) => ({
      test: {
        ...e.metrics,
        ci_method: e.ciMethod,
        n: e.nTest,
        patients: e.nPatients,
        accuracy_vs_nir_p_value: headingNir(e).pValue,
        accuracy_vs_nir_unit: nirUnit(e),
        accuracy_vs_nir_per_window: nirBlock(e.accuracyVsNir),
        ...(e.accuracyVsNirPerPatient ? { accuracy_vs_nir_per_patient: { ...nirBlock(e.accuracyVsNirPerPatient), selection: 'one prediction per patient: the last test window' } } : {}),
      },
      test_ci: Object.fromEntries((['samples', 'patients'] as const).map((m) => [m, Object.fromEntries(Object.entries(e.ci[m]).map(([k, [lo, hi]]) => [k, { ci_low: lo, ci_high: hi }]))])),
      confusion: e.confusion,
    });
    return {
      svm: { all: subset(out.all), persistent: subset(out.persistent) },
      warnings: { classification_eval: { all: out.all.warnings.map((w) => w.message), persistent: out.persistent.warnings.map((w) => w.message) } },
    };
  },
  artifacts: (out, params) => {
    const ci = (m: MetricCi) => `${m.value.toFixed(3)} (${m.ci_low.toFixed(3)}–${m.ci_high.toFixed(3)})`;
    const range = ([lo, hi]: [number, number]) => ciRange(lo, hi);
    const label = (s: 'all' | 'persistent') => SUBSET_LABELS[s];
    const names: Record<string, string> = { accuracy: 'Accuracy', balanced_accuracy: 'Balanced accuracy', recall: 'Recall', specificity: 'Specificity', precision: 'Precision', npv: 'NPV', f1: 'F1', no_information_rate: 'No-information rate' };
    const selected = (s: 'all' | 'persistent') => `${label(s).toLowerCase()}: C = ${significant(out[s].C)}, γ = ${significant(out[s].gamma)}`;
    const methodName = (m: CiMethod) => (m === 'samples' ? 'windows resampled' : 'patients resampled');
    const other: CiMethod = out.ciMethod === 'samples' ? 'patients' : 'samples';
    return [
      {
        type: 'figure',
        name: 'fig4-classification',
        widthMm: 183,
        widthPx: Math.round(mmToPx(183)),
        caption: `Fig. 4. RBF-SVM classification of recovery (grade ≤ II at the outcome visit) on the test part of each subset (${selected('all')}; ${selected('persistent')}): ${hasScores(out) ? 'prediction scores of the test windows by actual class and ' : ''}confusion matrices with accuracy, recall, precision and F1 (95% CI from ${plural(out.resamples ?? params.resamples, 'bootstrap resample')}).`,
        ...classificationText(out),
        render: (document, o) =>
          confusionMatrices(
            (['all', 'persistent'] as const).map((s) => {
              const e = out[s];
              return {
                subset: `${label(s)} (n = ${e.nTest})`,
                tn: e.confusion.tn,
                fp: e.confusion.fp,
                fn: e.confusion.fn,
                tp: e.confusion.tp,
                // One short line per number: two panels side by side must fit a 120 mm column.
                caption: [
                  `Accuracy ${ci(e.metrics.accuracy)}`,
                  nirUnit(e) === 'patients'
                    ? `Per patient: majority rate ${e.accuracyVsNirPerPatient!.noInformationRate.toFixed(3)}, p = ${e.accuracyVsNirPerPatient!.pValue.toFixed(3)}`
                    : `Majority rate ${e.metrics.no_information_rate.value.toFixed(3)}, p = ${e.accuracyVsNir.pValue.toFixed(3)}`,
                  `Balanced acc. ${ci(e.metrics.balanced_accuracy)}`,
                  `Recall ${ci(e.metrics.recall)}`,
                  `Specificity ${ci(e.metrics.specificity)}`,
                  `Precision ${ci(e.metrics.precision)}`,
                  `NPV ${ci(e.metrics.npv)}`,
                  `F1 ${ci(e.metrics.f1)}`,
                ],
                ...windowScores(e),
              };
            }),
            { document, ...o },
          ) as unknown as Element,
      },
      tableArtifact(
        'classification_metrics',
        (['all', 'persistent'] as const).flatMap((s) =>
          (Object.keys(EVAL_METRICS) as EvalMetric[]).map((m) => ({
            subset: label(s),
            metric: names[m] ?? m,
            value: fixed(out[s].metrics[m].value, 3),
            ci_low: fixed(out[s].metrics[m].ci_low, 3),
            ci_high: fixed(out[s].metrics[m].ci_high, 3),
            [`ci_${other}`]: range(out[s].ci[other][m]),
            p_vs_nir: m === 'accuracy' ? out[s].accuracyVsNir.pValue.toFixed(4) : '',
            p_vs_nir_per_patient: m === 'accuracy' && out[s].accuracyVsNirPerPatient ? out[s].accuracyVsNirPerPatient!.pValue.toFixed(4) : '',
            note: out[s].metrics[m].ci_excludes_estimate ? 'CI excludes the estimate: unstable, read with care' : '',
          })),
        ),
        ['subset', 'metric', 'value', 'ci_low', 'ci_high', `ci_${other}`, 'p_vs_nir', 'p_vs_nir_per_patient', 'note'],
        {
          caption: `SVM classification on the test part: 95% CI from ${out.resamples} bootstrap resamples with ${methodName(out.ciMethod)} (lower, upper) and with ${methodName(other)}; p vs majority rate: one-sided exact binomial test of accuracy against the no-information rate (always answering the majority class), per window (every test window counted, ${(['all', 'persistent'] as const).map((s) => `${label(s).toLowerCase()} ${out[s].accuracyVsNir.correct}/${out[s].accuracyVsNir.n} correct`).join(', ')}) and per patient (one prediction per patient, the patient's last test window: ${(['all', 'persistent'] as const).map((s) => (out[s].accuracyVsNirPerPatient ? `${label(s).toLowerCase()} ${out[s].accuracyVsNirPerPatient!.correct}/${out[s].accuracyVsNirPerPatient!.n} correct, majority rate ${out[s].accuracyVsNirPerPatient!.noInformationRate.toFixed(3)}` : `${label(s).toLowerCase()} n/a`)).join(', ')}); the ${out.ciMethod === 'patients' ? 'per-patient' : 'per-window'} test heads the manifest${ciExcludesEstimateSentence((['all', 'persistent'] as const).flatMap((s) => (Object.keys(EVAL_METRICS) as EvalMetric[]).filter((m) => out[s].metrics[m].ci_excludes_estimate).map((m) => `${names[m] ?? m} (${label(s).toLowerCase()})`)))}`,
          headers: { subset: 'Subset', metric: 'Metric', value: 'Estimate', ci_low: '95% CI, lower', ci_high: '95% CI, upper', [`ci_${other}`]: `95% CI, ${methodName(other)}`, p_vs_nir: 'p vs majority rate, per window', p_vs_nir_per_patient: 'p vs majority rate, per patient (last window)', note: 'Note' },
        },
      ),
      ...(['all', 'persistent'] as const).map((s) =>
        tableArtifact(
          `svm_predictions_${s}`,
          out[s].scores.patientIds.map((id, i) => ({ patient_id: id, label: out[s].predictions.actual[i], decision_value: out[s].scores.decision[i], probability: out[s].scores.probability[i] })),
          ['patient_id', 'label', 'decision_value', 'probability'],
          {
            caption: `SVM on the test part, ${label(s).toLowerCase()}: one row per window; label 1 = recovered; decision value > 0 predicts recovery; probability of recovery by Platt scaling (A = ${out[s].platt.A.toFixed(3)}, B = ${out[s].platt.B.toFixed(3)}, ${out[s].platt.folds}-fold internal CV on the training part${out[s].platt.grouping === 'patients' ? ', folds grouped by patient' : ''}). ${FILE_IDS_NOTE}`,
            markdown: false,
            latex: false,
            preview: false,
            untrustedText: true,
          },
        ),
      ),
    ];
  },
});
