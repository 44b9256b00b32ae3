/**
 * One worker_thread of cli/thread-pool.ts: the page's compute worker (workers/compute.worker.ts)
 * in Node. The same compute host runs whole cells and the tasks of any cell's fan-out, with the
 * tfjs backend the run asked for, so a run on threads computes what a run in one thread does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { registry } from '../lib/cells';
import type { ExecutionEnv } from '../lib/notebook/define-cell';
import { createComputeHost } from '../workers/compute-host';
import type { ToWorker } from '../workers/protocol';
import { setupTfBackend, type TfBackendName } from './tf-backend';

const { env, backend } = workerData as { env: ExecutionEnv; backend: TfBackendName };
const handle = createComputeHost({
  registry,
  env,
  post: (message, transfer = []) => parentPort!.postMessage(message, transfer),
  ready: setupTfBackend(backend, { quiet: true }),
});
parentPort!.on('message', (message: ToWorker) => void handle(message));
parentPort!.postMessage({ type: 'ready' });
