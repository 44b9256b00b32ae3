import type { FileInspection, InspectFileParams } from '../lib/data/inspect-file';
import type { DataSource, Progress } from '../lib/notebook/define-cell';
import type { ExecuteRequest } from '../lib/notebook/executor';
import type { WireError } from '../lib/notebook/errors';
import type { InputPlan } from './input-cache';

/** Messages from the page to a compute worker. */
export type ToWorker =
  /**
   * Run a cell. With `inputs` (workers/input-cache.ts): the inputs named in `refs` are not in
   * the request (the worker holds them), those in `keep` are kept once decoded, and the keys in
   * `evict` are dropped after this run's inputs are taken.
   */
  | { type: 'execute'; runId: number; request: ExecuteRequest; inputs?: InputPlan }
  /** The inputs a run asked for (`need-inputs`), posted as values; not kept. */
  | { type: 'inputs'; runId: number; inputs: Record<string, unknown> }
  | { type: 'cancel'; runId: number }
  /** A first look at a file for the upload's mapping step (lib/data/inspect-file.ts): not a cell. */
  | { type: 'inspect'; callId: number; source: DataSource; params: Partial<InspectFileParams> }
  /** Run one task of a cell kind (a slice of some worker's fan-out; possibly this worker's own). */
  | { type: 'task'; taskId: number; kind: string; task: string; payload: unknown }
  /** A result (or the failure) of a task of this worker's fan-out `fanId`. */
  | { type: 'fan-result'; fanId: number; index: number; result: unknown }
  | { type: 'fan-error'; fanId: number; error: WireError };

/** Messages from a compute worker to the page. */
export type FromWorker =
  /** Started; `lock` is the Web Lock it holds while it lives (the pool watches it to notice a death). */
  | { type: 'ready'; lock?: string }
  | { type: 'progress'; runId: number; progress: Progress }
  /** A run's inputs posted by key that this worker does not hold (it should: the pool resends them). */
  | { type: 'need-inputs'; runId: number; names: string[] }
  | { type: 'result'; runId: number; output: unknown }
  | { type: 'error'; runId: number; error: WireError }
  | { type: 'cancelled'; runId: number }
  | { type: 'inspected'; callId: number; result: FileInspection }
  | { type: 'inspect-failed'; callId: number; error: WireError }
  /** The running cell asks the pool to run these tasks (`fanId` is unique within this worker). */
  | { type: 'fan-out'; fanId: number; kind: string; task: string; payloads: unknown[] }
  /** The cell no longer wants the results (cancelled or failed): drop what has not started. */
  | { type: 'fan-cancel'; fanId: number }
  | { type: 'task-result'; taskId: number; result: unknown }
  | { type: 'task-error'; taskId: number; error: WireError };
