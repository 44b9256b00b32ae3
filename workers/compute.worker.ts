/// <reference lib="webworker" />
/**
 * The compute worker: runs lib/ cells off the main thread. One run at a time per worker;
 * the pool on the page decides which worker gets which run (and which fan-out tasks).
 */
// First: zod must not probe for `new Function` under the worker's CSP (see zod-jitless.ts).
import '../zod-jitless';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registry } from '../lib/cells';
import { loadLibsvm } from '../lib/ml/svm/load-libsvm';
import { createComputeHost } from './compute-host';
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

// Epochs of the wasm LSTM take tens of milliseconds: about ten reports a second are plenty for the page.
const env = { host: 'browser', progressIntervalMs: 100, libsvmGlueUrl: new URL('/libsvm/libsvm-glue.js', self.location.origin).href } as const;

// Fetch now, not at the first run, what the heavy cells load lazily (their dynamic imports
// become separate chunks) and libsvm's glue and binary: once the page has loaded, everything
// the analysis needs is in memory, so the workbench keeps working with the network cut.
// Keep this list in step with the `import()`s in lib/cells (tests/unit/workers/preload.test.ts checks it).
void tfReady
  .then(() =>
    Promise.all([
      import('../lib/ml/svm/engines'),
      import('../lib/ml/svm/grid-search'),
      import('../lib/ml/svm/fold-scaled-grid'),
      import('../lib/ml/svm/platt'),
      import('../lib/ml/svm/rbf-model'),
      import('../lib/ml/svm/shared-kernel'),
      import('../lib/ml/svm/shared-kernel-fit'),
      import('../lib/ml/svm/trained-svm'),
      import('../lib/ml/importance'),
      import('../lib/ml/lstm/index'),
      // The LSTM kernel from its served file, compiled while it downloads (the embedded bytes
      // if that fails). Nothing waits for it: a model built before it is done compiles the
      // embedded bytes, the same code.
      import('../lib/ml/lstm/kernel/load-kernel').then((k) => k.loadLstmKernelFrom(() => fetch(new URL(`/lstm/${k.lstmKernelFileName()}`, self.location.origin)))),
      import('../lib/ml/lstm/trained-lstm'),
      import('../lib/ml/lstm/predict'),
      // The code cell's sandbox: QuickJS (its WebAssembly inlined in the chunk) and the arquero/Plot bundle.
      import('../lib/sandbox/run-code'),
      import('@tensorflow/tfjs'),
      loadLibsvm({ glueUrl: env.libsvmGlueUrl }),
    ]),
  )
  .catch((err: Error) => console.warn('compute worker: preload failed:', err.message));
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => self.postMessage(message, transfer);
const handle = createComputeHost({
  registry,
  env,
  post,
  ready: tfReady,
});

self.onmessage = (event: MessageEvent<ToWorker>) => void handle(event.data);

// The worker holds a Web Lock named after itself for as long as it lives: a worker that stops
// without an error event (closed, killed for memory) releases it, and the pool notices.
const locks = (self.navigator as WorkerNavigator & { locks?: LockManager }).locks;
if (self.name && locks) {
  void locks.request(self.name, () => {
    post({ type: 'ready', lock: self.name });
    return new Promise<never>(() => {});
  });
} else post({ type: 'ready' });
