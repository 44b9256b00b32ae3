import { sha256Hex } from '../../../notebook/hash';
import { LSTM_KERNEL_BASE64 } from './lstm-kernel-wasm';

/**
 * The LSTM WebAssembly kernel (`lstm_kernel.c`): compiled once per thread, one instance (with its
 * own memory) per model. The binary is embedded as base64, so Node, the web worker and the Next.js
 * bundle load it the same way. The page also serves it as a file named by its content
 * (scripts/copy-assets.mjs), which a compute worker compiles with `WebAssembly.compileStreaming`
 * (`loadLstmKernelFrom`), the embedded bytes being the fallback.
 *
 * Compilation is synchronous on first use, which Node and workers allow for any size; a page's
 * main thread may only compile modules under 4 KB synchronously, so code running there awaits
 * `loadLstmKernel()` first.
 *
 * @example
 *   await loadLstmKernel();
 *   const k = instantiateLstmKernel();
 *   k.setup(3, 4, 7, 64, 32, 16, 0, 0, 0, 512);
 */
export interface LstmKernel {
  memory: { buffer: ArrayBuffer };
  setup(layers: number, steps: number, channels: number, u0: number, u1: number, u2: number, u3: number, u4: number, u5: number, capacity: number): number;
  set_capacity(capacity: number): number;
  capacity(): number;
  param_count(): number;
  stats_count(): number;
  params_ptr(): number;
  grads_ptr(): number;
  stats_ptr(): number;
  x_ptr(): number;
  y_ptr(): number;
  out_ptr(): number;
  mask_ptr(layer: number): number;
  seed_dropout(layer: number, seed: number): void;
  configure(keep: number, momentum: number, epsilon: number, beta1: number, beta2: number, adamEpsilon: number): void;
  reset_adam(): void;
  adam(lr: number): void;
  forward_backward(rows: number, masksGiven: number): number;
  train_step(rows: number, lr: number): number;
  forward_training(rows: number): number;
  infer(rows: number): number;
}

interface WasmApi {
  Module: (new (bytes: Uint8Array) => object) & { exports(module: object): Array<{ name: string; kind: string }> };
  Instance: new (module: object, imports: object) => { exports: unknown };
  compile(bytes: Uint8Array): Promise<object>;
  /** Browsers (and Node 18+): compiles while the response downloads; needs Content-Type application/wasm. */
  compileStreaming?: (source: PromiseLike<unknown>) => Promise<object>;
}

// lib/ is typed without DOM or Node globals; WebAssembly exists in every runtime we target.
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 (with `=` padding) to bytes. */
export function decodeBase64(text: string): Uint8Array {
  const lookup = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, acc = 0, o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = lookup[clean.charCodeAt(i)] ?? -1;
    if (v < 0) throw new Error(`decodeBase64: invalid character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function lstmKernelBytes(): Uint8Array {
  return decodeBase64(LSTM_KERNEL_BASE64);
}

/** Compiles the kernel off the calling thread's critical path (needed on a page's main thread). */
export async function loadLstmKernel(): Promise<void> {
  compiled ??= await wasmApi.compile(lstmKernelBytes());
}

/**
 * The kernel's file under the page's public folder, named by the SHA-256 of the very bytes
 * embedded here, so a cached copy is never taken for another build (copy-assets writes it
 * under the same name).
 */
export function lstmKernelFileName(): string {
  return `lstm-kernel.${sha256Hex(lstmKernelBytes()).slice(0, 16)}.wasm`;
}

/** The functions the kernel exports (a served file that lacks one is not this kernel). */
const EXPORTED = ['memory', 'setup', 'train_step', 'infer', 'forward_backward', 'forward_training', 'adam', 'configure'];

/**
 * Compiles the kernel from its served file (`fetchKernel` returns the fetch of
 * lstmKernelFileName()) with WebAssembly.compileStreaming: the module compiles while it
 * downloads, and it is the form Chromium can keep compiled code for. Any failure (no
 * compileStreaming, a network error, a wrong Content-Type, a file that is not this kernel, no
 * answer within `timeoutMs`) falls back to the embedded bytes, so a run never depends on the
 * file. Says which way the kernel was compiled.
 */
export async function loadLstmKernelFrom(fetchKernel: () => PromiseLike<unknown>, timeoutMs = 10_000): Promise<'streaming' | 'bytes'> {
  if (compiled) return 'bytes';
  if (typeof wasmApi.compileStreaming === 'function') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const module = await Promise.race([
        wasmApi.compileStreaming(fetchKernel()),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no kernel file after ${timeoutMs} ms`)), timeoutMs))),
      ]);
      const names = new Set(wasmApi.Module.exports(module).map((e) => e.name));
      if (!EXPORTED.every((n) => names.has(n))) throw new Error('the served file is not the LSTM kernel');
      // A run that could not wait compiled the bytes meanwhile: either module is the same code.
      compiled ??= module;
      return 'streaming';
    } catch (err) {
      console.warn(`lstm kernel: compiling the embedded bytes (${err instanceof Error ? err.message : String(err)})`);
    } finally {
      clearTimeout(timer);
    }
  }
  await loadLstmKernel();
  return 'bytes';
}

/** A fresh instance of the kernel with its own memory (one per model). */
export function instantiateLstmKernel(): LstmKernel {
  compiled ??= new wasmApi.Module(lstmKernelBytes());
  return new wasmApi.Instance(compiled, {}).exports as LstmKernel;
}
