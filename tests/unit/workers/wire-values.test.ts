import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import { codecBuffers, isColumnarEncoded } from '@/lib/notebook/columnar-codec';
import { resolveParams, type ExecutionEnv } from '@/lib/notebook/define-cell';
import { inProcessExecutor, type CellExecutor, type ExecuteRequest } from '@/lib/notebook/executor';
import { sha256Hex } from '@/lib/notebook/hash';
import { createComputeHost } from '@/workers/compute-host';
import type { FromWorker, ToWorker } from '@/workers/protocol';
import { lazyArray } from '@/lib/notebook/lazy-array';
import { columnBytes, copyColumnsInSlices, encodeForWire, fromWire, inputsToWire, keptColumns, toWire } from '@/workers/wire-values';
import { WorkerPool } from '@/workers/worker-pool';

const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const env: ExecutionEnv = { host: 'node' };
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: '', bytes };

async function output(executor: CellExecutor, request: ExecuteRequest) {
  const gen = executor.execute(request, new AbortController().signal);
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}

/**
 * Stand-in workers running the real compute host; every message is structured-cloned (its
 * transfer list transferred, as postMessage does) and recorded with what it transferred.
 */
function recordingWorkers() {
  const toWorkers: ToWorker[] = [];
  const fromWorkers: FromWorker[] = [];
  const transferred: ArrayBuffer[][] = [];
  const create = () => {
    const worker = { onmessage: null as ((e: { data: unknown }) => void) | null, terminate() {}, postMessage: (_m: ToWorker) => {} };
    const handle = createComputeHost({
      registry,
      env,
      post: (m, transfer = []) => {
        fromWorkers.push(m);
        transferred.push(transfer);
        const data = structuredClone(m, { transfer });
        setTimeout(() => worker.onmessage?.({ data }), 0);
      },
    });
    worker.postMessage = (m: ToWorker) => {
      toWorkers.push(m);
      setTimeout(() => void handle(structuredClone(m)), 0);
    };
    return worker as unknown as Worker;
  };
  return { create, toWorkers, fromWorkers, transferred };
}

describe('cell outputs cross the worker boundary in columns', () => {
  it('keeps the columns a value arrived in, for posting it again or storing it; other values go as they are', () => {
    const value = { rows: Array.from({ length: 300 }, (_, i) => ({ id: `P${i}`, grade: i % 6 === 0 ? null : i % 6 })) };
    const wire = encodeForWire(value);
    expect(isColumnarEncoded(wire)).toBe(true);
    const received = fromWire(structuredClone(wire));
    expect(received).toEqual(value);
    expect(isColumnarEncoded(toWire(received))).toBe(true);
    expect(fromWire(toWire(received))).toEqual(value);
    const plain = { a: 1 };
    expect(toWire(plain)).toBe(plain);
    expect(fromWire(plain)).toBe(plain);
  });

  it('an input holding a lazy array (a part of an output) is posted with the array built, so structured clone takes it', () => {
    const part = { rows: lazyArray(2, () => [1, 2]) };
    const posted = inputsToWire({ part });
    expect(structuredClone(posted)).toEqual({ part: { rows: [1, 2] } });
  });

  it("a result's transfer list holds the columns the codec made, each once, and never a typed array of the value itself", () => {
    const own = new Float64Array(1000);
    const value = { own, rows: Array.from({ length: 300 }, (_, i) => ({ id: `P${i}`, grade: i % 6 === 0 ? null : i % 6, x: i / 3, ok: i % 2 === 0 })), list: Array.from({ length: 300 }, (_, i) => [i, i + 1]) };
    const wire = encodeForWire(value);
    const buffers = codecBuffers(wire);
    expect(buffers.length).toBeGreaterThanOrEqual(6);
    expect(new Set(buffers).size).toBe(buffers.length);
    expect(buffers).not.toContain(own.buffer);
    // Transferring them keeps the value whole on the other side.
    expect(fromWire(structuredClone(wire, { transfer: buffers }))).toEqual({ ...value, own: new Float64Array(1000) });
    expect(codecBuffers({ plain: new Float64Array(10) })).toEqual([]);
  });

  it('copies the columns of an encoded value in slices: equal, on fresh buffers, the thread given back between slices', async () => {
    const value = { rows: Array.from({ length: 5000 }, (_, i) => ({ id: `P${i % 700}`, x: i / 3, n: i, ok: i % 2 === 0 })), lists: Array.from({ length: 300 }, (_, i) => [i, i / 2]) };
    const wire = encodeForWire(value);
    let pauses = 0;
    // A pause after every 4 KB copied, within a column too.
    const copy = await copyColumnsInSlices(wire, { sliceBytes: 4096, pause: async () => void pauses++ });
    expect(copy).toEqual(wire);
    expect(pauses).toBe(Math.ceil(columnBytes(wire) / 4096) - 1);
    expect(pauses).toBeGreaterThan(10);
    const mine = new Set(codecBuffers(wire));
    expect(codecBuffers(copy).some((b) => mine.has(b))).toBe(false);
    expect(fromWire(structuredClone(copy, { transfer: codecBuffers(copy) }))).toEqual(value);
    expect(columnBytes(wire)).toBe(codecBuffers(wire).reduce((a, b) => a + b.byteLength, 0));
  });

  it('through the pool: a large input is posted as a transferred copy of its columns, the page keeps its own; held, it then goes by key', async () => {
    const posts: { m: ToWorker; transfer: Transferable[] }[] = [];
    const create = () => {
      const worker = {
        onmessage: null as ((e: { data: unknown }) => void) | null,
        terminate() {},
        postMessage(m: ToWorker, transfer: Transferable[] = []) {
          posts.push({ m: structuredClone(m, { transfer }), transfer });
          if (m.type === 'execute') setTimeout(() => worker.onmessage?.({ data: { type: 'result', runId: m.runId, output: 1 } }), 0);
        },
      };
      return worker as unknown as Worker;
    };
    const pool = new WorkerPool(1, create, { locks: undefined });
    const xs = Array.from({ length: 1_200_000 }, (_, i) => i / 3); // 9.6 MB of columns
    const big = fromWire(encodeForWire({ xs }));
    const small = fromWire(encodeForWire({ ys: [1, 2, 3] }));
    const request: ExecuteRequest = { cellId: 'c', kind: 'k', stream: 'c', inputs: { big, small }, params: {}, seed: 1 };
    expect(await output(pool, request)).toBe(1);
    const first = posts.filter((p) => p.m.type === 'execute')[0]!;
    expect(first.transfer).toHaveLength(1);
    const kept = codecBuffers(keptColumns(big));
    expect(kept[0]!.byteLength).toBe(xs.length * 8); // the page's own columns, intact
    expect(first.transfer[0]).not.toBe(kept[0]);
    const posted = first.m.type === 'execute' ? first.m.request.inputs : {};
    expect(fromWire(posted.big)).toEqual({ xs });
    expect(fromWire(posted.small)).toEqual({ ys: [1, 2, 3] });
    // Again on the same worker: the worker holds both, they go by key, nothing is copied.
    expect(await output(pool, request)).toBe(1);
    const second = posts.filter((p) => p.m.type === 'execute')[1]!;
    expect(second.transfer).toHaveLength(0);
    expect(second.m.type === 'execute' && Object.keys(second.m.request.inputs)).toEqual([]);
    pool.terminate();
  });

  it('a cycle, which the codec refuses, is posted as it is', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(encodeForWire(a)).toBe(a);
  });

  it('through the pool: the cohort comes back in columns, equal to the in-thread run, and goes to the next cell as those columns', async () => {
    const workers = recordingWorkers();
    const pool = new WorkerPool(1, workers.create, { locks: undefined });
    const loadRequest: ExecuteRequest = { cellId: 'data', kind: 'load-cohort', stream: 'data', inputs: {}, params: resolveParams(registry.get('load-cohort'), { today: '2026-12-01' }), seed: 1, source };
    const pooled = (await output(pool, loadRequest)) as LoadedCohort;
    const single = (await output(inProcessExecutor(registry, env), loadRequest)) as LoadedCohort;
    expect(pooled).toEqual(single);
    const resultAt = workers.fromWorkers.findIndex((m) => m.type === 'result');
    const result = workers.fromWorkers[resultAt]!;
    expect(result.type === 'result' && isColumnarEncoded(result.output)).toBe(true);
    // Its columns were transferred, not copied: the worker's copies are detached.
    const sent = workers.transferred[resultAt]!;
    expect(sent.length).toBeGreaterThan(3);
    expect(sent.every((b) => b.byteLength === 0)).toBe(true);
    expect(workers.transferred.filter((t, i) => i !== resultAt && t.length > 0)).toEqual([]);

    const inclusion: ExecuteRequest = { cellId: 'cohort', kind: 'cohort-inclusion', stream: 'cohort', inputs: { data: pooled }, params: resolveParams(registry.get('cohort-inclusion'), {}), seed: 1 };
    const next = await output(pool, inclusion);
    const posted = workers.toWorkers.filter((m) => m.type === 'execute').at(-1)!;
    expect(posted.type === 'execute' && isColumnarEncoded(posted.request.inputs.data)).toBe(true);
    expect(next).toEqual(await output(inProcessExecutor(registry, env), { ...inclusion, inputs: { data: single } }));
    pool.terminate();
  }, 60_000);
});
