/**
 * Minimum sample size for developing a prediction model of a binary outcome: the three criteria
 * of Riley et al. (Stat Med 2019; BMJ 2020), computed as the R package pmsampsize (1.1.3) does,
 * its roundings included, so the numbers match what a methodologist gets from it:
 *
 * 1. expected uniform shrinkage ≥ S (default 0.9):  n₁ = ⌈p / ((S − 1) ln(1 − R²cs / S))⌉;
 * 2. optimism in Nagelkerke's R² ≤ δ (default 0.05): S₂ = R²cs / (R²cs + δ · maxR²cs), with
 *    maxR²cs = 1 − (φ^φ (1 − φ)^(1 − φ))² rounded to 2 decimals and S₂ to 3 (pmsampsize), then
 *    n₂ as n₁ with S₂;
 * 3. the overall risk estimated within ±0.05 (95%): n₃ = ⌈(1.96 / 0.05)² φ (1 − φ)⌉.
 *
 * The anticipated R²cs may come from an anticipated C statistic (Riley et al. 2022): the linear
 * predictor is N(0, 1) in non-events and N(μ, 1) in events with μ = √2 Φ⁻¹(C), and R²cs is that
 * model's. pmsampsize simulates a million patients (seed 123456) and fits a logistic regression;
 * here the same population value is integrated numerically (the logistic model is exact for two
 * normals of equal variance), so no random draw is involved, and rounded to 4 decimals as
 * pmsampsize rounds its estimate. The two differ by the simulation's noise (about 1e-3).
 *
 * @example
 *   rileyBinary({ prevalence: 0.174, parameters: 24, rsquaredCs: 0.288 }).final.n;  // 668
 */
import { normalQuantile } from './normal';

export interface SampleSizeInput {
  prevalence: number;
  /** Candidate predictor parameters (degrees of freedom), not just variables. */
  parameters: number;
  /** Anticipated Cox–Snell R²; give this or `cstatistic`. */
  rsquaredCs?: number;
  /** Anticipated C statistic (AUC), converted to R²cs. */
  cstatistic?: number;
  shrinkage?: number;
  /** Largest accepted optimism in Nagelkerke's R². */
  optimism?: number;
  /** Margin of error of the overall risk (criterion 3). */
  margin?: number;
}

export interface SampleSizeCriterion {
  n: number;
  shrinkage: number;
  events: number;
  /** Events per candidate parameter at this n, rounded to 2 decimals as pmsampsize reports it. */
  epp: number;
}

export interface SampleSizeResult {
  prevalence: number;
  parameters: number;
  rsquaredCs: number;
  /** Where R²cs came from. */
  rsquaredFrom: 'given' | 'cstatistic';
  /** The largest R²cs possible at this prevalence (rounded to 2 decimals, pmsampsize). */
  maxRsquaredCs: number;
  nagelkerke: number;
  criteria: [SampleSizeCriterion, SampleSizeCriterion, SampleSizeCriterion];
  final: SampleSizeCriterion;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Cox–Snell R² of the two-normal model with C statistic `c` at event share `prevalence`. */
export function cstatisticToRsquaredCs(c: number, prevalence: number): number {
  if (!(c > 0.5 && c < 1)) throw new Error(`sample size: the anticipated C statistic must lie in (0.5, 1), got ${c}`);
  checkPrevalence(prevalence);
  const mu = Math.SQRT2 * normalQuantile(c);
  const phi = prevalence;
  const a = Math.log(phi / (1 - phi)) - (mu * mu) / 2;
  // log σ(t) and log(1 − σ(t)), stable for large |t|.
  const logSig = (t: number) => (t >= 0 ? -Math.log1p(Math.exp(-t)) : t - Math.log1p(Math.exp(t)));
  // Expected log-likelihood per patient: φ E_events[log π] + (1 − φ) E_non-events[log(1 − π)],
  // with log-odds a + μx; composite Simpson over ±12 SD around each mean (the tails beyond are
  // below 1e-30).
  const expect = (center: number, g: (x: number) => number) => {
    const steps = 4000, lo = center - 12, h = 24 / steps;
    let s = 0;
    for (let k = 0; k <= steps; k++) {
      const x = lo + k * h;
      const wgt = k === 0 || k === steps ? 1 : k % 2 ? 4 : 2;
      const z = x - center;
      s += wgt * (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) * g(x);
    }
    return (s * h) / 3;
  };
  const llModel = phi * expect(mu, (x) => logSig(a + mu * x)) + (1 - phi) * expect(0, (x) => logSig(-(a + mu * x)));
  const llNull = phi * Math.log(phi) + (1 - phi) * Math.log(1 - phi);
  return 1 - Math.exp(-2 * (llModel - llNull));
}

function checkPrevalence(phi: number): void {
  if (!(phi > 0 && phi < 1)) throw new Error(`sample size: prevalence must lie strictly between 0 and 1, got ${phi}`);
}

export function rileyBinary(input: SampleSizeInput): SampleSizeResult {
  const { prevalence: phi, parameters: p, shrinkage = 0.9, optimism = 0.05, margin = 0.05 } = input;
  checkPrevalence(phi);
  if (!(Number.isInteger(p) && p >= 1)) throw new Error(`sample size: parameters must be a whole number ≥ 1, got ${p}`);
  if ((input.rsquaredCs === undefined) === (input.cstatistic === undefined)) throw new Error('sample size: give exactly one of an anticipated R² (Cox–Snell) or C statistic');
  if (!(shrinkage > 0 && shrinkage < 1)) throw new Error(`sample size: target shrinkage must lie in (0, 1), got ${shrinkage}`);
  const rsquaredFrom = input.rsquaredCs !== undefined ? 'given' : 'cstatistic';
  const r2 = input.rsquaredCs ?? round(cstatisticToRsquaredCs(input.cstatistic!, phi), 4);
  if (!(r2 > 0 && r2 < 1)) throw new Error(`sample size: anticipated R² (Cox–Snell) must lie in (0, 1), got ${r2}`);
  if (shrinkage < r2) throw new Error(`sample size: target shrinkage ${shrinkage} is below the anticipated R² ${r2}, so criterion 1 is undefined`);
  const nFor = (s: number) => Math.ceil(p / ((s - 1) * Math.log(1 - r2 / s)));
  const at = (n: number, s: number): SampleSizeCriterion => ({ n, shrinkage: s, events: n * phi, epp: round((n * phi) / p, 2) });
  const c1 = at(nFor(shrinkage), shrinkage);
  const maxR2 = round(1 - Math.exp(2 * (phi * Math.log(phi) + (1 - phi) * Math.log(1 - phi))), 2);
  if (maxR2 < r2) throw new Error(`sample size: anticipated R² (Cox–Snell) ${r2} exceeds the largest possible at prevalence ${phi} (${maxR2})`);
  const s2 = round(r2 / (r2 + optimism * maxR2), 3);
  const c2 = at(nFor(s2), s2);
  // 1.96, not Φ⁻¹(0.975) = 1.95996…: the difference is below 0.1 patient but can move the
  // ceiling, and pmsampsize uses the rounded constant.
  const c3 = at(Math.ceil((1.96 / margin) ** 2 * phi * (1 - phi)), Math.max(s2, shrinkage));
  const nFinal = Math.max(c1.n, c2.n, c3.n);
  return {
    prevalence: phi,
    parameters: p,
    rsquaredCs: r2,
    rsquaredFrom,
    maxRsquaredCs: maxR2,
    nagelkerke: r2 / maxR2,
    criteria: [c1, c2, c3],
    final: at(nFinal, Math.max(s2, shrinkage)),
  };
}
