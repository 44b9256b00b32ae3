/** Shapes of libsvm-js 0.2.1 objects (the package ships no types). */

/** The Emscripten module: heap views and a promise for the runtime. */
export interface EmscriptenLibsvm {
  /** Resolves when the WebAssembly instance is ready (added by the package's pre.js). */
  load(): Promise<void>;
  /** Current heap views; replaced when memory grows, so read them at use, never cache. */
  HEAPF64: Float64Array;
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  /** libsvm's own allocator (0 when the memory cannot grow that far). */
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  cwrap(name: string, returns: string | null, args: string[]): (...args: unknown[]) => unknown;
}

export interface LibsvmOptions {
  type?: string;
  kernel?: string;
  gamma?: number;
  cost?: number;
  tolerance?: number;
  cacheSize?: number;
  shrinking?: boolean;
  probabilityEstimates?: boolean;
  quiet?: boolean;
}

export interface LibsvmInstance {
  /** Pointer to the native `svm_model` (null before training). */
  model: number | null;
  /** libsvm's command line for these options (`samples` only sets the default gamma). */
  getCommand(samples: readonly (readonly number[])[]): string;
  train(samples: readonly (readonly number[] | Float64Array)[], labels: readonly number[]): void;
  predictOne(sample: readonly number[] | Float64Array): number;
  getSVIndices(): number[];
  getLabels(): number[];
  serializeModel(): string;
  free(): void;
}

export interface LibsvmClass {
  new (options: LibsvmOptions): LibsvmInstance;
  SVM_TYPES: { C_SVC: string };
  KERNEL_TYPES: { RBF: string; PRECOMPUTED: string };
}

/** What `loadLibsvm` hands out: the SVM class and the module whose memory it lives in. */
export interface Libsvm {
  SVM: LibsvmClass;
  module: EmscriptenLibsvm;
  build: 'wasm' | 'asm';
  /** How the WebAssembly binary was obtained. */
  source: 'package' | 'wasmBinary' | 'wasmUrl' | 'asm';
  /** Set when the glue was fetched from a URL instead of imported. */
  glueUrl?: string;
}
