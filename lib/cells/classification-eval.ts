import { z } from 'zod';
import { libsvmOptions } from './engine-options';
import { confusionMatrices } from '../figures/confusion-matrices';
import { mmToPx } from '../figures/theme';
import { defineCell } from '../notebook/define-cell';
import { bootstrapCi, bootstrapIndices } from '../stats/bootstrap';
import { accuracyOf, confusionMatrix, f1Of, precisionOf, recallOf, type Confusion } from '../stats/metrics';
import { tableArtifact } from '../tables/table-artifact';
import type { SvmGridOutput } from './svm-grid';
import type { SvmSplitOutput } from './svm-split';

export const classificationEvalParamsSchema = z.object({
  /** Bootstrap resamples of the test part for the percentile 95% CIs. */
  resamples: z.number().int().min(100).max(20000).default(1000),
  engine: z.enum(['libsvm', 'ml-svm']).default('libsvm'),
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
  metrics: { accuracy: MetricCi; recall: MetricCi; precision: MetricCi; f1: MetricCi };
  predictions: { actual: number[]; predicted: number[] };
}

export interface ClassificationEvalOutput {
  all: SubsetEvaluation;
  persistent: SubsetEvaluation;
  resamples: number;
}

const METRICS = { accuracy: accuracyOf, recall: recallOf, precision: precisionOf, f1: f1Of } as const;

/**
 * Classification evaluation (PIPELINE step 7): the SVM with the selected parameters, fit on the
 * training part and evaluated on the test part; every metric with a percentile bootstrap 95% CI.
 */
export const classificationEval = defineCell<{ split: SvmSplitOutput; grid: SvmGridOutput }, ClassificationEvalParams, ClassificationEvalOutput>({
  kind: 'classification-eval',
  version: 1,
  title: 'Classification on the test part',
  description: 'Fits the selected SVM on the training part and reports the confusion matrix, accuracy, recall, precision and F1 on the test part, with bootstrap 95% CIs.',
  inputs: { split: ['svm-split'], grid: ['svm-grid'] },
  params: classificationEvalParamsSchema,
  heavy: true,
  async *run(inputs, params, ctx) {
    const { getEngine } = await import('../ml/svm/engines');
    const engine = await getEngine(params.engine, libsvmOptions(ctx.env));
    const evaluate = (subset: 'all' | 'persistent'): SubsetEvaluation => {
      const s = inputs.split[subset];
      const { C, gamma } = inputs.grid[subset].best;
      const model = engine.fit(s.train.map((i) => s.X[i]!), s.train.map((i) => s.y[i]!), { C, gamma });
      let predicted: number[];
      try {
        predicted = engine.predict(model, s.test.map((i) => s.X[i]!));
      } finally {
        model.free();
      }
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
        metrics: { accuracy: metric(METRICS.accuracy), recall: metric(METRICS.recall), precision: metric(METRICS.precision), f1: metric(METRICS.f1) },
        predictions: { actual, predicted },
      };
    };
    yield { fraction: 0.1, message: 'all subjects' };
    const all = evaluate('all');
    if (ctx.signal.aborted) throw new DOMException('cancelled', 'AbortError');
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
  artifacts: (out) => {
    const ci = (m: MetricCi) => `${m.value.toFixed(3)} (${m.ci_low.toFixed(3)}–${m.ci_high.toFixed(3)})`;
    const label = (s: 'all' | 'persistent') => (s === 'all' ? 'All subjects' : 'Persistent subset');
    return [
      {
        type: 'figure',
        name: 'fig4-classification',
        widthMm: 183,
        widthPx: Math.round(mmToPx(183)),
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
                caption: [`Accuracy ${ci(e.metrics.accuracy)}`, `Recall ${ci(e.metrics.recall)}`, `Precision ${ci(e.metrics.precision)}`, `F1 ${ci(e.metrics.f1)}`],
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
            metric: m,
            value: out[s].metrics[m].value.toFixed(3),
            ci_low: out[s].metrics[m].ci_low.toFixed(3),
            ci_high: out[s].metrics[m].ci_high.toFixed(3),
          })),
        ),
        ['subset', 'metric', 'value', 'ci_low', 'ci_high'],
        { caption: `SVM classification on the test part (95% CI from ${out.resamples} bootstrap resamples)` },
      ),
    ];
  },
});
