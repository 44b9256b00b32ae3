/**
 * Decision-curve instability (Riley & Collins 2023, BMJ, "Stability of clinical prediction
 * models developed using statistical or machine learning methods", their decision curve
 * instability plot): the net benefit curve (Vickers & Elkin 2006; ./decision-curve) of each
 * bootstrap model, evaluated on the ORIGINAL development data, beside the original model's.
 *
 * At each threshold pt, with NB_0 the original model's net benefit, NB_b replicate b's (on the
 * same individuals and outcomes) and "refer all" / "refer none" (0) as in ./decision-curve:
 *
 * - `low` / `high`: the 2.5th and 97.5th percentiles of NB_b over the fitted replicates (numpy's
 *   linear percentiles, ./descriptive `quantile`);
 * - `belowAll`: share of replicates with NB_b < refer all; `belowNone`: share with NB_b < 0;
 * - `notUseful`: share of replicates no better than the better of the two (NB_b ≤ max(refer
 *   all, 0)): the complement of the decision-curve cell's "useful" criterion.
 *
 * A replicate whose risks are missing (failed fit) or not all in [0, 1] is counted in `failed`
 * and not used. Comparisons use a tolerance of 1e-12 (a model that refers everyone has exactly
 * refer-all's net benefit, one that refers no one exactly 0).
 *
 * @example
 *   // events = 1 − recovered, risks = 1 − p(recovered)
 *   const d = decisionCurveInstability(events, originalRisk, replicateRisks, thresholdGrid(0.02, 0.6, 0.02));
 *   d.points[0].original; d.points[0].low; d.points[0].notUseful;
 */
import { decisionCurve } from './decision-curve';
import { quantile } from './descriptive';
import type { Labels } from './metrics';

export interface DecisionInstabilityPoint {
  threshold: number;
  /** The original model's net benefit (NaN when its risks are not all in [0, 1]). */
  original: number;
  treatAll: number;
  treatNone: number;
  /** 2.5th and 97.5th percentiles of the replicate models' net benefit. */
  low: number;
  high: number;
  /** Shares of the fitted replicates whose net benefit is below refer all, below refer none, and no better than either. */
  belowAll: number;
  belowNone: number;
  notUseful: number;
}

export interface DecisionCurveInstability {
  /** Replicates used (with valid risks) and those left out. */
  replicates: number;
  failed: number;
  thresholds: number[];
  points: DecisionInstabilityPoint[];
  /** `curves[b][k]`: net benefit of used replicate b at thresholds[k]. */
  curves: number[][];
}

const TOL = 1e-12;
const valid = (r: readonly number[]) => r.every((v) => v >= 0 && v <= 1);

/**
 * `events[i]` = 1 when individual i has the event; `originalRisk[i]` the original model's risk of
 * the event; `replicateRisks[b][i]` replicate b's (null: the fit failed).
 */
export function decisionCurveInstability(events: Labels, originalRisk: readonly number[], replicateRisks: readonly (readonly number[] | null)[], thresholds: readonly number[]): DecisionCurveInstability {
  const n = events.length;
  if (originalRisk.length !== n) throw new Error(`decisionCurveInstability: ${n} outcomes vs ${originalRisk.length} original risks`);
  for (const r of replicateRisks) if (r && r.length !== n) throw new Error(`decisionCurveInstability: a replicate has ${r.length} risks for ${n} outcomes`);
  const ok = replicateRisks.filter((r): r is readonly number[] => r !== null && valid(r));
  const curves = ok.map((r) => decisionCurve(events, r, thresholds).map((d) => d.model));
  // Refer all / none do not depend on the model: from the original's risks, or any valid vector.
  const reference = decisionCurve(events, new Array<number>(n).fill(0), thresholds);
  const original = valid(originalRisk) ? decisionCurve(events, originalRisk, thresholds).map((d) => d.model) : thresholds.map(() => NaN);
  const B = curves.length;
  const column = new Float64Array(B);
  const points = thresholds.map((threshold, k) => {
    const { treatAll, treatNone } = reference[k]!;
    let belowAll = 0, belowNone = 0, notUseful = 0;
    for (let b = 0; b < B; b++) {
      const nb = curves[b]![k]!;
      column[b] = nb;
      if (nb < treatAll - TOL) belowAll++;
      if (nb < treatNone - TOL) belowNone++;
      if (nb <= Math.max(treatAll, treatNone) + TOL) notUseful++;
    }
    const share = (c: number) => (B ? c / B : NaN);
    return { threshold, original: original[k]!, treatAll, treatNone, low: quantile(column, 0.025), high: quantile(column, 0.975), belowAll: share(belowAll), belowNone: share(belowNone), notUseful: share(notUseful) };
  });
  return { replicates: B, failed: replicateRisks.length - B, thresholds: [...thresholds], points, curves };
}
