import type { Rng } from '../../stats/random';

/**
 * Keras's default initial weights, drawn from our seeded RNG in plain JS so they are the same on
 * every backend: Glorot-uniform input kernels, orthogonal recurrent kernels, zero biases with
 * the forget-gate slice at 1 (`unit_forget_bias=True`), BatchNormalization at gamma 1, beta 0,
 * moving mean 0, moving variance 1.
 *
 * @example
 *   glorotUniform(7, 256, rng).length;  // 7 × 256, U(−√(6/263), √(6/263))
 */
export interface WeightArray {
  shape: number[];
  values: Float32Array;
}

/** U(−l, l) with l = √(6 / (fanIn + fanOut)); row-major [fanIn, fanOut]. */
export function glorotUniform(fanIn: number, fanOut: number, rng: Rng): WeightArray {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = rng.between(-limit, limit);
  return { shape: [fanIn, fanOut], values };
}

/**
 * Keras's Orthogonal(gain 1) for a [rows, cols] kernel: QR of a standard-normal
 * [max, min] matrix, Q made unique by the signs of R's diagonal (modified Gram–Schmidt gives
 * R a positive diagonal directly), transposed when rows < cols.
 */
export function orthogonal(rows: number, cols: number, rng: Rng): WeightArray {
  const tall = Math.max(rows, cols);
  const wide = Math.min(rows, cols);
  // q[j] = column j of the tall × wide matrix.
  const q: Float64Array[] = [];
  for (let j = 0; j < wide; j++) q.push(new Float64Array(tall));
  for (let i = 0; i < tall; i++) for (let j = 0; j < wide; j++) q[j]![i] = rng.normal();
  for (let j = 0; j < wide; j++) {
    const v = q[j]!;
    for (let k = 0; k < j; k++) {
      const u = q[k]!;
      let dot = 0;
      for (let i = 0; i < tall; i++) dot += u[i]! * v[i]!;
      for (let i = 0; i < tall; i++) v[i]! -= dot * u[i]!;
    }
    let norm = 0;
    for (let i = 0; i < tall; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < tall; i++) v[i]! /= norm;
  }
  const values = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows >= cols: element (r, c) of Q; rows < cols: element (r, c) of Qᵀ.
      values[r * cols + c] = rows >= cols ? q[c]![r]! : q[r]![c]!;
    }
  }
  return { shape: [rows, cols], values };
}

const filled = (shape: number[], value: number): WeightArray => ({ shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value) });

/** [kernel [in, 4u], recurrent kernel [u, 4u], bias [4u]] in Keras's gate order i, f, c, o. */
export function lstmInitialWeights(inputDim: number, units: number, rng: Rng): WeightArray[] {
  const kernel = glorotUniform(inputDim, 4 * units, rng);
  const recurrent = orthogonal(units, 4 * units, rng);
  const bias = filled([4 * units], 0);
  bias.values.fill(1, units, 2 * units);
  return [kernel, recurrent, bias];
}

/** [gamma, beta, moving mean, moving variance]. */
export function batchNormInitialWeights(units: number): WeightArray[] {
  return [filled([units], 1), filled([units], 0), filled([units], 0), filled([units], 1)];
}

/** [kernel [in, out], bias [out]]. */
export function denseInitialWeights(inputDim: number, units: number, rng: Rng): WeightArray[] {
  return [glorotUniform(inputDim, units, rng), filled([units], 0)];
}
