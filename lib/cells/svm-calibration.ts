import { z } from 'zod';
import { calibrationPlot } from '../figures/calibration-plot';
import { defineCell } from '../notebook/define-cell';
import { mmToPx } from '../figures/theme';
import { svmCalibrationText } from './figure-texts';
import { ciExcludesEstimateSentence } from '../stats/ci-flag';
import { CALIBRATION_STATS, calibrationSummary, type CalibrationStatName, type CalibrationSummary, type StatWithCi } from '../stats/calibration-summary';
import { tableArtifact } from '../tables/table-artifact';
import type { ClassificationEvalOutput } from './classification-eval';
import { ciMethodSchema, resampledWords, SUBSETS, subsetLabel, testResamplesBy, type Subset, type TestCiMethod } from './test-resamples';

export const svmCalibrationParamsSchema = z.object({
  /** Bootstrap resamples of the test part for the CIs and the band around the smoothed curve. */
  resamples: z.number().int().min(100).max(20000).default(1000),
  /** Groups (by quantile of the predicted probability) for the plotted points. */
  groups: z.number().int().min(2).max(20).default(10),
  /** `samples` (the paper): test windows resampled; `patients`: patients resampled with all their test windows (CIs and the band). */
  ciMethod: ciMethodSchema,
});
export type SvmCalibrationParams = z.infer<typeof svmCalibrationParamsSchema>;

type StatName = CalibrationStatName;
const STATS = CALIBRATION_STATS;
export type { StatWithCi };
export type SubsetCalibration = CalibrationSummary;

export type SvmCalibrationOutput = Record<Subset, SubsetCalibration> & { resamples: number; groups: number; ciMethod?: TestCiMethod };

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
/** "ICI (all subjects)", … for each statistic whose CI excludes its estimate. */
const flaggedStats = (out: SvmCalibrationOutput) => SUBSETS.flatMap((s) => STATS.filter((k) => out[s].stats[k].ci_excludes_estimate).map((k) => `${SHORT[k]} (${subsetLabel(s).toLowerCase()})`));
const SHORT: Record<StatName, string> = { intercept: 'calibration-in-the-large', intercept_joint: 'the joint intercept', slope: 'the slope', brier: 'the Brier score', ici: 'ICI', e50: 'E50', e90: 'E90', emax: 'Emax' };
// In the figure a negative number takes the typographic minus (the CSV and tables keep ASCII).
const m3 = (x: number) => f3(x).replace(/^-/, '−');
const LABELS: Record<StatName, string> = {
  intercept: 'Calibration-in-the-large (intercept with slope fixed at 1; ideal 0)',
  intercept_joint: 'Calibration intercept, joint fit with the slope (rms::val.prob Intercept; ideal 0)',
  slope: 'Calibration slope (ideal 1)',
  brier: 'Brier score',
  ici: 'ICI (mean |p − smoothed observed|)',
  e50: 'E50 (median)',
  e90: 'E90 (90th percentile)',
  emax: 'Emax (maximum)',
};

/**
 * Calibration of the SVM's Platt-scaled probabilities of recovery on the test part: calibration-
 * in-the-large (offset intercept), the joint fit's intercept and slope, Brier score, ICI / E50 / E90 / Emax (LOWESS as rms::val.prob), each with
 * a percentile bootstrap CI, and the calibration plot.
 */
export const svmCalibration = defineCell<{ evaluation: ClassificationEvalOutput }, SvmCalibrationParams, SvmCalibrationOutput>({
  kind: 'svm-calibration',
  // 3: `ciMethod` (patients resampled under `honest`); CIs that exclude their estimate are flagged.
  version: 3,
  title: 'Calibration of the SVM probabilities',
  description: 'Do the predicted probabilities of recovery match the observed shares? Calibration intercept and slope, Brier score, ICI, E50, E90, Emax with bootstrap 95% CIs, and the calibration plot.',
  inputs: { evaluation: ['classification-eval'] },
  params: svmCalibrationParamsSchema,
  heavy: false,
  async *run(inputs, params, ctx) {
    const one = (subset: Subset): SubsetCalibration => {
      const e = inputs.evaluation[subset];
      const y = e.predictions.actual, p = e.scores.probability;
      return calibrationSummary(y, p, testResamplesBy(params.ciMethod, y.length, e.predictions.patients ?? e.scores.patientIds, params.resamples, ctx.rng, subset), params.groups);
    };
    yield { fraction: 0.1, message: 'all subjects' };
    const all = one('all');
    yield { fraction: 0.55, message: 'persistent subset' };
    return { all, persistent: one('persistent'), resamples: params.resamples, groups: params.groups, ciMethod: params.ciMethod };
  },
  headline: (out) => {
    const block = (s: Subset) => {
      const m = out[s].stats;
      const ci = (x: StatWithCi) => ({ ...x, ci_method: (out.ciMethod ?? 'samples') === 'patients' ? 'bootstrap-patients' : 'bootstrap' });
      // `calibration_intercept` is kept (same numbers as `calibration_in_the_large`) for readers of
      // earlier manifests; `calibration_intercept_convention` names what it is.
      return {
        test: {
          brier: ci(m.brier),
          calibration_in_the_large: ci(m.intercept),
          calibration_intercept: ci(m.intercept),
          calibration_intercept_convention: 'offset: logit P(y) = a + logit(p), slope fixed at 1 (calibration-in-the-large)',
          calibration_intercept_joint: ci(m.intercept_joint),
          calibration_slope: ci(m.slope),
          ici: ci(m.ici),
          e50: ci(m.e50),
          e90: ci(m.e90),
          emax: ci(m.emax),
        },
      };
    };
    return { svm: { all: block('all'), persistent: block('persistent') } };
  },
  artifacts: (out) => [
    {
      type: 'figure',
      name: 'svm-calibration',
      caption: `Calibration of the SVM's Platt probabilities of recovery on the test part, per subset: a LOWESS smooth of the outcomes with its band from ${out.resamples} bootstrap resamples (${resampledWords(out.ciMethod ?? 'samples')}), grouped points with Wilson CIs, and a rug of the predictions. Calibration-in-the-large (CITL) is the intercept of a logistic model of the outcome with logit(p) as an offset, the slope fixed at 1 (ideal 0); the joint intercept and the slope are a and b of the logistic model logit P(recovered) = a + b · logit(p) (rms::val.prob's Intercept and Slope; ideal 0 and 1). ${SUBSETS.map((s) => `${subsetLabel(s)}: CITL ${f3(out[s].stats.intercept.value)}, joint intercept ${f3(out[s].stats.intercept_joint.value)}`).join('; ')}.${ciExcludesEstimateSentence(flaggedStats(out))}`,
      widthMm: 183,
      widthPx: Math.round(mmToPx(183)),
      ...svmCalibrationText(out),
      render: (document, o) =>
        calibrationPlot(
          SUBSETS.map((s) => ({
            subset: `${subsetLabel(s)} (n = ${out[s].n})`,
            curve: out[s].curve,
            groups: out[s].groups,
            predictions: out[s].predictions,
            caption: [
              `Calibration-in-the-large (slope fixed at 1) ${m3(out[s].stats.intercept.value)} (${m3(out[s].stats.intercept.ci_low)} to ${m3(out[s].stats.intercept.ci_high)})`,
              `Joint intercept ${m3(out[s].stats.intercept_joint.value)} (${m3(out[s].stats.intercept_joint.ci_low)} to ${m3(out[s].stats.intercept_joint.ci_high)})`,
              `Slope ${m3(out[s].stats.slope.value)} (${m3(out[s].stats.slope.ci_low)} to ${m3(out[s].stats.slope.ci_high)})`,
              `ICI ${m3(out[s].stats.ici.value)} · Brier ${m3(out[s].stats.brier.value)}`,
            ].join('\n'),
          })),
          { document, ...o },
        ) as unknown as Element,
    },
    tableArtifact(
      'svm_calibration',
      SUBSETS.flatMap((s) =>
        STATS.map((k) => ({ subset: subsetLabel(s), statistic: LABELS[k], value: f3(out[s].stats[k].value), ci_low: f3(out[s].stats[k].ci_low), ci_high: f3(out[s].stats[k].ci_high), resamples_used: out[s].stats[k].resamples_used, ci_method: out.ciMethod ?? 'samples', note: out[s].stats[k].ci_excludes_estimate ? 'CI excludes the estimate: unstable, read with care' : '' })),
      ),
      ['subset', 'statistic', 'value', 'ci_low', 'ci_high', 'resamples_used', 'ci_method', 'note'],
      {
        headers: { subset: 'Subset', statistic: 'Statistic', value: 'Estimate', ci_low: '95% CI, lower', ci_high: '95% CI, upper', resamples_used: 'Resamples used', ci_method: 'Bootstrap resampled', note: 'Note' },
        caption: `Calibration of the SVM's Platt-scaled probability of recovery on the test part (95% CI from ${out.resamples} bootstrap resamples, ${resampledWords(out.ciMethod ?? 'samples')}; resamples used: those where the statistic is finite, intercept and slope need both outcomes without perfect separation). Smoother: LOWESS, span 2/3, no robustness iterations (rms::val.prob)${SUBSETS.flatMap((s) => out[s].problems.map((q) => `. ${subsetLabel(s)}, ${q}`)).join('')}.${ciExcludesEstimateSentence(flaggedStats(out))}`,
      },
    ),
    tableArtifact(
      'svm_calibration_groups',
      SUBSETS.flatMap((s) => out[s].groups.map((g, k) => ({ subset: subsetLabel(s), group: k + 1, n: g.n, mean_predicted: f3(g.meanPredicted), observed: f3(g.observed), ci_low: f3(g.low), ci_high: f3(g.high) }))),
      ['subset', 'group', 'n', 'mean_predicted', 'observed', 'ci_low', 'ci_high'],
      { caption: `Calibration plot points: test windows in ${out.groups} groups by predicted probability of recovery; observed share recovered with Wilson 95% CI`, latex: false },
    ),
  ],
});
