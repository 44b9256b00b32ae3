import { z } from 'zod';
import { discriminationCurves } from '../figures/discrimination-curves';
import { defineCell } from '../notebook/define-cell';
import { mmToPx } from '../figures/theme';
import { discriminationText } from './figure-texts';
import { bootstrapAucCi } from '../stats/auc-bootstrap';
import { ciExcludesEstimate, ciExcludesEstimateSentence } from '../stats/ci-flag';
import { delongAuc } from '../stats/delong';
import { aucOf, precisionRecallCurve, rocCurve } from '../stats/roc';
import { ciRange } from '../tables/format';
import { tableArtifact } from '../tables/table-artifact';
import type { ClassificationEvalOutput } from './classification-eval';
import { ciMethodSchema, resampledWords, SUBSETS, subsetLabel, testResamplesBy, type Subset, type TestCiMethod } from './test-resamples';

export const svmDiscriminationParamsSchema = z.object({
  /** Bootstrap resamples of the test part for the percentile AUC CI (beside DeLong's). */
  resamples: z.number().int().min(100).max(20000).default(1000),
  /**
   * `samples` (the paper): the bootstrap draws test windows; DeLong's CI heads the manifest.
   * `patients`: the bootstrap draws patients with all their test windows, and this patient-level
   * CI heads the manifest (DeLong's treats windows as independent; it is kept beside it).
   */
  ciMethod: ciMethodSchema,
});
export type SvmDiscriminationParams = z.infer<typeof svmDiscriminationParamsSchema>;

export interface SubsetDiscrimination {
  n: number;
  recovered: number;
  auc: number;
  delong: { se: number; ci_low: number; ci_high: number };
  /** `excludesEstimate`: the percentile CI does not contain the AUC (lib/stats/ci-flag): an unstable estimate. */
  bootstrap: { ci_low: number; ci_high: number; used: number; skipped: number; excludesEstimate?: boolean };
  roc: { threshold: number; fpr: number; tpr: number }[];
  pr: { threshold: number; precision: number; recall: number }[];
  averagePrecision: number;
  prevalence: number;
  /** Why the AUC or its DeLong CI is missing (NaN), when it is. */
  problem?: string;
}

export type SvmDiscriminationOutput = Record<Subset, SubsetDiscrimination> & { resamples: number; ciMethod?: TestCiMethod };

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

/**
 * Discrimination of the SVM on the test part: how well its decision value ranks recovered above
 * not-recovered windows. AUC with DeLong's CI and a percentile bootstrap CI, ROC and
 * precision–recall curves.
 */
export const svmDiscrimination = defineCell<{ evaluation: ClassificationEvalOutput }, SvmDiscriminationParams, SvmDiscriminationOutput>({
  kind: 'svm-discrimination',
  // 2: `ciMethod` (patients resampled under `honest`); bootstrap CIs that exclude the AUC are flagged.
  version: 2,
  title: 'Discrimination: ROC and precision–recall',
  description: 'AUC of the SVM decision value on the test part with DeLong and bootstrap 95% CIs; ROC and precision–recall curves (event ranked: recovered).',
  inputs: { evaluation: ['classification-eval'] },
  params: svmDiscriminationParamsSchema,
  heavy: false,
  async *run(inputs, params, ctx) {
    const one = (subset: Subset): SubsetDiscrimination => {
      const e = inputs.evaluation[subset];
      const y = e.predictions.actual, score = e.scores.decision;
      const recovered = y.filter((v) => v === 1).length, notRecovered = y.length - recovered;
      const b = bootstrapAucCi(y, score, testResamplesBy(params.ciMethod, y.length, e.predictions.patients ?? e.scores.patientIds, params.resamples, ctx.rng, subset));
      const bootstrap = { ci_low: b.lower, ci_high: b.upper, used: b.used, skipped: b.skipped, excludesEstimate: ciExcludesEstimate(b.estimate, b.lower, b.upper) };
      if (recovered === 0 || notRecovered === 0) {
        // No pairs to rank: no AUC, no curves.
        const problem = `the test part holds ${recovered} recovered and ${notRecovered} not recovered windows: no AUC`;
        return { n: y.length, recovered, auc: NaN, delong: { se: NaN, ci_low: NaN, ci_high: NaN }, bootstrap, roc: [], pr: [], averagePrecision: NaN, prevalence: recovered / y.length, problem };
      }
      const pr = precisionRecallCurve(y, score);
      const common = { n: y.length, recovered, bootstrap, roc: rocCurve(y, score).points, pr: pr.points, averagePrecision: pr.averagePrecision, prevalence: pr.prevalence };
      if (recovered < 2 || notRecovered < 2) {
        return { ...common, auc: aucOf(y, score), delong: { se: NaN, ci_low: NaN, ci_high: NaN }, problem: `DeLong's variance needs at least 2 windows of each outcome (test part: ${recovered} recovered, ${notRecovered} not recovered)` };
      }
      const d = delongAuc(y, score);
      return { ...common, auc: d.auc, delong: { se: d.se, ci_low: d.ciLow, ci_high: d.ciHigh } };
    };
    yield { fraction: 0.2, message: 'all subjects' };
    const all = one('all');
    yield { fraction: 0.6, message: 'persistent subset' };
    return { all, persistent: one('persistent'), resamples: params.resamples, ciMethod: params.ciMethod };
  },
  headline: (out) => {
    const method = out.ciMethod ?? 'samples';
    const block = (s: Subset) => {
      const d = out[s], b = d.bootstrap;
      // Under `patients` the patient-level bootstrap heads (`ci_method: 'bootstrap-patients'`);
      // under `samples` DeLong's CI, as the paper. Both CIs are always there.
      const head = method === 'patients' ? { ci_low: b.ci_low, ci_high: b.ci_high, ci_method: 'bootstrap-patients' } : { ci_low: d.delong.ci_low, ci_high: d.delong.ci_high, ci_method: 'delong' };
      return {
        test: {
          auc: {
            value: d.auc,
            ...head,
            ci_excludes_estimate: ciExcludesEstimate(d.auc, head.ci_low, head.ci_high),
            delong_ci_low: d.delong.ci_low,
            delong_ci_high: d.delong.ci_high,
            bootstrap_ci_low: b.ci_low,
            bootstrap_ci_high: b.ci_high,
            bootstrap_ci_method: method,
            bootstrap_ci_excludes_estimate: b.excludesEstimate ?? ciExcludesEstimate(d.auc, b.ci_low, b.ci_high),
          },
          average_precision: d.averagePrecision,
        },
      };
    };
    return { svm: { all: block('all'), persistent: block('persistent') } };
  },
  artifacts: (out) => [
    {
      type: 'figure',
      name: 'svm-roc-pr',
      caption: `Discrimination of the RBF SVM on the test part: ROC curves (A, C) and precision–recall curves (B, D), per subset; AUC with DeLong's 95% CI${(out.ciMethod ?? 'samples') === 'patients' ? ' and the patient-level bootstrap 95% CI' : ''}, and a percentile CI from ${out.resamples} bootstrap resamples of the test part (${resampledWords(out.ciMethod ?? 'samples')}) in the table.${ciExcludesEstimateSentence(SUBSETS.filter((s) => out[s].bootstrap.excludesEstimate).map((s) => `the AUC of the ${subsetLabel(s).toLowerCase()}`))} The dashed line of a precision–recall panel is the share recovered.`,
      widthMm: 183,
      widthPx: Math.round(mmToPx(183)),
      ...discriminationText(out),
      render: (document, o) =>
        discriminationCurves(
          SUBSETS.map((s) => ({
            subset: `${subsetLabel(s)} (n = ${out[s].n}, ${out[s].n - out[s].recovered} not recovered)`,
            roc: out[s].roc,
            pr: out[s].pr,
            prevalence: out[s].prevalence,
            rocCaption: `AUC ${f3(out[s].auc)} (DeLong 95% CI ${ciRange(out[s].delong.ci_low, out[s].delong.ci_high)}${(out.ciMethod ?? 'samples') === 'patients' ? `; patient bootstrap ${ciRange(out[s].bootstrap.ci_low, out[s].bootstrap.ci_high)}` : ''})`,
            prCaption: `Average precision ${f3(out[s].averagePrecision)} (prevalence ${f3(out[s].prevalence)})`,
          })),
          { document, ...o },
        ) as unknown as Element,
    },
    tableArtifact(
      'svm_discrimination',
      SUBSETS.map((s) => ({
        subset: subsetLabel(s),
        n: out[s].n,
        not_recovered: out[s].n - out[s].recovered,
        auc: f3(out[s].auc),
        delong_ci: ciRange(out[s].delong.ci_low, out[s].delong.ci_high),
        bootstrap_ci: ciRange(out[s].bootstrap.ci_low, out[s].bootstrap.ci_high),
        ci_method: out.ciMethod ?? 'samples',
        ci_excludes_estimate: out[s].bootstrap.excludesEstimate ? 'yes: read with care' : 'no',
        average_precision: f3(out[s].averagePrecision),
      })),
      ['subset', 'n', 'not_recovered', 'auc', 'delong_ci', 'bootstrap_ci', 'ci_method', 'ci_excludes_estimate', 'average_precision'],
      {
        headers: { subset: 'Subset', n: 'Windows, n', not_recovered: 'Not recovered, n', auc: 'AUC', delong_ci: 'AUC 95% CI, DeLong', bootstrap_ci: 'AUC 95% CI, bootstrap', ci_method: 'Bootstrap resampled', ci_excludes_estimate: 'Bootstrap CI excludes the AUC', average_precision: 'Average precision' },
        caption: `SVM discrimination on the test part: AUC of the decision value with DeLong and percentile bootstrap 95% CIs (${out.resamples} resamples, ${resampledWords(out.ciMethod ?? 'samples')}${out.all.bootstrap.skipped + out.persistent.bootstrap.skipped ? `; resamples with one class left out: ${out.all.bootstrap.skipped} all, ${out.persistent.bootstrap.skipped} persistent` : ''}); average precision for the event "recovered"${SUBSETS.flatMap((s) => (out[s].problem ? [`. ${subsetLabel(s)}: ${out[s].problem}`] : [])).join('')}.${ciExcludesEstimateSentence(SUBSETS.filter((s) => out[s].bootstrap.excludesEstimate).map((s) => `the AUC of the ${subsetLabel(s).toLowerCase()}`))}`,
      },
    ),
  ],
});
