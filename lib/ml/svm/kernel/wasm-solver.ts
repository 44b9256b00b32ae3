import { decodeBase64 } from '../../lstm/kernel/load-kernel';
import { checkCsvcProblem, type CsvcSolution } from '../smo-solver';
import { SMO_SOLVER_BASE64 } from './smo-solver-wasm';

/**
 * libsvm's SMO solver compiled to WebAssembly (`smo_solver.c`, the twin of smo-solver.ts: the same
 * α and ρ bit for bit, tested) with the shared kernel in its memory. One instance per grid
 * search: its memory holds the n × n float32 Q (written by the caller through `Q`, once per γ)
 * and the working arrays of one problem of up to n rows.
 *
 * @example
 *   const solver = await createWasmSolver(n);
 *   signedRbfKernel(D, n, gamma, sign, solver.Q);
 *   const sol = solver.solve({ rows, y, C: 2.7 });
 */
export interface WasmCsvcSolver {
  /** The kernel matrix in the module's memory (n × n, row-major). */
  readonly Q: Float32Array;
  readonly n: number;
  solve(problem: { rows: Int32Array; y: Int8Array; C: number; eps?: number; shrinking?: boolean; alpha0?: Float64Array }): CsvcSolution;
}

interface SolverExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  __heap_base: { value: number };
  solve(q: number, n: number, rows: number, labels: number, l: number, C: number, eps: number, shrinking: number, alphaIo: number, work: number, info: number): void;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ exports: unknown }>;
}
// lib/ is typed without DOM or Node globals; WebAssembly exists in every runtime we target.
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: Promise<object> | null = null;
const PAGE = 65536;
const align = (x: number, a: number) => Math.ceil(x / a) * a;

/** `n`: the kernel's size; `maxRows`: the most rows a problem may have (rows may repeat a kernel row). */
export async function createWasmSolver(n: number, maxRows = n): Promise<WasmCsvcSolver> {
  compiled ??= wasmApi.compile(decodeBase64(SMO_SOLVER_BASE64));
  const instance = await wasmApi.instantiate(await compiled, {});
  const ex = instance.exports as SolverExports;
  // Layout: Q, then one problem's rows, labels, α, work (42 bytes a row), info.
  const q = align(ex.__heap_base.value, 16);
  const rows = align(q + 4 * n * n, 16);
  const labels = align(rows + 4 * maxRows, 16);
  const alpha = align(labels + maxRows, 16);
  const work = align(alpha + 8 * maxRows, 16);
  const info = align(work + 42 * maxRows, 16);
  const end = info + 32;
  const have = ex.memory.buffer.byteLength;
  if (end > have && ex.memory.grow(Math.ceil((end - have) / PAGE)) < 0) {
    throw new Error(`svm solver: no memory for a ${n} × ${n} kernel (${Math.round(end / 2 ** 20)} MiB)`);
  }
  const buffer = ex.memory.buffer;
  const Q = new Float32Array(buffer, q, n * n);
  const rowsView = new Int32Array(buffer, rows, maxRows);
  const labelsView = new Int8Array(buffer, labels, maxRows);
  const alphaView = new Float64Array(buffer, alpha, maxRows);
  const infoView = new Float64Array(buffer, info, 4);
  return {
    Q,
    n,
    solve({ rows: r, y, C, eps = 1e-3, shrinking = true, alpha0 }) {
      const l = r.length;
      if (l > maxRows) throw new Error(`svm solver: ${l} rows, room for ${maxRows}`);
      checkCsvcProblem('svm solver', n, { rows: r, y, C, ...(alpha0 ? { alpha0 } : {}) });
      rowsView.set(r);
      labelsView.set(y);
      if (alpha0) alphaView.set(alpha0);
      else alphaView.fill(0, 0, l);
      ex.solve(q, n, rows, labels, l, C, eps, shrinking ? 1 : 0, alpha, work, info);
      return {
        alpha: alphaView.slice(0, l),
        rho: infoView[0]!,
        obj: infoView[1]!,
        iterations: infoView[2]!,
        hitIterationLimit: infoView[3] === 1,
      };
    },
  };
}
