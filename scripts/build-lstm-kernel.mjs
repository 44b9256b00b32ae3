#!/usr/bin/env node
// Builds the LSTM WebAssembly kernel (lib/ml/lstm/kernel/lstm_kernel.c) into
// lib/ml/lstm/kernel/lstm-kernel-wasm.ts (see build-wasm-kernel.mjs; needs `apt-get install -y clang lld`).
//
//   node scripts/build-lstm-kernel.mjs
import { buildWasmKernel } from './build-wasm-kernel.mjs';

buildWasmKernel({
  dir: new URL('../lib/ml/lstm/kernel/', import.meta.url),
  source: 'lstm_kernel.c',
  out: 'lstm-kernel-wasm.ts',
  prefix: 'LSTM_KERNEL',
  script: 'build-lstm-kernel.mjs',
  label: 'lstm kernel',
});
