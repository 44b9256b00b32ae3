import { z } from 'zod';
import { libsvmOptions } from './engine-options';
import { gridHeatmap } from '../figures/grid-heatmap';
import { gridText } from './figure-texts';
import { SUBSET_LABELS } from '../features/dictionary';
import { fixed, significant } from '../tables/format';
import { mmToPx } from '../figures/theme';
import { PAPER_PICKS, logSpace } from '../ml/svm/default-grid';
import type { GridBest, GridCell } from '../ml/svm/grid-search';
import { throwIfCancelled } from '../notebook/errors';
import { defineCell } from '../notebook/define-cell';
import { sequentialTaskRunner, type TaskContext, type TaskResult } from '../notebook/tasks';
import { tableArtifact } from '../tables/table-artifact';
import { gridEdgeWarnings, type ValidationWarning } from '../validation/warnings';
import type { SubsetSplit, SvmSplitOutput } from './svm-split';

// Wider than libsvm's guide grid (C 2^-5..2^15, γ 2^-15..2^3) on standardized features.
const C_MIN = 'at least 0.00001 (1e-5): below it every fit predicts one class';
const C_MAX = 'at most 100000 (1e5): a larger C makes every fit slow to converge';
const GAMMA_MIN = 'at least 0.000001 (1e-6): below it every kernel value is practically 1';
const GAMMA_MAX = 'at most 1000: a larger γ makes the kernel see every window as unlike every other';

export const svmGridParamsSchema = z.object({
  /** Log-spaced values of C in [cMin, cMax] and of γ in [gammaMin, gammaMax] (PIPELINE step 5). */
  cMin: z.number().min(1e-5, C_MIN).max(1e5, C_MAX).default(0.01),
  cMax: z.number().min(1e-5, C_MIN).max(1e5, C_MAX).default(30),
  gammaMin: z.number().min(1e-6, GAMMA_MIN).max(1e3, GAMMA_MAX).default(0.001),
  gammaMax: z.number().min(1e-6, GAMMA_MIN).max(1e3, GAMMA_MAX).default(10),
  size: z.number().int().min(1).max(40).default(15),
  /** Add the paper's picks (C = 2.7, 5.6; γ = 0.09) to the grid. */
  includePaperPicks: z.boolean().default(true),
  /** `libsvm` matches scikit-learn; `ml-svm` is the pure-JS alternative (slower, differs at small C). */
  engine: z.enum(['libsvm', 'ml-svm']).default('libsvm'),
  /**
   * libsvm only: each fold's fit at a C starts from its fit at the previous, smaller C (alpha
   * seeding). Every fit still stops on libsvm's tolerance (maximal KKT violation < 0.001), so it
   * is as optimal as a cold start, but a held-out window near the boundary may fall on the other
   * side; false gives libsvm's (and scikit-learn's) cold-start fits exactly, more slowly.
   */
  warmStart: z.boolean().default(true),
});
export type SvmGridParams = z.infer<typeof svmGridParamsSchema>;

export interface SubsetGrid {
  subset: 'all' | 'persistent';
  cells: GridCell[];
  best: GridBest;
  folds: number;
  /** E.g. the selected C on the grid's edge. */
  warnings: ValidationWarning[];
}

export interface SvmGridOutput {
  all: SubsetGrid;
  persistent: SubsetGrid;
  engine: string;
  /** Where the features were scaled for CV (from the split). */
  scaling: 'training-part' | 'within-fold';
  foldGrouping: 'windows' | 'patients';
  /** Fits along C warm-started (alpha seeding): libsvm with `warmStart` on. */
  warmStart: boolean;
}

/** The grid of PIPELINE step 5: log-spaced values plus the paper's picks, sorted and unique. */
export function buildGrid(p: SvmGridParams): { C: number[]; gamma: number[] } {
  const uniq = (xs: number[]) => [...new Set(xs.map((x) => +x.toPrecision(12)))].sort((a, b) => a - b);
  return {
    C: uniq([...logSpace(p.cMin, p.cMax, p.size), ...(p.includePaperPicks ? PAPER_PICKS.C : [])]),
    gamma: uniq([...logSpace(p.gammaMin, p.gammaMax, p.size), ...(p.includePaperPicks ? PAPER_PICKS.gamma : [])]),
  };
}

/** The training part: standardized features (scaled once), or raw ones when each fold scales its own. */
const trainPart = (s: SubsetSplit, raw: boolean) => ({ X: s.train.map((i) => (raw ? s.raw[i]! : s.X[i]!)), y: s.train.map((i) => s.y[i]!) });

/** One γ slice of one subset's grid: every C at this γ, all folds (plain data: it may cross to another worker). */
export interface GridSliceTask {
  X: number[][];
  y: number[];
  folds: number[];
  C: number[];
  gamma: number;
  engine: SvmGridParams['engine'];
  /** Alpha seeding along C (absent: on). */
  warmStart?: boolean;
  /** false: libsvm's own fits (precomputed kernel or raw features), for benchmarks (absent: the shared kernel). */
  sharedKernel?: boolean;
  /** true: X is raw and the scaler is fitted inside each fold. */
  foldScaling?: boolean;
}
export interface GridSliceResult {
  cells: GridCell[];
  engine: string;
}

/**
 * A slice builds its kernel once (its γ) and fits every (C, fold) on sub-matrices of it. Each
 * slice is a pure function of its payload, so slices give the same cells on any thread.
 */
async function gridSlice(task: GridSliceTask, ctx: TaskContext): Promise<GridSliceResult> {
  const [{ getEngine }, { gridSearch }, { foldScaledGridSearch }] = await Promise.all([import('../ml/svm/engines'), import('../ml/svm/grid-search'), import('../ml/svm/fold-scaled-grid')]);
  const engine = await getEngine(task.engine, libsvmOptions(ctx.env));
  const search = task.foldScaling ? foldScaledGridSearch : gridSearch;
  const { cells } = await search(task.X, task.y, task.folds, { C: task.C, gamma: [task.gamma] }, engine, { signal: ctx.signal, warmStart: task.warmStart !== false, ...(task.sharedKernel === false ? { sharedKernel: false } : {}) });
  return { cells, engine: engine.name };
}

/**
 * RBF-SVM hyperparameter grid (PIPELINE step 5): 5-fold stratified CV accuracy on the training
 * part at every (C, γ), selection by mean accuracy (ties: smaller C, then smaller γ).
 * The work is cut into γ slices (both subsets) handed to `ctx.fanOut`: in the browser, idle
 * workers of the pool take slices alongside this cell's own worker. Slices come back in any
 * order; they are put back in γ order before selection, so the output is the same as a
 * sequential run. The heat map fills in slice by slice; cancel is honoured between slices.
 */
export const svmGrid = defineCell<{ split: SvmSplitOutput }, SvmGridParams, SvmGridOutput>({
  kind: 'svm-grid',
  // 2: libsvm's solver on a kernel shared by every (C, fold) fit of a γ, warm-started along C.
  version: 2,
  title: 'Hyperparameter grid (RBF SVM)',
  description: 'Cross-validates an RBF SVM at every (C, γ) of the grid on the training part and picks the pair with the best mean accuracy.',
  describe: (p) => {
    const g = buildGrid(p);
    return `Cross-validates an RBF SVM (${p.engine}) at every (C, γ) of a ${g.C.length} × ${g.gamma.length} grid (C ${significant(p.cMin)}–${significant(p.cMax)}, γ ${significant(p.gammaMin)}–${significant(p.gammaMax)}, ${p.size} log-spaced values each${p.includePaperPicks ? ' plus the paper’s picks' : ''}) on the training part and picks the pair with the best mean accuracy${p.engine === 'libsvm' && p.warmStart ? '; along C, each fold’s fit starts from the previous C’s solution (alpha seeding)' : ''}.`;
  },
  inputs: { split: ['svm-split'] },
  params: svmGridParamsSchema,
  heavy: true,
  modelFamily: 'svm',
  tasks: { slice: gridSlice },
  async *run(inputs, params, ctx) {
    const { selectBest } = await import('../ml/svm/grid-search');
    const grid = buildGrid(params);
    const subsets = ['all', 'persistent'] as const;
    const payloads: GridSliceTask[] = [];
    const foldScaling = inputs.split.scaling === 'within-fold';
    for (const subset of subsets) {
      const { X, y } = trainPart(inputs.split[subset], foldScaling);
      const folds = [...inputs.split[subset].folds];
      for (const gamma of grid.gamma) payloads.push({ X, y, folds, C: grid.C, gamma, engine: params.engine, warmStart: params.warmStart, ...(foldScaling ? { foldScaling } : {}) });
    }
    const fanOut = ctx.fanOut ?? (<P, R>(task: string, ps: readonly P[]) => sequentialTaskRunner(() => gridSlice, ctx.env)({ kind: 'svm-grid', task, payloads: ps }, ctx.signal) as AsyncIterable<TaskResult<R>>);
    const slices: GridSliceResult[] = new Array(payloads.length);
    const doneBySubset = { all: 0, persistent: 0 };
    let done = 0;
    for await (const { index, result } of fanOut<GridSliceTask, GridSliceResult>('slice', payloads)) {
      throwIfCancelled(ctx.signal);
      slices[index] = result;
      const subset = subsets[Math.floor(index / grid.gamma.length)]!;
      done++;
      doneBySubset[subset]++;
      yield {
        fraction: done / payloads.length,
        message: `${subset}: γ ${doneBySubset[subset]} of ${grid.gamma.length}`,
        metrics: { subset, cells: result.cells.map((c) => ({ C: c.C, gamma: c.gamma, mean: c.mean })) },
      };
    }
    const subsetGrid = (subset: (typeof subsets)[number], k: number): SubsetGrid => {
      const cells = slices.slice(k * grid.gamma.length, (k + 1) * grid.gamma.length).flatMap((s) => s.cells);
      const best = selectBest(cells);
      const warnings = gridEdgeWarnings(best, grid, subset === 'all' ? 'All subjects' : 'Persistent subset');
      return { subset, cells, best, folds: Math.max(...inputs.split[subset].folds) + 1, warnings };
    };
    return {
      all: subsetGrid('all', 0),
      persistent: subsetGrid('persistent', 1),
      engine: slices[0]!.engine,
      scaling: inputs.split.scaling ?? 'training-part',
      foldGrouping: inputs.split.all.foldGrouping ?? 'windows',
      warmStart: params.engine === 'libsvm' && params.warmStart,
    };
  },
  headline: (out) => ({
    svm: {
      engine: out.engine,
      cv: { scaling: out.scaling, folds: out.foldGrouping },
      all: { best: out.all.best },
      persistent: { best: out.persistent.best },
    },
    warnings: { svm_grid: { all: out.all.warnings.map((w) => w.message), persistent: out.persistent.warnings.map((w) => w.message) } },
  }),
  artifacts: (out, params) => {
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
        (['all', 'persistent'] as const).map((s) => ({ subset: SUBSET_LABELS[s], C: significant(out[s].best.C), gamma: significant(out[s].best.gamma), mean_cv_accuracy: fixed(out[s].best.cv_accuracy, 3) })),
        ['subset', 'C', 'gamma', 'mean_cv_accuracy'],
        {
          caption: `Supplementary Table 4. Selected RBF-SVM hyperparameters (${out.all.folds}-fold CV on the training part, folds ${out.foldGrouping === 'patients' ? 'grouped by patient' : 'over windows'}, scaler fitted ${out.scaling === 'within-fold' ? 'inside each fold' : 'on the whole training part'}, ${buildGrid(params).C.length} × ${buildGrid(params).gamma.length} grid)`,
          headers: { subset: 'Subset', C: 'C', gamma: 'γ', mean_cv_accuracy: 'Mean CV accuracy' },
        },
      ),
      {
        type: 'figure',
        name: 'suppl-grid-heatmap',
        widthMm: 183,
        widthPx: Math.round(mmToPx(183)),
        caption: `Supplementary figure. Mean ${k}-fold CV accuracy on the training part at each (C, γ) of the grid, per subset; the selected pair is outlined (all subjects: C = ${significant(out.all.best.C)}, γ = ${significant(out.all.best.gamma)}; persistent subset: C = ${significant(out.persistent.best.C)}, γ = ${significant(out.persistent.best.gamma)}).`,
        ...gridText((['all', 'persistent'] as const).map((s) => ({ subset: SUBSET_LABELS[s], cells: out[s].cells, best: out[s].best })), k),
        render: (document, o) =>
          gridHeatmap(
            (['all', 'persistent'] as const).map((s) => ({ subset: SUBSET_LABELS[s], cells: out[s].cells, best: out[s].best })),
            { document, ...o },
          ) as unknown as Element,
      },
    ];
  },
});
