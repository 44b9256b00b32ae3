import { z } from 'zod';
import { libsvmOptions } from './engine-options';
import { importanceBars } from '../figures/importance-bars';
import { featureLabelOf, type DerivedFeatureDefinition } from '../features/derived';
import { plural } from '../report/phrases';
import { ciRange, fixed, significant } from '../tables/format';
import { mmToPx } from '../figures/theme';
import { importanceText } from './figure-texts';
import { throwIfCancelled } from '../notebook/errors';
import { defineCell } from '../notebook/define-cell';
import { clusterBootstrapCi, clusterBootstrapIndices } from '../stats/cluster-bootstrap';
import { sd as sampleSd } from '../stats/descriptive';
import { tableArtifact } from '../tables/table-artifact';
import type { ValidationWarning } from '../validation/warnings';
import type { SvmGridOutput } from './svm-grid';
import type { SvmSplitOutput } from './svm-split';

export const importanceParamsSchema = z.object({
  /** Permutations per feature (the paper: 100). */
  repeats: z.number().int().min(1).max(2000).default(100),
  subset: z.enum(['all', 'persistent']).default('all'),
  /**
   * `all`: the paper's way, the model fit on all samples and importance measured on the same
   * samples (in-sample: it shows what the model uses, not what generalizes); `test`: fit on the
   * training part, measured on the test part, with a patient-bootstrap spread.
   */
  on: z.enum(['all', 'test']).default('all'),
  /** Patient-clustered resamples of the test part for the spread (with on: test). */
  bootstrapResamples: z.number().int().min(10).max(5000).default(200),
  engine: z.enum(['libsvm', 'ml-svm']).default('libsvm'),
});
export type ImportanceParams = z.infer<typeof importanceParamsSchema>;

export interface ImportanceRow {
  feature: string;
  /** Mean drop in accuracy over permutations. */
  mean: number;
  sd: number;
  /** Percent of the sum of positive mean importances. */
  percent: number;
  sd_percent: number;
  /** With on: test — the mean drop's patient-bootstrap 95% CI and SD (accuracy units). */
  boot?: { ci_low: number; ci_high: number; sd: number };
}

export interface ImportanceOutput {
  subset: 'all' | 'persistent';
  baseline: number;
  repeats: number;
  C: number;
  gamma: number;
  rows: ImportanceRow[];
  /** Zero-variance features (e.g. SAG1 in anchored mode): not permuted. */
  skipped: string[];
  on: 'all' | 'test';
  /** Rows the model was fit on and rows permuted. */
  nFit: number;
  nScored: number;
  warnings: ValidationWarning[];
  /** Definitions of the derived features among the split's features (their labels name them in the figure and tables). */
  derived?: DerivedFeatureDefinition[];
}

/**
 * Permutation importance (PIPELINE step 6): the RBF SVM with the selected (C, γ) is fit on all
 * samples; each feature is shuffled `repeats` times and the drop in accuracy recorded. Shown as
 * percent of the sum of positive importances, with the spread over permutations.
 */
export const permutationImportanceCell = defineCell<{ split: SvmSplitOutput; grid: SvmGridOutput }, ImportanceParams, ImportanceOutput>({
  kind: 'permutation-importance',
  version: 1,
  title: 'Permutation importance',
  description: 'Fits the selected SVM and measures how much accuracy drops when each feature is shuffled: in-sample on all samples (the paper) or on the test part with a patient-bootstrap spread.',
  describe: (p) =>
    p.on === 'test'
      ? `Fits the selected SVM on the training part of ${p.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'} and measures, on the test part, how much accuracy drops when each feature is shuffled (${plural(p.repeats, 'permutation')} per feature, a patient-bootstrap spread).`
      : `Fits the selected SVM on all samples of ${p.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'} and measures, on the same samples (in-sample, as the paper), how much accuracy drops when each feature is shuffled (${plural(p.repeats, 'permutation')} per feature).`,
  inputs: { split: ['svm-split'], grid: ['svm-grid'] },
  params: importanceParamsSchema,
  heavy: true,
  async *run(inputs, params, ctx) {
    const [{ getEngine }, { permutationImportance }] = await Promise.all([import('../ml/svm/engines'), import('../ml/importance')]);
    const engine = await getEngine(params.engine, libsvmOptions(ctx.env));
    const data = inputs.split[params.subset];
    const { C, gamma } = inputs.grid[params.subset].best;
    const fitRows = params.on === 'all' ? data.X.map((_, i) => i) : data.train;
    const scoredRows = params.on === 'all' ? fitRows : data.test;
    const Xfit = fitRows.map((i) => data.X[i]!), yfit = fitRows.map((i) => data.y[i]!);
    const Xs = scoredRows.map((i) => data.X[i]!), ys = scoredRows.map((i) => data.y[i]!);
    yield { fraction: 0.05, message: `fitting SVM (C = ${C}, γ = ${gamma}) on ${Xfit.length} samples` };
    const model = engine.fit(Xfit, yfit, { C, gamma });
    let rbf;
    try {
      rbf = model.rbf();
    } finally {
      model.free();
    }
    throwIfCancelled(ctx.signal);
    yield { fraction: 0.2, message: `permuting ${data.features.length} features × ${params.repeats}` };
    const onTest = params.on === 'test';
    const result = permutationImportance(rbf, Xs, ys, { nRepeats: params.repeats, rng: ctx.rng.fork(onTest ? `importance-test:${params.subset}` : `importance:${params.subset}`), perRow: onTest });
    const positive = result.features.reduce((s, f) => s + Math.max(0, f.mean), 0);
    const scale = positive > 0 ? 100 / positive : 0;
    // The spread over patients: each row's share of the drop averaged over clustered resamples
    // of the test part (the same permutations; see FeatureImportance.rowDrop).
    const clustered = onTest ? clusterBootstrapIndices(scoredRows.map((i) => data.patientIds[i]!), params.bootstrapResamples, ctx.rng.fork(`importance-bootstrap:${params.subset}`)) : null;
    const rows = result.features
      .map((f) => {
        const row: ImportanceRow = { feature: data.features[f.feature]!, mean: f.mean, sd: f.sd, percent: f.mean * scale, sd_percent: f.sd * scale };
        if (clustered && f.rowDrop) {
          const drops = f.rowDrop;
          const ci = clusterBootstrapCi((r) => Array.from(r).reduce((s, i) => s + drops[i]!, 0) / r.length, { n: drops.length, indices: clustered });
          row.boot = { ci_low: ci.lower, ci_high: ci.upper, sd: sampleSd(ci.replicates) };
        }
        return row;
      })
      .sort((a, b) => b.percent - a.percent);
    const warnings: ValidationWarning[] = onTest
      ? []
      : [
          {
            code: 'in-sample-importance',
            message: `Importance is measured in-sample: the SVM was fit on all ${Xfit.length} samples and scored on the same samples, so it shows what the model leans on, not what holds on new patients; set on: test to measure it on the test part with a patient-bootstrap spread.`,
          },
        ];
    return { subset: params.subset, baseline: result.baseline, repeats: params.repeats, C, gamma, rows, skipped: result.skipped.map((j) => data.features[j]!), on: params.on, nFit: Xfit.length, nScored: Xs.length, warnings, derived: inputs.split.derived ?? [] };
  },
  headline: (out) => ({
    importance: {
      [out.subset]: out.rows.map((r) => ({ feature: r.feature, mean: r.mean, sd: r.sd, percent: r.percent, ...(r.boot ? { boot_ci_low: r.boot.ci_low, boot_ci_high: r.boot.ci_high } : {}) })),
      [`${out.subset}_skipped`]: out.skipped,
      measured_on: out.on === 'all' ? 'all samples (in-sample)' : 'test part',
    },
    warnings: { importance: out.warnings.map((w) => w.message) },
  }),
  artifacts: (out) => {
    const label = (f: string) => featureLabelOf(f, out.derived);
    const featureList = (keys: readonly string[]) => keys.map(label).join(', ');
    return [
      {
        type: 'figure',
        name: 'fig3-importance',
        widthMm: 89,
        widthPx: Math.round(mmToPx(89)),
        caption: `Fig. 3. Permutation importance of each feature for the RBF SVM (C = ${significant(out.C)}, γ = ${significant(out.gamma)}) ${out.on === 'test' ? `fitted on the training part and measured on the test part of` : 'fitted and measured on all samples of'} ${out.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'}: mean drop in accuracy as a share of the total, ± 1 SD over ${plural(out.repeats, 'permutation')} per feature (baseline accuracy ${fixed(out.baseline, 3)}).${out.skipped.length ? ` Not permuted (constant): ${featureList(out.skipped)}.` : ''}`,
        ...importanceText(out, label),
        render: (document, o) => importanceBars(out.rows.map((r) => ({ feature: r.feature, percent: r.percent, sdPercent: r.sd_percent })), { document, ...o, repeats: out.repeats, label }) as unknown as Element,
      },
      tableArtifact(
        'fig3_importance',
        out.rows.map((r) => ({
          feature: label(r.feature),
          mean_accuracy_drop: fixed(r.mean, 4),
          sd: fixed(r.sd, 4),
          percent: fixed(r.percent, 1),
          sd_percent: fixed(r.sd_percent, 1),
          ...(r.boot ? { patient_bootstrap_ci: ciRange(r.boot.ci_low, r.boot.ci_high, 4) } : {}),
        })),
        ['feature', 'mean_accuracy_drop', 'sd', 'percent', 'sd_percent', ...(out.on === 'test' ? ['patient_bootstrap_ci'] : [])],
        {
          caption:
            (out.on === 'all'
              ? `Permutation importance, in-sample: fit and measured on all ${out.nFit} samples (${plural(out.repeats, 'permutation')} per feature; baseline accuracy ${fixed(out.baseline, 3)}; SD over permutations)`
              : `Permutation importance on the test part (${out.nScored} samples; model fit on the ${out.nFit} training samples; ${plural(out.repeats, 'permutation')} per feature; baseline accuracy ${fixed(out.baseline, 3)}; SD over permutations, 95% CI over patient-bootstrap resamples)`) +
            (out.skipped.length ? `; not permuted (constant): ${featureList(out.skipped)}` : ''),
          headers: { feature: 'Feature', mean_accuracy_drop: 'Mean drop in accuracy', sd: 'SD', percent: 'Share of total (%)', sd_percent: 'SD of share (%)', patient_bootstrap_ci: 'Patient-bootstrap 95% CI' },
        },
      ),
    ];
  },
});
