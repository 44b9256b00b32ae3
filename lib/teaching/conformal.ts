/**
 * Split conformal prediction bands for the predicted grade course (Vovk et al.; Lei et al. 2018):
 * nonconformity score = |actual − predicted| on calibration patients the model never trained
 * on; the band at level 1 − α is predicted ± the ⌈(n + 1)(1 − α)⌉-th smallest score. Scores are
 * grouped by how far ahead the prediction reaches (days after the present visit), because a
 * prediction a week ahead is surer than one 200 days ahead; a group with too few scores borrows
 * its neighbours' scores. Coverage is marginal over (patient, visit) rows and assumes the calibration
 * rows exchangeable with new ones.
 */
export interface ConformalRow {
  patient_id: string;
  /** Days after the present visit. */
  horizon: number;
  actual: number;
  predicted: number;
}

export interface ConformalBands {
  level: number;
  /** Upper edges of the horizon groups, in days ahead; the last is Infinity. */
  bins: { upTo: number; halfWidth: number; n: number }[];
  pooled: { halfWidth: number; n: number };
}

/** The conformal quantile: the ⌈(n + 1)·level⌉-th smallest score, Infinity when n is too small. */
export function conformalQuantile(scores: readonly number[], level: number): number {
  const sorted = [...scores].sort((a, b) => a - b);
  const k = Math.ceil((sorted.length + 1) * level);
  return k > sorted.length ? Infinity : sorted[k - 1]!;
}

export const DEFAULT_HORIZON_EDGES = [45, 120, Infinity] as const;

export function fitConformalBands(rows: readonly ConformalRow[], level: number, edges: readonly number[] = DEFAULT_HORIZON_EDGES, minPerBin = 20): ConformalBands {
  if (!(level > 0 && level < 1)) throw new Error(`fitConformalBands: level must be in (0, 1), got ${level}`);
  const score = (r: ConformalRow) => Math.abs(r.actual - r.predicted);
  const pooled = { halfWidth: conformalQuantile(rows.map(score), level), n: rows.length };
  // A group with fewer than `minPerBin` scores takes in its nearer neighbours' (the group
  // before it first), so a thin far-ahead group borrows from the next-nearest horizon rather
  // than from the whole pool.
  const groups = edges.map((upTo, k) => {
    const from = k === 0 ? -Infinity : edges[k - 1]!;
    return rows.filter((r) => r.horizon > from && r.horizon <= upTo).map(score);
  });
  const bins = edges.map((upTo, k) => {
    let scores = groups[k]!;
    for (let d = 1; scores.length < minPerBin && (k - d >= 0 || k + d < groups.length); d++) {
      scores = [...scores, ...(groups[k - d] ?? []), ...(groups[k + d] ?? [])];
    }
    return { upTo, n: groups[k]!.length, halfWidth: scores.length >= minPerBin ? conformalQuantile(scores, level) : pooled.halfWidth };
  });
  return { level, bins, pooled };
}

/** The band's half-width for a prediction `horizon` days ahead. */
export function halfWidthAt(bands: ConformalBands, horizon: number): number {
  for (const b of bands.bins) if (horizon <= b.upTo) return b.halfWidth;
  return bands.pooled.halfWidth;
}

/** Share of rows whose actual grade lies inside predicted ± half-width (edges included). */
export function coverage(bands: ConformalBands, rows: readonly ConformalRow[]): number {
  if (rows.length === 0) return NaN;
  let inside = 0;
  for (const r of rows) if (Math.abs(r.actual - r.predicted) <= halfWidthAt(bands, r.horizon)) inside++;
  return inside / rows.length;
}
