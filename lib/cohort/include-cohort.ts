import type { Patient } from '../data/types';
import { cutoffWords, inclusionParamsSchema, type InclusionParams, type InclusionParamsInput } from './inclusion-params';

/** Why a patient left the flow, in the order the checks are made (a patient counts once, under the first). */
export const EXCLUSION_REASONS = [
  'no-first-visit-grade',
  'no-follow-up',
  'age-unknown',
  'age-out-of-range',
  'sex-unknown',
  'diabetes-unknown',
  'hypertension-unknown',
  'treatment-timing-unknown',
  'few-early-visits',
  'no-late-visit',
  'recovered-by-day-30',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

const STEP2_REASONS = EXCLUSION_REASONS.slice(0, 8) as readonly ExclusionReason[];
const STEP3_REASONS = ['few-early-visits', 'no-late-visit'] as const satisfies readonly ExclusionReason[];

/** Human-readable reason, for the flow diagram and the exclusion lists. */
export function exclusionReasonLabel(reason: ExclusionReason, params: InclusionParams): string {
  switch (reason) {
    case 'no-first-visit-grade':
      return 'No H–B grade at the first visit';
    case 'no-follow-up':
      return 'No follow-up visit';
    case 'age-unknown':
      return 'Age unknown';
    case 'age-out-of-range':
      return `Age outside ${params.ageMin}–${params.ageMax} years`;
    case 'sex-unknown':
      return 'Sex unknown';
    case 'diabetes-unknown':
      return 'Diabetes status unknown';
    case 'hypertension-unknown':
      return 'Hypertension status unknown';
    case 'treatment-timing-unknown':
      return 'Treatment timing unknown (delayed treatment is a model feature)';
    case 'few-early-visits':
      return `Fewer than ${params.minEarlyVisits} graded visits within ${params.earlyDays} days of onset`;
    case 'no-late-visit':
      return `No graded visit between day ${params.earlyDays} (exclusive) and day ${params.lateDays}`;
    case 'recovered-by-day-30':
      return `Recovered (grade ≤ ${params.recoveryThreshold}) by day ${params.earlyDays}`;
  }
}

/** One box of the flow diagram: `nIn = n + Σ excluded` always holds. */
export interface FlowStep {
  step: 1 | 2 | 3 | 4 | 5;
  label: string;
  /** Patients entering the step. */
  nIn: number;
  /** Patients leaving the step (kept; for step 4 the two sets together). */
  n: number;
  /** Patients dropped here, by reason (every reason of the step listed, zeros included). */
  excluded: Partial<Record<ExclusionReason, number>>;
  /** Step 4 only: how the kept patients are split. */
  split?: { development: number; validation: number };
}

export type CohortSet = 'development' | 'validation';

/** Where one patient ended up, and the facts the decision used. */
export interface PatientInclusion {
  patientId: string;
  /** The reason the patient left the study (null: included). 'recovered-by-day-30' = in development, not persistent. */
  reason: ExclusionReason | null;
  set: CohortSet | null;
  isPersistent: boolean;
  firstVisitDate: string | null;
  earlyGradedVisits: number;
  lateGradedVisits: number;
}

export interface CohortResult {
  params: InclusionParams;
  flow: FlowStep[];
  ids: {
    /** Passed step 3 (development + validation). */
    included: string[];
    development: string[];
    validation: string[];
    persistent: string[];
    /**
     * Validation patients meeting the persistent criterion (no grade ≤ threshold by day
     * earlyDays): the persistent models' temporal validation rows. Not a flow step.
     */
    validationPersistent: string[];
    excluded: Record<ExclusionReason, string[]>;
  };
  patients: PatientInclusion[];
}

interface VisitSummary {
  early: number;
  late: number;
  recoveredEarly: number;
}

/**
 * Graded-visit counts per patient: early visits (days 0..earlyDays), late visits
 * (earlyDays, lateDays], and early visits at or below the recovery threshold. A plain loop, not
 * a table library: arquero compiles its expressions with `Function`, which the page's
 * Content-Security-Policy forbids.
 */
function summarizeVisits(patients: readonly Patient[], params: InclusionParams): Map<number, VisitSummary> {
  const out = new Map<number, VisitSummary>();
  patients.forEach((p, i) => {
    if (p.visits.length === 0) return;
    const s: VisitSummary = { early: 0, late: 0, recoveredEarly: 0 };
    for (const v of p.visits) {
      if (v.grade === null) continue;
      if (v.day >= 0 && v.day <= params.earlyDays) {
        s.early++;
        if (v.grade <= params.recoveryThreshold) s.recoveredEarly++;
      } else if (v.day > params.earlyDays && v.day <= params.lateDays) s.late++;
    }
    out.set(i, s);
  });
  return out;
}

function step2Reason(p: Patient, params: InclusionParams): ExclusionReason | null {
  const visits = [...p.visits].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = visits[0];
  if (!first || visits.filter((v) => v.date === first.date).every((v) => v.grade === null)) return 'no-first-visit-grade';
  if (!visits.some((v) => v.date > first.date)) return 'no-follow-up';
  if (p.age === null || !Number.isFinite(p.age)) return 'age-unknown';
  if (p.age < params.ageMin || p.age > params.ageMax) return 'age-out-of-range';
  if (p.sex === null) return 'sex-unknown';
  if (p.diabetes === null) return 'diabetes-unknown';
  if (p.hypertension === null) return 'hypertension-unknown';
  // Delayed treatment is a feature of the models: an unknown value is missing, not "not delayed".
  if (p.delayedTreatment === null) return 'treatment-timing-unknown';
  return null;
}

const emptyCounts = (reasons: readonly ExclusionReason[]) => Object.fromEntries(reasons.map((r) => [r, 0])) as Partial<Record<ExclusionReason, number>>;

/**
 * PIPELINE.md step 1: which patients enter the analysis, and why the others do not.
 *
 * 1. every patient; 2. a graded first visit, a follow-up visit, age in [ageMin, ageMax],
 * sex, diabetes, hypertension and treatment timing (delayed or not) known; 3. ≥ minEarlyVisits graded visits on days
 * 0..earlyDays and ≥ 1 graded visit on days (earlyDays, lateDays]; 4. split by the first visit
 * date (before cutoffDate → development); 5. persistent = development patients with no grade
 * ≤ recoveryThreshold by day earlyDays.
 *
 * @example
 *   const cohort = includeCohort(patients, {});
 *   cohort.flow.map((s) => s.n); // e.g. [407, 390, 279, 279, 151]
 */
export function includeCohort(patients: readonly Patient[], paramsInput: InclusionParamsInput | InclusionParams = {}): CohortResult {
  const params = inclusionParamsSchema.parse(paramsInput);
  const summaries = summarizeVisits(patients, params);
  const excludedIds = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, [] as string[]])) as Record<ExclusionReason, string[]>;
  const step2 = emptyCounts(STEP2_REASONS);
  const step3 = emptyCounts(STEP3_REASONS);
  const step5 = emptyCounts(['recovered-by-day-30']);
  const ids = { included: [] as string[], development: [] as string[], validation: [] as string[], persistent: [] as string[], validationPersistent: [] as string[] };
  const statuses: PatientInclusion[] = [];
  let n2 = 0;

  patients.forEach((p, i) => {
    const s = summaries.get(i) ?? { early: 0, late: 0, recoveredEarly: 0 };
    const firstVisitDate = p.visits.reduce<string | null>((min, v) => (min === null || v.date < min ? v.date : min), null);
    const status: PatientInclusion = { patientId: p.patientId, reason: null, set: null, isPersistent: false, firstVisitDate, earlyGradedVisits: s.early, lateGradedVisits: s.late };
    statuses.push(status);
    const exclude = (reason: ExclusionReason, counts: Partial<Record<ExclusionReason, number>>) => {
      status.reason = reason;
      counts[reason] = (counts[reason] ?? 0) + 1;
      excludedIds[reason].push(p.patientId);
    };

    const r2 = step2Reason(p, params);
    if (r2) return exclude(r2, step2);
    n2++;
    if (s.early < params.minEarlyVisits) return exclude('few-early-visits', step3);
    if (s.late < 1) return exclude('no-late-visit', step3);

    ids.included.push(p.patientId);
    // firstVisitDate is non-null here: step 2 required a graded first visit.
    status.set = ((params.cutoffBy === 'onset' ? p.onsetDate : firstVisitDate) ?? '') < params.cutoffDate ? 'development' : 'validation';
    ids[status.set].push(p.patientId);
    if (status.set === 'development') {
      if (s.recoveredEarly > 0) return exclude('recovered-by-day-30', step5);
      status.isPersistent = true;
      ids.persistent.push(p.patientId);
    } else if (s.recoveredEarly === 0) {
      ids.validationPersistent.push(p.patientId);
    }
  });

  const n1 = patients.length;
  const n3 = ids.included.length;
  const flow: FlowStep[] = [
    { step: 1, label: 'Patients with any facial nerve palsy record', nIn: n1, n: n1, excluded: {} },
    {
      step: 2,
      label: `Graded first visit, follow-up, age ${params.ageMin}–${params.ageMax}, sex, diabetes, hypertension and treatment timing known`,
      nIn: n1,
      n: n2,
      excluded: step2,
    },
    {
      step: 3,
      label: `≥ ${params.minEarlyVisits} graded visits on days 0–${params.earlyDays} and ≥ 1 graded visit on days (${params.earlyDays}, ${params.lateDays}]`,
      nIn: n2,
      n: n3,
      excluded: step3,
    },
    {
      step: 4,
      label: `Temporal split by ${cutoffWords(params)} date (cutoff ${params.cutoffDate})`,
      nIn: n3,
      n: n3,
      excluded: {},
      split: { development: ids.development.length, validation: ids.validation.length },
    },
    {
      step: 5,
      label: `Persistent palsy: development patients not recovered (grade ≤ ${params.recoveryThreshold}) by day ${params.earlyDays}`,
      nIn: ids.development.length,
      n: ids.persistent.length,
      excluded: step5,
    },
  ];
  return { params, flow, ids: { ...ids, excluded: excludedIds }, patients: statuses };
}
