import { beforeEach, describe, expect, it } from 'vitest';
import { NotebookRuntime, memoryCache } from '@/lib/notebook/runtime';
import { calls, chainNotebook, heavyGate, registry, resetHeavyGate } from './helpers';
import { parseNotebook } from '@/lib/notebook/notebook-schema';
import { z } from 'zod';
import { defineCell, type AnyCellDefinition } from '@/lib/notebook/define-cell';
import { createRegistry } from '@/lib/notebook/registry';

const statuses = (rt: NotebookRuntime) => Object.fromEntries(Object.entries(rt.getState().cells).map(([id, c]) => [id, c.status]));
const tickUntil = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!check()) throw new Error('condition never held');
};

beforeEach(() => {
  calls.length = 0;
  resetHeavyGate();
});

describe('runtime', () => {
  it('runs cheap cells on start, in topological order, and leaves heavy cells for Run', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    await rt.start();
    expect(calls).toEqual(['source', 'double']);
    expect(statuses(rt)).toEqual({ a: 'fresh', b: 'fresh', h: 'idle', c: 'idle' });
    expect(rt.getState().cells.b!.output).toBe(6);
  });

  it('runs heavy cells and their downstream on Run all', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    heavyGate.release();
    await rt.runAll();
    expect(statuses(rt)).toEqual({ a: 'fresh', b: 'fresh', h: 'fresh', c: 'fresh' });
    expect(rt.getState().cells.c!.output).toBe(36);
  });

  it('marks an edited cell and everything downstream stale, re-runs cheap ones, waits for heavy', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    heavyGate.release();
    await rt.runAll();
    calls.length = 0;
    const seen: string[] = [];
    rt.subscribe((s, action) => {
      if (action.type === 'edit-params') seen.push(JSON.stringify([s.cells.a!.status, s.cells.b!.status, s.cells.h!.status, s.cells.c!.status]));
    });
    const done = rt.editParams('a', { value: 5 });
    expect(seen).toEqual([JSON.stringify(['stale', 'stale', 'stale', 'stale'])]);
    await done;
    expect(calls).toEqual(['source', 'double']);
    expect(statuses(rt)).toEqual({ a: 'fresh', b: 'fresh', h: 'stale', c: 'stale' });
    expect(rt.getState().cells.h!.output).toMatchObject({ total: 18 }); // the old result stays visible, marked stale
  });

  it('does not re-run cells upstream of an edit', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    await rt.start();
    calls.length = 0;
    await rt.editParams('b', { factor: 4 });
    expect(calls).toEqual(['double']);
    expect(rt.getState().cells.b!.output).toBe(12);
  });

  it('drops a superseded result: an edit during a heavy run discards what that run returns', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    await rt.start();
    const firstGate = heavyGate;
    const run = rt.runCell('h');
    await tickUntil(() => rt.getState().cells.h!.status === 'running');
    resetHeavyGate();
    await rt.editParams('h', { epochs: 2 }); // aborts the first run
    firstGate.release();
    await run;
    expect(rt.getState().cells.h!.status).toBe('stale');
    expect(rt.getState().cells.h!.output).toBeUndefined();
    heavyGate.release();
    await rt.runCell('h');
    expect(rt.getState().cells.h!.output).toMatchObject({ total: 12 });
  });

  it('ignores progress and results that arrive for an old run id (reducer level)', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    await rt.start();
    const run = rt.runCell('h');
    await tickUntil(() => rt.getState().cells.h!.status === 'running');
    const current = rt.getState().cells.h!.runId!;
    // simulate a late message from an earlier run
    const { notebookReducer } = await import('@/lib/notebook/state');
    const after = notebookReducer(rt.getState(), { type: 'run-finished', cellId: 'h', runId: current - 1, output: 'old', ms: 1, at: 1 });
    expect(after).toBe(rt.getState());
    heavyGate.release();
    await run;
  });

  it('cancels a heavy run: the cell goes back to stale without an error, downstream does not run', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    const run = rt.runAll();
    await tickUntil(() => rt.getState().cells.h!.status === 'running');
    rt.cancel('h');
    heavyGate.release();
    await run;
    expect(rt.getState().cells.h).toMatchObject({ status: 'stale' });
    expect(rt.getState().cells.h!.cancelled).toBeDefined();
    expect(rt.getState().cells.h!.error).toBeUndefined();
    expect(rt.getState().cells.c!.status).toBe('idle');
  });

  it('reports a failure with its message and does not auto-retry it', async () => {
    const nb = parseNotebook({ id: 'f', title: 'F', cells: [{ id: 'a', kind: 't-source' }, { id: 'bad', kind: 't-fail', inputs: { x: 'a' } }] });
    const rt = new NotebookRuntime({ notebook: nb, registry });
    await rt.start();
    expect(rt.getState().cells.bad).toMatchObject({ status: 'error', error: 'boom: column "age" row 3 value "abc"' });
    await rt.start();
    expect(rt.getState().cells.bad!.status).toBe('error');
  });

  it('reports invalid parameters as a cell error naming the field', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    await rt.start();
    await rt.editParams('b', { factor: 'two' });
    expect(rt.getState().cells.b!.status).toBe('error');
    expect(rt.getState().cells.b!.error).toMatch(/factor/);
  });

  it('restores results from the cache by key, and the same seed gives the same numbers', async () => {
    const cache = memoryCache();
    heavyGate.release();
    const first = new NotebookRuntime({ notebook: chainNotebook(), registry, cache });
    await first.runAll();
    calls.length = 0;
    const second = new NotebookRuntime({ notebook: chainNotebook(), registry, cache });
    await second.runAll();
    expect(calls).toEqual([]);
    expect(second.getState().cells.h!.fromCache).toBe(true);
    expect(second.getState().cells.h!.output).toEqual(first.getState().cells.h!.output);
    const fresh = new NotebookRuntime({ notebook: chainNotebook(), registry });
    await fresh.runAll();
    expect(fresh.getState().cells.h!.output).toEqual(first.getState().cells.h!.output);
  });

  it('after a reload, shows cached heavy results without computing anything (no Run needed)', async () => {
    const cache = memoryCache();
    heavyGate.release();
    await new NotebookRuntime({ notebook: chainNotebook(), registry, cache }).runAll();
    calls.length = 0;
    const reloaded = new NotebookRuntime({ notebook: chainNotebook(), registry, cache });
    await reloaded.start();
    await tickUntil(() => reloaded.getState().cells.c!.status === 'fresh');
    expect(calls).toEqual([]);
    expect(reloaded.getState().cells.h).toMatchObject({ status: 'fresh', fromCache: true });
    // A changed parameter has no cached result: the heavy cell waits for Run again.
    await reloaded.editParams('h', { epochs: 5 });
    await new Promise((r) => setTimeout(r, 20));
    expect(reloaded.getState().cells.h!.status).toBe('stale');
  });

  it('after a reload with changed parameters, a heavy cell shows the result it last showed, greyed as out of date (rememberShown), and Run replaces it', async () => {
    const cache = memoryCache();
    heavyGate.release();
    const first = new NotebookRuntime({ notebook: chainNotebook(), registry, cache, rememberShown: true });
    await first.runAll();
    const shown = first.getState().cells.h!;
    // The parameter edited after the run and saved with the session; then the page reloads.
    const edited = chainNotebook();
    const h = edited.cells.find((c) => c.id === 'h') as { params?: Record<string, unknown> };
    h.params = { ...h.params, epochs: 5 };
    calls.length = 0;
    const reloaded = new NotebookRuntime({ notebook: edited, registry, cache, rememberShown: true });
    await reloaded.start();
    await tickUntil(() => reloaded.getState().cells.h!.status === 'stale');
    expect(calls).toEqual([]);
    expect(reloaded.getState().cells.h).toMatchObject({ status: 'stale', output: shown.output, key: shown.key });
    // Downstream of an out-of-date result shows nothing new and computes nothing.
    expect(reloaded.getState().cells.c!.status).toBe('idle');
    // Without rememberShown (the CLI) nothing is remembered: the cell has not run under these parameters.
    const plain = new NotebookRuntime({ notebook: edited, registry, cache });
    await plain.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(plain.getState().cells.h!.status).toBe('idle');
    // Run computes under the new parameters.
    resetHeavyGate();
    heavyGate.release();
    await reloaded.runAll();
    expect(reloaded.getState().cells.h!.status).toBe('fresh');
    expect(reloaded.getState().cells.h!.key).not.toBe(shown.key);
  });

  it('runs independent heavy cells side by side up to the concurrency limit', async () => {
    const nb = parseNotebook({
      id: 'p', title: 'P',
      cells: [{ id: 'a', kind: 't-source' }, { id: 'h1', kind: 't-heavy', inputs: { x: 'a' } }, { id: 'h2', kind: 't-heavy', inputs: { x: 'a' } }],
    });
    const rt = new NotebookRuntime({ notebook: nb, registry, concurrency: 2 });
    const run = rt.runAll();
    await tickUntil(() => rt.getState().cells.h1!.status === 'running' && rt.getState().cells.h2!.status === 'running');
    heavyGate.release();
    await run;
    expect(statuses(rt)).toEqual({ a: 'fresh', h1: 'fresh', h2: 'fresh' });
  });
});

describe('runtime: capacity kept for cheap cells', () => {
  it('with heavyConcurrency below concurrency, an edit re-runs cheap cells while heavy ones train', async () => {
    const nb = parseNotebook({
      id: 'p', title: 'P',
      cells: [
        { id: 'a', kind: 't-source' },
        { id: 'h1', kind: 't-heavy', inputs: { x: 'a' } },
        { id: 'h2', kind: 't-heavy', inputs: { x: 'a' } },
        { id: 's', kind: 't-source', params: { value: 1 } },
        { id: 'd', kind: 't-double', inputs: { x: 's' } },
      ],
    });
    const rt = new NotebookRuntime({ notebook: nb, registry, concurrency: 2, heavyConcurrency: 1 });
    const run = rt.runAll();
    await tickUntil(() => rt.getState().cells.h1!.status === 'running');
    await new Promise((r) => setTimeout(r, 5));
    // One heavy run at a time: h2 waits, although a second run is allowed.
    expect(rt.getState().cells.h2!.status).not.toBe('running');
    // The kept capacity: the cheap chain re-runs at once after an edit, the heavy run still going.
    void rt.editParams('s', { value: 4 });
    await tickUntil(() => rt.getState().cells.d!.status === 'fresh' && rt.getState().cells.d!.output === 8);
    expect(rt.getState().cells.h1!.status).toBe('running');
    heavyGate.release();
    await run;
    expect(statuses(rt)).toMatchObject({ h1: 'fresh', h2: 'fresh', d: 'fresh' });
  });
});

describe('runtime: a new file with its own settings', () => {
  // A cell that reads the file under a setting (like load-cohort's column mapping).
  const seen: string[] = [];
  const readerCell = defineCell({
    kind: 't-reader',
    version: 1,
    title: 'Reader',
    description: 'Reads the file under a column setting',
    inputs: {},
    params: z.object({ column: z.string().default('a') }),
    heavy: false,
    usesSource: true,
    async *run(_inputs, params, ctx) {
      seen.push(`${ctx.source?.name}:${params.column}`);
      return `${ctx.source?.text}/${params.column}`;
    },
  });
  const readers = createRegistry([readerCell] as AnyCellDefinition[]);
  const doc = () => parseNotebook({ id: 'r', title: 'R', cells: [{ id: 'read', kind: 't-reader' }] });
  const file = (name: string) => ({ name, sha256: name, text: name });

  it('changes file and settings together: the new file is never read with the old settings', async () => {
    seen.length = 0;
    const rt = new NotebookRuntime({ notebook: doc(), registry: readers });
    await rt.setSource(file('one.csv'));
    await rt.setSource(file('two.csv'), { read: { column: 'b' } });
    expect(seen).toEqual(['one.csv:a', 'two.csv:b']);
    expect(rt.getState().cells.read).toMatchObject({ status: 'fresh', output: 'two.csv/b' });
    expect(rt.getState().notebook.cells[0]).toMatchObject({ params: { column: 'b' } });
  });
});

describe('runtime: listeners', () => {
  it('a listener that throws (a view’s bug) does not fail the run it heard of', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      rt.subscribe((_s, action) => {
        if (action.type === 'run-finished') throw new Error('render loop');
      });
      heavyGate.release();
      await rt.runAll();
    } finally {
      console.error = original;
    }
    for (const id of ['a', 'b', 'h', 'c']) expect(rt.getState().cells[id]!.status).toBe('fresh');
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('runtime: Run before the data have arrived', () => {
  // The page's runtime exists (and its Run buttons work) while it still fetches the bundled
  // cohort or reads a saved file: a Run in that window waits for the data, it is not lost.
  const read = defineCell({
    kind: 't-read',
    version: 1,
    title: 'Read',
    description: 'Reads the file',
    inputs: {},
    params: z.object({}),
    heavy: false,
    usesSource: true,
    async *run(_inputs, _params, ctx) {
      return ctx.source!.text.length;
    },
  });
  const train = defineCell({
    kind: 't-train',
    version: 1,
    title: 'Train',
    description: 'A heavy step on what was read',
    inputs: { n: ['t-read'] },
    params: z.object({}),
    heavy: true,
    async *run(inputs) {
      return (inputs.n as number) * 10;
    },
  });
  const reg = createRegistry([read, train] as AnyCellDefinition[]);
  const doc = () =>
    parseNotebook({ id: 'w', title: 'W', cells: [{ id: 'read', kind: 't-read' }, { id: 'train', kind: 't-train', inputs: { n: 'read' } }] });
  const file = { name: 'f.csv', sha256: 'f', text: 'abcd' };

  for (const how of ['runAll', 'runCell'] as const) {
    it(`${how} clicked before setSource runs once the file is set, without an error on the way`, async () => {
      const rt = new NotebookRuntime({ notebook: doc(), registry: reg });
      const seen: string[] = [];
      rt.subscribe((state) => seen.push(...Object.values(state.cells).map((c) => c.status)));
      let done = false;
      const run = (how === 'runAll' ? rt.runAll() : rt.runCell('train')).then(() => (done = true));
      await new Promise((r) => setTimeout(r, 5));
      expect(done).toBe(false); // still waiting for the data
      expect(statuses(rt)).toEqual({ read: 'idle', train: 'idle' });
      await rt.setSource(file);
      await run;
      expect(statuses(rt)).toEqual({ read: 'fresh', train: 'fresh' });
      expect(rt.getState().cells.train!.output).toBe(40);
      expect(seen).not.toContain('error');
    });
  }

  it('Cancel all while waiting for the data drops the request and settles the Run', async () => {
    const rt = new NotebookRuntime({ notebook: doc(), registry: reg });
    const run = rt.runAll();
    rt.cancelAll();
    await run;
    await rt.setSource(file);
    expect(statuses(rt)).toEqual({ read: 'fresh', train: 'idle' });
  });
});
