import { beforeEach, describe, expect, it } from 'vitest';
import { deriveNotebook, variantCells } from '@/lib/notebook/derive';
import { parseNotebook } from '@/lib/notebook/notebook-schema';
import { memoryCache, NotebookRuntime } from '@/lib/notebook/runtime';
import { calls, chainNotebook, heavyGate, registry, resetHeavyGate } from './helpers';

describe('derived notebooks', () => {
  beforeEach(() => {
    calls.length = 0;
    resetHeavyGate();
  });

  it('keeps the targets and what they need, with the overrides merged', () => {
    const nb = chainNotebook();
    const derived = deriveNotebook(nb, { id: 'chain-x', targets: ['h'], params: { h: { epochs: 1 } } });
    expect(derived.id).toBe('chain-x');
    expect(derived.cells.map((c) => c.id)).toEqual(['a', 'b', 'h']);
    expect(derived.cells.find((c) => c.id === 'h')).toMatchObject({ params: { epochs: 1 }, stream: 'h' });
    expect(() => deriveNotebook(nb, { targets: ['h'], params: { nope: {} } })).toThrow(/no compute cell "nope"/);
    expect(() => deriveNotebook(nb, { targets: ['zzz'] })).toThrow(/no target cell "zzz"/);
  });

  it('a derived run on the same cache serves what the notebook computed and runs only what changed', async () => {
    const cache = memoryCache();
    const nb = chainNotebook();
    const main = new NotebookRuntime({ notebook: nb, registry, cache });
    heavyGate.release();
    await main.runAll();
    expect(main.getState().cells['c']!.status).toBe('fresh');
    calls.length = 0;

    // Same parameters: every cell from the cache, nothing computed, the same numbers.
    const same = new NotebookRuntime({ notebook: deriveNotebook(nb, { id: 'same', targets: ['c'] }), registry, cache });
    await same.runAll();
    expect(calls).toEqual([]);
    expect(same.getState().cells['h']!.output).toEqual(main.getState().cells['h']!.output);
    expect(same.getState().cells['h']!.fromCache).toBe(true);

    // An override: only the changed cell and its downstream run.
    const other = new NotebookRuntime({ notebook: deriveNotebook(nb, { id: 'other', targets: ['c'], params: { h: { epochs: 1 } } }), registry, cache });
    await other.runAll();
    expect(calls).toEqual(['heavy', 'double']);
  });

  it('variant cells beside the originals share the originals’ streams, so equal parameters mean equal keys', async () => {
    const nb = chainNotebook();
    const equal = variantCells(nb, { suffix: '--v', params: { b: {} }, targets: ['h'] });
    expect(equal.map((c) => [c.id, c.stream, c.inputs, c.hidden])).toEqual([
      ['b--v', 'b', { x: 'a' }, true],
      ['h--v', 'h', { x: 'b--v' }, true],
    ]);
    const withVariants = parseNotebook({ ...nb, cells: [...nb.cells, ...equal, ...variantCells(nb, { suffix: '--f3', params: { b: { factor: 3 } }, targets: ['h'] })] });
    const cache = memoryCache();
    const rt = new NotebookRuntime({ notebook: withVariants, registry, cache });
    heavyGate.release();
    await rt.runAll();
    const s = rt.getState().cells;
    expect(s['h--v']!.key).toBe(s['h']!.key);
    expect(s['h--v']!.output).toEqual(s['h']!.output);
    expect(s['h--f3']!.key).not.toBe(s['h']!.key);
    expect((s['h--f3']!.output as { total: number }).total).toBe(((s['h']!.output as { total: number }).total * 3) / 2);
  });
});
