import { z } from 'zod';
import { decisionCurves } from '../figures/decision-curve';
import { defineCell } from '../notebook/define-cell';
import { mmToPx } from '../figures/theme';
import { decisionCurveText } from './figure-texts';
import { decisionCurve, thresholdGrid, type DecisionCurvePoint } from '../stats/decision-curve';
import { tableArtifact } from '../tables/table-artifact';
import type { ClassificationEvalOutput } from './classification-eval';
import { lastWindowPerPatient, SUBSETS, subsetLabel, type Subset } from './test-resamples';

export const svmDecisionCurveParamsSchema = z
  .object({
    /** Threshold probabilities of not recovering at which a clinician would refer early. */
    thresholdFrom: z.number().gt(0).lt(1).default(0.01),
    thresholdTo: z.number().gt(0).lt(1).default(0.6),
    /** Spacing of the thresholds: at least 0.001, so at most 1000 thresholds per curve. */
    thresholdStep: z.number().min(0.001, 'at least 0.001: a finer step draws more than 1000 thresholds per curve').lt(0.5).default(0.01),
    /**
     * What one decision counts: `windows` (the paper: every test window, a patient with several
     * windows counted several times) or `patients` (one prediction per patient, the patient's last
     * test window). Both curves are computed; this one heads the figure and the manifest.
     */
    unit: z.enum(['windows', 'patients']).default('windows'),
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

/**
 * `all` / `persistent`: per window (every test window counted). `perPatient`: one prediction per
 * patient, the last test window (absent when the evaluation carries no patient ids). `unit`
 * says which heads the figure and the manifest.
 */
export type SvmDecisionCurveOutput = Record<Subset, SubsetDecisionCurve> & { perPatient?: Record<Subset, SubsetDecisionCurve>; unit?: 'windows' | 'patients' };

/** The curves that head the figure and manifest: per patient when `unit` is `patients` and they exist. */
export function headingCurves(out: SvmDecisionCurveOutput): { unit: 'windows' | 'patients' } & Record<Subset, SubsetDecisionCurve> {
  return out.unit === 'patients' && out.perPatient ? { unit: 'patients', ...out.perPatient } : { unit: 'windows', all: out.all, persistent: out.persistent };
}

const LAST_WINDOW = "one prediction per patient: the patient's last test window";

/** Thresholds shown in the table: every 0.05 inside the computed range. */
const TABLE_STEP = 0.05;
const onTableGrid = (d: DecisionCurvePoint) => Math.abs(d.threshold / TABLE_STEP - Math.round(d.threshold / TABLE_STEP)) < 1e-9;

/**
 * Decision curve for the clinically actionable event, not recovering (a patient one would refer
 * early): the SVM's risk of not recovering is 1 − its probability of recovery; net benefit
 * against referring all and referring none.
 */
export const svmDecisionCurve = defineCell<{ evaluation: ClassificationEvalOutput }, SvmDecisionCurveParams, SvmDecisionCurveOutput>({
  kind: 'svm-decision-curve',
  // 2: net benefit per patient (last test window) beside per window; `unit` picks the heading one.
  version: 2,
  title: 'Decision curve: early referral of patients not expected to recover',
  description: 'Net benefit of referring early the test windows whose predicted risk of not recovering is at or above a threshold, against referring all and referring none.',
  inputs: { evaluation: ['classification-eval'] },
  params: svmDecisionCurveParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const thresholds = thresholdGrid(params.thresholdFrom, params.thresholdTo, params.thresholdStep);
    const one = (subset: Subset, perPatient = false): SubsetDecisionCurve => {
      const e = inputs.evaluation[subset];
      const rows = perPatient ? lastWindowPerPatient(e.predictions.patients, e.predictions.windows) : e.predictions.actual.map((_, i) => i);
      const events = rows.map((r) => 1 - e.predictions.actual[r]!);
      const risk = rows.map((r) => 1 - e.scores.probability[r]!);
      const points = decisionCurve(events, risk, thresholds);
      const useful = points.filter((d) => d.model > Math.max(d.treatAll, d.treatNone) + 1e-12);
      return { n: events.length, notRecovered: events.reduce((s, v) => s + v, 0), points, usefulFrom: useful[0]?.threshold ?? null, usefulTo: useful.at(-1)?.threshold ?? null };
    };
    yield { fraction: 0.5 };
    const hasPatients = SUBSETS.every((s) => inputs.evaluation[s].predictions.patients?.length === inputs.evaluation[s].predictions.actual.length && inputs.evaluation[s].predictions.windows?.length === inputs.evaluation[s].predictions.actual.length);
    if (params.unit === 'patients' && !hasPatients) throw new Error('net benefit per patient needs the patient id and window number of every test window');
    return { all: one('all'), persistent: one('persistent'), ...(hasPatients ? { perPatient: { all: one('all', true), persistent: one('persistent', true) } } : {}), unit: params.unit };
  },
  headline: (out) => {
    const block = (c: SubsetDecisionCurve) => ({
      n: c.n,
      not_recovered: c.notRecovered,
      useful_from: c.usefulFrom,
      useful_to: c.usefulTo,
      points: c.points.filter(onTableGrid).map((d) => ({ threshold: d.threshold, model: d.model, treat_all: d.treatAll })),
    });
    const head = headingCurves(out);
    const subset = (s: Subset) => ({
      test: {
        net_benefit: {
          unit: head.unit,
          ...(head.unit === 'patients' ? { selection: LAST_WINDOW } : {}),
          ...block(head[s]),
          per_window: block(out[s]),
          ...(out.perPatient ? { per_patient: { selection: LAST_WINDOW, ...block(out.perPatient[s]) } } : {}),
        },
      },
    });
    return { svm: { all: subset('all'), persistent: subset('persistent') } };
  },
  artifacts: (out) => [
    {
      type: 'figure',
      name: 'svm-decision-curve',
      caption: headingCurves(out).unit === 'patients'
        ? `Decision curves for early referral of patients predicted not to recover, on the test part, per subset, per patient (${LAST_WINDOW}): net benefit of the SVM against referring every patient and referring none, across threshold probabilities of not recovering.`
        : `Decision curves for early referral of patients predicted not to recover, on the test part, per subset, per window (every test window counted, a patient with several windows several times): net benefit of the SVM against referring every window and referring none, across threshold probabilities of not recovering.`,
      widthMm: 183,
      widthPx: Math.round(mmToPx(183)),
      ...decisionCurveText({ ...out, ...headingCurves(out) }),
      render: (document, o) =>
        decisionCurves(
          SUBSETS.map((s) => {
            const c = headingCurves(out);
            return { subset: `${subsetLabel(s)} (${c[s].n} ${c.unit}, ${c[s].notRecovered} not recovered)`, points: c[s].points, eventRate: c[s].notRecovered / c[s].n };
          }),
          { document, ...o },
        ) as unknown as Element,
    },
    tableArtifact(
      'svm_decision_curve',
      (['windows', 'patients'] as const).flatMap((unit) =>
        SUBSETS.flatMap((s) => {
          const c = unit === 'windows' ? out[s] : out.perPatient?.[s];
          return (c?.points ?? []).filter(onTableGrid).map((d) => ({ subset: subsetLabel(s), unit: unit === 'windows' ? 'per window' : 'per patient (last window)', threshold: d.threshold.toFixed(2), net_benefit_model: d.model.toFixed(4), net_benefit_refer_all: d.treatAll.toFixed(4), referred: d.tp + d.fp, true_positives: d.tp, false_positives: d.fp }));
        }),
      ),
      ['subset', 'unit', 'threshold', 'net_benefit_model', 'net_benefit_refer_all', 'referred', 'true_positives', 'false_positives'],
      {
        headers: { subset: 'Subset', unit: 'Counted', threshold: 'Threshold probability', net_benefit_model: 'Net benefit, model', net_benefit_refer_all: 'Net benefit, refer all', referred: 'Referred, n', true_positives: 'True positives, n', false_positives: 'False positives, n' },
        caption: `Decision curve on the test part, event = not recovered (referring all vs none: none has net benefit 0), per window (every test window counted)${out.perPatient ? ` and per patient (${LAST_WINDOW})` : ''}; the ${headingCurves(out).unit === 'patients' ? 'per-patient' : 'per-window'} curve heads the figure and the manifest. The model beats both over thresholds ${SUBSETS.map((s) => `${subsetLabel(s).toLowerCase()}: ${out[s].usefulFrom === null ? 'none' : `${out[s].usefulFrom.toFixed(2)}–${out[s].usefulTo!.toFixed(2)} (not necessarily every threshold between)`}`).join('; ')} per window${out.perPatient ? `; ${SUBSETS.map((s) => `${subsetLabel(s).toLowerCase()}: ${out.perPatient![s].usefulFrom === null ? 'none' : `${out.perPatient![s].usefulFrom!.toFixed(2)}–${out.perPatient![s].usefulTo!.toFixed(2)}`}`).join('; ')} per patient` : ''}`,
      },
    ),
  ],
});
