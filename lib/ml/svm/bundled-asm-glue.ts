// Bundler entry for libsvm-js's asm.js glue; see bundled-wasm-glue.ts for why it exists.
import glue from 'libsvm-js/out/asm/libsvm.js';

export const bundledGlue = { module: glue };
