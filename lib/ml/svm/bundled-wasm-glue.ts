// Bundler entry for libsvm-js's WebAssembly glue. The glue's Emscripten Module has its own
// `then` (it is a thenable), so it must never be what a promise resolves to: `import()` of the
// glue itself would adopt it and loop forever. This module imports it statically and exposes
// it inside a plain object; load-libsvm.ts imports this module dynamically instead.
import glue from 'libsvm-js/out/wasm/libsvm.js';

export const bundledGlue = { module: glue };
