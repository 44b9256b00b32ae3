/**
 * Descriptive statistics with numpy's conventions: `sd` divides by n − 1 (pandas / R; numpy
 * needs ddof=1 for it), `quantile` is numpy's default 'linear' method (R type 7).
 *
 * @example
 *   mean([1, 2, 3]);            // 2
 *   sd([1, 2, 3]);              // 1
 *   quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export type Numbers = readonly number[] | Float64Array;

export function sum(values: Numbers): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

/** Arithmetic mean; NaN for an empty list (as numpy, without the warning). */
export function mean(values: Numbers): number {
  return values.length === 0 ? NaN : sum(values) / values.length;
}

/**
 * Variance with `ddof` degrees of freedom removed (default 1, the sample variance).
 * Two-pass (deviations from the mean), as numpy: no catastrophic cancellation for large means.
 */
export function variance(values: Numbers, ddof = 1): number {
  const n = values.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    ss += d * d;
  }
  return ss / (n - ddof);
}

/** Standard deviation, sample (n − 1) by default; `ddof = 0` gives the population SD. */
export function sd(values: Numbers, ddof = 1): number {
  return Math.sqrt(variance(values, ddof));
}

/** Ascending numeric copy (NaN last, as numpy sorts). */
export function sortedCopy(values: Numbers): Float64Array {
  // Float64Array.prototype.sort compares numerically and puts NaN last.
  return Float64Array.from(values).sort();
}

/**
 * Quantile `p` in [0, 1] by numpy's default 'linear' method, i.e. `np.quantile(values, p)`.
 * Pass `isSorted` when `values` is already ascending to skip the copy. A NaN anywhere gives NaN
 * (numpy propagates it too).
 */
export function quantile(values: Numbers, p: number, isSorted = false): number {
  const n = values.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return NaN;
  const xs = isSorted ? values : sortedCopy(values);
  if (Number.isNaN(xs[n - 1]!)) return NaN;
  // numpy computes the virtual index as n*p + (1 - p) - 1 (alpha = beta = 1); doing the same
  // arithmetic keeps the result bit-identical in the usual cases.
  const virtualIndex = n * p + (1 - p) - 1;
  const lo = Math.min(Math.max(Math.floor(virtualIndex), 0), n - 1);
  const hi = Math.min(lo + 1, n - 1);
  const t = virtualIndex - lo;
  const a = xs[lo]!, b = xs[hi]!;
  const diff = b - a;
  // numpy's _lerp: measure from the nearer end so that t = 1 returns b exactly.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Smallest and largest value (NaN-free input assumed). */
export function extent(values: Numbers): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
