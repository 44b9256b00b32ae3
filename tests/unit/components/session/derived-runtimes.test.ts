/**
 * Runtimes beside the notebook's own (components/notebook/session/derived-runtimes.ts), in
 * Node with the in-process executor: the upload's check reads a file as the load step would,
 * caches it under the key the step will have, and says what went wrong.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import { CancelledError } from '@/lib/notebook/errors';
import { inProcessExecutor } from '@/lib/notebook/executor';
import { isComputeCell } from '@/lib/notebook/notebook-schema';
import { memoryCache, NotebookRuntime } from '@/lib/notebook/runtime';
import { notebooks } from '@/notebooks';
import { dataSource } from '@/components/notebook/session/data-files';
import { DerivedRuntimes } from '@/components/notebook/session/derived-runtimes';

const paper = notebooks.find((n) => n.id === 'han-2026')!;
const load = paper.cells.find((c) => isComputeCell(c) && registry.get(c.kind).fileSettings)!;
const own = isComputeCell(load) ? load.params : {};
const bundled = dataSource('synthetic-cohort.csv', new Uint8Array(readFileSync('data/synthetic-cohort.csv')));

function derivedOn(cache = memoryCache()) {
  const dropped: string[] = [];
  const derived = new DerivedRuntimes({
    notebookId: paper.id,
    registry,
    executor: inProcessExecutor(registry, { host: 'node' }),
    cache,
    capacity: () => ({ concurrency: 2, heavyConcurrency: 1 }),
    onCacheDropped: (e) => void dropped.push(e.cellId),
    base: () => paper,
    source: () => bundled,
  });
  return { derived, cache, dropped };
}

describe('DerivedRuntimes.check', () => {
  it('reads every row as the load step, cached under the key the notebook’s step then has', async () => {
    const { derived, cache } = derivedOn();
    const progress: number[] = [];
    const cohort: LoadedCohort = await derived.check(load.id, bundled, own, undefined, (p) => progress.push(p.fraction));
    expect(cohort.patients.length).toBeGreaterThan(100);
    expect(progress.length).toBeGreaterThan(0);
    // The notebook's own runtime on the same cache finds the load step's result: nothing is read again.
    const runtime = new NotebookRuntime({ notebook: paper, registry, executor: inProcessExecutor(registry, { host: 'node' }), cache, source: bundled });
    const ran: string[] = [];
    runtime.subscribe((_s, a) => {
      if (a.type === 'run-finished' && a.cellId === load.id) ran.push(a.fromCache ? 'cache' : 'computed');
    });
    await runtime.runCell(load.id);
    expect(ran).toEqual(['cache']);
  });

  it('says why a file cannot be read under the settings', async () => {
    const { derived } = derivedOn();
    const bad = dataSource('bad.csv', new TextEncoder().encode('a,b\n1,2\n'));
    await expect(derived.check(load.id, bad, own)).rejects.toThrow(/column/i);
  });

  it('a check cancelled before it began reads nothing and is a CancelledError', async () => {
    const { derived, cache } = derivedOn();
    const controller = new AbortController();
    controller.abort();
    await expect(derived.check(load.id, bundled, own, controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(cache.size()).toBe(0);
  });
});

describe('DerivedRuntimes.derive', () => {
  it('derives from the notebook now, on its data', () => {
    const { derived } = derivedOn();
    const runtime = derived.derive({ id: 'x', targets: [load.id] });
    expect(runtime.getState().notebook.cells.map((c) => c.id)).toContain(load.id);
  });
});
