/**
 * The model's inputs, from a landmark history. Every grade term is non-decreasing in each
 * visit's grade (the present grade and the mean of all early grades), and every constrained
 * coefficient is ≤ 0, so the chance of recovery cannot rise when a grade, the steroid delay,
 * diabetes or hypertension gets worse: the direction is a property of the model, not of the
 * grid corner a fit lands in.
 */
import { DELAY_CAP_DAYS, type LandmarkHistory } from './landmark-rows';

export interface FeatureSpec {
  name: string;
  /** How the value is computed, for the model file and the methods text. */
  encoding: string;
  /** 'nonpositive': the coefficient is constrained to ≤ 0. */
  sign: 'free' | 'nonpositive';
}

export const FEATURES: readonly FeatureSpec[] = [
  { name: 'present_grade', encoding: 'grade at the landmark visit (1–6, half grades allowed)', sign: 'nonpositive' },
  { name: 'mean_grade', encoding: 'mean grade of every graded visit up to the landmark', sign: 'nonpositive' },
  { name: 'present_grade_x_month', encoding: 'present grade × day of the landmark visit / 30', sign: 'nonpositive' },
  { name: 'landmark_week', encoding: 'day of the landmark visit / 7', sign: 'free' },
  { name: 'age_decade', encoding: '(age in years − 50) / 10', sign: 'free' },
  { name: 'male', encoding: '1 if male, else 0', sign: 'free' },
  { name: 'diabetes', encoding: '1 if diabetes, else 0', sign: 'nonpositive' },
  { name: 'hypertension', encoding: '1 if hypertension, else 0', sign: 'nonpositive' },
  { name: 'steroid_delay_week', encoding: `min(day of first steroid dose, ${DELAY_CAP_DAYS}) / 7`, sign: 'nonpositive' },
];

export function featureVector(h: LandmarkHistory): number[] {
  const grades = h.visits.map((v) => v.grade);
  const present = grades[grades.length - 1]!;
  const mean = grades.reduce((a, b) => a + b, 0) / grades.length;
  const landmarkDay = h.visits[h.visits.length - 1]!.day;
  return [present, mean, (present * landmarkDay) / 30, landmarkDay / 7, (h.age - 50) / 10, h.male ? 1 : 0, h.diabetes ? 1 : 0, h.hypertension ? 1 : 0, Math.min(h.steroidDay, DELAY_CAP_DAYS) / 7];
}
