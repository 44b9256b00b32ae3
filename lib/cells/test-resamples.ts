import { bootstrapIndices } from '../stats/bootstrap';
import type { Rng } from '../stats/random';

/**
 * The bootstrap resamples of one subset's test part that the discrimination and calibration
 * cells share: index sets into the test windows. Today rows are drawn uniformly with
 * replacement (the paper's sample-level bootstrap). This is the one place a patient-clustered
 * bootstrap plugs in (draw patients, hand over all their windows): every statistic here takes
 * index sets of any length.
 */
export function testResamples(n: number, resamples: number, rng: Rng): Int32Array[] {
  return bootstrapIndices(n, resamples, rng);
}

export const SUBSETS = ['all', 'persistent'] as const;
export type Subset = (typeof SUBSETS)[number];
export const subsetLabel = (s: Subset) => (s === 'all' ? 'All subjects' : 'Persistent subset');
