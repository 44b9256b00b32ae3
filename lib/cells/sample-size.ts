import { z } from 'zod';
import { sampleSizeBars } from '../figures/sample-size';
import { defineCell } from '../notebook/define-cell';
import { mmToPx } from '../figures/theme';
import { sampleSizeText } from './figure-texts';
import { rileyBinary, type SampleSizeResult } from '../stats/sample-size';
import { tableArtifact } from '../tables/table-artifact';
import type { ValidationWarning } from '../validation/warnings';
import type { SvmSplitOutput } from './svm-split';
import { SUBSETS, subsetLabel, type Subset } from './test-resamples';

export const sampleSizeParamsSchema = z.object({
  /** Anticipated C statistic (AUC) of the model, e.g. from earlier work; converted to R² (Cox–Snell). */
  anticipatedCstatistic: z.number().gt(0.5).lt(1).default(0.8),
  /** Anticipated R² (Cox–Snell); when given, used instead of the C statistic. */
  anticipatedRsquaredCs: z.number().gt(0).lt(1).optional(),
  /** Candidate predictor parameters; default: the split's non-constant features. */
  parameters: z.number().int().min(1).max(500).optional(),
  shrinkage: z.number().gt(0).lt(1).default(0.9),
  /** Largest accepted optimism in Nagelkerke's R². */
  optimism: z.number().gt(0).lt(0.5).default(0.05),
});
export type SampleSizeParams = z.infer<typeof sampleSizeParamsSchema>;

export interface SubsetSampleSize {
  result: SampleSizeResult;
  /** Share of windows (whole subset) not recovered: the outcome prevalence used. */
  prevalence: number;
  available: { patients: number; windows: number; notRecovered: number; recovered: number };
  /** The rarer outcome's windows in the training part per candidate parameter. */
  eventsPerParameter: number;
  /** The reader's verdict: required patients against the training part's patients. */
  verdict: SampleSizeVerdict;
}

export interface SampleSizeVerdict {
  required: number;
  available: number;
  /** Available patients reach the required number. */
  enough: boolean;
  /** "758 patients required, 239 available: likely overfitted" (or "…: enough"). */
  text: string;
}

/** The verdict a reader needs: Riley's required patients against the patients available for fitting. */
export function sampleSizeVerdict(required: number, available: number): SampleSizeVerdict {
  const enough = available >= required;
  return { required, available, enough, text: `${required} patients required, ${available} available: ${enough ? 'enough' : 'likely overfitted'}` };
}

export type SampleSizeOutput = Record<Subset, SubsetSampleSize> & {
  parameters: number;
  parameterSource: 'features' | 'given';
  anticipatedCstatistic: number | null;
  /** One per subset whose training part has fewer patients than required (shown in a read-with-care box). */
  warnings: ValidationWarning[];
};

const CRITERIA = ['1: shrinkage', '2: optimism in R²', '3: overall risk ± 0.05'] as const;

/** The figure's bars: each criterion's required patients and the largest, per subset. */
const sampleSizeBarsOf = (out: SampleSizeOutput) =>
  SUBSETS.flatMap((s) => [
    ...out[s].result.criteria.map((c, k) => ({ subset: subsetLabel(s), criterion: `Criterion ${CRITERIA[k]}`, n: c.n })),
    { subset: subsetLabel(s), criterion: 'Required (largest)', n: out[s].result.final.n },
  ]);
/** The figure's rules: patients and windows of the training part, per subset. */
const sampleSizeAvailableOf = (out: SampleSizeOutput) => SUBSETS.map((s) => ({ subset: subsetLabel(s), patients: out[s].available.patients, windows: out[s].available.windows }));

/**
 * Is there enough data to develop this model? Riley et al.'s minimum sample size for a binary
 * outcome (pmsampsize), from the subset's prevalence, the number of candidate parameters and an
 * anticipated C statistic or R², against what the training part has. Computed before any model
 * is fitted.
 */
export const sampleSize = defineCell<{ split: SvmSplitOutput }, SampleSizeParams, SampleSizeOutput>({
  kind: 'sample-size',
  version: 2,
  title: 'Sample size: enough data for this model?',
  description: "Riley et al.'s minimum sample size (pmsampsize criteria: shrinkage, optimism in R², precise overall risk) from the prevalence, the candidate parameters and an anticipated C statistic, against the patients and windows of the training part.",
  inputs: { split: ['svm-split'] },
  params: sampleSizeParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const s0 = inputs.split.all;
    const parameterSource = params.parameters === undefined ? 'features' : 'given';
    const parameters = params.parameters ?? s0.features.length - s0.constantFeatures.length;
    const one = (subset: Subset): SubsetSampleSize => {
      const s = inputs.split[subset];
      const notRecovered = s.y.filter((y) => y === 0).length;
      const prevalence = notRecovered / s.y.length;
      const result = rileyBinary({
        prevalence,
        parameters,
        ...(params.anticipatedRsquaredCs !== undefined ? { rsquaredCs: params.anticipatedRsquaredCs } : { cstatistic: params.anticipatedCstatistic }),
        shrinkage: params.shrinkage,
        optimism: params.optimism,
      });
      const trainY = s.train.map((i) => s.y[i]!);
      const trainNot = trainY.filter((y) => y === 0).length;
      const patients = new Set(s.train.map((i) => s.patientIds[i]!)).size;
      return {
        result,
        prevalence,
        available: { patients, windows: s.train.length, notRecovered: trainNot, recovered: trainY.length - trainNot },
        eventsPerParameter: Math.min(trainNot, trainY.length - trainNot) / parameters,
        verdict: sampleSizeVerdict(result.final.n, patients),
      };
    };
    yield { fraction: 0.5 };
    const all = one('all'), persistent = one('persistent');
    const warnings: ValidationWarning[] = SUBSETS.filter((s) => !(s === 'all' ? all : persistent).verdict.enough).map((s) => {
      const v = (s === 'all' ? all : persistent).verdict;
      return {
        code: 'few-patients',
        message: `${subsetLabel(s)}: ${v.text}. The training part has ${v.available} of the ${v.required} patients Riley et al.'s criteria ask for (${parameters} candidate parameters), so expect the fitted model to be more optimistic on these data than on new patients; read its test-part figures with that in mind.`,
      };
    });
    return { all, persistent, parameters, parameterSource, anticipatedCstatistic: params.anticipatedRsquaredCs === undefined ? params.anticipatedCstatistic : null, warnings };
  },
  headline: (out) => {
    const block = (s: Subset) => ({
      required: out[s].result.final.n,
      criteria: out[s].result.criteria.map((c) => c.n),
      available_patients: out[s].available.patients,
      available_windows: out[s].available.windows,
      events_per_parameter: out[s].eventsPerParameter,
      rsquared_cs: out[s].result.rsquaredCs,
      prevalence: out[s].prevalence,
      verdict: out[s].verdict.text,
      enough: out[s].verdict.enough,
    });
    return {
      sample_size: { parameters: out.parameters, all: block('all'), persistent: block('persistent') },
      ...(out.warnings.length ? { warnings: { sample_size: out.warnings.map((w) => w.message) } } : {}),
    };
  },
  artifacts: (out) => [
    {
      type: 'figure',
      name: 'sample-size',
      caption: `Minimum sample size (Riley et al.; pmsampsize criteria 1–3) for ${out.parameters} candidate parameters${out.anticipatedCstatistic !== null ? ` and an anticipated C statistic of ${out.anticipatedCstatistic}` : ''}, per subset, against the patients and windows of the training part. ${SUBSETS.map((s) => `${subsetLabel(s)}: ${out[s].verdict.text}`).join('. ')}.`,
      widthMm: 183,
      widthPx: Math.round(mmToPx(183)),
      ...sampleSizeText(out, sampleSizeBarsOf(out), sampleSizeAvailableOf(out)),
      render: (document, o) => sampleSizeBars(sampleSizeBarsOf(out), sampleSizeAvailableOf(out), { document, ...o }) as unknown as Element,
    },
    tableArtifact(
      'sample_size',
      SUBSETS.map((s) => {
        const r = out[s].result;
        return {
          subset: subsetLabel(s),
          prevalence_not_recovered: out[s].prevalence.toFixed(3),
          rsquared_cs: r.rsquaredCs.toFixed(4),
          criterion_1: r.criteria[0].n,
          criterion_2: r.criteria[1].n,
          criterion_3: r.criteria[2].n,
          required: r.final.n,
          required_events_per_parameter: r.final.epp.toFixed(2),
          available_patients: out[s].available.patients,
          available_windows: out[s].available.windows,
          available_events_per_parameter: out[s].eventsPerParameter.toFixed(2),
          verdict: out[s].verdict.enough ? 'enough' : 'likely overfitted',
        };
      }),
      ['subset', 'prevalence_not_recovered', 'rsquared_cs', 'criterion_1', 'criterion_2', 'criterion_3', 'required', 'required_events_per_parameter', 'available_patients', 'available_windows', 'available_events_per_parameter', 'verdict'],
      {
        headers: {
          subset: 'Subset',
          prevalence_not_recovered: 'Prevalence (not recovered)',
          rsquared_cs: 'R² (Cox–Snell)',
          criterion_1: 'Criterion 1, n',
          criterion_2: 'Criterion 2, n',
          criterion_3: 'Criterion 3, n',
          required: 'Required, n',
          required_events_per_parameter: 'Required events per parameter',
          available_patients: 'Available patients',
          available_windows: 'Available windows',
          available_events_per_parameter: 'Available events per parameter',
          verdict: 'Verdict (patients)',
        },
        caption: `Minimum sample size (Riley et al.; pmsampsize method) for ${out.parameters} candidate parameters (${out.parameterSource === 'features' ? 'the non-constant features of the split' : 'as given'}), R² (Cox–Snell) ${out.anticipatedCstatistic !== null ? `from the anticipated C statistic ${out.anticipatedCstatistic} (two-normal approximation, Riley et al. 2022)` : 'as anticipated'}, shrinkage ${out.all.result.criteria[0].shrinkage}. The criteria were derived for regression models; for a kernel SVM the feature count is a lower bound on its effective complexity, so the required numbers are too. Required counts are patients; windows of one patient are not independent, so the patients of the training part are the number to compare. Events per parameter available: the rarer outcome's training windows per parameter. Verdict: ${SUBSETS.map((s) => `${subsetLabel(s)}, ${out[s].verdict.text}`).join('; ')}`,
      },
    ),
  ],
});
