import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Matrix as ShimMatrix } from '@/workers/shims/ml-matrix';
import { createRng } from '@/lib/stats/random';

type Svm = { train(x: number[][], y: number[]): void; alphas: number[]; b: number; predict(x: number[][]): number[]; marginOne(x: number[]): number };
type SvmClass = new (options: Record<string, unknown>) => Svm;

const require = createRequire(import.meta.url);
const svmPath = require.resolve('ml-svm');
const kernelPath = createRequire(svmPath).resolve('ml-kernel');
const matrixPath = createRequire(kernelPath).resolve('ml-matrix');

/** A fresh ml-svm whose ml-kernel gets `matrix` as its ml-matrix (CommonJS module cache). */
function loadSvm(matrix?: unknown): SvmClass {
  const saved = require.cache[matrixPath];
  for (const p of [svmPath, kernelPath]) delete require.cache[p];
  if (matrix) {
    require.cache[matrixPath] = { id: matrixPath, filename: matrixPath, loaded: true, exports: matrix } as unknown as NodeJS.Module;
  }
  try {
    return require('ml-svm') as SvmClass;
  } finally {
    for (const p of [svmPath, kernelPath]) delete require.cache[p];
    if (saved) require.cache[matrixPath] = saved;
    else delete require.cache[matrixPath];
  }
}

// The browser build gives ml-kernel workers/shims/ml-matrix.ts instead of ml-matrix 5 (which
// uses eval). ml-svm must train to the same numbers with either.
describe('ml-matrix browser stand-in', () => {
  it('gives ml-svm (RBF kernel) the same alphas, bias and margins as ml-matrix 5', () => {
    const rng = createRng(7);
    const X = Array.from({ length: 60 }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const y = X.map((x) => (x[0]! + 0.5 * x[1]! + 0.3 * rng.normal() > 0 ? 1 : -1));
    const train = (Svm: SvmClass) => {
      const r = createRng(11);
      const svm = new Svm({ C: 1, tol: 1e-4, maxPasses: 10, maxIterations: 10_000, kernel: 'rbf', kernelOptions: { sigma: 0.8 }, whitening: false, random: () => r.uniform() });
      svm.train(X.map((x) => [...x]), y);
      return { alphas: [...svm.alphas], b: svm.b, margins: X.map((x) => svm.marginOne(x)) };
    };
    const real = train(loadSvm());
    const shimmed = train(loadSvm({ Matrix: ShimMatrix, default: ShimMatrix }));
    // The stand-in is what the second ml-svm used: a broken one fails.
    expect(() => train(loadSvm({ Matrix: class { constructor() { throw new Error("stand-in used"); } } }))).toThrow("stand-in used");
    expect(real.alphas.some((a) => a > 0)).toBe(true);
    expect(shimmed).toEqual(real);
  });

  it('is an array of zero-filled rows, and says what it lacks', () => {
    const m = new ShimMatrix(2, 3);
    expect(m.map((r) => [...r])).toEqual([[0, 0, 0], [0, 0, 0]]);
    m[1]![2] = 5;
    expect([m.rows, m.columns, m.get(1, 2)]).toEqual([2, 3, 5]);
    expect(() => new ShimMatrix([[1, 2]])).toThrow(/only new Matrix\(rows, columns\)/);
    expect(() => m.mmul()).toThrow(/linear kernel/);
  });
});
