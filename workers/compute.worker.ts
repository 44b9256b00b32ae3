/// <reference lib="webworker" />
/**
 * The compute worker: runs lib/ cells off the main thread. One run at a time per worker;
 * the pool on the page decides which worker gets which run.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registry } from '../lib/cells';
import { loadLibsvm } from '../lib/ml/svm/load-libsvm';
import { inProcessExecutor } from '../lib/notebook/executor';
import type { FromWorker, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// The tfjs backend is chosen here, at the edge: WebAssembly (binaries served from /tfjs-wasm/),
// or the plain JS backend where WebAssembly cannot start. lib/ uses whichever is active.
const tfReady: Promise<string> = (async () => {
  setWasmPaths(new URL('/tfjs-wasm/', self.location.origin).href);
  try {
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return tf.getBackend();
    }
  } catch (err) {
    console.warn('compute worker: tfjs wasm backend unavailable, using cpu:', (err as Error).message);
  }
  await tf.setBackend('cpu');
  return tf.getBackend();
})();

const env = { host: 'browser', libsvmGlueUrl: new URL('/libsvm/libsvm.js', self.location.origin).href } as const;
const executor = inProcessExecutor(registry, env);

// Fetch now, not at the first run, what the heavy cells load lazily (their dynamic imports
// become separate chunks) and libsvm's glue and binary: once the page has loaded, everything
// the analysis needs is in memory, so the workbench keeps working with the network cut.
// Keep this list in step with the `import()`s in lib/cells.
void tfReady
  .then(() =>
    Promise.all([
      import('../lib/ml/svm/engines'),
      import('../lib/ml/svm/grid-search'),
      import('../lib/ml/importance'),
      import('../lib/ml/lstm/index'),
      import('@tensorflow/tfjs'),
      loadLibsvm({ glueUrl: env.libsvmGlueUrl }),
    ]),
  )
  .catch((err: Error) => console.warn('compute worker: preload failed:', err.message));
const controllers = new Map<number, AbortController>();
const post = (message: FromWorker) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'cancel':
      controllers.get(message.runId)?.abort();
      return;
    case 'execute': {
      const controller = new AbortController();
      controllers.set(message.runId, controller);
      try {
        await tfReady;
        const generator = executor.execute(message.request, controller.signal);
        for (;;) {
          const step = await generator.next();
          if (controller.signal.aborted) {
            await generator.return(undefined);
            post({ type: 'cancelled', runId: message.runId });
            return;
          }
          if (step.done) {
            post({ type: 'result', runId: message.runId, output: step.value });
            return;
          }
          post({ type: 'progress', runId: message.runId, progress: step.value });
        }
      } catch (err) {
        if (controller.signal.aborted) post({ type: 'cancelled', runId: message.runId });
        else post({ type: 'error', runId: message.runId, name: (err as Error)?.name ?? 'Error', message: (err as Error)?.message ?? String(err) });
      } finally {
        controllers.delete(message.runId);
      }
      return;
    }
    default: {
      const unreachable: never = message;
      throw new Error(`compute worker: unknown message ${JSON.stringify(unreachable)}`);
    }
  }
};

post({ type: 'ready' });
