/**
 * The hyperparameter grid of PIPELINE step 5: 15 × 15 log-spaced C in [0.01, 30] and gamma in
 * [0.001, 10], plus the paper's picks (C = 2.7, 5.6; gamma = 0.09), sorted and unique.
 *
 * @example
 *   defaultGrid();               // { C: [0.01, 0.0177, ..., 30] (17 values), gamma: [0.001, ..., 10] (16) }
 *   logSpace(0.001, 10, 5);      // [0.001, 0.01, 0.1, 1, 10]
 */
export interface Grid {
  C: number[];
  gamma: number[];
}

/** numpy's `logspace(log10(lo), log10(hi), n)`: evenly spaced exponents, the last one exact. */
export function logSpace(lo: number, hi: number, n: number): number[] {
  if (!(lo > 0 && hi > 0) || !Number.isInteger(n) || n < 1) throw new Error(`logSpace: bad arguments (${lo}, ${hi}, ${n})`);
  const a = Math.log10(lo), b = Math.log10(hi);
  if (n === 1) return [10 ** a];
  const step = (b - a) / (n - 1);
  return Array.from({ length: n }, (_, i) => 10 ** (i === n - 1 ? b : i * step + a));
}

const sortedUnique = (xs: number[]) => [...new Set(xs)].sort((p, q) => p - q);
/** 12 significant digits: 30 instead of logspace's 29.999999999999996, for labels and keys. */
const tidy = (v: number) => Number(v.toPrecision(12));

export const PAPER_PICKS = { C: [2.7, 5.6], gamma: [0.09] } as const;

export function defaultGrid(size = 15): Grid {
  return {
    C: sortedUnique([...logSpace(0.01, 30, size).map(tidy), ...PAPER_PICKS.C]),
    gamma: sortedUnique([...logSpace(0.001, 10, size).map(tidy), ...PAPER_PICKS.gamma]),
  };
}
