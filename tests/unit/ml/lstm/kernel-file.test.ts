import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The kernel module keeps its compiled module per thread: each test loads a fresh copy.
type KernelModule = typeof import('@/lib/ml/lstm/kernel/load-kernel');
const fresh = async (): Promise<KernelModule> => {
  vi.resetModules();
  return import('@/lib/ml/lstm/kernel/load-kernel');
};

/** One training step of the paper's network on fixed data: the loss, as bits. */
function lossBits(k: ReturnType<KernelModule['instantiateLstmKernel']>): number {
  const n = k.setup(3, 4, 7, 64, 32, 16, 0, 0, 0, 256);
  k.configure(0.8, 0.99, 1e-3, 0.9, 0.999, 1e-7);
  for (let l = 0; l < 3; l++) k.seed_dropout(l, 99 + l);
  const x = new Float32Array(k.memory.buffer, k.x_ptr(), 128 * 28);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i);
  const y = new Float32Array(k.memory.buffer, k.y_ptr(), 128);
  for (let i = 0; i < y.length; i++) y[i] = Math.cos(i);
  const p = new Float32Array(k.memory.buffer, k.params_ptr(), n);
  for (let i = 0; i < n; i++) p[i] = 0.05 * Math.sin(i * 7.1);
  let loss = 0;
  for (let s = 0; s < 3; s++) loss = k.train_step(128, 0.001);
  return new Uint32Array(new Float32Array([loss]).buffer)[0]!;
}

const wasmResponse = (bytes: Uint8Array, type = 'application/wasm') => new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': type } });

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

describe('the LSTM kernel served as a file', () => {
  it('is named by the SHA-256 of the embedded bytes (as scripts/copy-assets.mjs names the file it writes)', async () => {
    const k = await fresh();
    const sha = createHash('sha256').update(k.lstmKernelBytes()).digest('hex');
    expect(k.lstmKernelFileName()).toBe(`lstm-kernel.${sha.slice(0, 16)}.wasm`);
  });

  it('compiles by WebAssembly.compileStreaming, and trains bit for bit as the module compiled from the embedded bytes', async () => {
    const fromBytes = await fresh();
    const expected = lossBits(fromBytes.instantiateLstmKernel());
    const streamed = await fresh();
    expect(await streamed.loadLstmKernelFrom(async () => wasmResponse(streamed.lstmKernelBytes()))).toBe('streaming');
    expect(lossBits(streamed.instantiateLstmKernel())).toBe(expected);
    expect(warn).not.toHaveBeenCalled();
  });

  it('falls back to the embedded bytes for a wrong Content-Type, a network error, another module, or no answer', async () => {
    const cases: Array<[string, (k: KernelModule) => () => Promise<unknown>]> = [
      ['wrong type', (k) => async () => wasmResponse(k.lstmKernelBytes(), 'application/octet-stream')],
      ['network error', () => () => Promise.reject(new TypeError('Failed to fetch'))],
      ['another module', () => async () => wasmResponse(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))],
      ['no answer', () => () => new Promise(() => {})],
    ];
    const expected = lossBits((await fresh()).instantiateLstmKernel());
    for (const [, fetchOf] of cases) {
      const k = await fresh();
      expect(await k.loadLstmKernelFrom(fetchOf(k), 50)).toBe('bytes');
      expect(lossBits(k.instantiateLstmKernel())).toBe(expected);
    }
    expect(warn).toHaveBeenCalledTimes(cases.length);
  });
});
