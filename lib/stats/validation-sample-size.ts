/**
 * Minimum sample size for the EXTERNAL VALIDATION of a prediction model of a binary outcome:
 * the criteria of Riley et al. (Stat Med 2021; 40: 4230–51, doi:10.1002/sim.9025), computed as
 * the R package pmvalsampsize 0.1.0 does (`pmvalsampsize(type = "b", ...)`), with its defaults,
 * its search grids and its roundings, so the closed-form criteria give the same numbers:
 *
 * 1. O/E within a 95% CI of width `oeciwidth` (default 0.2): SE(ln O/E) is the first multiple of
 *    `oeseincrement` (0.0001, accumulated as R adds it) with exp(ln O/E + 1.96 SE) −
 *    exp(ln O/E − 1.96 SE) ≥ oeciwidth; n₁ = ⌈(1 − φ) / (φ SE²)⌉.
 * 2. Calibration slope within a CI of width `csciwidth` (default 0.2): with the calibration model
 *    at β₀ = 0, β₁ = 1 (pmvalsampsize fixes both; its `cslope` argument is only reported, so it is
 *    not taken here), the information elements are I₀₀ = E[p(1 − p)], I₀₁ = E[LP p(1 − p)],
 *    I₁₁ = E[LP² p(1 − p)] over the linear predictor's distribution in the validation population,
 *    SE = csciwidth / (2 · 1.96), n₂ = ⌈I₀₀ / (SE² (I₀₀ I₁₁ − I₀₁²))⌉. The expectations are means
 *    over `simobs` simulated LPs, drawn with the caller's seeded RNG (pmvalsampsize draws 1e6
 *    with R's RNG, seed 123456; the default here is 200,000: the criterion's Monte Carlo error is
 *    then a few tenths of a percent, and the draws cannot equal R's, so n₂ agrees with
 *    pmvalsampsize to that noise, not exactly).
 * 3. C statistic within a CI of width `cstatciwidth` (default 0.1), with Newcombe's variance
 *    SE(C)² = C(1 − C)(1 + (n/2 − 1)(1 − C)/(2 − C) + (n/2 − 1)C/(1 + C)) / (n² φ(1 − φ)):
 *    n₃ = the smallest n with 2 · 1.96 SE(C) ≤ cstatciwidth (pmvalsampsize scans n = 1…1e6 and
 *    gives NA above; the same n is found here directly, without the cap).
 * 4. Only when a `threshold` is given: the standardised net benefit sNB = (Se φ − (1 − Sp)(1 − φ)
 *    t/(1 − t)) / φ within a CI of width `nbciwidth` (default 0.2): SE is the first multiple of
 *    `nbseincrement` with 2 · 1.96 SE ≥ nbciwidth, rounded to 3 decimals as pmvalsampsize does;
 *    with w = (1 − φ)/φ · t/(1 − t), n₄ = ⌈(Se(1 − Se)/φ + w² Sp(1 − Sp)/(1 − φ) +
 *    w² (1 − Sp)²/(φ(1 − φ))) / SE²⌉. Without sensitivity and specificity, they are estimated
 *    from the simulated LPs (outcomes drawn from the LP's own risks, "risk ≥ t" positive) and
 *    rounded to 2 decimals, as pmvalsampsize does.
 *
 * The final size is the largest; `drivenBy` names its criterion (on a tie, the later one, as
 * pmvalsampsize's stable ordering reports it).
 *
 * LP distributions (`lp`): `normal` (pmvalsampsize's `lpnormal = c(mean, sd)`); `beta`, a
 * Beta(α, β) distribution of predicted risks turned into LPs (`lpbeta`); `cstat` (`lpcstat`),
 * LP ~ N(m, v) in non-events and N(m + v, v) in events with v = 2 Φ⁻¹(C)², where m starts at
 * `nonEventMean` and moves by `increment` (0.1) until the simulated share of events is within
 * `tolerance` (0.0005) of the prevalence, pmvalsampsize's search, stopped with an error after
 * `maxSteps` (200) steps here (R would loop for ever).
 *
 * @example
 *   // Riley et al. 2021 / pmvalsampsize's test 4.1: O/E 905, C 4,252 (exact), slope 4,587 with this
 *   // seed (population 4,554; R prints 4,501 from 1,000 simulated LPs), final = the slope's.
 *   rileyValidationBinary({ prevalence: 0.018, cstatistic: 0.8, lp: { kind: 'normal', mean: -5, sd: 2.5 }, oeciwidth: 1 }, createRng(123456));
 */
import type { Rng } from './random';
import { normalQuantile } from './normal';
import { aucOf } from './roc';

/** Simulated LPs for the calibration-slope criterion when `simobs` is not given (pmvalsampsize: 1e6). */
export const DEFAULT_VALIDATION_SIMOBS = 200_000;

export type LpDistribution =
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'beta'; alpha: number; beta: number }
  | { kind: 'cstat'; nonEventMean: number; tolerance?: number; increment?: number; maxSteps?: number };

export interface ValidationSampleSizeInput {
  /** Outcome proportion expected in the validation population. */
  prevalence: number;
  /** Anticipated C statistic in the validation population. */
  cstatistic: number;
  /** Distribution of the model's linear predictor in the validation population. */
  lp: LpDistribution;
  /** Anticipated O/E (default 1). */
  oe?: number;
  oeciwidth?: number;
  csciwidth?: number;
  cstatciwidth?: number;
  /** Simulated LPs (default DEFAULT_VALIDATION_SIMOBS). */
  simobs?: number;
  /** Step of the search for SE(ln O/E) (default 0.0001). */
  oeseincrement?: number;
  /** Risk threshold for the net benefit criterion; without it, no criterion 4. */
  threshold?: number;
  /** Anticipated sensitivity at `threshold`; give with `specificity`, or neither to simulate both. */
  sensitivity?: number;
  specificity?: number;
  nbciwidth?: number;
  /** Step of the search for SE(standardised net benefit) (default 0.0001). */
  nbseincrement?: number;
}

export type ValidationCriterionName = 'O/E' | 'calibration slope' | 'C statistic' | 'standardised net benefit';

export interface ValidationCriterion {
  name: ValidationCriterionName;
  n: number;
  /** n · prevalence (pmvalsampsize prints its ceiling). */
  events: number;
  /** The anticipated value: O/E, the calibration slope (1), C, the standardised net benefit. */
  performance: number;
  /** The SE the criterion targets (SE of ln O/E for criterion 1). */
  se: number;
  /** The target CI width; for O/E the width reached with `se` (≥ the target), as pmvalsampsize reports it. */
  ciWidth: number;
}

export interface ValidationSampleSizeResult {
  prevalence: number;
  cstatistic: number;
  simobs: number;
  /** The seed of the RNG the simulation forked from. */
  seed: number;
  criteria: ValidationCriterion[];
  final: { n: number; events: number; drivenBy: ValidationCriterionName };
  /** Means over the simulated LPs behind criterion 2. */
  slopeInformation: { i00: number; i01: number; i11: number };
  netBenefit?: {
    threshold: number;
    sensitivity: number;
    specificity: number;
    /** Whether sensitivity and specificity were given or estimated from the simulated LPs. */
    from: 'given' | 'simulated';
    netBenefit: number;
    standardised: number;
  };
  /** Only for `lp.kind === 'cstat'`: where the search stopped. */
  lpcstat?: { nonEventMean: number; steps: number; simulatedPrevalence: number; simulatedCstatistic: number };
}

const Z = 1.96;

const fail = (message: string): never => {
  throw new Error(`validation sample size: ${message}`);
};

const isNum = (x: number) => typeof x === 'number' && Number.isFinite(x);

function positive(name: string, x: number): number {
  if (!(isNum(x) && x > 0)) fail(`${name} must be a positive number, got ${x}`);
  return x;
}

function openUnit(name: string, x: number): number {
  if (!(isNum(x) && x > 0 && x < 1)) fail(`${name} must lie strictly between 0 and 1, got ${x}`);
  return x;
}

/** R ≥ 4.0's round(x, digits): the nearer of the two candidates, ties to the even one. */
function roundR(x: number, digits: number): number {
  const f = 10 ** digits;
  const lo = Math.floor(x * f), hi = Math.ceil(x * f);
  if (lo === hi) return lo / f;
  const dLo = x - lo / f, dHi = hi / f - x;
  if (dLo !== dHi) return dLo < dHi ? lo / f : hi / f;
  return (lo % 2 === 0 ? lo : hi) / f;
}

/** Step `se` by `increment` (accumulating as R does) until `width(se) ≥ target`. */
function seSearch(target: number, increment: number, width: (se: number) => number, expectedSteps: number, what: string): number {
  if (expectedSteps > 1e8) fail(`the search for ${what} would take ${Math.round(expectedSteps)} steps; use a larger increment or a narrower CI width`);
  let se = 0;
  let w = 0;
  while (w < target) {
    se = se + increment;
    w = width(se);
  }
  return se;
}

/** Newcombe's SE(C)², written exactly as pmvalsampsize writes it (same operation order). */
function cstatSeSq(n: number, c: number, phi: number): number {
  return (c * (1 - c) * (1 + ((n / 2 - 1) * ((1 - c) / (2 - c))) + ((n / 2 - 1) * c) / (1 + c))) / (n * n * phi * (1 - phi));
}

/** The smallest n with 2 · 1.96 SE(C) ≤ width: pmvalsampsize's scan, started at the closed-form root. */
function cstatSampleSize(c: number, phi: number, width: number): number {
  const ok = (n: number) => 2 * Z * Math.sqrt(cstatSeSq(n, c, phi)) <= width;
  // SE² = K (α/n² + β/n) with α = 1 − A − B > 0 and β = (A + B)/2 for C in (0.5, 1), so it falls
  // with n and the root of K(α x² + β x) = (width/3.92)² in x = 1/n is the answer up to rounding.
  const A = (1 - c) / (2 - c), B = c / (1 + c), K = (c * (1 - c)) / (phi * (1 - phi));
  const alpha = 1 - A - B, beta = (A + B) / 2, t = (width / (2 * Z)) ** 2 / K;
  const x = (-beta + Math.sqrt(beta * beta + 4 * alpha * t)) / (2 * alpha);
  let n = Math.max(1, Math.floor(1 / x) - 2);
  if (!Number.isFinite(n) || n > Number.MAX_SAFE_INTEGER) fail(`cstatciwidth ${width} is too narrow for a finite sample size`);
  while (!ok(n)) n++;
  while (n > 1 && ok(n - 1)) n--;
  return n;
}

/** p(1 − p) for p = expit(lp), without overflow. */
function logisticVariance(lp: number): number {
  const e = Math.exp(-Math.abs(lp));
  return e / ((1 + e) * (1 + e));
}

const expit = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

function checkLp(lp: LpDistribution): void {
  if (lp === null || typeof lp !== 'object') fail(`lp must be an LP distribution ({ kind: 'normal' | 'beta' | 'cstat', ... }), got ${String(lp)}`);
  switch (lp.kind) {
    case 'normal':
      if (!isNum(lp.mean)) fail(`lp.mean (normal LP) must be a finite number, got ${lp.mean}`);
      positive('lp.sd (normal LP)', lp.sd);
      return;
    case 'beta':
      positive('lp.alpha (beta risks)', lp.alpha);
      positive('lp.beta (beta risks)', lp.beta);
      return;
    case 'cstat':
      if (!isNum(lp.nonEventMean)) fail(`lp.nonEventMean (cstat LP) must be a finite number, got ${lp.nonEventMean}`);
      if (lp.tolerance !== undefined) positive('lp.tolerance', lp.tolerance);
      if (lp.increment !== undefined) positive('lp.increment', lp.increment);
      if (lp.maxSteps !== undefined && !(Number.isInteger(lp.maxSteps) && lp.maxSteps >= 1)) fail(`lp.maxSteps must be a whole number ≥ 1, got ${lp.maxSteps}`);
      return;
    default:
      fail(`lp.kind must be 'normal', 'beta' or 'cstat', got ${String((lp as { kind?: unknown }).kind)}`);
  }
}

interface LpSample {
  lp: Float64Array;
  cstat?: ValidationSampleSizeResult['lpcstat'];
}

function simulateLp(dist: LpDistribution, simobs: number, phi: number, c: number, rng: Rng): LpSample {
  const lp = new Float64Array(simobs);
  if (dist.kind === 'normal') {
    for (let i = 0; i < simobs; i++) lp[i] = rng.normal(dist.mean, dist.sd);
    return { lp };
  }
  if (dist.kind === 'beta') {
    // P = X/(X + Y) with X ~ Gamma(α), Y ~ Gamma(β); logit P = ln X − ln Y, without forming P.
    for (let i = 0; i < simobs; i++) lp[i] = Math.log(rng.gamma(dist.alpha, 1)) - Math.log(rng.gamma(dist.beta, 1));
    return { lp };
  }
  const { tolerance = 0.0005, increment = 0.1, maxSteps = 200 } = dist;
  const q = normalQuantile(c);
  const v = 2 * (q * q);
  const sd = Math.sqrt(v);
  const events = new Int32Array(simobs);
  const draw = (m: number): number => {
    let count = 0;
    for (let i = 0; i < simobs; i++) {
      const x = rng.normal(rng.bernoulli(phi) ? m + v : m, sd);
      lp[i] = x;
      const y = rng.bernoulli(expit(x)) ? 1 : 0;
      events[i] = y;
      count += y;
    }
    return Math.abs(phi - count / simobs);
  };
  // pmvalsampsize's search: one probe step up; keep going up if it helped, else go down.
  let m = dist.nonEventMean;
  let diff = draw(m);
  let steps = 0;
  if (diff > tolerance) {
    const first = diff;
    m = m + increment;
    steps++;
    diff = draw(m);
    const dir = diff < first ? 1 : -1;
    while (diff > tolerance) {
      if (steps >= maxSteps) fail(`lp (cstat): the simulated event share did not come within tolerance ${tolerance} of the prevalence ${phi} in ${maxSteps} steps from nonEventMean ${dist.nonEventMean}; try another start, a larger simobs or tolerance`);
      m = m + dir * increment;
      steps++;
      diff = draw(m);
    }
  }
  const p = new Float64Array(simobs);
  let count = 0;
  for (let i = 0; i < simobs; i++) {
    p[i] = expit(lp[i]!);
    count += events[i]!;
  }
  return { lp, cstat: { nonEventMean: m, steps, simulatedPrevalence: count / simobs, simulatedCstatistic: aucOf(events, p) } };
}

export function rileyValidationBinary(input: ValidationSampleSizeInput, rng: Rng): ValidationSampleSizeResult {
  if (input === null || typeof input !== 'object') fail('input must be an object');
  if (!rng || typeof rng.fork !== 'function') fail('a seeded RNG (createRng(seed)) is required for the calibration-slope simulation');
  const {
    prevalence: phi,
    cstatistic: c,
    lp: dist,
    oe = 1,
    oeciwidth = 0.2,
    csciwidth = 0.2,
    cstatciwidth = 0.1,
    simobs = DEFAULT_VALIDATION_SIMOBS,
    oeseincrement = 0.0001,
    threshold,
    sensitivity,
    specificity,
    nbciwidth = 0.2,
    nbseincrement = 0.0001,
  } = input;
  openUnit('prevalence', phi);
  if (!(isNum(c) && c > 0.5 && c < 1)) fail(`cstatistic must lie strictly between 0.5 and 1, got ${c}`);
  positive('oe', oe);
  positive('oeciwidth', oeciwidth);
  positive('csciwidth', csciwidth);
  positive('cstatciwidth', cstatciwidth);
  positive('oeseincrement', oeseincrement);
  positive('nbciwidth', nbciwidth);
  positive('nbseincrement', nbseincrement);
  if (!(Number.isInteger(simobs) && simobs >= 100 && simobs <= 10_000_000)) fail(`simobs must be a whole number from 100 to 10,000,000, got ${simobs}`);
  checkLp(dist);
  if ((sensitivity === undefined) !== (specificity === undefined)) fail(`give both sensitivity and specificity, or neither (got sensitivity ${sensitivity}, specificity ${specificity})`);
  if (sensitivity !== undefined && !(isNum(sensitivity) && sensitivity >= 0 && sensitivity <= 1)) fail(`sensitivity must lie in [0, 1], got ${sensitivity}`);
  if (specificity !== undefined && !(isNum(specificity) && specificity >= 0 && specificity <= 1)) fail(`specificity must lie in [0, 1], got ${specificity}`);
  if (threshold !== undefined) openUnit('threshold', threshold);
  else if (sensitivity !== undefined) fail('sensitivity and specificity need a threshold for the net benefit criterion');

  const events = (n: number) => n * phi;
  const criteria: ValidationCriterion[] = [];

  // 1. O/E.
  let widthOe = 0;
  const seOe = seSearch(
    oeciwidth,
    oeseincrement,
    (se) => (widthOe = Math.exp(Math.log(oe) + Z * se) - Math.exp(Math.log(oe) - Z * se)),
    Math.asinh(oeciwidth / (2 * oe)) / (Z * oeseincrement),
    'SE(ln O/E)',
  );
  const n1 = Math.ceil((1 - phi) / (phi * (seOe * seOe)));
  criteria.push({ name: 'O/E', n: n1, events: events(n1), performance: oe, se: seOe, ciWidth: widthOe });

  // 2. Calibration slope.
  const sample = simulateLp(dist, simobs, phi, c, rng.fork('lp'));
  let s00 = 0, s01 = 0, s11 = 0;
  for (let i = 0; i < simobs; i++) {
    const x = sample.lp[i]!;
    if (!Number.isFinite(x)) continue; // p(1 − p) → 0 faster than LP² grows
    const w = logisticVariance(x);
    s00 += w;
    s01 += x * w;
    s11 += x * x * w;
  }
  const i00 = s00 / simobs, i01 = s01 / simobs, i11 = s11 / simobs;
  const seSlope = csciwidth / (2 * Z);
  const det = i00 * i11 - i01 * i01;
  if (!(det > 0)) fail('the simulated LPs carry no information on the calibration slope (degenerate LP distribution)');
  const n2 = Math.ceil(i00 / (seSlope * seSlope * det));
  criteria.push({ name: 'calibration slope', n: n2, events: events(n2), performance: 1, se: seSlope, ciWidth: csciwidth });

  // 3. C statistic.
  const n3 = cstatSampleSize(c, phi, cstatciwidth);
  criteria.push({ name: 'C statistic', n: n3, events: events(n3), performance: c, se: Math.sqrt(cstatSeSq(n3, c, phi)), ciWidth: cstatciwidth });

  // 4. Standardised net benefit.
  let netBenefit: ValidationSampleSizeResult['netBenefit'];
  if (threshold !== undefined) {
    let se1: number, sp1: number;
    const from = sensitivity !== undefined ? 'given' : 'simulated';
    if (sensitivity !== undefined && specificity !== undefined) {
      se1 = sensitivity;
      sp1 = specificity;
    } else {
      const r = rng.fork('net benefit');
      let ev = 0, tp = 0, tn = 0;
      for (let i = 0; i < simobs; i++) {
        const p = expit(sample.lp[i]!);
        const y = r.bernoulli(p);
        const positive = !(p < threshold);
        if (y) {
          ev++;
          if (positive) tp++;
        } else if (!positive) tn++;
      }
      if (ev === 0 || ev === simobs) fail(`the simulated outcomes at simobs ${simobs} hold ${ev === 0 ? 'no events' : 'no non-events'}, so sensitivity and specificity cannot be estimated; give them or raise simobs`);
      se1 = roundR(tp / ev, 2);
      sp1 = roundR(tn / (simobs - ev), 2);
    }
    const odds = threshold / (1 - threshold);
    const nb = se1 * phi - (1 - sp1) * (1 - phi) * odds;
    const snb = nb / phi;
    const w = ((1 - phi) / phi) * odds;
    const seRaw = seSearch(nbciwidth, nbseincrement, (se) => snb + Z * se - (snb - Z * se), nbciwidth / (2 * Z * nbseincrement), 'SE(standardised net benefit)');
    const seNb = roundR(seRaw, 3);
    if (!(seNb > 0)) fail(`nbciwidth ${nbciwidth} is too narrow: its SE rounds to 0 at 3 decimals, as pmvalsampsize rounds it`);
    const n4 = Math.ceil((1 / (seNb * seNb)) * ((se1 * (1 - se1)) / phi + (w * w * sp1 * (1 - sp1)) / (1 - phi) + (w * w * (1 - sp1) * (1 - sp1)) / (phi * (1 - phi))));
    criteria.push({ name: 'standardised net benefit', n: n4, events: events(n4), performance: snb, se: seNb, ciWidth: nbciwidth });
    netBenefit = { threshold, sensitivity: se1, specificity: sp1, from, netBenefit: nb, standardised: snb };
  }

  let driver = criteria[0]!;
  for (const cr of criteria) if (cr.n >= driver.n) driver = cr;
  return {
    prevalence: phi,
    cstatistic: c,
    simobs,
    seed: rng.seed,
    criteria,
    final: { n: driver.n, events: events(driver.n), drivenBy: driver.name },
    slopeInformation: { i00, i01, i11 },
    ...(netBenefit ? { netBenefit } : {}),
    ...(sample.cstat ? { lpcstat: sample.cstat } : {}),
  };
}
