/**
 * Cleveland's LOWESS as R's `lowess(x, y, f, iter = 0, delta)` computes it (the C routine
 * `clowess`): for each x, a tricube-weighted linear fit on the ⌊f·n⌋ nearest points (ties at the
 * window's edge included), points within `delta` of the last fitted x interpolated linearly.
 * Only the pass without robustness iterations is implemented: rms::val.prob smooths observed
 * against predicted with `iter = 0`, and that is the smoother the calibration statistics use.
 *
 * @example
 *   const { x, y } = lowess(predicted, observed);   // sorted x, smoothed y at each x
 */
import type { Numbers } from './descriptive';

export interface LowessResult {
  /** The input x in ascending order (ties kept). */
  x: Float64Array;
  /** The smoothed value at each x. */
  y: Float64Array;
  /** order[k] = the input row at sorted position k. */
  order: number[];
}

export function lowess(xIn: Numbers, yIn: Numbers, options: { f?: number; delta?: number } = {}): LowessResult {
  const n = xIn.length;
  if (n !== yIn.length) throw new Error(`lowess: ${n} x values vs ${yIn.length} y values`);
  if (n === 0) throw new Error('lowess: no points');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xIn[i]!) || !Number.isFinite(yIn[i]!)) throw new Error(`lowess: point ${i} is (${xIn[i]}, ${yIn[i]}); values must be finite`);
  }
  const f = options.f ?? 2 / 3;
  // R orders with order(), a stable sort.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xIn[a]! - xIn[b]! || a - b);
  const x = Float64Array.from(order, (i) => xIn[i]!);
  const y = Float64Array.from(order, (i) => yIn[i]!);
  const delta = options.delta ?? 0.01 * (x[n - 1]! - x[0]!);
  const ys = new Float64Array(n);
  if (n < 2) {
    ys[0] = y[0]!;
    return { x, y: ys, order };
  }
  const w = new Float64Array(n);
  const ns = Math.max(2, Math.min(n, Math.floor(f * n + 1e-7)));
  // 0-based translation of clowess: nleft, nright, i, last index into x.
  let nleft = 0, nright = ns - 1, last = -1, i = 0;
  for (;;) {
    if (nright < n - 1) {
      const d1 = x[i]! - x[nleft]!;
      const d2 = x[nright + 1]! - x[i]!;
      if (d1 > d2) {
        nleft++;
        nright++;
        continue;
      }
    }
    const fitted = localFit(x, y, n, x[i]!, nleft, nright, w);
    ys[i] = fitted ?? y[i]!;
    if (last < i - 1) {
      const denom = x[i]! - x[last]!;
      for (let j = last + 1; j < i; j++) {
        const alpha = (x[j]! - x[last]!) / denom;
        ys[j] = alpha * ys[i]! + (1 - alpha) * ys[last]!;
      }
    }
    last = i;
    const cut = x[last]! + delta;
    for (i = last + 1; i < n; i++) {
      if (x[i]! > cut) break;
      if (x[i] === x[last]) {
        ys[i] = ys[last]!;
        last = i;
      }
    }
    i = Math.max(last + 1, i - 1);
    if (last >= n - 1) break;
  }
  return { x, y: ys, order };
}

/** clowess's `lowest`: the fitted value at xs from points nleft..nright (and ties beyond). */
function localFit(x: Float64Array, y: Float64Array, n: number, xs: number, nleft: number, nright: number, w: Float64Array): number | null {
  const range = x[n - 1]! - x[0]!;
  const h = Math.max(xs - x[nleft]!, x[nright]! - xs);
  const h9 = 0.999 * h, h1 = 0.001 * h;
  let a = 0;
  let j = nleft;
  while (j < n) {
    w[j] = 0;
    const r = Math.abs(x[j]! - xs);
    if (r <= h9) {
      if (r <= h1) w[j] = 1;
      else {
        const u = r / h;
        const c = 1 - u * u * u;
        w[j] = c * c * c;
      }
      a += w[j]!;
    } else if (x[j]! > xs) break;
    j++;
  }
  const nrt = j - 1;
  if (a <= 0) return null;
  for (j = nleft; j <= nrt; j++) w[j] = w[j]! / a;
  if (h > 0) {
    a = 0;
    for (j = nleft; j <= nrt; j++) a += w[j]! * x[j]!;
    let b = xs - a;
    let c = 0;
    for (j = nleft; j <= nrt; j++) c += w[j]! * (x[j]! - a) * (x[j]! - a);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (j = nleft; j <= nrt; j++) w[j] = w[j]! * (b * (x[j]! - a) + 1);
    }
  }
  let ys = 0;
  for (j = nleft; j <= nrt; j++) ys += w[j]! * y[j]!;
  return ys;
}
