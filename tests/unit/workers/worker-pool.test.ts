import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { buildGrid, svmGridParamsSchema, type SvmGridOutput } from '@/lib/cells/svm-grid';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import { getEngine } from '@/lib/ml/svm/engines';
import { gridSearch } from '@/lib/ml/svm/grid-search';
import type { ExecutionEnv, Progress } from '@/lib/notebook/define-cell';
import { inProcessExecutor, type CellExecutor, type ExecuteRequest } from '@/lib/notebook/executor';
import { sha256Hex } from '@/lib/notebook/hash';
import { applyProfile } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { findNotebook } from '@/notebooks';
import { createComputeHost } from '@/workers/compute-host';
import type { ToWorker } from '@/workers/protocol';
import { WorkerPool } from '@/workers/worker-pool';

const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
const env: ExecutionEnv = { host: 'node', libsvmWasmBinary };
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };

/**
 * Stand-ins for Web Workers: each runs the real compute host (workers/compute-host.ts) and
 * talks to the pool through structured clones on the task queue, as a worker would. They share
 * this thread, so this checks the protocol and the scheduling, not speed.
 */
function fakeWorkers() {
  const tasksBy: number[] = [];
  let count = 0;
  const create = () => {
    const id = count++;
    const worker = { onmessage: null as ((e: { data: unknown }) => void) | null, terminate() {}, postMessage: (_message: ToWorker) => {} };
    const handle = createComputeHost({ registry, env, post: (m) => setTimeout(() => worker.onmessage?.({ data: structuredClone(m) }), 0) });
    worker.postMessage = (message: ToWorker) => {
      if (message.type === 'task') tasksBy.push(id);
      setTimeout(() => void handle(structuredClone(message)), 0);
    };
    return worker as unknown as Worker;
  };
  return { create, tasksBy };
}

async function drain(executor: CellExecutor, request: ExecuteRequest, signal = new AbortController().signal) {
  const progress: Progress[] = [];
  const gen = executor.execute(request, signal);
  for (;;) {
    const step = await gen.next();
    if (step.done) return { output: step.value as SvmGridOutput, progress };
    progress.push(step.value);
  }
}

let split: SvmSplitOutput;
const params = svmGridParamsSchema.parse({ size: 4 });
const request = (): ExecuteRequest => ({ cellId: 'grid', kind: 'svm-grid', stream: 'grid', inputs: { split }, params, seed: 42 });

beforeAll(async () => {
  const nb = applyProfile(findNotebook('han-2026')!, 'quick');
  const upTo = nb.cells.findIndex((c) => c.id === 'split');
  const state = await runNotebook({ notebook: { ...nb, cells: nb.cells.slice(0, upTo + 1) }, registry, source, env });
  split = state.cells.split!.output as SvmSplitOutput;
}, 60_000);

describe('svm-grid fanned out over the worker pool', () => {
  it('gives the same cells, in the same order, and the same pick as the single-thread run and as one gridSearch over the whole grid', async () => {
    const single = await drain(inProcessExecutor(registry, env), request());
    const workers = fakeWorkers();
    const pool = new WorkerPool(2, workers.create);
    const pooled = await drain(pool, request());
    pool.terminate();

    expect(pooled.output).toEqual(single.output);
    // Both workers computed slices: the cell's own worker and the idle one.
    expect(new Set(workers.tasksBy)).toEqual(new Set([0, 1]));
    const grid = buildGrid(params);
    expect(workers.tasksBy).toHaveLength(2 * grid.gamma.length);
    // One progress report per slice, with that slice's cells for the live heat map.
    expect(pooled.progress).toHaveLength(2 * grid.gamma.length);
    expect(pooled.progress.at(-1)!.fraction).toBe(1);

    // The path before the fan-out: one gridSearch over the whole grid per subset.
    const engine = await getEngine('libsvm', { libsvm: { wasmBinary: libsvmWasmBinary } });
    for (const subset of ['all', 'persistent'] as const) {
      const s = split[subset];
      const whole = await gridSearch(s.train.map((i) => s.X[i]!), s.train.map((i) => s.y[i]!), s.folds, grid, engine);
      const key = (c: { C: number; gamma: number }) => `${c.C}|${c.gamma}`;
      const byKey = new Map(pooled.output[subset].cells.map((c) => [key(c), c]));
      expect(byKey.size).toBe(whole.cells.length);
      for (const c of whole.cells) expect(byKey.get(key(c))).toEqual(c);
      expect(pooled.output[subset].best).toEqual(whole.best);
    }
  });

  it('cancels between slices, drops the slices in flight, and the pool runs the next cell normally', async () => {
    const workers = fakeWorkers();
    const pool = new WorkerPool(2, workers.create);
    const controller = new AbortController();
    const gen = pool.execute(request(), controller.signal);
    await gen.next(); // the first slice is back
    controller.abort();
    await expect(
      (async () => {
        for (;;) if ((await gen.next()).done) break;
      })(),
    ).rejects.toMatchObject({ name: 'CancelledError' });
    const handedOut = workers.tasksBy.length;
    expect(handedOut).toBeLessThan(2 * buildGrid(params).gamma.length);

    const again = await drain(pool, request());
    expect(again.output).toEqual((await drain(inProcessExecutor(registry, env), request())).output);
    pool.terminate();
  });
});
