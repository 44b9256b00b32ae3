/// <reference lib="webworker" />
/**
 * The compute worker: runs lib/ cells off the main thread. One run at a time per worker;
 * the pool on the page decides which worker gets which run (and which fan-out tasks).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registry } from '../lib/cells';
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

const post = (message: FromWorker) => self.postMessage(message);
const handle = createComputeHost({
  registry,
  env: { host: 'browser', libsvmGlueUrl: new URL('/libsvm/libsvm.js', self.location.origin).href },
  post,
  ready: tfReady,
});

self.onmessage = (event: MessageEvent<ToWorker>) => void handle(event.data);

post({ type: 'ready' });
