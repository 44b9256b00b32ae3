/**
 * One γ slice of the SVM grid (every C of the paper grid at one γ, 5 folds) on a large
 * training part, with and without the precomputed kernel, interleaved: what keeps the grid fast
 * above the 2,000 rows where the precomputed path is off by default. Modes: raw (libsvm on the
 * features), precomputed (libsvm on its precomputed kernel), shared-cold (libsvm's solver on the
 * shared kernel, cold starts: the same cells as libsvm), shared (the default: warm starts along C). Input: the svm.json that
 * `cli/bench-scale.ts --stage prepare --dir DIR` writes (the all-subjects training part).
 *
 *   npx tsx cli/bench-svm-slice.ts --dir DIR [--gamma 0.09] [--rounds 1] [--modes raw,precomputed]
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseFlags, runMain } from './args';

const USAGE = 'usage: npx tsx cli/bench-svm-slice.ts --dir DIR [--gamma 0.09] [--rounds 1] [--modes raw,precomputed,shared-cold,shared]';

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    dir: { type: 'string' },
    gamma: { type: 'string', default: '0.09' },
    rounds: { type: 'string', default: '1' },
    modes: { type: 'string', default: 'raw,precomputed' },
  });
  if (!flags.dir) throw new Error('--dir is required');
  const [{ loadLibsvm }, { createLibsvmEngine }, { gridSearch }, { stratifiedFolds }, { buildGrid, svmGridParamsSchema }] = await Promise.all([
    import('../lib/ml/svm/load-libsvm'),
    import('../lib/ml/svm/libsvm-engine'),
    import('../lib/ml/svm/grid-search'),
    import('../lib/stats/split'),
    import('../lib/cells/svm-grid'),
  ]);
  const { X, y } = JSON.parse(readFileSync(join(flags.dir, 'svm.json'), 'utf8')) as { X: number[][]; y: number[] };
  const engine = createLibsvmEngine(await loadLibsvm({ wasmBinary: readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')) }));
  const folds = stratifiedFolds(y, 5, 42);
  const grid = { C: buildGrid(svmGridParamsSchema.parse({})).C, gamma: [Number(flags.gamma)] };
  const results: Record<string, number[]> = {};
  let reference: string | null = null;
  const warmDiffers: Record<string, boolean> = {};
  for (let r = 0; r < Number(flags.rounds); r++) {
    for (const mode of flags.modes.split(',')) {
      const t0 = performance.now();
      const { cells } = await gridSearch(X, y, folds, grid, engine, {
        usePrecomputed: mode === 'precomputed',
        precomputedMaxRows: 1e9,
        sharedKernel: mode === 'shared' || mode === 'shared-cold',
        sharedKernelMaxRows: 1e9,
        warmStart: mode === 'shared',
      });
      (results[mode] ??= []).push((performance.now() - t0) / 1000);
      const key = JSON.stringify(cells.map((c) => c.foldAccuracy));
      // Warm starts may move a fold's accuracy within the solver's tolerance: counted, not refused.
      if (mode === 'shared') {
        if (reference !== null) warmDiffers[mode] = key !== reference;
      } else {
        if (reference !== null && key !== reference) throw new Error(`${mode}: other cells than the first mode`);
        reference = key;
      }
      process.stderr.write(`${mode}: ${results[mode]!.at(-1)!.toFixed(1)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
    }
  }
  process.stdout.write(`${JSON.stringify({ rows: X.length, fits: grid.C.length * 5, gamma: grid.gamma[0], seconds: results, warmDiffers })}\n`);
  return 0;
}

void runMain(USAGE, main);
