import { z } from 'zod';
import { libsvmOptions } from './engine-options';
import { importanceBars } from '../figures/importance-bars';
import { featureLabel, featureList } from '../features/dictionary';
import { plural } from '../report/phrases';
import { fixed, significant } from '../tables/format';
import { mmToPx } from '../figures/theme';
import { throwIfCancelled } from '../notebook/errors';
import { defineCell } from '../notebook/define-cell';
import { tableArtifact } from '../tables/table-artifact';
import type { SvmGridOutput } from './svm-grid';
import type { SvmSplitOutput } from './svm-split';

export const importanceParamsSchema = z.object({
  /** Permutations per feature (the paper: 100). */
  repeats: z.number().int().min(1).max(2000).default(100),
  subset: z.enum(['all', 'persistent']).default('all'),
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
  description: 'Fits the selected SVM on all samples and measures how much accuracy drops when each feature is shuffled.',
  describe: (p) => `Fits the selected SVM on all samples of ${p.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'} and measures how much accuracy drops when each feature is shuffled (${plural(p.repeats, 'permutation')} per feature).`,
  inputs: { split: ['svm-split'], grid: ['svm-grid'] },
  params: importanceParamsSchema,
  heavy: true,
  async *run(inputs, params, ctx) {
    const [{ getEngine }, { permutationImportance }] = await Promise.all([import('../ml/svm/engines'), import('../ml/importance')]);
    const engine = await getEngine(params.engine, libsvmOptions(ctx.env));
    const data = inputs.split[params.subset];
    const { C, gamma } = inputs.grid[params.subset].best;
    yield { fraction: 0.05, message: `fitting SVM (C = ${C}, γ = ${gamma}) on ${data.X.length} samples` };
    const model = engine.fit(data.X, data.y, { C, gamma });
    let rbf;
    try {
      rbf = model.rbf();
    } finally {
      model.free();
    }
    throwIfCancelled(ctx.signal);
    yield { fraction: 0.2, message: `permuting ${data.features.length} features × ${params.repeats}` };
    const result = permutationImportance(rbf, data.X, data.y, { nRepeats: params.repeats, rng: ctx.rng.fork(`importance:${params.subset}`) });
    const positive = result.features.reduce((s, f) => s + Math.max(0, f.mean), 0);
    const scale = positive > 0 ? 100 / positive : 0;
    const rows = result.features
      .map((f) => ({ feature: data.features[f.feature]!, mean: f.mean, sd: f.sd, percent: f.mean * scale, sd_percent: f.sd * scale }))
      .sort((a, b) => b.percent - a.percent);
    return { subset: params.subset, baseline: result.baseline, repeats: params.repeats, C, gamma, rows, skipped: result.skipped.map((j) => data.features[j]!) };
  },
  headline: (out) => ({
    importance: { [out.subset]: out.rows.map((r) => ({ feature: r.feature, mean: r.mean, sd: r.sd, percent: r.percent })), [`${out.subset}_skipped`]: out.skipped },
  }),
  artifacts: (out) => [
    {
      type: 'figure',
      name: 'fig3-importance',
      widthMm: 89,
      widthPx: Math.round(mmToPx(89)),
      caption: `Fig. 3. Permutation importance of each feature for the RBF SVM (C = ${significant(out.C)}, γ = ${significant(out.gamma)}) fitted on all samples of ${out.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'}: mean drop in accuracy as a share of the total, ± 1 SD over ${plural(out.repeats, 'permutation')} per feature (baseline accuracy ${fixed(out.baseline, 3)}).${out.skipped.length ? ` Not permuted (constant): ${featureList(out.skipped)}.` : ''}`,
      render: (document, o) => importanceBars(out.rows.map((r) => ({ feature: r.feature, percent: r.percent, sdPercent: r.sd_percent })), { document, ...o, repeats: out.repeats }) as unknown as Element,
    },
    tableArtifact(
      'fig3_importance',
      out.rows.map((r) => ({ feature: featureLabel(r.feature), mean_accuracy_drop: fixed(r.mean, 4), sd: fixed(r.sd, 4), percent: fixed(r.percent, 1), sd_percent: fixed(r.sd_percent, 1) })),
      ['feature', 'mean_accuracy_drop', 'sd', 'percent', 'sd_percent'],
      {
        caption: `Permutation importance (${plural(out.repeats, 'permutation')} per feature; baseline accuracy ${fixed(out.baseline, 3)})${out.skipped.length ? `; not permuted (constant): ${featureList(out.skipped)}` : ''}`,
        headers: { feature: 'Feature', mean_accuracy_drop: 'Mean drop in accuracy', sd: 'SD', percent: 'Share of total (%)', sd_percent: 'SD of share (%)' },
      },
    ),
  ],
});
