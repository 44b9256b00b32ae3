import { readFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { resolveParams, type ExecutionEnv } from '@/lib/notebook/define-cell';
import { inProcessExecutor, type CellExecutor, type ExecuteRequest } from '@/lib/notebook/executor';
import { sha256Hex } from '@/lib/notebook/hash';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { findNotebook } from '@/notebooks';
import { createComputeHost } from '@/workers/compute-host';
import { estimateDecodedBytes, HeldInputs, keyOfValue } from '@/workers/input-cache';
import type { FromWorker, ToWorker } from '@/workers/protocol';
import { WorkerPool } from '@/workers/worker-pool';

const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const env: ExecutionEnv = { host: 'node' };
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };

type Sent = ToWorker & { worker: number };
type Received = FromWorker & { worker: number };

/**
 * Stand-in workers running the real compute host over structured clones (as in
 * worker-pool.test.ts), recording every message with the worker's index. `gate(i)` holds the
 * messages to worker i until `open(i)` (a worker busy with something else); `tamper` may
 * change a message before the worker sees it.
 */
function recordingWorkers(options: { tamper?: (message: ToWorker, worker: number) => ToWorker | null } = {}) {
  const sent: Sent[] = [];
  const received: Received[] = [];
  const gates = new Map<number, Array<() => void>>();
  let count = 0;
  const create = () => {
    const id = count++;
    const worker = { onmessage: null as ((e: { data: unknown }) => void) | null, terminate() {}, postMessage: (_m: ToWorker) => {} };
    const handle = createComputeHost({
      registry,
      env,
      post: (m) => {
        received.push({ ...m, worker: id });
        setTimeout(() => worker.onmessage?.({ data: structuredClone(m) }), 0);
      },
    });
    worker.postMessage = (m: ToWorker) => {
      sent.push({ ...m, worker: id });
      const changed = options.tamper ? options.tamper(m, id) : m;
      if (changed === null) return; // lost on the way
      const message = structuredClone(changed);
      const deliver = () => setTimeout(() => void handle(message), 0);
      const gate = gates.get(id);
      if (gate) gate.push(deliver);
      else deliver();
    };
    return worker as unknown as Worker;
  };
  return {
    create,
    sent,
    received,
    gate: (i: number) => void gates.set(i, []),
    open: (i: number) => {
      const held = gates.get(i) ?? [];
      gates.delete(i);
      for (const d of held) d();
    },
  };
}

async function output(executor: CellExecutor, request: ExecuteRequest, signal = new AbortController().signal) {
  const gen = executor.execute(request, signal);
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}

const executes = (sent: Sent[]) => sent.filter((m): m is Extract<ToWorker, { type: 'execute' }> & { worker: number } => m.type === 'execute');

let prognosis: unknown;
const whatIf = (age: number): ExecuteRequest => ({
  cellId: 'what-if',
  kind: 'what-if-patient',
  stream: 'what-if',
  inputs: { prognosis },
  params: resolveParams(registry.get('what-if-patient'), { age }),
  seed: 7,
});

beforeAll(async () => {
  const nb = findNotebook('teaching')!;
  const upTo = nb.cells.findIndex((c) => c.id === 'prognosis');
  const state = await runNotebook({ notebook: { ...nb, cells: nb.cells.slice(0, upTo + 1) }, registry, source, env });
  prognosis = state.cells.prognosis!.output;
  expect(prognosis).toBeTruthy();
}, 120_000);

describe('the pool record of what a worker holds (HeldInputs)', () => {
  it('posts a value once and then its key, keeps within the budget (least recently used dropped first) and never keeps what is over it', () => {
    const held = new HeldInputs(100);
    const a = { a: 1 }, b = { b: 2 }, c = { c: 3 }, big = { big: true };
    const sizes: Record<string, number> = { a: 40, b: 40, c: 40, big: 101 };
    expect(held.plan({ a, n: 3 }, (name) => sizes[name]!)).toEqual({ refs: {}, keep: { a: keyOfValue(a) }, evict: [] });
    expect(held.plan({ a, b }, (name) => sizes[name]!)).toEqual({ refs: { a: keyOfValue(a) }, keep: { b: keyOfValue(b) }, evict: [] });
    // a was used last of the two: b goes when c comes.
    held.plan({ a }, () => NaN);
    expect(held.plan({ c }, (name) => sizes[name]!)).toEqual({ refs: {}, keep: { c: keyOfValue(c) }, evict: [keyOfValue(b)] });
    expect(held.plan({ big }, (name) => sizes[name]!)).toEqual({ refs: {}, keep: {}, evict: [] });
    expect(held.bytes).toBe(80);
    expect(held.heldBytes([keyOfValue(a)!, keyOfValue(b)!, keyOfValue(c)!])).toBe(80);
    held.forget(keyOfValue(a)!);
    expect(held.has(keyOfValue(a)!)).toBe(false);
    expect(held.bytes).toBe(40);
  });

  it('keys values by identity: one key per object, none for primitives; sizes values in columns without walking their rows', () => {
    const o = { x: [1, 2] };
    expect(keyOfValue(o)).toBe(keyOfValue(o));
    expect(keyOfValue({ x: [1, 2] })).not.toBe(keyOfValue(o));
    expect(keyOfValue(3)).toBeUndefined();
    expect(keyOfValue(null)).toBeUndefined();
    expect(estimateDecodedBytes({ data: new Float64Array(1000) })).toBeGreaterThanOrEqual(32_000);
    expect(estimateDecodedBytes(Array.from({ length: 300_000 }, () => 1))).toBe(Infinity);
  });
});

describe('inputs stay in the worker that received them', () => {
  it('a repeated what-if run posts the model once, then only its key, to the worker holding it; outputs bit-identical to runs without the cache (and equal to in-thread runs)', async () => {
    const cached = recordingWorkers();
    const pool = new WorkerPool(2, cached.create, { locks: undefined });
    const plain = recordingWorkers();
    const uncachedPool = new WorkerPool(2, plain.create, { locks: undefined, inputCacheBytes: 0 });
    const local = inProcessExecutor(registry, env);
    for (const age of [45, 70, 71, 20, 45]) {
      const a = await output(pool, whatIf(age));
      const b = await output(uncachedPool, whatIf(age));
      const c = await output(local, whatIf(age));
      expect(serialize(a)).toEqual(serialize(b));
      // In-thread outputs skip the wire (shared references stay shared): equal, not byte-equal.
      expect(a).toEqual(c);
    }
    const runs = executes(cached.sent);
    expect(runs).toHaveLength(5);
    expect(Object.keys(runs[0]!.request.inputs)).toEqual(['prognosis']);
    expect(runs[0]!.inputs?.keep).toEqual({ prognosis: keyOfValue(prognosis) });
    for (const run of runs.slice(1)) {
      expect(run.request.inputs).toEqual({});
      expect(run.inputs?.refs).toEqual({ prognosis: keyOfValue(prognosis) });
      expect(run.worker).toBe(runs[0]!.worker);
    }
    // Without the cache every run posts the model, and the message says nothing of keys.
    for (const run of executes(plain.sent)) {
      expect(Object.keys(run.request.inputs)).toEqual(['prognosis']);
      expect(run.inputs).toBeUndefined();
    }
    pool.terminate();
    uncachedPool.terminate();
  }, 60_000);

  it('affinity never waits: with the holding worker busy, the run goes to a free one (posted there in full)', async () => {
    const workers = recordingWorkers();
    const pool = new WorkerPool(2, workers.create, { locks: undefined });
    const first = await output(pool, whatIf(45));
    const holder = executes(workers.sent)[0]!.worker;
    // The holder takes a run that does not answer until it is let go.
    workers.gate(holder);
    const busy = output(pool, whatIf(50));
    await new Promise((r) => setTimeout(r, 5));
    const second = await output(pool, whatIf(45));
    const runs = executes(workers.sent);
    expect(runs[1]!.worker).toBe(holder);
    expect(runs[2]!.worker).not.toBe(holder);
    expect(Object.keys(runs[2]!.request.inputs)).toEqual(['prognosis']);
    expect(serialize(second)).toEqual(serialize(first));
    workers.open(holder);
    await busy;
    pool.terminate();
  }, 60_000);

  it('a worker that lacks a value sent by key asks for it, gets it, and computes the same output', async () => {
    // The worker is told to keep the model but does not (as after a failed decode): the pool's
    // record is wrong, and only the fallback can save the next run.
    const workers = recordingWorkers({
      tamper: (m) => (m.type === 'execute' && m.inputs ? { ...m, inputs: { ...m.inputs, keep: {} } } : m),
    });
    const pool = new WorkerPool(1, workers.create, { locks: undefined });
    const first = await output(pool, whatIf(45));
    const second = await output(pool, whatIf(45));
    expect(serialize(second)).toEqual(serialize(first));
    expect(workers.received.filter((m) => m.type === 'need-inputs').map((m) => m.type === 'need-inputs' && m.names)).toEqual([['prognosis']]);
    expect(workers.sent.filter((m) => m.type === 'inputs')).toHaveLength(1);
    // The pool forgot the key: the third run posts the model again (and the worker is told to keep it).
    await output(pool, whatIf(46));
    expect(Object.keys(executes(workers.sent)[2]!.request.inputs)).toEqual(['prognosis']);
    pool.terminate();
  }, 60_000);

  it('a run cancelled while its worker waits for a resent input ends as cancelled, and the worker takes the next run', async () => {
    // The worker does not keep the model, and the resent model never arrives: it waits for it
    // until the cancel comes.
    const workers = recordingWorkers({
      tamper: (m) => (m.type === 'inputs' ? null : m.type === 'execute' && m.inputs ? { ...m, inputs: { ...m.inputs, keep: {} } } : m),
    });
    const pool = new WorkerPool(1, workers.create, { locks: undefined });
    await output(pool, whatIf(45));
    const controller = new AbortController();
    const next = pool.execute(whatIf(45), controller.signal).next();
    for (let i = 0; i < 500 && !workers.sent.some((m) => m.type === 'inputs'); i++) await new Promise((r) => setTimeout(r, 2));
    controller.abort();
    // The run ends for its caller at once; the worker answers the cancel when it hears it.
    await expect(next).rejects.toThrow(/cancel/i);
    for (let i = 0; i < 500 && workers.received.at(-1)?.type !== 'cancelled'; i++) await new Promise((r) => setTimeout(r, 2));
    expect(workers.received.at(-1)?.type).toBe('cancelled');
    const after = await output(pool, whatIf(46));
    expect(after).toBeTruthy();
    pool.terminate();
  }, 60_000);
});

describe('what lets a worker keep inputs: no cell changes its inputs', () => {
  /** Freezes a value and everything in it (typed arrays cannot be frozen: left as they are). */
  function deepFreeze(x: unknown, seen = new Set<unknown>()): void {
    if (typeof x !== 'object' || x === null || seen.has(x) || ArrayBuffer.isView(x)) return;
    seen.add(x);
    Object.freeze(x);
    for (const k of Object.keys(x)) deepFreeze((x as Record<string, unknown>)[k], seen);
  }

  it('the teaching notebook runs with every input frozen (a write to an input would throw) and gives the same outputs', async () => {
    const inner = inProcessExecutor(registry, env);
    const freezing: CellExecutor = {
      execute(request, signal) {
        for (const value of Object.values(request.inputs)) deepFreeze(value);
        return inner.execute(request, signal);
      },
    };
    const notebook = findNotebook('teaching')!;
    const frozen = await runNotebook({ notebook, registry, source, env, executor: freezing });
    const plain = await runNotebook({ notebook, registry, source, env });
    for (const [id, cell] of Object.entries(plain.cells)) {
      expect(frozen.cells[id]!.status, id).toBe(cell.status);
      expect(frozen.cells[id]!.output, id).toEqual(cell.output);
    }
  }, 120_000);
});

describe('a run cancelled while it waits for a worker', () => {
  it('never reaches a worker and leaves no slot held: the next run goes through', async () => {
    const workers = recordingWorkers();
    const pool = new WorkerPool(1, workers.create, { locks: undefined });
    workers.gate(0);
    const first = output(pool, whatIf(45));
    const controller = new AbortController();
    const queued = output(pool, whatIf(46), controller.signal);
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    workers.open(0);
    await first;
    await expect(queued).rejects.toThrow(/cancel/i);
    expect(executes(workers.sent)).toHaveLength(1);
    // Before, the cancelled run kept the only worker waiting for an answer it was never owed.
    expect(await Promise.race([output(pool, whatIf(47)).then(() => 'done'), new Promise((r) => setTimeout(() => r('stuck'), 10_000))])).toBe('done');
    pool.terminate();
  }, 60_000);
});
