import { createRng } from '../../lib/stats/random';

/**
 * A small synthetic classification dataset shaped like the paper's windowed samples (PIPELINE
 * step 3, anchored mode), used only to cross-check our statistics and SVM against
 * scipy / scikit-learn. Not a clinical simulation: the cohort simulator lives elsewhere.
 *
 * Per patient: sex, age, hypertension, diabetes, delayed treatment; an initial H–B grade and a
 * recovery rate that worsens with age, diabetes, hypertension and delay; 2–5 early visits
 * (≤ 30 days) and one late visit (30, 300]. Each pair of consecutive early visits gives a
 * window anchored on the pre-onset normal grade (SAG1 = 1, so that feature is constant).
 * Label: recovered (1) when the late grade is ≤ 2.
 *
 * @example
 *   const data = syntheticWindows({ seed: 20260101, patients: 267 });
 *   data.X.length;  // ≈ 668 windows
 */
export const FEATURE_NAMES = ['SAD1', 'SAD2', 'SAD4', 'SAG1', 'SAG2', 'SAG3', 'sex', 'age', 'hypertension', 'diabetes', 'delayed_tx'] as const;

export interface SyntheticWindows {
  featureNames: string[];
  patient: string[];
  X: number[][];
  y: number[];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function syntheticWindows({ seed, patients }: { seed: number; patients: number }): SyntheticWindows {
  const rng = createRng(seed);
  const out: SyntheticWindows = { featureNames: [...FEATURE_NAMES], patient: [], X: [], y: [] };
  for (let p = 0; p < patients; p++) {
    const id = `P${String(p + 1).padStart(4, '0')}`;
    const male = rng.bernoulli(0.5) ? 1 : 0;
    const age = Math.round(clamp(rng.normal(52, 16), 10, 95));
    const hypertension = rng.bernoulli(clamp(0.12 + 0.006 * (age - 40), 0.03, 0.6)) ? 1 : 0;
    const diabetes = rng.bernoulli(clamp(0.06 + 0.004 * (age - 40), 0.02, 0.4)) ? 1 : 0;
    const delayed = rng.bernoulli(0.22) ? 1 : 0;
    const initial = 2 + rng.categorical([0.06, 0.27, 0.35, 0.22, 0.1]); // grades 2..6
    // Daily recovery rate: slower when older, diabetic, hypertensive, treated late, severe.
    const rate =
      0.011 *
      Math.exp(
        -0.012 * (age - 50) - 0.35 * diabetes - 0.3 * hypertension - 0.4 * delayed - 0.12 * (initial - 4) + 0.1 * male + rng.normal(0, 0.45),
      );
    const gradeAt = (day: number) => {
      const g = 1 + (initial - 1) * Math.exp(-rate * Math.max(0, day)) + rng.normal(0, 0.35);
      // Mostly whole grades; one in ten written as a range (half grade).
      const whole = clamp(Math.round(g), 1, 6);
      return rng.bernoulli(0.1) && whole < 6 ? whole + 0.5 : whole;
    };
    const nEarly = 2 + rng.categorical([0.15, 0.3, 0.33, 0.22]); // 2..5 early visits
    const days: number[] = [];
    let day = 1 + rng.int(6);
    for (let v = 0; v < nEarly && day <= 30; v++) {
      days.push(day);
      day += 3 + rng.int(7);
    }
    if (days.length < 2) days.push(Math.min(30, days[0]! + 3));
    const grades = days.map(gradeAt);
    const lateDay = 31 + rng.int(270);
    const lateGrade = gradeAt(lateDay);
    const label = lateGrade <= 2 ? 1 : 0;
    const anchorDay = -1;
    for (let w = 0; w + 1 < days.length; w++) {
      const present = days[w + 1]!;
      out.patient.push(id);
      out.X.push([anchorDay - present, days[w]! - present, lateDay - present, 1, grades[w]!, grades[w + 1]!, male, age, hypertension, diabetes, delayed]);
      out.y.push(label);
    }
  }
  return out;
}
