/**
 * Decision curve analysis (Vickers & Elkin 2006). For an event and each threshold probability
 * pt, treating the patients whose predicted risk of the event is ≥ pt has net benefit
 *   NB(pt) = TP/n − FP/n · pt / (1 − pt),
 * the true positives gained per patient less the false positives, weighted by the odds at which
 * a clinician is indifferent between treating and not. "Treat all" has TP = events, FP =
 * non-events; "treat none" has NB = 0.
 *
 * @example
 *   decisionCurve([1, 0, 1], [0.8, 0.3, 0.6], [0.1, 0.5]);
 *   // [{ threshold: 0.1, model: ..., treatAll: ..., treatNone: 0, tp, fp }, ...]
 */
import type { Labels } from './metrics';
import type { Probabilities } from './calibration';

export interface DecisionCurvePoint {
  threshold: number;
  model: number;
  treatAll: number;
  treatNone: number;
  /** Counts behind the model's net benefit: patients with risk ≥ threshold who have / have not the event. */
  tp: number;
  fp: number;
}

/** Thresholds from `from` to `to` by `step`, without floating drift (0.01, 0.02, ...). */
export function thresholdGrid(from = 0.01, to = 0.99, step = 0.01): number[] {
  const k = Math.round((to - from) / step);
  return Array.from({ length: k + 1 }, (_, i) => Math.round((from + i * step) * 1e10) / 1e10);
}

/** `events[i]` = 1 when patient i has the event; `risk[i]` = the predicted probability of the event. */
export function decisionCurve(events: Labels, risk: Probabilities, thresholds: readonly number[]): DecisionCurvePoint[] {
  const n = events.length;
  if (n !== risk.length) throw new Error(`decision curve: ${n} outcomes vs ${risk.length} risks`);
  if (n === 0) throw new Error('decision curve: no predictions');
  let nEvents = 0;
  for (let i = 0; i < n; i++) {
    if (events[i] !== 0 && events[i] !== 1) throw new Error(`decision curve: outcome at row ${i} is ${events[i]}; outcomes must be 0 or 1`);
    if (!(risk[i]! >= 0 && risk[i]! <= 1)) throw new Error(`decision curve: risk at row ${i} is ${risk[i]}; it must lie in [0, 1]`);
    nEvents += events[i]!;
  }
  return thresholds.map((pt) => {
    if (!(pt > 0 && pt < 1)) throw new Error(`decision curve: threshold ${pt} must lie strictly between 0 and 1`);
    const w = pt / (1 - pt);
    let tp = 0, fp = 0;
    for (let i = 0; i < n; i++) {
      if (risk[i]! >= pt) {
        if (events[i] === 1) tp++;
        else fp++;
      }
    }
    return { threshold: pt, model: tp / n - (fp / n) * w, treatAll: nEvents / n - ((n - nEvents) / n) * w, treatNone: 0, tp, fp };
  });
}
