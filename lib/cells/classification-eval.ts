import { z } from 'zod';
import { libsvmOptions } from './engine-options';
import { confusionMatrices, type WindowScore } from '../figures/confusion-matrices';
import { SUBSET_LABELS } from '../features/dictionary';
import { plural } from '../report/phrases';
import { fixed, significant, withCi } from '../tables/format';
import { mmToPx } from '../figures/theme';
import { throwIfCancelled } from '../notebook/errors';
import { defineCell } from '../notebook/define-cell';
import { bootstrapCi, bootstrapIndices } from '../stats/bootstrap';
import { stratifiedFolds } from '../stats/split';
import { accuracyOf, confusionMatrix, f1Of, precisionOf, recallOf, type Confusion } from '../stats/metrics';
import { tableArtifact } from '../tables/table-artifact';
import { svmDecisionStandardized, svmLabels, svmSignedDecisionStandardized, type TrainedSvm } from '../ml/svm/trained-svm';
import type { SvmGridOutput } from './svm-grid';
import type { SvmSplitOutput } from './svm-split';

export const classificationEvalParamsSchema = z.object({
  /** Bootstrap resamples of the test part for the percentile 95% CIs. */
  resamples: z.number().int().min(100).max(20000).default(1000),
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
}

export interface SubsetEvaluation {
  subset: 'all' | 'persistent';
  C: number;
  gamma: number;
  nTest: number;
  confusion: Confusion;
  /** The model fitted on the training part: downstream cells predict with it, never refit. */
  model: TrainedSvm;
  metrics: { accuracy: MetricCi; recall: MetricCi; precision: MetricCi; f1: MetricCi };
  predictions: { actual: number[]; predicted: number[] };
  /** Per test window, aligned with `predictions`: what the ROC, calibration and decision-curve cells read. */
  scores: {
    patientIds: string[];
    /** SVM decision value; positive = recovered (scikit-learn's decision_function). */
    decision: number[];
    /** Platt-scaled probability of recovery. */
    probability: number[];
  };
  /** The sigmoid P(recovered) = 1 / (1 + exp(A · decision + B)), fitted on the training part only. */
  platt: { A: number; B: number; folds: number };
}

export interface ClassificationEvalOutput {
  all: SubsetEvaluation;
  persistent: SubsetEvaluation;
  resamples: number;
}

/** The evaluation's per-window scores, when it carries them (SVM decision values, or probabilities). */
function windowScores(e: SubsetEvaluation): { scores?: WindowScore[]; scoreKind?: 'decision' | 'probability' } {
  const p = e.predictions as SubsetEvaluation['predictions'] & { decision_value?: number[]; probability?: number[] };
  const values = p.decision_value ?? p.probability;
  if (!values || values.length !== p.actual.length) return {};
  return { scores: values.map((score, i) => ({ actual: p.actual[i]!, score })), scoreKind: p.decision_value ? 'decision' : 'probability' };
}

const hasScores = (out: ClassificationEvalOutput) => !!windowScores(out.all).scores && !!windowScores(out.persistent).scores;

const METRICS = { accuracy: accuracyOf, recall: recallOf, precision: precisionOf, f1: f1Of } as const;

/**
 * Classification evaluation (PIPELINE step 7): the SVM with the selected parameters, fit on the
 * training part and evaluated on the test part; every metric with a percentile bootstrap 95% CI.
 */
export const classificationEval = defineCell<{ split: SvmSplitOutput; grid: SvmGridOutput }, ClassificationEvalParams, ClassificationEvalOutput>({
  kind: 'classification-eval',
  // 2: predictions through the serialized model (equal labels; the model is in the output).
  // 3: decision values and Platt-scaled probabilities of recovery for every test window.
  version: 3,
  title: 'Classification on the test part',
  description: 'Fits the selected SVM on the training part and reports the confusion matrix, accuracy, recall, precision and F1 on the test part, with bootstrap 95% CIs; decision values and Platt-scaled probabilities of recovery (sigmoid fitted by internal cross-validation on the training part) for every test window.',
  describe: (p) => `Fits the selected SVM (${p.engine}) on the training part and reports the confusion matrix, accuracy, recall, precision and F1 on the test part, with percentile 95% CIs from ${plural(p.resamples, 'bootstrap resample')}; decision values and Platt-scaled probabilities of recovery for every test window.`,
  inputs: { split: ['svm-split'], grid: ['svm-grid'] },
  params: classificationEvalParamsSchema,
  evaluates: 'svm',
  heavy: true,
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
      const plattSeed = ctx.rng.fork(`platt:${subset}`).nextUint32();
      const platt = fitPlatt(engine, Xtrain, ytrain, { C, gamma }, stratifiedFolds(ytrain, params.plattFolds, plattSeed));
      model.probability = { A: platt.sigmoid.A, B: platt.sigmoid.B };
      const decision = svmSignedDecisionStandardized(model, Xtest);
      const probability = Array.from(sigmoidProbability(platt.sigmoid, decision));
      const actual = s.test.map((i) => s.y[i]!);
      const indices = bootstrapIndices(actual.length, params.resamples, ctx.rng.fork(`bootstrap:${subset}`));
      const metric = (fn: (c: Confusion) => number): MetricCi => {
        const ci = bootstrapCi((rows) => fn(confusionMatrix(Array.from(rows, (r) => actual[r]!), Array.from(rows, (r) => predicted[r]!))), { n: actual.length, indices });
        return { value: ci.estimate, ci_low: ci.lower, ci_high: ci.upper };
      };
      return {
        subset,
        C,
        gamma,
        nTest: actual.length,
        confusion: confusionMatrix(actual, predicted),
        model,
        metrics: { accuracy: metric(METRICS.accuracy), recall: metric(METRICS.recall), precision: metric(METRICS.precision), f1: metric(METRICS.f1) },
        predictions: { actual, predicted },
        scores: { patientIds: s.test.map((i) => s.patientIds[i]!), decision: Array.from(decision), probability },
        platt: { A: platt.sigmoid.A, B: platt.sigmoid.B, folds: platt.folds },
      };
    };
    yield { fraction: 0.1, message: 'all subjects' };
    const all = evaluate('all');
    throwIfCancelled(ctx.signal);
    yield { fraction: 0.55, message: 'persistent subset' };
    const persistent = evaluate('persistent');
    return { all, persistent, resamples: params.resamples };
  },
  headline: (out) => ({
    svm: {
      all: { test: out.all.metrics, confusion: out.all.confusion },
      persistent: { test: out.persistent.metrics, confusion: out.persistent.confusion },
    },
  }),
  artifacts: (out, params) => {
    const label = (s: 'all' | 'persistent') => SUBSET_LABELS[s];
    const names = { accuracy: 'Accuracy', recall: 'Recall', precision: 'Precision', f1: 'F1' } as const;
    const selected = (s: 'all' | 'persistent') => `${label(s).toLowerCase()}: C = ${significant(out[s].C)}, γ = ${significant(out[s].gamma)}`;
    return [
      {
        type: 'figure',
        name: 'fig4-classification',
        widthMm: 183,
        widthPx: Math.round(mmToPx(183)),
        caption: `Fig. 4. RBF-SVM classification of recovery (grade ≤ II at the outcome visit) on the test part of each subset (${selected('all')}; ${selected('persistent')}): ${hasScores(out) ? 'prediction scores of the test windows by actual class and ' : ''}confusion matrices with accuracy, recall, precision and F1 (95% CI from ${plural(out.resamples ?? params.resamples, 'bootstrap resample')}).`,
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
                caption: (['accuracy', 'recall', 'precision', 'f1'] as const).map((m) => `${names[m]} ${withCi(e.metrics[m])}`),
                ...windowScores(e),
              };
            }),
            { document, ...o },
          ) as unknown as Element,
      },
      tableArtifact(
        'classification_metrics',
        (['all', 'persistent'] as const).flatMap((s) =>
          (['accuracy', 'recall', 'precision', 'f1'] as const).map((m) => ({
            subset: label(s),
            metric: names[m],
            value: fixed(out[s].metrics[m].value, 3),
            ci_low: fixed(out[s].metrics[m].ci_low, 3),
            ci_high: fixed(out[s].metrics[m].ci_high, 3),
          })),
        ),
        ['subset', 'metric', 'value', 'ci_low', 'ci_high'],
        {
          caption: `SVM classification on the test part: estimates with percentile 95% CIs from ${plural(out.resamples ?? params.resamples, 'bootstrap resample')}`,
          headers: { subset: 'Subset', metric: 'Metric', value: 'Estimate', ci_low: '95% CI, lower', ci_high: '95% CI, upper' },
        },
      ),
      ...(['all', 'persistent'] as const).map((s) =>
        tableArtifact(
          `svm_predictions_${s}`,
          out[s].scores.patientIds.map((id, i) => ({ patient_id: id, label: out[s].predictions.actual[i], decision_value: out[s].scores.decision[i], probability: out[s].scores.probability[i] })),
          ['patient_id', 'label', 'decision_value', 'probability'],
          {
            caption: `SVM on the test part, ${label(s).toLowerCase()}: one row per window; label 1 = recovered; decision value > 0 predicts recovery; probability of recovery by Platt scaling (A = ${out[s].platt.A.toFixed(3)}, B = ${out[s].platt.B.toFixed(3)}, ${out[s].platt.folds}-fold internal CV on the training part)`,
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
