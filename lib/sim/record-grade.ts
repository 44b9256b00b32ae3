import type { Rng } from '../stats/random';
import type { SimulatorParams } from './simulator-params';

export interface RecordedGrade {
  /** Numeric value: an integer grade, or lower + 0.5 for a range. */
  grade: number;
  /** As written in the record: `III`, `III-IV` (or `III–IV` with an en dash). */
  text: string;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;

/** Roman numeral of an integer grade 1..6. */
export function romanGrade(grade: number): string {
  const r = ROMAN[grade - 1];
  if (r === undefined || !Number.isInteger(grade)) throw new Error(`romanGrade: not a grade 1..6: ${grade}`);
  return r;
}

export interface RecordOptions {
  /** Clip of the noisy value (default [1, 6]; the first visit uses the presentation range). */
  min?: number;
  max?: number;
}

/**
 * What a clinician writes for a latent grade: latent + N(0, noiseSd²), clipped; a fractional
 * part inside [rangeFracLow, rangeFracHigh] becomes a range with probability rangeProb,
 * otherwise the value is rounded. Always makes the same number of draws from `rng` (and one
 * from `textRng` for the dash), so the stream stays aligned whatever is recorded.
 *
 * @example
 *   recordGrade(3.48, rng, textRng, params); // { grade: 3.5, text: 'III-IV' } or { grade: 3, text: 'III' }
 */
export function recordGrade(latent: number, rng: Rng, textRng: Rng, params: SimulatorParams, opts: RecordOptions = {}): RecordedGrade {
  const r = params.recording;
  const lo = Math.max(1, opts.min ?? 1);
  const hi = Math.min(6, opts.max ?? 6);
  const noisy = Math.min(hi, Math.max(lo, latent + rng.normal(0, r.noiseSd)));
  const asRange = rng.uniform() < r.rangeProb;
  const enDash = textRng.uniform() < r.enDashShare;
  const lower = Math.floor(noisy);
  const frac = noisy - lower;
  if (asRange && lower < hi && frac >= r.rangeFracLow && frac <= r.rangeFracHigh) {
    return { grade: lower + 0.5, text: `${romanGrade(lower)}${enDash ? '–' : '-'}${romanGrade(lower + 1)}` };
  }
  const rounded = Math.min(hi, Math.max(lo, Math.round(noisy)));
  return { grade: rounded, text: romanGrade(rounded) };
}
