/**
 * Seeded pseudo-random numbers for every random step in `lib/` (never `Math.random`).
 *
 * Generator: xoshiro128** (32-bit state words, fast in JS, passes BigCrush), seeded through
 * splitmix32 so that small consecutive seeds give unrelated streams. `fork(label)` derives an
 * independent child stream from the current seed and a label, so adding a random draw in one
 * step never shifts the numbers of another.
 *
 * @example
 *   const rng = createRng(42);
 *   rng.uniform();           // 0 <= x < 1
 *   rng.shuffle([1, 2, 3]);  // a new, shuffled array
 */
export interface Rng {
  readonly seed: number;
  /** Uniform in [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform in [a, b). */
  between(a: number, b: number): number;
  /** Standard normal (Box–Muller, cached pair discarded for simplicity of state). */
  normal(mean?: number, sd?: number): number;
  /** Gamma(shape, scale) by Marsaglia–Tsang. */
  gamma(shape: number, scale: number): number;
  /** exp(N(mu, sigma)). */
  logNormal(mu: number, sigma: number): number;
  bernoulli(p: number): boolean;
  /** Index drawn with the given (not necessarily normalized) weights. */
  categorical(weights: readonly number[]): number;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** A random permutation of 0..n-1. */
  permutation(n: number): number[];
  /** An independent stream, derived from this one's seed and a label. */
  fork(label: string | number): Rng;
  /** A raw 32-bit unsigned integer. */
  nextUint32(): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** 32-bit FNV-1a of a string: used only to turn fork labels into seeds. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be a finite number, got ${seed}`);
  const seed32 = Math.trunc(seed) >>> 0;
  const sm = splitmix32(seed32);
  let a = sm(), b = sm(), c = sm(), d = sm();
  if ((a | b | c | d) === 0) a = 1; // xoshiro must not start from the all-zero state

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d;
    c ^= t;
    d = rotl(d, 11);
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    return result;
  };
  const uniform = () => nextUint32() / 4294967296;

  const normal = (mean = 0, sd = 1): number => {
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };

  const gamma = (shape: number, scale: number): number => {
    if (!(shape > 0) || !(scale > 0)) throw new Error(`gamma: shape and scale must be > 0 (got ${shape}, ${scale})`);
    if (shape < 1) {
      // Boost: Gamma(k) = Gamma(k + 1) * U^(1/k)
      const u = uniform();
      return gamma(shape + 1, scale) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / shape);
    }
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number, v: number;
      do {
        x = normal();
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x ** 4) return dd * v * scale;
      if (Math.log(u) < 0.5 * x * x + dd * (1 - v + Math.log(v))) return dd * v * scale;
    }
  };

  const int = (n: number): number => {
    if (!(n >= 1) || !Number.isInteger(n)) throw new Error(`int: n must be a positive integer, got ${n}`);
    return Math.floor(uniform() * n);
  };

  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  };

  const rng: Rng = {
    seed: seed32,
    uniform,
    int,
    between: (lo, hi) => lo + (hi - lo) * uniform(),
    normal,
    gamma,
    logNormal: (mu, sigma) => Math.exp(normal(mu, sigma)),
    bernoulli: (p) => uniform() < p,
    categorical: (weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = uniform() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i]!;
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
    shuffle,
    permutation: (n) => shuffle(Array.from({ length: n }, (_, i) => i)),
    fork: (label) => createRng((fnv1a(`${seed32}:${label}`) ^ Math.imul(seed32, 0x9e3779b1)) >>> 0),
    nextUint32,
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
