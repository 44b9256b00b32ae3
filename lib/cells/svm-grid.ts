import { z } from 'zod';
import { libsvmOptions } from './engine-options';
import { gridHeatmap } from '../figures/grid-heatmap';
import { PAPER_PICKS, logSpace } from '../ml/svm/default-grid';
import type { GridBest, GridCell } from '../ml/svm/grid-search';
import { defineCell } from '../notebook/define-cell';
import { tableArtifact } from '../tables/table-artifact';
import type { SubsetSplit, SvmSplitOutput } from './svm-split';

export const svmGridParamsSchema = z.object({
  /** Log-spaced values of C in [cMin, cMax] and of γ in [gammaMin, gammaMax] (PIPELINE step 5). */
  cMin: z.number().positive().default(0.01),
  cMax: z.number().positive().default(30),
  gammaMin: z.number().positive().default(0.001),
  gammaMax: z.number().positive().default(10),
  size: z.number().int().min(1).max(40).default(15),
  /** Add the paper's picks (C = 2.7, 5.6; γ = 0.09) to the grid. */
  includePaperPicks: z.boolean().default(true),
  /** `libsvm` matches scikit-learn; `ml-svm` is the pure-JS alternative (slower, differs at small C). */
  engine: z.enum(['libsvm', 'ml-svm']).default('libsvm'),
});
export type SvmGridParams = z.infer<typeof svmGridParamsSchema>;

export interface SubsetGrid {
  subset: 'all' | 'persistent';
  cells: GridCell[];
  best: GridBest;
  folds: number;
}

export interface SvmGridOutput {
  all: SubsetGrid;
  persistent: SubsetGrid;
  engine: string;
}

/** The grid of PIPELINE step 5: log-spaced values plus the paper's picks, sorted and unique. */
export function buildGrid(p: SvmGridParams): { C: number[]; gamma: number[] } {
  const uniq = (xs: number[]) => [...new Set(xs.map((x) => +x.toPrecision(12)))].sort((a, b) => a - b);
  return {
    C: uniq([...logSpace(p.cMin, p.cMax, p.size), ...(p.includePaperPicks ? PAPER_PICKS.C : [])]),
    gamma: uniq([...logSpace(p.gammaMin, p.gammaMax, p.size), ...(p.includePaperPicks ? PAPER_PICKS.gamma : [])]),
  };
}

const trainPart = (s: SubsetSplit) => ({ X: s.train.map((i) => s.X[i]!), y: s.train.map((i) => s.y[i]!) });

/**
 * RBF-SVM hyperparameter grid (PIPELINE step 5): 5-fold stratified CV accuracy on the training
 * part at every (C, γ), selection by mean accuracy (ties: smaller C, then smaller γ).
 * Runs one γ at a time, so the heat map fills in as it goes and cancel is honoured between slices.
 */
export const svmGrid = defineCell<{ split: SvmSplitOutput }, SvmGridParams, SvmGridOutput>({
  kind: 'svm-grid',
  version: 1,
  title: 'Hyperparameter grid (RBF SVM)',
  description: 'Cross-validates an RBF SVM at every (C, γ) of the grid on the training part and picks the pair with the best mean accuracy.',
  inputs: { split: ['svm-split'] },
  params: svmGridParamsSchema,
  heavy: true,
  async *run(inputs, params, ctx) {
    const [{ getEngine }, { gridSearch, selectBest }] = await Promise.all([import('../ml/svm/engines'), import('../ml/svm/grid-search')]);
    const engine = await getEngine(params.engine, libsvmOptions(ctx.env));
    const grid = buildGrid(params);
    const subsets = ['all', 'persistent'] as const;
    const total = subsets.length * grid.gamma.length;
    const out: Partial<Record<'all' | 'persistent', SubsetGrid>> = {};
    let done = 0;
    for (const subset of subsets) {
      const { X, y } = trainPart(inputs.split[subset]);
      const folds = inputs.split[subset].folds;
      const cells: GridCell[] = [];
      for (const gamma of grid.gamma) {
        if (ctx.signal.aborted) throw new DOMException('cancelled', 'AbortError');
        const slice = await gridSearch(X, y, folds, { C: grid.C, gamma: [gamma] }, engine, { signal: ctx.signal });
        cells.push(...slice.cells);
        done++;
        yield {
          fraction: done / total,
          message: `${subset}: γ ${done - (subset === 'all' ? 0 : grid.gamma.length)} of ${grid.gamma.length}`,
          metrics: { subset, cells: slice.cells.map((c) => ({ C: c.C, gamma: c.gamma, mean: c.mean })) },
        };
      }
      out[subset] = { subset, cells, best: selectBest(cells), folds: Math.max(...folds) + 1 };
    }
    return { all: out.all!, persistent: out.persistent!, engine: engine.name };
  },
  headline: (out) => ({
    svm: {
      engine: out.engine,
      all: { best: out.all.best },
      persistent: { best: out.persistent.best },
    },
  }),
  artifacts: (out) => {
    const k = out.all.folds;
    const foldCols = Array.from({ length: k }, (_, f) => `fold${f + 1}`);
    return [
      tableArtifact(
        'grid_cv',
        out.all.cells.map((c) => ({ C: c.C, gamma: c.gamma, mean_cv_accuracy: c.mean, ...Object.fromEntries(c.foldAccuracy.map((a, f) => [`fold${f + 1}`, a])) })),
        ['C', 'gamma', 'mean_cv_accuracy', ...foldCols],
        { markdown: false, latex: false, preview: false },
      ),
      tableArtifact(
        'grid_cv_persistent',
        out.persistent.cells.map((c) => ({ C: c.C, gamma: c.gamma, mean_cv_accuracy: c.mean, ...Object.fromEntries(c.foldAccuracy.map((a, f) => [`fold${f + 1}`, a])) })),
        ['C', 'gamma', 'mean_cv_accuracy', ...foldCols],
        { markdown: false, latex: false, preview: false },
      ),
      tableArtifact(
        'suppl_table4',
        (['all', 'persistent'] as const).map((s) => ({ subset: s === 'all' ? 'All subjects' : 'Persistent subset', C: out[s].best.C, gamma: out[s].best.gamma, mean_cv_accuracy: out[s].best.cv_accuracy.toFixed(3) })),
        ['subset', 'C', 'gamma', 'mean_cv_accuracy'],
        { caption: 'Supplementary Table 4. Selected RBF-SVM hyperparameters (5-fold CV on the training part)' },
      ),
      {
        type: 'figure',
        name: 'suppl-grid-heatmap',
        widthPx: 660,
        render: (document) =>
          gridHeatmap(
            (['all', 'persistent'] as const).map((s) => ({ subset: s === 'all' ? 'All subjects' : 'Persistent subset', cells: out[s].cells, best: out[s].best })),
            { document },
          ) as unknown as Element,
      },
    ];
  },
});
