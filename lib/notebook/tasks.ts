import type { ExecutionEnv } from './execution-env';
import { CancelledError } from './errors';

/**
 * Tasks: pieces of one cell's work that a host may run on other threads (the grid's γ slices).
 *
 * A cell declares its tasks by name in `defineCell({ tasks })`: pure async functions from plain
 * data to plain data, so that a payload and its result can cross a worker boundary by
 * structured clone. The cell hands a list of payloads to `ctx.fanOut` and gets the results back
 * as they finish; where they ran (this thread, a pool of Web Workers, worker_threads) is the
 * host's business and must not change a single number. lib/ never creates a worker: the host
 * injects the capability (see executor.ts, workers/worker-pool.ts, cli/thread-tasks.ts).
 */
export interface TaskContext {
  env: ExecutionEnv;
  /** Honoured between units of work (the host may also just drop a cancelled task's result). */
  signal: AbortSignal;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CellTask = (payload: any, ctx: TaskContext) => Promise<unknown>;

/** One finished task: its position in the payload list and its result. */
export interface TaskResult<R> {
  index: number;
  result: R;
}

/**
 * Runs the named task of a cell kind on every payload; yields each result as it finishes, in
 * any order (callers place results by `index`). Throws a CancelledError when `signal` aborts, and
 * the first task error otherwise.
 */
export type TaskRunner = (request: { kind: string; task: string; payloads: readonly unknown[] }, signal: AbortSignal) => AsyncIterable<TaskResult<unknown>>;

/** The signature of a cell's fan-out, as the cell sees it (kind and signal are bound). */
export type FanOut = <P, R>(task: string, payloads: readonly P[]) => AsyncIterable<TaskResult<R>>;

/** Looks a task up in a table of cell tasks, with a message naming what exists. */
export function findTask(tasks: Readonly<Record<string, CellTask>> | undefined, kind: string, task: string): CellTask {
  const fn = tasks?.[task];
  if (!fn) throw new Error(`Cell kind "${kind}" has no task "${task}" (it has: ${Object.keys(tasks ?? {}).join(', ') || 'none'})`);
  return fn;
}

/**
 * The fallback host: every task in the calling thread, one after another, in payload order.
 * Node's reproduce and the unit tests use it; results are what any other host must give.
 */
export function sequentialTaskRunner(lookup: (kind: string, task: string) => CellTask, env: ExecutionEnv): TaskRunner {
  return async function* ({ kind, task, payloads }, signal) {
    const run = lookup(kind, task);
    for (let index = 0; index < payloads.length; index++) {
      if (signal.aborted) throw new CancelledError();
      yield { index, result: await run(payloads[index], { env, signal }) };
    }
  };
}
