/**
 * The paper grid (17 × 16 with the paper's picks, 5-fold) on a large training part, three ways,
 * interleaved round by round on the same rows and folds:
 *   - shared: ours as the notebook runs it (γ slices over --threads worker_threads; each slice
 *     shares one kernel across its (C, fold) fits and warm-starts along C);
 *   - libsvm: ours with libsvm-js's own fits (the path before the shared kernel: precomputed
 *     kernel up to 2,000 rows, raw features above), same threads;
 *   - sklearn: GridSearchCV with n_jobs = --threads (scripts/reference/grid_sklearn.py).
 * Input: the svm.json and svm-persistent.json that `cli/bench-scale.ts --stage prepare --dir DIR`
 * writes (the all-subjects and persistent-subset training parts of the paper profile,
 * standardized as the grid sees them); both subsets' slices go to one pool, as in the grid step.
 *
 *   npx tsx cli/bench-grid-large.ts --dir DIR [--rounds 1] [--threads 2] [--modes shared,libsvm,sklearn] [--grid-size 15] [--subsets all,persistent]
 *
 * Prints one JSON object: seconds per mode and round, the picks, and how many cells and folds
 * differ from scikit-learn's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { parseFlags, runMain } from './args';
import { threadTasks } from './thread-tasks';
import type { GridBest, GridCell } from '../lib/ml/svm/grid-search';

const USAGE = 'usage: npx tsx cli/bench-grid-large.ts --dir DIR [--rounds 1] [--threads 2] [--modes shared,libsvm,sklearn] [--grid-size 15] [--subsets all,persistent]';

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    dir: { type: 'string' },
    rounds: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    modes: { type: 'string', default: 'shared,libsvm,sklearn' },
    // A smaller grid (N log-spaced values of C and of γ plus the paper's picks) and one subset, for the quick bench.
    'grid-size': { type: 'string', default: '15' },
    subsets: { type: 'string', default: 'all,persistent' },
  });
  if (!flags.dir) throw new Error('--dir is required');
  const [{ stratifiedFolds }, { buildGrid, svmGridParamsSchema }, { selectBest }] = await Promise.all([
    import('../lib/stats/split'),
    import('../lib/cells/svm-grid'),
    import('../lib/ml/svm/grid-search'),
  ]);
  const grid = buildGrid(svmGridParamsSchema.parse({ size: Number(flags['grid-size']) }));
  const wanted = new Set(flags.subsets.split(','));
  const threads = Number(flags.threads);
  const tmp = mkdtempSync(join(os.tmpdir(), 'bench-grid-'));
  // Both subsets when the persistent one was written (as the grid step runs them), else all subjects.
  const subsets = (
    [
      ['all', 'svm.json'],
      ['persistent', 'svm-persistent.json'],
    ] as const
  )
    .filter(([name, f]) => wanted.has(name) && existsSync(join(flags.dir!, f)))
    .map(([name, f]) => {
      const { X, y } = JSON.parse(readFileSync(join(flags.dir!, f), 'utf8')) as { X: number[][]; y: number[] };
      const folds = stratifiedFolds(y, 5, 42);
      const file = join(tmp, `grid-${name}.json`);
      writeFileSync(file, JSON.stringify({ X, y, folds, grid }));
      return { name, X, y, folds, file };
    });
  if (subsets.length === 0) throw new Error(`no training part for ${flags.subsets} in ${flags.dir} (cli/bench-scale.ts --stage prepare writes them)`);
  const [{ X, y, folds }] = subsets as [(typeof subsets)[number]];

  const env = { host: 'node' as const, libsvmWasmBinary: new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm'))) };
  const pool = threadTasks(threads, env);
  type Run = { seconds: number; subsets: { cells: GridCell[]; best: GridBest }[] };
  // Every subset's γ slices in one list, as the grid step hands them to its pool.
  const runOurs = async (sharedKernel: boolean): Promise<Run> => {
    const payloads = subsets.flatMap((s) => grid.gamma.map((gamma) => ({ X: s.X, y: s.y, folds: s.folds, C: grid.C, gamma, engine: 'libsvm', warmStart: true, sharedKernel })));
    const t0 = performance.now();
    const slices: GridCell[][] = new Array(payloads.length);
    for await (const { index, result } of pool.run({ kind: 'svm-grid', task: 'slice', payloads }, new AbortController().signal)) slices[index] = (result as { cells: GridCell[] }).cells;
    const seconds = (performance.now() - t0) / 1000;
    return {
      seconds,
      subsets: subsets.map((_, k) => {
        const byKey = new Map(slices.slice(k * grid.gamma.length, (k + 1) * grid.gamma.length).flat().map((c) => [`${c.C}|${c.gamma}`, c]));
        const cells = grid.C.flatMap((C) => grid.gamma.map((g) => byKey.get(`${C}|${g}`)!));
        return { cells, best: selectBest(cells) };
      }),
    };
  };
  const runSklearn = (): Run => {
    let seconds = 0;
    const out = subsets.map((s) => {
      const p = spawnSync('/usr/bin/python3', ['scripts/reference/grid_sklearn.py', s.file, '--jobs', String(threads)], { encoding: 'utf8', maxBuffer: 256 << 20 });
      if (p.status !== 0) throw new Error(`grid_sklearn.py failed: ${p.stderr.slice(-2000)}`);
      const r = JSON.parse(p.stdout) as { seconds: number; cells: GridCell[]; best: GridBest };
      seconds += r.seconds;
      return { cells: r.cells, best: r.best };
    });
    return { seconds, subsets: out };
  };
  // Threads started and libsvm loaded before anything is timed.
  for await (const _ of pool.run({ kind: 'svm-grid', task: 'slice', payloads: Array.from({ length: threads }, () => ({ X: X.slice(0, 50), y: y.slice(0, 50), folds: folds.slice(0, 50), C: [1], gamma: 0.1, engine: 'libsvm' })) }, new AbortController().signal)) void _;

  const modes = flags.modes.split(',');
  const seconds: Record<string, number[]> = {};
  const results: Record<string, Run> = {};
  for (let r = 0; r < Number(flags.rounds); r++) {
    for (const mode of modes) {
      const out = mode === 'sklearn' ? runSklearn() : await runOurs(mode === 'shared');
      (seconds[mode] ??= []).push(Number(out.seconds.toFixed(2)));
      results[mode] = out;
      process.stderr.write(`bench-grid-large: ${mode} round ${r + 1}: ${out.seconds.toFixed(1)} s, best ${out.subsets.map((s) => `C ${s.best.C}, γ ${s.best.gamma}`).join('; ')}\n`);
    }
  }
  await pool.close();
  rmSync(tmp, { recursive: true, force: true });
  const ref = results.sklearn;
  const compare = (mode: string) => {
    const mine = results[mode];
    if (!mine || !ref) return undefined;
    return subsets.map((s, k) => {
      const a = mine.subsets[k]!, b = ref.subsets[k]!;
      let cells = 0, folds = 0;
      a.cells.forEach((c, i) => {
        const d = c.foldAccuracy.filter((v, f) => Math.abs(v - b.cells[i]!.foldAccuracy[f]!) > 1e-12).length;
        if (d) cells++;
        folds += d;
      });
      return { subset: s.name, rows: s.X.length, best: a.best, samePick: a.best.C === b.best.C && a.best.gamma === b.best.gamma, cellsDiffering: cells, foldsDiffering: folds };
    });
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  process.stdout.write(
    `${JSON.stringify({
      rows: subsets.map((s) => s.X.length),
      grid: `${grid.C.length} × ${grid.gamma.length}`,
      threads,
      seconds,
      ratios: ref ? Object.fromEntries(modes.filter((m) => m !== 'sklearn').map((m) => [m, Number((median(seconds[m]!) / median(seconds.sklearn!)).toFixed(2))])) : undefined,
      sklearnBest: ref?.subsets.map((s) => s.best),
      shared: compare('shared'),
      libsvm: compare('libsvm'),
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(1))),
    })}\n`,
  );
  return 0;
}

void runMain(USAGE, main);
