#!/usr/bin/env node
// Builds the SVM solver WebAssembly module (lib/ml/svm/kernel/smo_solver.c, the twin of
// smo-solver.ts) into lib/ml/svm/kernel/smo-solver-wasm.ts (see build-wasm-kernel.mjs; needs
// `apt-get install -y clang lld`).
//
//   node scripts/build-svm-kernel.mjs
import { buildWasmKernel } from './build-wasm-kernel.mjs';

buildWasmKernel({
  dir: new URL('../lib/ml/svm/kernel/', import.meta.url),
  source: 'smo_solver.c',
  out: 'smo-solver-wasm.ts',
  prefix: 'SMO_SOLVER',
  script: 'build-svm-kernel.mjs',
  label: 'svm solver',
});
