import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import { isColumnarEncoded } from '@/lib/notebook/columnar-codec';
import { resolveParams, type ExecutionEnv } from '@/lib/notebook/define-cell';
import { inProcessExecutor, type CellExecutor, type ExecuteRequest } from '@/lib/notebook/executor';
import { sha256Hex } from '@/lib/notebook/hash';
import { createComputeHost } from '@/workers/compute-host';
import type { FromWorker, ToWorker } from '@/workers/protocol';
import { lazyArray } from '@/lib/notebook/lazy-array';
import { encodeForWire, fromWire, inputsToWire, toWire } from '@/workers/wire-values';
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

/** Stand-in workers running the real compute host; every message is structured-cloned and recorded. */
function recordingWorkers() {
  const toWorkers: ToWorker[] = [];
  const fromWorkers: FromWorker[] = [];
  const create = () => {
    const worker = { onmessage: null as ((e: { data: unknown }) => void) | null, terminate() {}, postMessage: (_m: ToWorker) => {} };
    const handle = createComputeHost({
      registry,
      env,
      post: (m) => {
        fromWorkers.push(m);
        setTimeout(() => worker.onmessage?.({ data: structuredClone(m) }), 0);
      },
    });
    worker.postMessage = (m: ToWorker) => {
      toWorkers.push(m);
      setTimeout(() => void handle(structuredClone(m)), 0);
    };
    return worker as unknown as Worker;
  };
  return { create, toWorkers, fromWorkers };
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
    const result = workers.fromWorkers.find((m) => m.type === 'result')!;
    expect(result.type === 'result' && isColumnarEncoded(result.output)).toBe(true);

    const inclusion: ExecuteRequest = { cellId: 'cohort', kind: 'cohort-inclusion', stream: 'cohort', inputs: { data: pooled }, params: resolveParams(registry.get('cohort-inclusion'), {}), seed: 1 };
    const next = await output(pool, inclusion);
    const posted = workers.toWorkers.filter((m) => m.type === 'execute').at(-1)!;
    expect(posted.type === 'execute' && isColumnarEncoded(posted.request.inputs.data)).toBe(true);
    expect(next).toEqual(await output(inProcessExecutor(registry, env), { ...inclusion, inputs: { data: single } }));
    pool.terminate();
  }, 60_000);
});
