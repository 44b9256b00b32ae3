/**
 * The page's worker pool (workers/worker-pool.ts) on Node's worker_threads, for `reproduce
 * --threads N`: whole cells run on the threads, N at a time, and a cell's fan-out (the grid's γ
 * slices, the bootstrap's replicates) runs on its own thread and on every idle one. Two LSTMs
 * thus train side by side, and a grid's slices fill a thread an LSTM is not using. Results
 * equal a run in one thread: cells and tasks are pure functions of their inputs and seeds.
 */
import type { Worker as NodeWorker } from 'node:worker_threads';
import type { ExecutionEnv } from '../lib/notebook/define-cell';
import { WorkerPool } from '../workers/worker-pool';
import type { TfBackendName } from './tf-backend';
import { typescriptThread } from './typescript-thread';

/**
 * A worker_thread behind the part of the Web Worker interface the pool uses (onmessage,
 * onerror, postMessage with transfers, terminate). Node delivers the message itself, where a
 * browser delivers an event carrying it.
 */
function webWorkerOf(thread: NodeWorker): Worker {
  const shim = {
    onmessage: null as ((e: { data: unknown }) => void) | null,
    onerror: null as ((e: { message: string; preventDefault(): void }) => void) | null,
    postMessage: (message: unknown, transfer: ArrayBuffer[] = []) => thread.postMessage(message, transfer),
    terminate: () => void thread.terminate(),
  };
  thread.on('message', (data) => shim.onmessage?.({ data }));
  thread.on('error', (err: Error) => shim.onerror?.({ message: err.message, preventDefault() {} }));
  // A thread that exits without an error (killed for memory) is a death the pool must hear of.
  thread.on('exit', (code) => {
    if (code !== 0) shim.onerror?.({ message: `the thread exited with code ${code}`, preventDefault() {} });
  });
  return shim as unknown as Worker;
}

export function threadPool(size: number, env: ExecutionEnv, backend: TfBackendName): WorkerPool {
  const entry = new URL('./compute-thread.ts', import.meta.url);
  return new WorkerPool(size, () => webWorkerOf(typescriptThread(entry, { env, backend })));
}
