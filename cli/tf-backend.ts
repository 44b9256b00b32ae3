import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { writeErr } from './terminal-text';

/**
 * Picks the tfjs backend for Node runs (lib/ never chooses one). `wasm` loads the .wasm
 * binaries from node_modules/@tensorflow/tfjs-backend-wasm/dist through a file-system path
 * prefix (Emscripten reads it with fs in Node); Node has no Web Workers for the threaded build,
 * so the SIMD single-thread binary is used. If wasm cannot start, falls back to `cpu` with a
 * warning on stderr. `cpu` is pure JS: slower, deterministic, no setup.
 *
 * @example
 *   const { backend } = await setupTfBackend('wasm');   // 'wasm', or 'cpu' after a warning
 */
export type TfBackendName = 'wasm' | 'cpu';

export interface TfBackendInfo {
  backend: string;
  requested: TfBackendName;
  /** Set when the requested backend could not start. */
  warning?: string;
  simd?: boolean;
}

let wasmPathsSet = false;

export function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}

export async function setupTfBackend(requested: TfBackendName = 'wasm', options: { quiet?: boolean } = {}): Promise<TfBackendInfo> {
  if (requested === 'wasm') {
    try {
      if (!wasmPathsSet) {
        setWasmPaths(wasmDistFolder() + path.sep);
        wasmPathsSet = true;
      }
      // Node has SharedArrayBuffer but no Web Workers: the threaded binary would hang.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { backend: tf.getBackend(), requested, simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) };
      }
      throw new Error('tf.setBackend("wasm") returned false');
    } catch (err) {
      const warning = `tfjs wasm backend unavailable (${(err as Error).message}); falling back to cpu`;
      if (!options.quiet) writeErr(`warning: ${warning}\n`);
      await tf.setBackend('cpu');
      await tf.ready();
      return { backend: tf.getBackend(), requested, warning };
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: tf.getBackend(), requested };
}
