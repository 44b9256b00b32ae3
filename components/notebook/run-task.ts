import { registry } from '@/lib/cells';
import { resolveParams, type DataSource, type Progress } from '@/lib/notebook/define-cell';
import type { CellExecutor } from '@/lib/notebook/executor';

/**
 * Runs one lib/ cell kind outside the notebook's runtime (the upload step, the feature-set
 * explorer), in the same worker pool, and returns its output. Progress goes to `onProgress`.
 */
export async function runTask<T>(
  executor: CellExecutor,
  request: { kind: string; params: unknown; seed: number; inputs?: Record<string, unknown>; source?: DataSource; label?: string },
  signal: AbortSignal,
  onProgress?: (progress: Progress) => void,
): Promise<T> {
  const generator = executor.execute(
    {
      cellId: request.label ?? `task:${request.kind}`,
      kind: request.kind,
      stream: request.label ?? request.kind,
      inputs: request.inputs ?? {},
      params: resolveParams(registry.get(request.kind), request.params),
      seed: request.seed,
      source: request.source,
    },
    signal,
  );
  for (;;) {
    const step = await generator.next();
    if (step.done) return step.value as T;
    onProgress?.(step.value);
  }
}
