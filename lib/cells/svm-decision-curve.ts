import { z } from 'zod';
import { decisionCurves } from '../figures/decision-curve';
import { defineCell } from '../notebook/define-cell';
import { mmToPx } from '../figures/theme';
import { decisionCurve, thresholdGrid, type DecisionCurvePoint } from '../stats/decision-curve';
import { tableArtifact } from '../tables/table-artifact';
import type { ClassificationEvalOutput } from './classification-eval';
import { SUBSETS, subsetLabel, type Subset } from './test-resamples';

export const svmDecisionCurveParamsSchema = z
  .object({
    /** Threshold probabilities of not recovering at which a clinician would refer early. */
    thresholdFrom: z.number().gt(0).lt(1).default(0.01),
    thresholdTo: z.number().gt(0).lt(1).default(0.6),
    /** Spacing of the thresholds: at least 0.001, so at most 1000 thresholds per curve. */
    thresholdStep: z.number().min(0.001, 'at least 0.001: a finer step draws more than 1000 thresholds per curve').lt(0.5).default(0.01),
  })
  .refine((p) => p.thresholdFrom < p.thresholdTo, { message: 'thresholdFrom must be below thresholdTo', path: ['thresholdTo'] });
export type SvmDecisionCurveParams = z.infer<typeof svmDecisionCurveParamsSchema>;

export interface SubsetDecisionCurve {
  n: number;
  notRecovered: number;
  points: DecisionCurvePoint[];
  /** Thresholds where the model's net benefit exceeds both referring all and referring none. */
  usefulFrom: number | null;
  usefulTo: number | null;
}

export type SvmDecisionCurveOutput = Record<Subset, SubsetDecisionCurve>;

/** Thresholds shown in the table: every 0.05 inside the computed range. */
const TABLE_STEP = 0.05;

/**
 * Decision curve for the clinically actionable event, not recovering (a patient one would refer
 * early): the SVM's risk of not recovering is 1 − its probability of recovery; net benefit
 * against referring all and referring none.
 */
export const svmDecisionCurve = defineCell<{ evaluation: ClassificationEvalOutput }, SvmDecisionCurveParams, SvmDecisionCurveOutput>({
  kind: 'svm-decision-curve',
  version: 1,
  title: 'Decision curve: early referral of patients not expected to recover',
  description: 'Net benefit of referring early the test windows whose predicted risk of not recovering is at or above a threshold, against referring all and referring none.',
  inputs: { evaluation: ['classification-eval'] },
  params: svmDecisionCurveParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const thresholds = thresholdGrid(params.thresholdFrom, params.thresholdTo, params.thresholdStep);
    const one = (subset: Subset): SubsetDecisionCurve => {
      const e = inputs.evaluation[subset];
      const events = e.predictions.actual.map((y) => 1 - y);
      const risk = e.scores.probability.map((p) => 1 - p);
      const points = decisionCurve(events, risk, thresholds);
      const useful = points.filter((d) => d.model > Math.max(d.treatAll, d.treatNone) + 1e-12);
      return { n: events.length, notRecovered: events.reduce((s, v) => s + v, 0), points, usefulFrom: useful[0]?.threshold ?? null, usefulTo: useful.at(-1)?.threshold ?? null };
    };
    yield { fraction: 0.5 };
    return { all: one('all'), persistent: one('persistent') };
  },
  artifacts: (out) => [
    {
      type: 'figure',
      name: 'svm-decision-curve',
      caption: 'Decision curves for early referral of patients predicted not to recover, on the test part, per subset: net benefit of the SVM against referring every window and referring none, across threshold probabilities of not recovering.',
      widthMm: 183,
      widthPx: Math.round(mmToPx(183)),
      render: (document, o) =>
        decisionCurves(
          SUBSETS.map((s) => ({ subset: `${subsetLabel(s)} (n = ${out[s].n}, ${out[s].notRecovered} not recovered)`, points: out[s].points, eventRate: out[s].notRecovered / out[s].n })),
          { document, ...o },
        ) as unknown as Element,
    },
    tableArtifact(
      'svm_decision_curve',
      SUBSETS.flatMap((s) =>
        out[s].points
          .filter((d) => Math.abs(d.threshold / TABLE_STEP - Math.round(d.threshold / TABLE_STEP)) < 1e-9)
          .map((d) => ({ subset: subsetLabel(s), threshold: d.threshold.toFixed(2), net_benefit_model: d.model.toFixed(4), net_benefit_refer_all: d.treatAll.toFixed(4), referred: d.tp + d.fp, true_positives: d.tp, false_positives: d.fp })),
      ),
      ['subset', 'threshold', 'net_benefit_model', 'net_benefit_refer_all', 'referred', 'true_positives', 'false_positives'],
      {
        headers: { subset: 'Subset', threshold: 'Threshold probability', net_benefit_model: 'Net benefit, model', net_benefit_refer_all: 'Net benefit, refer all', referred: 'Referred, n', true_positives: 'True positives, n', false_positives: 'False positives, n' },
        caption: `Decision curve on the test part, event = not recovered (referring all vs none: none has net benefit 0). The model beats both over thresholds ${SUBSETS.map((s) => `${subsetLabel(s).toLowerCase()}: ${out[s].usefulFrom === null ? 'none' : `${out[s].usefulFrom.toFixed(2)}–${out[s].usefulTo!.toFixed(2)} (not necessarily every threshold between)`}`).join('; ')}`,
      },
    ),
  ],
});
