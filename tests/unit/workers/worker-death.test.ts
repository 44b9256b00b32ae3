import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { svmGridParamsSchema, type SvmGridOutput } from '@/lib/cells/svm-grid';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import type { ExecutionEnv, Progress } from '@/lib/notebook/define-cell';
import { inProcessExecutor, type CellExecutor, type ExecuteRequest } from '@/lib/notebook/executor';
import { sha256Hex } from '@/lib/notebook/hash';
import { applyProfile } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { findNotebook } from '@/notebooks';
import { createComputeHost } from '@/workers/compute-host';
import type { FromWorker, ToWorker } from '@/workers/protocol';
import { WorkerPool, type LockWatch } from '@/workers/worker-pool';

const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
const env: ExecutionEnv = { host: 'node', libsvmWasmBinary };
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };

/** A stand-in for navigator.locks: a lock is "released" when the test kills its worker. */
function fakeLocks() {
  const watchers = new Map<string, () => void>();
  const locks: LockWatch = {
    request: (name, callback) => {
      watchers.set(name, callback);
      return Promise.resolve();
    },
  };
  return { locks, release: (name: string) => watchers.get(name)?.() };
}

interface FakeWorker {
  name: string;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null;
  terminated: boolean;
  received: ToWorker[];
  postMessage(message: ToWorker): void;
  terminate(): void;
}

/**
 * Stand-in workers running the real compute host (workers/compute-host.ts) over structured
 * clones, as in worker-pool.test.ts. `hang` makes a worker take a cell run and never answer
 * (it is busy, then dies); `dieOnTask` makes one die (an error event) on the first fan-out task
 * it is handed.
 */
function fakeWorkers(options: { hang?: (index: number) => boolean; dieOnTask?: (index: number) => boolean } = {}) {
  const all: FakeWorker[] = [];
  const create = (name: string) => {
    const index = all.length;
    const worker: FakeWorker = {
      name,
      onmessage: null,
      onerror: null,
      terminated: false,
      received: [],
      postMessage: () => {},
      terminate() {
        this.terminated = true;
      },
    };
    const deliver = (m: FromWorker) =>
      setTimeout(() => {
        if (!worker.terminated) worker.onmessage?.({ data: structuredClone(m) });
      }, 0);
    const handle = createComputeHost({ registry, env, post: deliver });
    let died = false;
    worker.postMessage = (message: ToWorker) => {
      worker.received.push(message);
      if (worker.terminated || died) return;
      if (message.type === 'execute' && options.hang?.(index)) return;
      if (message.type === 'task' && options.dieOnTask?.(index)) {
        died = true;
        setTimeout(() => worker.onerror?.({ message: 'RangeError: Array buffer allocation failed', preventDefault() {} }), 0);
        return;
      }
      setTimeout(() => void handle(structuredClone(message)), 0);
    };
    deliver({ type: 'ready', lock: name });
    all.push(worker);
    return worker as unknown as Worker;
  };
  return { create, all };
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

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(check()).toBe(true);
};

let split: SvmSplitOutput;
const params = svmGridParamsSchema.parse({ size: 4 });
const gridRequest = (): ExecuteRequest => ({ cellId: 'grid', kind: 'svm-grid', stream: 'grid', inputs: { split }, params, seed: 42 });

beforeAll(async () => {
  const nb = applyProfile(findNotebook('han-2026')!, 'quick');
  const upTo = nb.cells.findIndex((c) => c.id === 'split');
  const state = await runNotebook({ notebook: { ...nb, cells: nb.cells.slice(0, upTo + 1) }, registry, source, env });
  split = state.cells.split!.output as SvmSplitOutput;
}, 60_000);

describe('a worker that dies mid-run', () => {
  it('fails only the run it held (a lock released without an error event), is replaced, and the retry succeeds', async () => {
    const { locks, release } = fakeLocks();
    // Worker 0 takes the first run and never answers; every other worker behaves.
    const workers = fakeWorkers({ hang: (i) => i === 0 });
    const pool = new WorkerPool(2, workers.create, { locks });
    const doomed = drain(pool, gridRequest());
    await until(() => workers.all[0]!.received.some((m) => m.type === 'execute'));

    release(workers.all[0]!.name); // the worker stopped: its lock is free
    await expect(doomed).rejects.toMatchObject({ name: 'WorkerLostError', message: expect.stringMatching(/stopped: it crashed or ran out of memory. Only this step failed, and a new worker has taken the stopped one's place; Retry runs it again/) });
    expect(workers.all[0]!.terminated).toBe(true);
    expect(workers.all).toHaveLength(3); // a new worker took the slot
    expect(pool.size).toBe(2);

    // Retry: the same request on the pool gives the single-thread result.
    const retried = await drain(pool, gridRequest());
    expect(retried.output).toEqual((await drain(inProcessExecutor(registry, env), gridRequest())).output);
    pool.terminate();
  });

  it('a helper that dies on a fan-out task: the task goes to another worker and the cell it helped finishes with the right result', async () => {
    // Worker 1 is the idle helper; it dies on the first task it is handed.
    const workers = fakeWorkers({ dieOnTask: (i) => i === 1 });
    const pool = new WorkerPool(2, workers.create, { locks: fakeLocks().locks });
    const pooled = await drain(pool, gridRequest());
    const single = await drain(inProcessExecutor(registry, env), gridRequest());
    expect(pooled.output).toEqual(single.output);
    expect(workers.all[1]!.terminated).toBe(true);
    expect(workers.all[1]!.received.filter((m) => m.type === 'task')).toHaveLength(1);
    expect(workers.all.length).toBeGreaterThanOrEqual(3);
    pool.terminate();
  });

  it('a run cancelled while its worker cannot listen (a code step in QuickJS) gives the worker back: it is replaced once the grace period passes', async () => {
    // Worker 0 takes the run and never answers, as a worker does while QuickJS runs user code.
    const workers = fakeWorkers({ hang: (i) => i === 0 });
    const pool = new WorkerPool(1, workers.create, { locks: fakeLocks().locks, cancelGraceMs: 30 });
    const controller = new AbortController();
    const cancelled = drain(pool, gridRequest(), controller.signal).then(
      () => 'finished',
      (err: Error) => err.name,
    );
    await until(() => workers.all[0]!.received.some((m) => m.type === 'execute'));
    controller.abort();
    // The step is cancelled at once; the worker heard the cancel but cannot act on it.
    expect(await cancelled).toBe('CancelledError');
    expect(workers.all[0]!.received.some((m) => m.type === 'cancel')).toBe(true);
    expect(workers.all[0]!.terminated).toBe(false);
    // After the grace period it is stopped and a new worker takes its slot: the next run does not wait for the old one.
    await until(() => workers.all[0]!.terminated && workers.all.length === 2);
    const next = await drain(pool, gridRequest());
    expect(next.output).toEqual((await drain(inProcessExecutor(registry, env), gridRequest())).output);
    pool.terminate();
  });

  it('a worker that acknowledges the cancel in time is kept', async () => {
    const workers = fakeWorkers();
    const pool = new WorkerPool(1, workers.create, { locks: fakeLocks().locks, cancelGraceMs: 5_000 });
    const controller = new AbortController();
    const run = drain(pool, gridRequest(), controller.signal).catch((err: Error) => err.name);
    await until(() => workers.all[0]!.received.some((m) => m.type === 'execute'));
    controller.abort();
    expect(await run).toBe('CancelledError');
    await drain(pool, gridRequest());
    expect(workers.all).toHaveLength(1);
    expect(workers.all[0]!.terminated).toBe(false);
    pool.terminate();
  });

  it('another cell running beside the dead one is not touched', async () => {
    const { locks, release } = fakeLocks();
    const workers = fakeWorkers({ hang: (i) => i === 0 });
    const pool = new WorkerPool(3, workers.create, { locks });
    const doomed = drain(pool, gridRequest()).then(
      () => 'finished',
      (err: Error) => err.name,
    );
    await until(() => workers.all[0]!.received.some((m) => m.type === 'execute'));
    const beside = drain(pool, gridRequest());
    await until(() => workers.all.slice(1).some((w) => w.received.some((m) => m.type === 'execute')));
    release(workers.all[0]!.name);
    expect(await doomed).toBe('WorkerLostError');
    expect((await beside).output).toEqual((await drain(inProcessExecutor(registry, env), gridRequest())).output);
    pool.terminate();
  });

  it('a typed call (the upload inspection) whose worker throws fails with the same message, and the pool reads the file next time', async () => {
    let first = true;
    const workers = fakeWorkers();
    const create = (name: string) => {
      const worker = workers.create(name) as unknown as FakeWorker;
      if (first) {
        first = false;
        const post = worker.postMessage;
        worker.postMessage = (m) => (m.type === 'inspect' ? setTimeout(() => worker.onerror?.({ message: 'Uncaught Error: boom', preventDefault() {} }), 0) : post(m));
      }
      return worker as unknown as Worker;
    };
    const pool = new WorkerPool(1, create, { locks: fakeLocks().locks });
    await expect(pool.inspect(source, {})).rejects.toMatchObject({ name: 'WorkerLostError', message: expect.stringContaining('(Uncaught Error: boom)') });
    const inspection = await pool.inspect(source, {});
    expect(inspection.headers).toContain('patient_id');
    pool.terminate();
  });

  it('a worker that cannot start is replaced a few times, then the pool says no worker could start (no endless respawn)', async () => {
    let created = 0;
    const create = () => {
      created++;
      const worker = { onmessage: null, onerror: null as ((e: { message: string; preventDefault(): void }) => void) | null, postMessage() {}, terminate() {} };
      setTimeout(() => worker.onerror?.({ message: 'Failed to load the worker script', preventDefault() {} }), 0);
      return worker as unknown as Worker;
    };
    const pool = new WorkerPool(2, create, { locks: fakeLocks().locks });
    const first = drain(pool, gridRequest()).then(
      () => 'finished',
      (err: Error) => err.message,
    );
    await until(() => created >= 6);
    await new Promise((r) => setTimeout(r, 20));
    expect(created).toBe(6); // two slots, three starts each
    expect(await first).toMatch(/stopped \(Failed to load the worker script\)|No compute worker could start/);
    await expect(drain(pool, gridRequest())).rejects.toThrow(/No compute worker could start in this browser \(each failed to load 3 times in a row\)/);
    pool.terminate();
  });

  it('a worker the pool itself terminates is not taken for dead', async () => {
    const { locks, release } = fakeLocks();
    const workers = fakeWorkers();
    const pool = new WorkerPool(1, workers.create, { locks });
    await until(() => true);
    await new Promise((r) => setTimeout(r, 5)); // the ready message (and its lock watch) arrived
    pool.terminate();
    release(workers.all[0]!.name);
    expect(workers.all).toHaveLength(1);
  });
});
