/**
 * A Node host for cells' fan-out (`ctx.fanOut`): a fixed set of worker_threads, each with the
 * cell registry and its own libsvm, taking one task at a time. Results equal the sequential
 * runner's (tasks are pure functions of their payloads); only the wall time changes.
 * Used by `reproduce --threads N` and the benchmark; the default stays in-process.
 */
import type { Worker } from 'node:worker_threads';
import type { ExecutionEnv } from '../lib/notebook/define-cell';
import { CancelledError, fromWireError, type WireError } from '../lib/notebook/errors';
import { type TaskResult, type TaskRunner } from '../lib/notebook/tasks';
import { typescriptThread } from './typescript-thread';

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError };

export interface ThreadTasks {
  run: TaskRunner;
  close(): Promise<void>;
}

export function threadTasks(size: number, env: ExecutionEnv): ThreadTasks {
  const threads = Array.from({ length: size }, () => typescriptThread(new URL('./task-thread.ts', import.meta.url), { env }));
  for (const t of threads) t.unref();
  let nextId = 1;
  const run: TaskRunner = async function* ({ kind, task, payloads }, signal) {
    const results: Array<TaskResult<unknown> | Error> = [];
    let wake: (() => void) | undefined;
    let next = 0;
    let received = 0;
    let stopped = false;
    const feed = (thread: Worker) => {
      if (stopped || next >= payloads.length) return;
      const index = next++;
      const id = nextId++;
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        thread.off('message', onMessage);
        results.push(reply.ok ? { index, result: reply.result } : fromWireError(reply.error));
        wake?.();
        feed(thread);
      };
      thread.on('message', onMessage);
      thread.postMessage({ id, kind, task, payload: payloads[index] });
    };
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      threads.forEach(feed);
      while (received < payloads.length) {
        while (results.length === 0 && !signal.aborted) await new Promise<void>((r) => (wake = r));
        if (signal.aborted) throw new CancelledError();
        const r = results.shift()!;
        if (r instanceof Error) throw r;
        received++;
        yield r;
      }
    } finally {
      stopped = true;
      signal.removeEventListener('abort', onAbort);
    }
  };
  return { run, close: async () => void (await Promise.all(threads.map((t) => t.terminate()))) };
}
