import type { Progress } from '../lib/notebook/define-cell';
import type { ExecuteRequest } from '../lib/notebook/executor';

/** Messages from the page to a compute worker. */
export type ToWorker = { type: 'execute'; runId: number; request: ExecuteRequest } | { type: 'cancel'; runId: number };

/** Messages from a compute worker to the page. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; runId: number; progress: Progress }
  | { type: 'result'; runId: number; output: unknown }
  | { type: 'error'; runId: number; name: string; message: string }
  | { type: 'cancelled'; runId: number };
