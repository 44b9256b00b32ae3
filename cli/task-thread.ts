/** One worker_thread of cli/thread-tasks.ts: runs cell tasks from the registry, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { registry } from '../lib/cells';
import type { ExecutionEnv } from '../lib/notebook/define-cell';
import { toWireError } from '../lib/notebook/errors';
import { registryTask } from '../lib/notebook/executor';

const env = (workerData as { env: ExecutionEnv }).env;
const findTask = registryTask(registry);
const signal = new AbortController().signal;
let queue = Promise.resolve();

parentPort!.on('message', (m: { id: number; kind: string; task: string; payload: unknown }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: m.id, ok: true, result: await findTask(m.kind, m.task)(m.payload, { env, signal }) });
    } catch (err) {
      parentPort!.postMessage({ id: m.id, ok: false, error: toWireError(err) });
    }
  });
});
