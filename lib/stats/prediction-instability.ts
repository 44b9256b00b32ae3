/**
 * Prediction instability of a model across bootstrap refits (Riley & Collins 2023, BMJ,
 * "Stability of clinical prediction models developed using statistical or machine learning
 * methods"; pminternal's instability plots). For each individual (here: a window) i with the
 * original model's prediction p_i and the B replicate models' predictions p_bi:
 *
 * - MAPE_i = mean_b |p_bi − p_i| (mean absolute prediction error);
 * - the classification instability index CII_i = share of replicates in which the window's class
 *   at the threshold flips (p_bi ≥ t vs p_i ≥ t);
 * - the 2.5th and 97.5th percentiles of p_bi (the prediction instability plot's band).
 *
 * Windows of one patient share the patient's refits; the per-patient summary averages MAPE_i
 * and CII_i over a patient's windows so a patient with many windows counts once.
 *
 * @example
 *   const s = predictionInstability(pOriginal, replicatePredictions, patients, 0.5);
 *   s.mape.median; s.cii.mean; s.patients.mape.max;
 */
import { quantile } from './descriptive';

export interface Distribution {
  mean: number;
  median: number;
  p90: number;
  max: number;
}

export interface WindowInstability {
  original: number;
  mape: number;
  cii: number;
  low: number;
  high: number;
}

export interface PredictionInstability {
  /** Replicates with predictions (failed fits are left out and counted in `failed`). */
  replicates: number;
  failed: number;
  threshold: number;
  windows: WindowInstability[];
  mape: Distribution;
  cii: Distribution & { /** Share of windows whose class flips in more than 10% of replicates. */ over10: number };
  /** Per patient: the mean over the patient's windows. */
  patients: { n: number; mape: Distribution; cii: Distribution & { over10: number } };
}

function distribution(xs: readonly number[]): Distribution {
  if (!xs.length) return { mean: NaN, median: NaN, p90: NaN, max: NaN };
  let s = 0, max = -Infinity;
  for (const x of xs) {
    s += x;
    if (x > max) max = x;
  }
  return { mean: s / xs.length, median: quantile(xs, 0.5), p90: quantile(xs, 0.9), max };
}

const share = (xs: readonly number[], over: number) => (xs.length ? xs.filter((x) => x > over).length / xs.length : NaN);

/** `replicates[b][i]`: replicate b's prediction for window i (null: that replicate's fit failed). */
export function predictionInstability(original: readonly number[], replicates: readonly (readonly number[] | null)[], patients: readonly string[], threshold = 0.5): PredictionInstability {
  const n = original.length;
  if (patients.length !== n) throw new Error(`predictionInstability: ${n} predictions vs ${patients.length} patients`);
  const ok = replicates.filter((r): r is readonly number[] => r !== null);
  for (const r of ok) if (r.length !== n) throw new Error(`predictionInstability: a replicate has ${r.length} predictions for ${n} windows`);
  const B = ok.length;
  const windows: WindowInstability[] = [];
  const column = new Float64Array(B);
  for (let i = 0; i < n; i++) {
    const p = original[i]!;
    const cls = p >= threshold;
    let abs = 0, flips = 0;
    for (let b = 0; b < B; b++) {
      const q = ok[b]![i]!;
      column[b] = q;
      abs += Math.abs(q - p);
      if (q >= threshold !== cls) flips++;
    }
    windows.push({ original: p, mape: B ? abs / B : NaN, cii: B ? flips / B : NaN, low: quantile(column, 0.025), high: quantile(column, 0.975) });
  }
  const byPatient = new Map<string, { mape: number; cii: number; k: number }>();
  windows.forEach((w, i) => {
    const e = byPatient.get(patients[i]!) ?? { mape: 0, cii: 0, k: 0 };
    e.mape += w.mape;
    e.cii += w.cii;
    e.k++;
    byPatient.set(patients[i]!, e);
  });
  const pm = [...byPatient.values()].map((e) => e.mape / e.k), pc = [...byPatient.values()].map((e) => e.cii / e.k);
  const ciis = windows.map((w) => w.cii);
  return {
    replicates: B,
    failed: replicates.length - B,
    threshold,
    windows,
    mape: distribution(windows.map((w) => w.mape)),
    cii: { ...distribution(ciis), over10: share(ciis, 0.1) },
    patients: { n: byPatient.size, mape: distribution(pm), cii: { ...distribution(pc), over10: share(pc, 0.1) } },
  };
}
