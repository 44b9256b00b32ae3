/**
 * The session's record of runs (components/notebook/session/run-record.ts), in Node: runs in
 * flight and their epochs, a Run all's counts, and which times are the profile's.
 */
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { applyProfile, isComputeCell } from '@/lib/notebook/notebook-schema';
import { initialState } from '@/lib/notebook/state';
import { notebooks } from '@/notebooks';
import { finishBatch, observeRun, runsAsProfile, startBatch, withTiming, type RunRecord, type RuntimeAction } from '@/components/notebook/session/run-record';

const paper = notebooks.find((n) => n.id === 'han-2026')!;
const profile = Object.keys(paper.profiles)[0]!;
const state = initialState(applyProfile(paper, profile));
const ids = state.graph.order;
const ctx = { now: 1000, minDelta: () => 0.01, asProfile: () => true };
const empty: RunRecord = { live: {}, batch: undefined };

function fresh(cellIds: readonly string[]) {
  return { ...state, cells: { ...state.cells, ...Object.fromEntries(cellIds.map((id) => [id, { status: 'fresh' as const, output: 1 }])) } } as typeof state;
}

describe('observeRun', () => {
  it('keeps a run in flight from its start to its end, with its epochs', () => {
    const id = ids[0]!;
    let r = observeRun(empty, state, { type: 'run-started', cellId: id, runId: 7, key: 'k' }, ctx).record;
    expect(r.live[id]).toEqual({ runId: 7, startedAt: 1000 });
    r = observeRun(r, state, { type: 'run-progress', cellId: id, runId: 7, progress: { fraction: 0.1, metrics: { epoch: 1, valLoss: 0.5 } } }, ctx).record;
    r = observeRun(r, state, { type: 'run-progress', cellId: id, runId: 7, progress: { fraction: 0.2, metrics: { epoch: 2, valLoss: 0.495 } } }, ctx).record;
    // 0.005 better is less than the min delta 0.01: no improvement counted.
    expect(r.live[id]!.epochs).toEqual({ epoch: 2, bestEpoch: 1, bestLoss: 0.5 });
    // A stale run's report (an older runId) changes nothing.
    const same = observeRun(r, state, { type: 'run-progress', cellId: id, runId: 6, progress: { fraction: 0.3, metrics: { epoch: 3, valLoss: 0.1 } } }, ctx).record;
    expect(same).toBe(r);
    r = observeRun(r, state, { type: 'run-cancelled', cellId: id, runId: 7 }, ctx).record;
    expect(r.live[id]).toBeUndefined();
  });

  it('counts a Run all’s steps as computed or from the cache, and times only computed steps run as shipped', () => {
    const [a, b, c] = ids;
    const batch = startBatch(state, 0, profile);
    expect(batch.steps).toEqual(ids);
    const done = fresh([a!, b!, c!]);
    const finish = (cellId: string, extra: Partial<Extract<RuntimeAction, { type: 'run-finished' }>> = {}): RuntimeAction => ({ type: 'run-finished', cellId, runId: 1, output: 1, ms: 40, at: 0, ...extra });
    let o = observeRun({ live: {}, batch }, done, finish(a!), ctx);
    expect(o.timing).toEqual({ cellId: a, ms: 40 });
    o = observeRun(o.record, done, finish(b!, { fromCache: true }), ctx);
    expect(o.timing).toBeUndefined();
    // A twin's result (an audit copy of this very run) computed: it counts as computed.
    o = observeRun(o.record, done, finish(c!, { fromCache: true, fromTwin: true }), { ...ctx, asProfile: () => false });
    expect(o.timing).toBeUndefined();
    expect(o.record.batch).toMatchObject({ computed: 2, fromCache: 1 });
    // A step that finished but is not fresh (edited meanwhile) is not counted.
    const stale = observeRun(o.record, state, finish(ids[3]!), ctx);
    expect(stale.record.batch).toBe(o.record.batch);
  });
});

describe('finishBatch', () => {
  const batch = { ...startBatch(state, 100, profile), computed: ids.length, fromCache: 0 };
  it('measures the profile only when every step computed as shipped under the same profile', () => {
    expect(finishBatch(batch, fresh(ids), 900, { asShipped: true, profileKey: profile })).toMatchObject({ runAllMs: 800, batch: { finishedAt: 900, doneAtEnd: ids.length } });
    expect(finishBatch(batch, fresh(ids), 900, { asShipped: false, profileKey: profile }).runAllMs).toBeUndefined();
    expect(finishBatch(batch, fresh(ids), 900, { asShipped: true, profileKey: 'other' }).runAllMs).toBeUndefined();
    expect(finishBatch({ ...batch, fromCache: 1 }, fresh(ids), 900, { asShipped: true, profileKey: profile }).runAllMs).toBeUndefined();
    const partial = finishBatch(batch, fresh(ids.slice(0, 2)), 900, { asShipped: true, profileKey: profile });
    expect(partial).toMatchObject({ runAllMs: undefined, batch: { doneAtEnd: 2 } });
  });
});

describe('runsAsProfile and withTiming', () => {
  it('a step edited since the profile was chosen is not the profile’s', () => {
    const cell = state.notebook.cells.find((c) => isComputeCell(c) && registry.get(c.kind).heavy)!;
    expect(runsAsProfile(paper, profile, state, cell.id)).toBe(true);
    const edited = initialState({ ...state.notebook, cells: state.notebook.cells.map((c) => (c.id === cell.id && isComputeCell(c) ? { ...c, params: { ...c.params, edited: 1 } } : c)) });
    expect(runsAsProfile(paper, profile, edited, cell.id)).toBe(false);
    expect(runsAsProfile(paper, profile, state, 'no-such-step')).toBe(false);
  });
  it('changes one profile’s entry and stamps it', () => {
    const t = withTiming({ other: { cells: { x: 1 }, measuredAt: 5 } }, 'p', (e) => ({ ...e, runAllMs: 9 }), 77);
    expect(t).toEqual({ other: { cells: { x: 1 }, measuredAt: 5 }, p: { cells: {}, runAllMs: 9, measuredAt: 77 } });
  });
});
