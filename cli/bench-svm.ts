import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseFlags, runMain } from './args';
import { naivePermutationImportance } from '../lib/ml/importance/naive-permutation-importance';
import { permutationImportance } from '../lib/ml/importance/permutation-importance';
import { drawPermutations } from '../lib/ml/importance/permutation-plan';
import { defaultGrid, logSpace, type Grid } from '../lib/ml/svm/default-grid';
import { gridSearch, selectBest, type GridCell, type GridSearchResult } from '../lib/ml/svm/grid-search';
import { threadTasks } from './thread-tasks';
import { createLibsvmEngine } from '../lib/ml/svm/libsvm-engine';
import { loadLibsvm } from '../lib/ml/svm/load-libsvm';
import { rbfPredict } from '../lib/ml/svm/rbf-model';
import { createRng } from '../lib/stats/random';
import { fitStandardizer } from '../lib/stats/standardize';

const USAGE = `Usage: tsx cli/bench-svm.ts [--grid 15|default] [--repeats 3] [--importance-repeats 100] [--build wasm|asm] [--skip-naive] [--threads N]

Times, on the reference dataset (tests/fixtures/reference/inputs.json: 552 training rows and
691 rows in all, 11 features):
  - the RBF SVM grid search with 5-fold CV: the default (shared kernel, libsvm's solver in
    WebAssembly, warm starts along C), the same with cold starts, and libsvm-js's own fits
    (precomputed kernel, raw features); checked against tests/fixtures/reference/svm_grid.json
    when --grid default;
  - permutation importance at C = 2.7, gamma = 0.09, all 691 rows, 100 repeats per feature:
    factorized, naive with libsvm's predict, naive with the JS decision function.
Prints one JSON object: wall and CPU seconds, each the minimum over --repeats runs.
sklearn's figures come from: /usr/bin/python3 scripts/reference/bench_sklearn.py`;

const REFERENCE = 'tests/fixtures/reference';

/** Wall and CPU seconds (user + system of this process: steadier on a shared machine). */
async function timeIt<T>(repeats: number, run: () => Promise<T> | T): Promise<{ seconds: number; cpuSeconds: number; all: number[]; result: T }> {
  const all: number[] = [];
  const cpu: number[] = [];
  let result!: T;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    result = await run();
    const c = process.cpuUsage(c0);
    all.push((performance.now() - t0) / 1000);
    cpu.push((c.user + c.system) / 1e6);
  }
  const round = (s: number) => Number(s.toFixed(3));
  return { seconds: round(Math.min(...all)), cpuSeconds: round(Math.min(...cpu)), all: all.map(round), result };
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    grid: { type: 'string', default: '15' },
    repeats: { type: 'string', default: '3' },
    'importance-repeats': { type: 'string', default: '100' },
    build: { type: 'string', default: 'wasm' },
    'skip-naive': { type: 'boolean', default: false },
    threads: { type: 'string', default: '0' },
  });
  const repeats = Number(flags.repeats);
  const inputs = JSON.parse(readFileSync(`${REFERENCE}/inputs.json`, 'utf8')) as {
    X: number[][];
    y: number[];
    split: { train: number[] };
    folds: number[];
  };
  const wasmPath = createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm');
  const libsvm = await loadLibsvm(flags.build === 'asm' ? { build: 'asm' } : { wasmBinary: readFileSync(wasmPath) });
  const engine = createLibsvmEngine(libsvm);

  const rawTrain = inputs.split.train.map((i) => inputs.X[i]!);
  const Xtrain = fitStandardizer(rawTrain).transform(rawTrain);
  const ytrain = inputs.split.train.map((i) => inputs.y[i]!);
  const grid: Grid = flags.grid === 'default' ? defaultGrid() : { C: logSpace(0.01, 30, Number(flags.grid)), gamma: logSpace(0.001, 10, Number(flags.grid)) };
  const cells = grid.C.length * grid.gamma.length;

  // The default (shared kernel, libsvm's solver in WebAssembly, warm starts along C), the same
  // with cold starts (libsvm's fits exactly), then libsvm-js's own fits as before.
  const shared = await timeIt(repeats, () => gridSearch(Xtrain, ytrain, inputs.folds, grid, engine));
  const sharedCold = await timeIt(repeats, () => gridSearch(Xtrain, ytrain, inputs.folds, grid, engine, { warmStart: false }));
  const pre = await timeIt(repeats, () => gridSearch(Xtrain, ytrain, inputs.folds, grid, engine, { sharedKernel: false, usePrecomputed: true }));
  const raw = await timeIt(repeats, () => gridSearch(Xtrain, ytrain, inputs.folds, grid, engine, { sharedKernel: false, usePrecomputed: false }));
  const sameCells = JSON.stringify(raw.result.cells) === JSON.stringify(pre.result.cells) && JSON.stringify(sharedCold.result.cells) === JSON.stringify(pre.result.cells);
  const warmFoldsDiffering = shared.result.cells.reduce((s, c, k) => s + c.foldAccuracy.filter((a, f) => a !== pre.result.cells[k]!.foldAccuracy[f]).length, 0);
  // The same grid cut into γ slices over worker_threads, as the svm-grid cell fans out in the
  // browser's worker pool. Threads are started and warmed (libsvm loaded) before timing.
  let threaded: Record<string, unknown> | undefined;
  const nThreads = Number(flags.threads);
  if (nThreads > 0) {
    const env = { host: 'node' as const, libsvmWasmBinary: new Uint8Array(readFileSync(wasmPath)) };
    const pool = threadTasks(nThreads, env);
    const slice = (gamma: number, C = grid.C) => ({ X: Xtrain, y: ytrain, folds: inputs.folds, C, gamma, engine: 'libsvm' });
    const collect = async (payloads: ReturnType<typeof slice>[]) => {
      const out: GridCell[][] = new Array(payloads.length);
      for await (const { index, result } of pool.run({ kind: 'svm-grid', task: 'slice', payloads }, new AbortController().signal)) out[index] = (result as { cells: GridCell[] }).cells;
      return out.flat();
    };
    await collect(Array.from({ length: nThreads }, () => slice(grid.gamma[0]!, [1])));
    const t = await timeIt(repeats, () => collect(grid.gamma.map((g) => slice(g))));
    await pool.close();
    const key = (c: GridCell) => `${c.C}|${c.gamma}`;
    const byKey = new Map(t.result.map((c) => [key(c), c]));
    threaded = {
      threads: nThreads,
      seconds: t.seconds,
      runs: t.all,
      identicalCells: shared.result.cells.every((c) => JSON.stringify(byKey.get(key(c))) === JSON.stringify(c)),
      best: selectBest(t.result),
    };
  }
  let agreement: Record<string, unknown> | undefined;
  if (flags.grid === 'default') {
    const ref = JSON.parse(readFileSync(`${REFERENCE}/svm_grid.json`, 'utf8')) as GridSearchResult;
    const diffs = (r: GridSearchResult) => r.cells.map((c, k) => Math.abs(c.mean - ref.cells[k]!.mean));
    agreement = {
      maxCvAccuracyDifference: Math.max(...diffs(pre.result)),
      cellsDiffering: diffs(pre.result).filter((d) => d > 0).length,
      best: pre.result.best,
      warmStartCellsDiffering: diffs(shared.result).filter((d) => d > 0).length,
      warmStartBest: shared.result.best,
      sklearnBest: ref.best,
    };
  }

  const rawAll = inputs.X;
  const Xall = fitStandardizer(rawAll).transform(rawAll);
  const model = engine.fit(Xall, inputs.y, { C: 2.7, gamma: 0.09 });
  const rbf = model.rbf();
  const nRepeats = Number(flags['importance-repeats']);
  const permutations = drawPermutations(createRng(42).fork('importance'), Xall[0]!.length, nRepeats, Xall.length);
  const factorized = await timeIt(repeats, () => permutationImportance(rbf, Xall, inputs.y, { permutations }));
  const importance: Record<string, unknown> = {
    rows: Xall.length,
    features: Xall[0]!.length,
    scored: factorized.result.features.length,
    skipped: factorized.result.skipped,
    repeatsPerFeature: nRepeats,
    supportVectors: rbf.supportVectors.length,
    factorizedSeconds: factorized.seconds,
    factorizedCpuSeconds: factorized.cpuSeconds,
    factorizedRuns: factorized.all,
  };
  if (!flags['skip-naive']) {
    const naive = await timeIt(1, () => naivePermutationImportance((rows) => engine.predict(model, rows), Xall, inputs.y, { permutations }));
    const naiveJs = await timeIt(1, () => naivePermutationImportance((rows) => rbfPredict(rbf, rows), Xall, inputs.y, { permutations }));
    importance.naiveLibsvmPredictSeconds = naive.seconds;
    importance.naiveLibsvmPredictCpuSeconds = naive.cpuSeconds;
    importance.naiveJsDecisionSeconds = naiveJs.seconds;
    importance.naiveJsDecisionCpuSeconds = naiveJs.cpuSeconds;
    importance.identicalToNaive = JSON.stringify(naive.result) === JSON.stringify(factorized.result);
  }
  model.free();

  process.stdout.write(
    `${JSON.stringify(
      {
        node: process.version,
        libsvm: `${libsvm.build} (${libsvm.source})`,
        grid: {
          rows: Xtrain.length,
          features: Xtrain[0]!.length,
          folds: 5,
          cells,
          fits: cells * 5,
          rawSeconds: raw.seconds,
          rawCpuSeconds: raw.cpuSeconds,
          rawRuns: raw.all,
          precomputedSeconds: pre.seconds,
          precomputedCpuSeconds: pre.cpuSeconds,
          precomputedRuns: pre.all,
          sharedSeconds: shared.seconds,
          sharedCpuSeconds: shared.cpuSeconds,
          sharedRuns: shared.all,
          sharedColdSeconds: sharedCold.seconds,
          sharedColdRuns: sharedCold.all,
          identicalCells: sameCells,
          warmFoldsDiffering,
          ...(threaded ? { threaded } : {}),
          best: shared.result.best,
          libsvmBest: pre.result.best,
          ...(agreement ? { agreement } : {}),
        },
        importance,
      },
      null,
      2,
    )}\n`,
  );
  return 0;
}

void runMain(USAGE, main);
