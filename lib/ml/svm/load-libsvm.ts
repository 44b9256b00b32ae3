import type { EmscriptenLibsvm, Libsvm, LibsvmClass } from './libsvm-types';

/**
 * Load libsvm-js (libsvm 3.x compiled by Emscripten) once per JS realm.
 *
 * - Node (vitest, CLI): `await loadLibsvm()` uses the package's own Node path (the glue reads
 *   `libsvm.wasm` next to itself; no `fs` here). Passing `wasmBinary` (bytes the caller read)
 *   skips that path and its "falling back to ArrayBuffer instantiation" warning. In Node the
 *   glue is loaded with `require` (through `process.getBuiltinModule`, no static Node import).
 * - Browser / worker: the glue looks for `libsvm.wasm` next to the running script, which a
 *   bundler breaks. Pass `wasmUrl` (where the app serves the file) or `wasmBinary`; the loader
 *   answers the glue's `fetch` of `libsvm.wasm` with those bytes (typed application/wasm),
 *   only for the duration of the load. `glueUrl` (the glue, libsvm-js/out/wasm/libsvm.js
 *   wrapped as an ES module and served as a static file, public/libsvm/libsvm-glue.js) keeps the
 *   glue out of the bundle: it is `import()`ed here (no eval, so no 'unsafe-eval' in the CSP), and
 *   `libsvm.wasm` is then looked for next to it unless `wasmUrl` is given.
 *   Without glueUrl, a bundler bundles the glue through bundled-wasm-glue.ts.
 * - `build: 'asm'`: the asm.js build, pure JS, needs no binary (slower; a fallback where
 *   WebAssembly is unavailable).
 * - Never `await` or `import()` the glue's Module directly: it is a thenable (see below).
 *
 * @example
 *   const libsvm = await loadLibsvm();
 *   const engine = createLibsvmEngine(libsvm);
 */
export interface LoadLibsvmOptions {
  build?: 'wasm' | 'asm';
  /** Where the app serves libsvm.wasm (browser). */
  wasmUrl?: string;
  /** The bytes of libsvm.wasm, read by the caller (Node tests and CLI, or prefetched). */
  wasmBinary?: Uint8Array | ArrayBuffer;
  /** Where the app serves the wasm glue script (browser workers: keeps it out of the bundle). */
  glueUrl?: string;
}

interface ResponseLike {
  ok: boolean;
  status: number;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}
type FetchLike = (input: unknown, init?: unknown) => Promise<ResponseLike>;
interface HostGlobal {
  fetch?: FetchLike;
  Response?: new (body: Uint8Array | ArrayBuffer, init: { headers: Record<string, string> }) => ResponseLike;
  process?: { getBuiltinModule?: (name: string) => unknown };
}
type NodeRequire = (id: string) => unknown;

let pending: Promise<Libsvm> | null = null;
let pendingKey = '';

export function loadLibsvm(options: LoadLibsvmOptions = {}): Promise<Libsvm> {
  const key = options.build ?? 'wasm';
  if (pending) {
    if (key !== pendingKey) return Promise.reject(new Error(`loadLibsvm: already loading the ${pendingKey} build in this realm`));
    return pending;
  }
  pendingKey = key;
  pending = key === 'asm' ? loadAsm() : loadWasm(options);
  pending.catch(() => {
    pending = null;
  });
  return pending;
}

/** Node's `require`, resolved from this file, or null outside Node (no static Node import). */
function nodeRequire(): NodeRequire | null {
  const host = globalThis as HostGlobal;
  const moduleApi = host.process?.getBuiltinModule?.('module') as { createRequire?: (from: string) => NodeRequire } | undefined;
  return moduleApi?.createRequire ? moduleApi.createRequire(import.meta.url) : null;
}

/** `name` in the same directory as `url` (no URL global in lib/'s typings; plain string work). */
function siblingUrl(url: string, name: string): string {
  const path = url.split(/[?#]/, 1)[0]!;
  return path.slice(0, path.lastIndexOf('/') + 1) + name;
}

// The Emscripten Module has its own `then` method: a promise resolved *with* it adopts it as a
// thenable, and since Module.then calls back with Module again, that never ends (a microtask
// loop at 100% CPU). So the Module only ever travels inside a plain object ({ module }), and
// the glue is never the direct result of `import()` or of an async function.
interface Parts {
  module: EmscriptenLibsvm;
  loadSVM: (m: unknown) => unknown;
}

/**
 * Import the glue as an ES module from `url` (public/libsvm/libsvm-glue.js, which
 * scripts/copy-assets.mjs makes from the CommonJS glue with scripts/libsvm-glue-module.mjs).
 * A module import, not `Function` on fetched text: the workers' Content-Security-Policy has no
 * 'unsafe-eval'. The bundler must leave this `import()` alone: the URL is only known at run time.
 */
async function importGlue(url: string): Promise<{ module: EmscriptenLibsvm }> {
  let namespace: { glue?: { module?: unknown } };
  try {
    namespace = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ /* @vite-ignore */ url)) as typeof namespace;
  } catch (err) {
    throw new Error(`loadLibsvm: could not import the libsvm glue module at ${url}: ${(err as Error).message}`);
  }
  if (!namespace.glue?.module) throw new Error(`loadLibsvm: ${url} is not the libsvm glue module (no \`glue\` export)`);
  return { module: namespace.glue.module as EmscriptenLibsvm };
}

async function importLoadSvm(req: NodeRequire | null): Promise<(m: unknown) => unknown> {
  if (req) return req('libsvm-js/src/loadSVM.js') as (m: unknown) => unknown;
  return (await import('libsvm-js/src/loadSVM.js')).default;
}

/** The glue and libsvm-js's class factory: required in Node, fetched (glueUrl) or bundled elsewhere. */
async function importParts(build: 'wasm' | 'asm', glueUrl?: string): Promise<Parts> {
  const req = nodeRequire();
  const loadSVM = await importLoadSvm(req);
  if (glueUrl && build === 'wasm') return { module: (await importGlue(glueUrl)).module, loadSVM };
  if (req) {
    const glue = req(build === 'wasm' ? 'libsvm-js/out/wasm/libsvm.js' : 'libsvm-js/out/asm/libsvm.js');
    return { module: glue as EmscriptenLibsvm, loadSVM };
  }
  const { bundledGlue } = build === 'wasm' ? await import('./bundled-wasm-glue') : await import('./bundled-asm-glue');
  return { module: bundledGlue.module as EmscriptenLibsvm, loadSVM };
}

async function loadAsm(): Promise<Libsvm> {
  const { module, loadSVM } = await importParts('asm');
  await module.load();
  return { SVM: loadSVM(module) as LibsvmClass, module, build: 'asm', source: 'asm' };
}

async function loadWasm(options: LoadLibsvmOptions): Promise<Libsvm> {
  const host = globalThis as HostGlobal;
  const original = host.fetch;
  const wasmUrl = options.wasmUrl ?? (options.glueUrl ? siblingUrl(options.glueUrl, 'libsvm.wasm') : undefined);
  const hasOverride = wasmUrl !== undefined || options.wasmBinary !== undefined;
  const Response = host.Response;
  if (hasOverride && original && Response) {
    // The glue starts fetching as soon as it is evaluated, so the hook must be in place first.
    // Answering with typed bytes keeps the glue on its streaming path, whatever MIME type the
    // server sends (its fallback path needs XHR or Node's fs).
    const wasmResponse = (bytes: Uint8Array | ArrayBuffer) => new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } });
    host.fetch = (input, init) => {
      if (!String(input).endsWith('libsvm.wasm')) return original(input, init);
      if (options.wasmBinary) return Promise.resolve(wasmResponse(options.wasmBinary));
      return original(wasmUrl, init).then(async (r) => {
        if (!r.ok) throw new Error(`loadLibsvm: could not fetch libsvm.wasm at ${wasmUrl} (HTTP ${r.status})`);
        return wasmResponse(await r.arrayBuffer());
      });
    };
  }
  try {
    const { module, loadSVM } = await importParts('wasm', options.glueUrl);
    await module.load();
    const source = options.wasmBinary ? 'wasmBinary' : wasmUrl ? 'wasmUrl' : 'package';
    return { SVM: loadSVM(module) as LibsvmClass, module, build: 'wasm', source, ...(options.glueUrl ? { glueUrl: options.glueUrl } : {}) };
  } finally {
    if (hasOverride && original && Response) host.fetch = original;
  }
}
