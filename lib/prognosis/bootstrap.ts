/**
 * Patient-level bootstrap of the whole fit: resample patients with replacement (every landmark
 * row of a drawn patient comes along, as often as the patient is drawn), redo the censoring
 * shift, the weights and the constrained fit. The interval for a prediction is the 2.5th–97.5th
 * percentile of the resampled fits' predictions: it carries the clustering of rows within
 * patients and every estimated step, not only the final regression.
 */
import { quantile } from '../stats/descriptive';
import type { Rng } from '../stats/random';
import { chanceBy, type Coefficients } from './predict';
import { fitPrognosis, type PrognosisFit } from './fit';
import type { LandmarkHistory, LandmarkRow } from './landmark-rows';

export interface BootstrapSets {
  resamples: number;
  /** Resamples whose fit failed (e.g. no recovery at a horizon): left out, and counted. */
  failed: number;
  sets: Pick<PrognosisFit, 'intercepts' | 'coefficients'>[];
}

export function bootstrapFits(rows: readonly LandmarkRow[], resamples: number, rng: Rng): BootstrapSets {
  const byPatient = new Map<string, LandmarkRow[]>();
  for (const r of rows) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
  const ids = [...byPatient.keys()];
  const sets: BootstrapSets['sets'] = [];
  let failed = 0;
  for (let b = 0; b < resamples; b++) {
    const drawn: LandmarkRow[] = [];
    for (let i = 0; i < ids.length; i++) drawn.push(...byPatient.get(ids[rng.int(ids.length)]!)!);
    try {
      const fit = fitPrognosis(drawn);
      sets.push({ intercepts: fit.intercepts, coefficients: fit.coefficients });
    } catch {
      failed++;
    }
  }
  return { resamples, failed, sets };
}

/** Percentile interval of the chance by day t over the bootstrap fits. */
export function chanceInterval(horizons: readonly number[], boot: BootstrapSets, history: LandmarkHistory, t: number, level = 0.95): [number, number] {
  const values = boot.sets.map((s) => chanceBy({ horizons: [...horizons], ...s } as Coefficients, history, t)).sort((a, b) => a - b);
  if (values.length === 0) return [NaN, NaN];
  return [quantile(values, (1 - level) / 2, true), quantile(values, 1 - (1 - level) / 2, true)];
}
