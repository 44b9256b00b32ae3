/**
 * Re-runs of cheap cells through the worker pool, with and without inputs kept in the workers
 * (workers/input-cache.ts), interleaved run by run. Node has no Web Workers: the stand-ins run
 * the real compute host on this thread and every message is structured-cloned both ways, as
 * the browser does, so a run's time is the page's side (posting, decoding the result) plus the
 * worker's (decoding inputs, the cell, encoding the result), without rendering. The page's
 * own figure, edit → prediction on screen, comes from `cli/bench-browser.ts --what-if N`.
 *
 *   npx tsx cli/bench-what-if.ts [--runs 40]
 *
 * Cases: the what-if patient (input: the teaching notebook's prognosis model) and the cohort
 * inclusion (input: the loaded bundled cohort). Prints one JSON object.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseFlags, runMain } from './args';
import { registry } from '../lib/cells';
import { resolveParams, type ExecutionEnv } from '../lib/notebook/define-cell';
import type { CellExecutor, ExecuteRequest } from '../lib/notebook/executor';
import { sha256Hex } from '../lib/notebook/hash';
import { runNotebook } from '../lib/notebook/run-notebook';
import { findNotebook } from '../notebooks';
import { createComputeHost } from '../workers/compute-host';
import type { ToWorker } from '../workers/protocol';
import { WorkerPool } from '../workers/worker-pool';

const USAGE = 'usage: npx tsx cli/bench-what-if.ts [--runs 40]';

const env: ExecutionEnv = { host: 'node' };

function standInWorkers() {
  return () => {
    const worker = { onmessage: null as ((e: { data: unknown }) => void) | null, terminate() {}, postMessage: (_m: ToWorker) => {} };
    const handle = createComputeHost({ registry, env, post: (m) => setTimeout(() => worker.onmessage?.({ data: structuredClone(m) }), 0) });
    worker.postMessage = (m: ToWorker) => {
      const copy = structuredClone(m);
      setTimeout(() => void handle(copy), 0);
    };
    return worker as unknown as Worker;
  };
}

async function timed(executor: CellExecutor, request: ExecuteRequest): Promise<number> {
  const t0 = performance.now();
  const gen = executor.execute(request, new AbortController().signal);
  for (;;) if ((await gen.next()).done) break;
  return performance.now() - t0;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const summary = (xs: number[]) => ({ p50: Number(pct(xs, 50).toFixed(2)), p95: Number(pct(xs, 95).toFixed(2)), max: Number(Math.max(...xs).toFixed(2)) });

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), { runs: { type: 'string', default: '40' } });
  const runs = Number(flags.runs);
  const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
  const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };
  const nb = findNotebook('teaching')!;
  const state = await runNotebook({ notebook: { ...nb, cells: nb.cells.slice(0, nb.cells.findIndex((c) => c.id === 'prognosis') + 1) }, registry, source, env });
  const prognosis = state.cells.prognosis!.output;
  const data = state.cells.data!.output;
  const cases: Record<string, (i: number) => ExecuteRequest> = {
    whatIf: (i) => ({ cellId: 'what-if', kind: 'what-if-patient', stream: 'what-if', inputs: { prognosis }, params: resolveParams(registry.get('what-if-patient'), { age: 30 + (i % 40) }), seed: 7 }),
    cohortInclusion: (i) => ({ cellId: 'cohort', kind: 'cohort-inclusion', stream: 'cohort', inputs: { data }, params: resolveParams(registry.get('cohort-inclusion'), {}), seed: 7 + (i % 2) }),
  };
  const result: Record<string, { kept: ReturnType<typeof summary>; posted: ReturnType<typeof summary> }> = {};
  for (const [name, request] of Object.entries(cases)) {
    // Pools as the page makes them on 2 cores (3 workers); a fresh pair per case.
    const kept = new WorkerPool(3, standInWorkers(), { locks: undefined });
    const posted = new WorkerPool(3, standInWorkers(), { locks: undefined, inputCacheBytes: 0 });
    const times = { kept: [] as number[], posted: [] as number[] };
    // Two runs each first (the first run of a pool posts and decodes everything: not an edit).
    for (let i = -2; i < runs; i++) {
      const order = i % 2 === 0 ? (['kept', 'posted'] as const) : (['posted', 'kept'] as const);
      for (const which of order) {
        const ms = await timed(which === 'kept' ? kept : posted, request(i + 2));
        if (i >= 0) times[which].push(ms);
      }
    }
    kept.terminate();
    posted.terminate();
    result[name] = { kept: summary(times.kept), posted: summary(times.posted) };
  }
  process.stdout.write(`${JSON.stringify({ runs, node: process.versions.node, loadAverage: loadavg().map((x) => Number(x.toFixed(1))), ...result })}\n`);
  return 0;
}

void runMain(USAGE, main);
