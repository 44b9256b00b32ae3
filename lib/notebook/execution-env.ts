/** Set by the host (worker or CLI), never by a notebook: it does not enter cache keys. */
export interface ExecutionEnv {
  /** URL of libsvm.wasm (browser); absent in Node, where the package finds its own file. */
  libsvmWasmUrl?: string;
  /** The bytes of libsvm.wasm, read by a Node host (avoids the package's fallback loader). */
  libsvmWasmBinary?: Uint8Array;
  /** URL of libsvm's wasm glue script, loaded outside the bundler (browser workers). */
  libsvmGlueUrl?: string;
  /** Which libsvm build to load: the WebAssembly one (default) or the asm.js one. */
  libsvmBuild?: 'wasm' | 'asm';
  /**
   * The least time between two progress reports of a long loop (an LSTM's epochs), in ms; absent:
   * every step. Wall time only: no number depends on it. The page's workers set it.
   */
  progressIntervalMs?: number;
  /** 'browser' | 'node' — for messages and backend choices only, never for numbers. */
  host?: 'browser' | 'node';
}
