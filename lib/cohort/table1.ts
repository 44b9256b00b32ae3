import type { Patient, Visit } from '../data/types';

/** Mean ± sample SD (n − 1) over the patients with a value. */
export interface MeanSd {
  n: number;
  mean: number | null;
  sd: number | null;
}

/** A count, its denominator (patients with a known value) and the percentage. */
export interface CountPct {
  n: number;
  of: number;
  pct: number | null;
}

export const GRADE_LABELS = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;
export type GradeLabel = (typeof GRADE_LABELS)[number];

/** Table 1 quantities of one group of patients (PIPELINE.md step 2). */
export interface Table1Stats {
  n: number;
  age: MeanSd;
  male: number;
  female: number;
  sexUnknown: number;
  diabetes: CountPct;
  hypertension: CountPct;
  /** Grade at the first visit, as recorded (a range counts as lower + 0.5). */
  initialGrade: MeanSd;
  /** Grade at the first visit by class; a half grade counts as the worse grade (3.5 → IV). */
  initialGradeDistribution: Record<GradeLabel, CountPct>;
  /** Day of the first visit after onset. */
  firstVisitDay: MeanSd;
  /** Last visit day − first visit day. */
  followUpDays: MeanSd;
  /** Steroid started within 7 days of onset. */
  earlyTreatment: CountPct;
  /** Steroid started more than 7 days after onset. */
  delayedTreatment: CountPct;
  treatmentUnknown: number;
}

export interface Table1Row {
  key: string;
  label: string;
  development: string;
  validation: string;
}

export interface Table1Result {
  rows: Table1Row[];
  development: Table1Stats;
  validation: Table1Stats;
}

const byDate = (a: Visit, b: Visit) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** The worse grade class of a (possibly half) grade: 3.5 → 'IV'. */
export function gradeClass(grade: number): GradeLabel {
  const label = GRADE_LABELS[Math.min(6, Math.max(1, Math.ceil(grade))) - 1];
  return label ?? 'VI';
}

function countPct(n: number, of: number): CountPct {
  return { n, of, pct: of > 0 ? (100 * n) / of : null };
}

/**
 * Count, mean and sample SD of the known values (null and NaN left out), by Welford's
 * updates in the order arquero's mean and stdev aggregates make them, so the figures are the
 * same to the last bit as when this table was computed with arquero (whose compiled
 * expressions the page's Content-Security-Policy now forbids).
 */
function welfordMeanSd(values: readonly (number | null)[]): MeanSd {
  let n = 0;
  let mean = 0;
  let dev = 0;
  for (const v of values) {
    if (v === null || Number.isNaN(v)) continue;
    n++;
    const delta = v - mean;
    mean += delta / n;
    dev += delta * (v - mean);
  }
  return { n, mean: n > 0 ? mean : null, sd: n > 1 ? Math.sqrt(dev / (n - 1)) : null };
}

/**
 * Table 1 quantities for one group of patients.
 *
 * @example
 *   table1Stats(patients).age; // { n: 267, mean: 56.57, sd: 17.59 }
 */
export function table1Stats(patients: readonly Patient[]): Table1Stats {
  const rows = patients.map((p) => {
    const visits = [...p.visits].sort(byDate);
    const first = visits[0];
    const firstDayVisits = first ? visits.filter((v) => v.date === first.date) : [];
    const initial = firstDayVisits.find((v) => v.grade !== null)?.grade ?? null;
    const last = visits[visits.length - 1];
    return {
      age: p.age,
      initialGrade: initial,
      firstVisitDay: first ? first.day : null,
      followUpDays: first && last ? last.day - first.day : null,
    };
  });
  const meanSd = (key: keyof (typeof rows)[number]): MeanSd => welfordMeanSd(rows.map((r) => r[key]));

  const known = <T>(get: (p: Patient) => T | null) => patients.filter((p) => get(p) !== null);
  const dmKnown = known((p) => p.diabetes);
  const htnKnown = known((p) => p.hypertension);
  const txKnown = known((p) => p.delayedTreatment);
  const graded = rows.filter((r) => r.initialGrade !== null);
  const distribution = Object.fromEntries(
    GRADE_LABELS.map((g) => [g, countPct(graded.filter((r) => gradeClass(r.initialGrade ?? 0) === g).length, graded.length)]),
  ) as Record<GradeLabel, CountPct>;
  const delayed = txKnown.filter((p) => p.delayedTreatment === true).length;

  return {
    n: patients.length,
    age: meanSd('age'),
    male: patients.filter((p) => p.sex === 'M').length,
    female: patients.filter((p) => p.sex === 'F').length,
    sexUnknown: patients.filter((p) => p.sex === null).length,
    diabetes: countPct(dmKnown.filter((p) => p.diabetes === true).length, dmKnown.length),
    hypertension: countPct(htnKnown.filter((p) => p.hypertension === true).length, htnKnown.length),
    initialGrade: meanSd('initialGrade'),
    initialGradeDistribution: distribution,
    firstVisitDay: meanSd('firstVisitDay'),
    followUpDays: meanSd('followUpDays'),
    earlyTreatment: countPct(txKnown.length - delayed, txKnown.length),
    delayedTreatment: countPct(delayed, txKnown.length),
    treatmentUnknown: patients.length - txKnown.length,
  };
}

const fmtMeanSd = (m: MeanSd) => (m.mean === null ? '–' : `${m.mean.toFixed(2)} ± ${m.sd === null ? '–' : m.sd.toFixed(2)}`);
const fmtCountPct = (c: CountPct) => (c.pct === null ? '–' : `${c.n} (${c.pct.toFixed(1)}%)`);

/**
 * Table 1 (development vs temporal validation): rows of display text plus the numbers behind
 * them. Grade rows I and VI appear only when a patient has them.
 *
 * @example
 *   const t = table1(devPatients, valPatients);
 *   t.rows.find((r) => r.key === 'age')?.development; // '56.57 ± 17.59'
 */
export function table1(development: readonly Patient[], validation: readonly Patient[]): Table1Result {
  const dev = table1Stats(development);
  const val = table1Stats(validation);
  const row = (key: string, label: string, f: (s: Table1Stats) => string): Table1Row => ({ key, label, development: f(dev), validation: f(val) });
  const rows: Table1Row[] = [
    row('n', 'Patients, n', (s) => String(s.n)),
    row('age', 'Age (years), mean ± SD', (s) => fmtMeanSd(s.age)),
    row('sex', 'Sex (M : F)', (s) => `${s.male} : ${s.female}${s.sexUnknown > 0 ? ` (${s.sexUnknown} unknown)` : ''}`),
    row('diabetes', 'Diabetes, n (%)', (s) => fmtCountPct(s.diabetes)),
    row('hypertension', 'Hypertension, n (%)', (s) => fmtCountPct(s.hypertension)),
    row('initialGrade', 'Initial H–B grade, mean ± SD', (s) => fmtMeanSd(s.initialGrade)),
  ];
  for (const g of GRADE_LABELS) {
    const isShown = g !== 'I' && g !== 'VI' ? true : dev.initialGradeDistribution[g].n + val.initialGradeDistribution[g].n > 0;
    if (isShown) rows.push(row(`grade${g}`, `  Grade ${g}, n (%)`, (s) => fmtCountPct(s.initialGradeDistribution[g])));
  }
  rows.push(
    row('firstVisitDay', 'First visit (days after onset), mean ± SD', (s) => fmtMeanSd(s.firstVisitDay)),
    row('followUpDays', 'Follow-up (days), mean ± SD', (s) => fmtMeanSd(s.followUpDays)),
    row('earlyTreatment', 'Treatment early (≤ 7 days), n (%)', (s) => fmtCountPct(s.earlyTreatment)),
    row('delayedTreatment', 'Treatment delayed (> 7 days), n (%)', (s) => fmtCountPct(s.delayedTreatment)),
  );
  return { rows, development: dev, validation: val };
}
