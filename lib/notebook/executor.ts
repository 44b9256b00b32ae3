import { createRng } from '../stats/random';
import type { DataSource, ExecutionEnv, Progress } from './define-cell';
import type { CellRegistry } from './registry';
import { findTask, sequentialTaskRunner, type FanOut, type TaskResult, type TaskRunner } from './tasks';

/** Everything needed to run one cell, as plain data (it crosses the worker boundary as is). */
export interface ExecuteRequest {
  cellId: string;
  kind: string;
  /** The label the cell's random stream is forked from (its id, or the id of the cell it copies). */
  stream: string;
  inputs: Record<string, unknown>;
  params: unknown;
  seed: number;
  source?: DataSource;
}

/** Runs cells: in this thread (Node, tests) or in a Web Worker pool (browser). */
export interface CellExecutor {
  execute(request: ExecuteRequest, signal: AbortSignal): AsyncGenerator<Progress, unknown, void>;
}

/**
 * The seeded stream a cell receives: forked from the notebook seed by the cell's stream label
 * (its id unless it copies another cell, see derive.ts). Two cells of one kind (M1, M2, M3)
 * thus draw different numbers, and the label is part of the cache key, so equal keys still
 * mean equal outputs.
 */
export function cellRng(seed: number, stream: string) {
  return createRng(seed).fork(`cell:${stream}`);
}

/** A cell kind's task by name, from the registry (what every host runs). */
export function registryTask(registry: CellRegistry) {
  return (kind: string, task: string) => findTask(registry.get(kind).tasks, kind, task);
}

/**
 * Runs cells in the calling thread. `tasks` is where the cells' fan-out goes: by default the
 * same thread, in order; a compute worker passes one that asks the page's pool, the CLI one
 * backed by worker_threads.
 */
export function inProcessExecutor(registry: CellRegistry, env: ExecutionEnv = {}, tasks: TaskRunner = sequentialTaskRunner(registryTask(registry), env)): CellExecutor {
  return {
    execute(request, signal) {
      const def = registry.get(request.kind);
      const fanOut: FanOut = <P, R>(task: string, payloads: readonly P[]) =>
        tasks({ kind: request.kind, task, payloads }, signal) as AsyncIterable<TaskResult<R>>;
      return def.run(request.inputs, request.params, {
        rng: cellRng(request.seed, request.stream),
        seed: request.seed,
        signal,
        source: request.source,
        env,
        fanOut,
      });
    },
  };
}
