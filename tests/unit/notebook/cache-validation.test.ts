import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineCell, type AnyCellDefinition } from '@/lib/notebook/define-cell';
import { createRegistry } from '@/lib/notebook/registry';
import { parseNotebook } from '@/lib/notebook/notebook-schema';
import { cachedShapeProblem, NotebookRuntime, type DroppedCacheEntry, type ResultCache } from '@/lib/notebook/runtime';

let runs = 0;
const fitCell = defineCell<Record<string, never>, { n: number }, { regression: { rmse: number } }>({
  kind: 't-fit',
  version: 1,
  title: 'Fit',
  description: 'A result with a shape',
  inputs: {},
  params: z.object({ n: z.number().default(2) }),
  heavy: false,
  async *run(_inputs, params) {
    runs++;
    return { regression: { rmse: params.n / 10 } };
  },
  headline: (output) => ({ rmse: output.regression.rmse.toFixed(2) }),
});
const registry = createRegistry([fitCell] as AnyCellDefinition[]);
const notebook = () => parseNotebook({ id: 'fake', title: 'Fake', cells: [{ id: 'fit', kind: 't-fit' }] });

/** A cache whose entries are whatever the test puts there, or a read that throws. */
function fakeCache(entries: Map<string, unknown>, throwing = new Set<string>()): ResultCache & { deleted: string[] } {
  const deleted: string[] = [];
  return {
    deleted,
    get: async (key) => {
      if (throwing.has(key)) throw new Error('the stored columns are truncated');
      return entries.get(key);
    },
    set: (key, value) => void entries.set(key, value),
    delete: (key) => {
      deleted.push(key);
      entries.delete(key);
      throwing.delete(key);
    },
  };
}

async function keyOfFit(): Promise<string> {
  const probe = new NotebookRuntime({ notebook: notebook(), registry });
  await probe.runAll();
  return probe.getState().cells.fit!.key!;
}

describe('cached results are checked before use', () => {
  it.each([
    ['of the wrong shape', { regression: null }, new Set<string>()],
    ['null', null, new Set<string>()],
    ['that cannot be read', undefined, 'throw'],
  ] as const)('an entry %s is dropped, noted, and the cell computed again', async (_what, stored, mode) => {
    const key = await keyOfFit();
    const entries = new Map<string, unknown>(stored !== undefined || mode !== 'throw' ? [[key, stored]] : []);
    const cache = fakeCache(entries, mode === 'throw' ? new Set([key]) : new Set());
    const dropped: DroppedCacheEntry[] = [];
    runs = 0;
    const runtime = new NotebookRuntime({ notebook: notebook(), registry, cache, onCacheDropped: (e) => dropped.push(e) });
    await runtime.runAll();
    const cell = runtime.getState().cells.fit!;
    expect(cell.status).toBe('fresh');
    expect(cell.fromCache).toBeFalsy();
    expect(cell.output).toEqual({ regression: { rmse: 0.2 } });
    expect(runs).toBe(1);
    expect(dropped).toEqual([{ cellId: 'fit', key, reason: expect.any(String) }]);
    expect(cache.deleted).toEqual([key]);
    // The good result replaced the bad one: the next runtime is served from the cache.
    expect(entries.get(key)).toEqual({ regression: { rmse: 0.2 } });
    const again = new NotebookRuntime({ notebook: notebook(), registry, cache });
    await again.runAll();
    expect(again.getState().cells.fit!.fromCache).toBe(true);
    expect(runs).toBe(1);
  });

  it('a sound entry is served as before', async () => {
    const key = await keyOfFit();
    const cache = fakeCache(new Map([[key, { regression: { rmse: 9 } }]]));
    runs = 0;
    const runtime = new NotebookRuntime({ notebook: notebook(), registry, cache });
    await runtime.runAll();
    expect(runtime.getState().cells.fit!.output).toEqual({ regression: { rmse: 9 } });
    expect(runs).toBe(0);
    expect(cache.deleted).toEqual([]);
  });

  it('cachedShapeProblem: what the headline cannot read is the wrong shape', () => {
    expect(cachedShapeProblem(fitCell, { regression: { rmse: 1 } }, { n: 2 })).toBeUndefined();
    expect(cachedShapeProblem(fitCell, { nope: 1 }, { n: 2 })).toMatch(/shape/);
    expect(cachedShapeProblem({}, 5, {})).toBeUndefined();
    expect(cachedShapeProblem({}, null, {})).toMatch(/null/);
    // The artifacts the page draws from it are read too (with the step's inputs).
    const artifacts = (output: never, _params: never, inputs: never) => (output as { rows: unknown[] }).rows.map(() => (inputs as { data: { n: number } }).data.n);
    expect(cachedShapeProblem({ artifacts }, { rows: [1] }, {}, { data: { n: 1 } })).toBeUndefined();
    expect(cachedShapeProblem({ artifacts }, {}, {}, { data: { n: 1 } })).toMatch(/shape/);
  });
});
