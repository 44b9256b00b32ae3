import type { Rng } from '../stats/random';
import type { SimulatorParams } from './simulator-params';

/** One patient's latent (true, noise-free) House–Brackmann course. */
export interface LatentCourse {
  latentClass: 'fast' | 'slow';
  /** Probability of the slow class that the class was drawn with. */
  slowProb: number;
  /** First-visit day (after onset). */
  firstVisitDay: number;
  /** Grade at presentation G0 (II..V). */
  presentationGrade: number;
  /** Worsening Δ drawn for after the first visit (0, 0.5, 1). */
  worsening: number;
  /** Worst grade P = min(G0 + Δ, 6). */
  peakGrade: number;
  peakDay: number;
  /** Day the recovery begins (t_on). */
  recoveryOnsetDay: number;
  /** Time constant of the exponential recovery, days. */
  tau: number;
  /** Final plateau F (never above the peak). */
  finalGrade: number;
  hasSynkinesis: boolean;
}

export interface CourseCovariates {
  age: number;
  diabetes: boolean;
  hypertension: boolean;
  delayedTreatment: boolean;
  firstVisitDay: number;
}

const expit = (x: number) => 1 / (1 + Math.exp(-x));
const PRESENTATION_GRADES = [2, 3, 4, 5] as const;
const WORSENING = [0, 0.5, 1] as const;

/**
 * Draws a latent course. Every draw is made whatever the branch (both classes' recovery
 * parameters, the class uniform), so that a parameter that moves a patient from one class
 * to the other leaves all of that patient's other draws as they were.
 *
 * @example
 *   const course = drawLatentCourse(createRng(1), covariates, defaultSimulatorParams);
 */
export function drawLatentCourse(rng: Rng, cov: CourseCovariates, params: SimulatorParams): LatentCourse {
  const { presentation: pr, slowClass: sc, fastCourse: fc, slowCourse: sl } = params;
  const presentationGrade = PRESENTATION_GRADES[rng.categorical(pr.gradeWeights)] ?? 3;
  const worsening = WORSENING[rng.categorical(pr.worseningWeights)] ?? 0;
  const peakGrade = Math.min(presentationGrade + worsening, 6);
  const peakDay = rng.between(pr.peakDayMin, pr.peakDayMax);

  const logit =
    sc.intercept +
    sc.peakSlope * (peakGrade - sc.peakCentre) +
    sc.ageSlope * (cov.age - sc.ageCentre) +
    (cov.diabetes ? sc.diabetesLogOr : 0) +
    (cov.hypertension ? sc.hypertensionLogOr : 0) +
    (cov.delayedTreatment ? sc.delayedLogOr : 0);
  const slowProb = expit(logit);
  const isSlow = rng.uniform() < slowProb;

  const fast = {
    onset: peakDay + rng.gamma(fc.onsetLagShape, fc.onsetLagMeanDays / fc.onsetLagShape),
    tau: rng.logNormal(Math.log(fc.tauMedianDays), fc.tauLogSd),
    final: rng.between(fc.plateauMin, fc.plateauMax),
    synkinesis: rng.bernoulli(fc.synkinesisProb),
  };
  const slow = {
    onset: rng.between(sl.onsetMinDay, sl.onsetMaxDay),
    tau: rng.logNormal(Math.log(sl.tauMedianDays), sl.tauLogSd),
    final: sl.plateauLevels[rng.categorical(sl.plateauWeights)] ?? 2,
    synkinesis: rng.bernoulli(sl.synkinesisProb),
  };
  const chosen = isSlow ? slow : fast;
  return {
    latentClass: isSlow ? 'slow' : 'fast',
    slowProb,
    firstVisitDay: cov.firstVisitDay,
    presentationGrade,
    worsening,
    peakGrade,
    peakDay,
    // Recovery cannot begin before the worst grade is reached.
    recoveryOnsetDay: Math.max(chosen.onset, peakDay),
    tau: chosen.tau,
    finalGrade: Math.min(chosen.final, peakGrade),
    hasSynkinesis: chosen.synkinesis,
  };
}

/**
 * The latent grade on a day after onset (a `TruthRow` works too: it carries every field used): G0 until the first visit, a linear rise to the peak
 * P on the peak day (when the first visit comes before it; a later presenter is already at
 * P), a plateau, then S(t) = F + (P − F)·exp(−(t − t_on)/τ).
 *
 * @example
 *   latentGrade(course, 5); // e.g. 3.7
 */
export function latentGrade(course: LatentCourse, day: number): number {
  const { presentationGrade: g0, peakGrade: p, peakDay, firstVisitDay: fv, recoveryOnsetDay: tOn, tau, finalGrade: f } = course;
  if (day >= tOn) return f + (p - f) * Math.exp(-(day - tOn) / tau);
  if (day >= peakDay) return p;
  if (day <= fv) return g0;
  return g0 + ((p - g0) * (day - fv)) / (peakDay - fv);
}

/** Whether the latent grade worsens after the first visit (Marsk et al.'s early worsening). */
export function worsensAfterFirstVisit(course: LatentCourse): boolean {
  return course.firstVisitDay < course.peakDay && course.peakGrade > course.presentationGrade;
}
