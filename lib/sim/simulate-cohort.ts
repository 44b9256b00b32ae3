import type { Patient, Sex, Visit } from '../data/types';
import { createRng, type Rng } from '../stats/random';
import { addDays, dayNumber, isoFromDayNumber } from '../data/calendar';
import { drawLatentCourse, latentGrade, worsensAfterFirstVisit, type LatentCourse } from './latent-course';
import { recordGrade } from './record-grade';
import { simulatorParamsSchema, type SimulatorParams, type SimulatorParamsInput } from './simulator-params';

/** What the simulator knows and the visits do not show: one row per patient. */
export interface TruthRow {
  patientId: string;
  latentClass: 'fast' | 'slow';
  /** Probability of the slow class given the patient's risk factors and peak. */
  slowProb: number;
  firstVisitDay: number;
  treatmentDay: number;
  presentationGrade: number;
  worsening: number;
  /** Latent grade rises after the first visit (Marsk et al.'s early worsening). */
  worsensAfterFirstVisit: boolean;
  peakGrade: number;
  peakDay: number;
  recoveryOnsetDay: number;
  tau: number;
  finalGrade: number;
  hasSynkinesis: boolean;
  /** Latent grade on day 300 (the end of follow-up). */
  latentGradeDay300: number;
  /** Day of the first recorded grade ≤ II, or null if none was recorded. */
  firstRecoveredDay: number | null;
}

export interface SimulatedCohort {
  patients: Patient[];
  truth: TruthRow[];
}

/** Patient id with at least four digits, so that ids sort in patient order: `P0001`. */
export function patientIdFor(index: number, nPatients: number): string {
  const width = Math.max(4, String(nPatients).length);
  return `P${String(index + 1).padStart(width, '0')}`;
}

/**
 * Simulates a cohort of Bell's palsy patients with their graded clinic visits (SIMULATOR.md).
 * Each patient draws from its own forked stream (`fork(index)`), split again by purpose, so a
 * patient does not change when another patient, or a parameter that only acts on other draws,
 * changes. Same seed and parameters ⇒ the same cohort.
 *
 * `visits[].row` is the row of the visit in `toCsv(patients)` (header = row 1).
 *
 * @example
 *   const { patients, truth } = simulateCohort({}, 20260101, 400);
 */
export function simulateCohort(params: SimulatorParamsInput | SimulatorParams, seed: number, nPatients: number): SimulatedCohort {
  if (!Number.isInteger(nPatients) || nPatients < 0) throw new Error(`simulateCohort: nPatients must be a non-negative integer, got ${nPatients}`);
  const p = simulatorParamsSchema.parse(params);
  const root = createRng(seed);
  const patients: Patient[] = [];
  const truth: TruthRow[] = [];
  let row = 2;
  for (let i = 0; i < nPatients; i++) {
    const { patient, truthRow } = simulatePatient(root.fork(i), patientIdFor(i, nPatients), p);
    for (const v of patient.visits) v.row = row++;
    patients.push(patient);
    truth.push(truthRow);
  }
  return { patients, truth };
}

function simulatePatient(rng: Rng, patientId: string, p: SimulatorParams): { patient: Patient; truthRow: TruthRow } {
  const demo = rng.fork('demographics');
  const onsetDate = drawOnsetDate(demo, p);
  const age = drawAge(demo, p);
  const sex: Sex = demo.bernoulli(p.sex.maleProb) ? 'M' : 'F';
  const c = p.comorbidity;
  const diabetes = demo.bernoulli(expit(c.diabetesIntercept + c.diabetesAgeSlope * (age - c.ageCentre)));
  const hypertension = demo.bernoulli(expit(c.hypertensionIntercept + c.hypertensionAgeSlope * (age - c.ageCentre)));

  const care = rng.fork('care');
  // Every simulated patient has a first visit (a patient without one would have no row in the CSV).
  const firstVisitDay = Math.min(Math.floor(p.visits.censorDay), Math.floor(care.logNormal(p.firstVisit.logMean, p.firstVisit.logSd)));
  const delayedTreatment = care.bernoulli(p.treatment.delayedProb);
  const treatmentDay = drawTreatmentDay(care, delayedTreatment, firstVisitDay, p);

  const course = drawLatentCourse(rng.fork('course'), { age, diabetes, hypertension, delayedTreatment, firstVisitDay }, p);

  const missing = rng.fork('missing');
  const isMissing = {
    sex: missing.bernoulli(p.missing.sexProb),
    age: missing.bernoulli(p.missing.ageProb),
    diabetes: missing.bernoulli(p.missing.diabetesProb),
    hypertension: missing.bernoulli(p.missing.hypertensionProb),
    firstGrade: missing.bernoulli(p.missing.firstGradeProb),
    followUp: missing.bernoulli(p.missing.noFollowUpProb),
  };

  const { visits, firstRecoveredDay } = simulateVisits(rng, course, onsetDate, isMissing.firstGrade, isMissing.followUp, missing, p);

  const patient: Patient = {
    patientId,
    sex: isMissing.sex ? null : sex,
    age: isMissing.age ? null : age,
    diabetes: isMissing.diabetes ? null : diabetes,
    hypertension: isMissing.hypertension ? null : hypertension,
    onsetDate,
    treatmentStartDate: addDays(onsetDate, treatmentDay),
    // Derived from the treatment start date exactly as the ingestion derives it from the CSV.
    delayedTreatment: treatmentDay > p.treatment.earlyMaxDay,
    visits,
  };
  const truthRow: TruthRow = {
    patientId,
    latentClass: course.latentClass,
    slowProb: course.slowProb,
    firstVisitDay,
    treatmentDay,
    presentationGrade: course.presentationGrade,
    worsening: course.worsening,
    worsensAfterFirstVisit: worsensAfterFirstVisit(course),
    peakGrade: course.peakGrade,
    peakDay: course.peakDay,
    recoveryOnsetDay: course.recoveryOnsetDay,
    tau: course.tau,
    finalGrade: course.finalGrade,
    hasSynkinesis: course.hasSynkinesis,
    latentGradeDay300: latentGrade(course, 300),
    firstRecoveredDay,
  };
  return { patient, truthRow };
}

const expit = (x: number) => 1 / (1 + Math.exp(-x));

/** Onset day with density ∝ exp(growth · years since startDate) over [startDate, endDate]. */
function drawOnsetDate(rng: Rng, p: SimulatorParams): string {
  const start = dayNumber(p.onset.startDate);
  const span = dayNumber(p.onset.endDate) - start + 1;
  const g = p.onset.growthPerYear / 365.25;
  const u = rng.uniform();
  const t = g > 0 ? Math.log1p(u * Math.expm1(g * span)) / g : u * span;
  return isoFromDayNumber(start + Math.min(span - 1, Math.floor(t)));
}

/** Truncated normal (redrawn outside [min, max]), rounded to whole years. */
function drawAge(rng: Rng, p: SimulatorParams): number {
  const { mean, sd, min, max } = p.age;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const x = rng.normal(mean, sd);
    if (x >= min && x <= max) return Math.round(x);
  }
  return Math.round(Math.min(max, Math.max(min, mean))); // only for a degenerate range far from the mean
}

function drawTreatmentDay(rng: Rng, delayed: boolean, firstVisitDay: number, p: SimulatorParams): number {
  const t = p.treatment;
  const lag = Math.round(rng.gamma(1, t.delayedLagMeanDays));
  const elsewhere = rng.int(t.earlyMaxDay + 1);
  if (delayed) return Math.max(t.earlyMaxDay + 1, firstVisitDay) + lag;
  // Early: started at the first visit, or, for a patient first seen here after day 7, at an
  // earlier clinic.
  return firstVisitDay <= t.earlyMaxDay ? firstVisitDay : elsewhere;
}

/**
 * The clinic's visits: early gaps to day 30, ~monthly visits with drop-out while not
 * recovered, one optional check visit after the first recorded grade ≤ II, none after day 300.
 */
function simulateVisits(
  rng: Rng,
  course: LatentCourse,
  onsetDate: string,
  isFirstUngraded: boolean,
  isLostAfterFirst: boolean,
  missing: Rng,
  p: SimulatorParams,
): { visits: Visit[]; firstRecoveredDay: number | null } {
  const v = p.visits;
  const schedule = rng.fork('visits');
  const noise = rng.fork('record');
  const text = rng.fork('text');
  const visits: Visit[] = [];
  let firstRecoveredDay: number | null = null;
  // The stop rule looks only at visits after the first: the first visit is the presentation of
  // the palsy (a patient presenting at grade II is not discharged that day), and the paper's
  // step 2 keeps 96% of its patients for having a follow-up visit.
  let recoveredAfterFirstDay: number | null = null;
  let hasCheckVisit = false;

  const record = (day: number, isUngraded: boolean, isFirst: boolean) => {
    const rec = recordGrade(
      latentGrade(course, day),
      noise,
      text,
      p,
      isFirst ? { min: p.recording.firstGradeMin, max: p.recording.firstGradeMax } : {},
    );
    const visit: Visit = { row: 0, date: addDays(onsetDate, day), day, grade: isUngraded ? null : rec.grade, gradeText: isUngraded ? '' : rec.text };
    visits.push(visit);
    const isRecovered = visit.grade !== null && visit.grade <= v.recoveryThreshold;
    if (isRecovered && firstRecoveredDay === null) firstRecoveredDay = day;
    if (isRecovered && !isFirst && recoveredAfterFirstDay === null) recoveredAfterFirstDay = day;
  };

  let day = course.firstVisitDay;
  record(day, isFirstUngraded, true);
  if (isLostAfterFirst) return { visits, firstRecoveredDay };

  for (;;) {
    // Draw every candidate each round, so the stream does not depend on the branch taken.
    const early = schedule.gamma(v.earlyGapShape, v.earlyGapMeanDays / v.earlyGapShape);
    const late = schedule.gamma(v.lateGapShape, v.lateGapMeanDays / v.lateGapShape);
    const check = schedule.gamma(v.checkGapShape, v.checkGapMeanDays / v.checkGapShape);
    const dropsOut = schedule.uniform() < v.dropOutProb;
    const comesForCheck = schedule.uniform() < v.checkVisitProb;
    const isUngraded = missing.uniform() < p.missing.visitGradeProb;

    let gap: number;
    if (recoveredAfterFirstDay !== null) {
      // Recovered patients stop attending, after at most one check visit.
      if (hasCheckVisit || !comesForCheck) break;
      hasCheckVisit = true;
      gap = check;
    } else {
      gap = day < v.earlyDays ? early : late;
    }
    const next = day + Math.max(1, Math.round(gap));
    if (next > v.censorDay) break;
    if (recoveredAfterFirstDay === null && next > v.earlyDays && dropsOut) break;
    day = next;
    record(day, isUngraded, false);
  }
  return { visits, firstRecoveredDay };
}
