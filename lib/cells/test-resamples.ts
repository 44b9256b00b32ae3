import { z } from 'zod';
import { bootstrapIndices } from '../stats/bootstrap';
import { clusterBootstrapIndices } from '../stats/cluster-bootstrap';
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

/**
 * How the validation cells resample the test part for their percentile CIs: `samples`, the
 * paper's (test windows drawn independently), or `patients` (patients drawn with replacement,
 * all their test windows along: a patient's windows are not independent).
 */
export const ciMethodSchema = z.enum(['samples', 'patients']).default('samples');
export type TestCiMethod = z.infer<typeof ciMethodSchema>;

/**
 * The resamples of one subset's test part under `method`, from the cell's own stream: windows
 * from `bootstrap:<subset>` (the stream these cells always used, so the paper's numbers stay),
 * patients from `cluster-bootstrap:<subset>`. `patients` holds the patient id of each test window.
 */
export function testResamplesBy(method: TestCiMethod, n: number, patients: readonly string[] | undefined, resamples: number, rng: Rng, subset: string): Int32Array[] {
  if (method === 'samples') return testResamples(n, resamples, rng.fork(`bootstrap:${subset}`));
  if (!patients || patients.length !== n) throw new Error(`patient-level resampling needs the patient id of each of the ${n} test windows (got ${patients?.length ?? 'none'})`);
  return clusterBootstrapIndices(patients, resamples, rng.fork(`cluster-bootstrap:${subset}`));
}

/** Words for a caption: "test windows resampled" / "patients resampled with all their test windows". */
export const resampledWords = (method: TestCiMethod) => (method === 'patients' ? 'patients resampled with all their test windows' : 'test windows resampled independently');

/**
 * One row per patient: the patient's last test window (highest window number; windows are
 * numbered in time order within a patient), patients in first-appearance order. What the
 * per-patient binomial test and net benefit count, so that no patient counts more than once.
 */
export function lastWindowPerPatient(patients: readonly string[], windows: readonly number[]): number[] {
  if (patients.length !== windows.length) throw new Error(`lastWindowPerPatient: ${patients.length} patient ids vs ${windows.length} windows`);
  const last = new Map<string, number>();
  patients.forEach((id, i) => {
    const k = last.get(id);
    if (k === undefined || windows[i]! >= windows[k]!) last.set(id, i);
  });
  return [...last.values()];
}
