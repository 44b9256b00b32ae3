/**
 * A model file applied to one patient: the landmark history from the visits up to the early
 * window, the chance by the model's horizon with its bootstrap interval, the course, the
 * out-of-range flags. The page's what-if and `npm run predict` both call this.
 */
import type { Patient } from '../data/types';
import { chanceInterval } from './bootstrap';
import { chanceBy, predictCourse, type CoursePoint } from './predict';
import { EARLY_WINDOW_DAYS, baselineProblem, historyAt, isRecoveredIn, type LandmarkHistory } from './landmark-rows';
import { outOfRange, type PrognosisModel } from './model-file';

export interface PatientPrediction {
  landmarkDay: number;
  horizonDay: number;
  chance: number;
  low: number;
  high: number;
  course: CoursePoint[];
  flags: string[];
}

export function predictHistory(model: PrognosisModel, history: LandmarkHistory): PatientPrediction {
  const fit = model.fit;
  const [low, high] = chanceInterval(fit.horizons, model.bootstrap, history, model.horizonDay, model.bootstrap.level);
  return {
    landmarkDay: history.visits[history.visits.length - 1]!.day,
    horizonDay: model.horizonDay,
    chance: chanceBy(fit, history, model.horizonDay),
    low,
    high,
    course: predictCourse(fit, history, model.horizonDay),
    flags: outOfRange(model, history),
  };
}

/** The history a prediction uses, or why a patient of a visits file gets none. */
export function pointOfUseHistory(patient: Patient): { history: LandmarkHistory } | { reason: string } {
  const problem = baselineProblem(patient);
  if (problem) return { reason: problem };
  const history = historyAt(patient, EARLY_WINDOW_DAYS);
  if (!history) return { reason: `no graded visit by day ${EARLY_WINDOW_DAYS}` };
  if (isRecoveredIn(history)) return { reason: `already recovered (grade ≤ II at a follow-up visit by day ${EARLY_WINDOW_DAYS})` };
  return { history };
}

/** A patient from a visits file: the prediction, or why there is none. */
export function predictPatient(model: PrognosisModel, patient: Patient): { prediction: PatientPrediction } | { reason: string } {
  const h = pointOfUseHistory(patient);
  return 'reason' in h ? h : { prediction: predictHistory(model, h.history) };
}
