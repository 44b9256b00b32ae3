import { createRng } from '../stats/random';
import type { DataSource, ExecutionEnv, Progress } from './define-cell';
import type { CellRegistry } from './registry';

/** Everything needed to run one cell, as plain data (it crosses the worker boundary as is). */
export interface ExecuteRequest {
  cellId: string;
  kind: string;
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
 * The seeded stream a cell receives: derived from the notebook seed and the cell *kind*
 * (not its id), so equal cache keys always mean equal outputs.
 */
export function cellRng(seed: number, kind: string) {
  return createRng(seed).fork(kind);
}

/** Runs cells in the calling thread. */
export function inProcessExecutor(registry: CellRegistry, env: ExecutionEnv = {}): CellExecutor {
  return {
    execute(request, signal) {
      const def = registry.get(request.kind);
      return def.run(request.inputs, request.params, {
        rng: cellRng(request.seed, request.kind),
        seed: request.seed,
        signal,
        source: request.source,
        env,
      });
    },
  };
}
