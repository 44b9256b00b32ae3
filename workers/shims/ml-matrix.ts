// Browser stand-in for ml-matrix 5, which ml-svm's kernel library (ml-kernel) loads. ml-matrix 5
// builds its operator methods with `eval` when it loads, which the workbench's
// Content-Security-Policy forbids (no 'unsafe-eval'). ml-svm uses one thing of it: an
// RBF kernel matrix, made as `new Matrix(rows, columns)` and filled by `m[i][j] = …` (ml-kernel's
// non-linear path). This class is exactly that: an array of zero-filled rows. Any other use
// (the linear kernel's product, which the workbench never asks for) throws, naming the gap.
// Node (the CLI, the tests) keeps the real ml-matrix; tests/unit/workers/ml-matrix-shim.test.ts
// checks that both give ml-svm the same numbers.
export class Matrix extends Array<number[]> {
  constructor(rows: number | unknown, columns?: number) {
    super();
    if (typeof rows !== 'number' || typeof columns !== 'number' || !Number.isInteger(rows) || !Number.isInteger(columns) || rows < 0 || columns < 0) {
      throw new Error('ml-matrix (browser stand-in): only new Matrix(rows, columns) is available; ml-svm uses no other form with the RBF kernel');
    }
    for (let i = 0; i < rows; i++) this.push(new Array<number>(columns).fill(0));
  }

  // Array methods that make a new array (map, filter, slice…) would call this constructor with
  // one length argument; they make plain arrays instead.
  static get [Symbol.species]() {
    return Array;
  }

  get rows(): number {
    return this.length;
  }

  get columns(): number {
    return this[0]?.length ?? 0;
  }

  get(i: number, j: number): number {
    return this[i]![j]!;
  }

  set(i: number, j: number, value: number): this {
    this[i]![j] = value;
    return this;
  }

  mmul(): never {
    throw new Error('ml-matrix (browser stand-in): mmul is not available (the linear kernel is not used)');
  }

  transposeView(): never {
    throw new Error('ml-matrix (browser stand-in): transposeView is not available (the linear kernel is not used)');
  }
}

export default { Matrix };
