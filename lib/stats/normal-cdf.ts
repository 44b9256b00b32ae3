/**
 * The standard normal CDF, Φ(x), and its upper tail 1 − Φ(x), by W. J. Cody's rational
 * Chebyshev approximations (Cody 1969; the algorithm of R's `pnorm`, whose constants these are),
 * about 1e-16 relative in both tails: the upper tail is computed directly, never as 1 − Φ(x),
 * so a two-sided p-value of 1e-12 keeps its digits.
 *
 * @example
 *   normalCdf(1.959963984540054);   // 0.975
 *   normalUpperTail(5);             // 2.866515718791939e-7
 *   twoSidedNormalP(-2.5);          // 2 · Φ(−2.5) = 0.01241933...
 */

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
  1.0765576773720192317e-8,
];
const D = [22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const SQRT_32 = 5.656854249492380195206754896838;
const ONE_OVER_SQRT_2PI = 0.398942280401432677939946059934;

/** [Φ(x), 1 − Φ(x)], each computed on its own (R's pnorm_both). */
function both(x: number): [number, number] {
  if (Number.isNaN(x)) return [NaN, NaN];
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0, xden = 0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      xnum = A[4]! * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + A[i]!) * xsq;
        xden = (xden + B[i]!) * xsq;
      }
    }
    const t = (x * (xnum + A[3]!)) / (xden + B[3]!);
    return [0.5 + t, 0.5 - t];
  }
  // The lower tail at −|x| (cum), then swapped for x > 0.
  let cum: number;
  // exp(−x²/2) as exp(−s²/2)·exp(−(x−s)(x+s)/2) with s = x rounded down to a 16th: no cancellation.
  const gauss = (v: number, scale: number) => {
    const s = Math.trunc(v * 16) / 16;
    const del = (v - s) * (v + s);
    return Math.exp(-s * s * 0.5) * Math.exp(-del * 0.5) * scale;
  };
  if (y <= SQRT_32) {
    let xnum = C[8]! * y, xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]!) * y;
      xden = (xden + D[i]!) * y;
    }
    cum = gauss(y, (xnum + C[7]!) / (xden + D[7]!));
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let xnum = P[5]! * xsq, xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]!) * xsq;
      xden = (xden + Q[i]!) * xsq;
    }
    const t = (xsq * (xnum + P[4]!)) / (xden + Q[4]!);
    cum = gauss(x, (ONE_OVER_SQRT_2PI - t) / y);
  } else cum = 0;
  const ccum = 1 - cum;
  return x > 0 ? [ccum, cum] : [cum, ccum];
}

/** Φ(x) = P(Z ≤ x). */
export function normalCdf(x: number): number {
  return both(x)[0];
}

/** 1 − Φ(x) = P(Z > x), accurate far into the upper tail. */
export function normalUpperTail(x: number): number {
  return both(x)[1];
}

/** Two-sided p-value of a standard normal statistic: 2 · P(Z > |z|) (1 at z = 0, NaN for NaN). */
export function twoSidedNormalP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
}
