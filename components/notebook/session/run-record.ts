import type { CellRegistry } from '@/lib/notebook/registry';
import { canonicalJson } from '@/lib/notebook/canonical-json';
import { applyProfile, isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import type { NotebookRuntime } from '@/lib/notebook/runtime';
import type { NotebookState } from '@/lib/notebook/state';
import type { ProfileTimings } from '../local-store';
import { trackEpoch } from '../time-left';
import type { LiveRun, RunBatch } from './snapshot';

/**
 * Runs as the progress estimates need them, and this machine's measured times: pure functions
 * over the runtime's actions, so they are tested in Node without a page. The session keeps
 * their results in its snapshot and saves the timings.
 */

export type RuntimeAction = Parameters<Parameters<NotebookRuntime['subscribe']>[0]>[1];

export interface RunRecord {
  live: Readonly<Record<string, LiveRun>>;
  batch: RunBatch | undefined;
}

/** The early-stopping min delta of a training cell (its resolved LSTM block), 0 when it has none. */
export function earlyStoppingMinDelta(state: NotebookState, registry: CellRegistry, cellId: string): number {
  const cell = state.notebook.cells.find((c) => c.id === cellId);
  if (!cell || !isComputeCell(cell)) return 0;
  try {
    const params = registry.get(cell.kind).params.parse(cell.params) as { lstm?: { earlyStoppingMinDelta?: number } };
    return params.lstm?.earlyStoppingMinDelta ?? 0;
  } catch {
    return 0;
  }
}

/**
 * The cell's parameters are the profile's own (not edited since it was chosen): only then does
 * its time say anything about the profile.
 */
export function runsAsProfile(shipped: Notebook, profile: string | undefined, state: NotebookState, cellId: string): boolean {
  const asShipped = applyProfile(shipped, profile).cells.find((c) => c.id === cellId);
  const now = state.notebook.cells.find((c) => c.id === cellId);
  return !!asShipped && !!now && isComputeCell(asShipped) && isComputeCell(now) && canonicalJson(asShipped.params) === canonicalJson(now.params);
}

export interface Observed {
  record: RunRecord;
  /** A step computed (not from the cache) with its profile's settings: its time to record. */
  timing?: { cellId: string; ms: number };
}

/**
 * Follows one runtime action: start times and epochs of runs in flight, the steps of a Run all
 * that finished (computed or from the cache), and a step's time when it computed as shipped.
 */
export function observeRun(record: RunRecord, state: NotebookState, action: RuntimeAction, ctx: { now: number; minDelta: (cellId: string) => number; asProfile: (cellId: string) => boolean }): Observed {
  if (action.type === 'run-started') {
    return { record: { ...record, live: { ...record.live, [action.cellId]: { runId: action.runId, startedAt: ctx.now } } } };
  }
  if (action.type === 'run-progress') {
    const live = record.live[action.cellId];
    const m = action.progress.metrics;
    if (!live || live.runId !== action.runId || typeof m?.epoch !== 'number' || typeof m.valLoss !== 'number') return { record };
    return { record: { ...record, live: { ...record.live, [action.cellId]: { ...live, epochs: trackEpoch(live.epochs, m.epoch, m.valLoss, ctx.minDelta(action.cellId)) } } } };
  }
  if (action.type !== 'run-finished' && action.type !== 'run-failed' && action.type !== 'run-cancelled') return { record };
  let next = record;
  if (record.live[action.cellId]?.runId === action.runId) {
    const { [action.cellId]: _done, ...live } = record.live;
    next = { ...next, live };
  }
  if (action.type !== 'run-finished' || state.cells[action.cellId]?.status !== 'fresh') return { record: next };
  const batch = next.batch;
  // A result from the cache (not a twin's) is a step Run all did not need to compute.
  const cached = action.fromCache && !action.fromTwin;
  if (batch && batch.finishedAt === undefined && batch.steps.includes(action.cellId)) {
    next = { ...next, batch: { ...batch, computed: batch.computed + (cached ? 0 : 1), fromCache: batch.fromCache + (cached ? 1 : 0) } };
  }
  const timing = !action.fromCache && ctx.asProfile(action.cellId) ? { cellId: action.cellId, ms: action.ms } : undefined;
  return { record: next, timing };
}

/** A Run all begins: the steps not up to date, in run order. */
export function startBatch(state: NotebookState, now: number, profileKey: string): RunBatch {
  return { steps: state.graph.order.filter((id) => state.cells[id]?.status !== 'fresh'), startedAt: now, computed: 0, fromCache: 0, profileKey };
}

/** A Run all ended: how many of its steps are up to date, and whether its time is the profile's. */
export function finishBatch(batch: RunBatch, state: NotebookState, now: number, ctx: { asShipped: boolean; profileKey: string }): { batch: RunBatch; runAllMs?: number } {
  const done = batch.steps.filter((id) => state.cells[id]?.status === 'fresh').length;
  const finished: RunBatch = { ...batch, finishedAt: now, doneAtEnd: done };
  // Only a whole run that computed every step with the profile's own settings measures the profile.
  const measures = done === batch.steps.length && ctx.asShipped && batch.steps.length > 0 && finished.fromCache === 0 && batch.profileKey === ctx.profileKey;
  return { batch: finished, runAllMs: measures ? now - batch.startedAt : undefined };
}

/** The timings with one profile's entry changed (and stamped now). */
export function withTiming(timings: Readonly<Record<string, ProfileTimings>>, key: string, change: (t: ProfileTimings) => ProfileTimings, now: number): Record<string, ProfileTimings> {
  const before = timings[key] ?? { cells: {}, measuredAt: 0 };
  return { ...timings, [key]: { ...change(before), measuredAt: now } };
}
