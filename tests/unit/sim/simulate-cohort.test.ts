import { describe, expect, it } from 'vitest';
import { parseDelimited, ingest, suggestMapping } from '@/lib/data';
import type { Patient } from '@/lib/data/types';
import { daysBetween } from '@/lib/data/calendar';
import { latentGrade, type LatentCourse } from '@/lib/sim/latent-course';
import { simulateCohort } from '@/lib/sim/simulate-cohort';
import { defaultSimulatorParams, simulatorParamsSchema } from '@/lib/sim/simulator-params';
import { SIMULATED_COLUMNS, TRUTH_COLUMNS, toCsv, truthToCsv } from '@/lib/sim/to-csv';

const N = 400;
const cohort = simulateCohort({}, 7, N);
const allVisits = cohort.patients.flatMap((p) => p.visits);
const CANONICAL_GRADE = /^(I|II|III|IV|V|VI)(-(II|III|IV|V|VI))?$/;

describe('simulateCohort: determinism', () => {
  it('simulator: the same seed and parameters give byte-identical files; another seed differs', () => {
    const again = simulateCohort({}, 7, N);
    expect(toCsv(again.patients)).toBe(toCsv(cohort.patients));
    expect(truthToCsv(again.truth)).toBe(truthToCsv(cohort.truth));
    expect(toCsv(simulateCohort({}, 8, N).patients)).not.toBe(toCsv(cohort.patients));
  });

  it('simulator: a patient does not depend on how many patients follow', () => {
    const small = simulateCohort({}, 7, 50);
    expect(small.patients).toEqual(cohort.patients.slice(0, 50));
    expect(small.truth).toEqual(cohort.truth.slice(0, 50));
  });

  it('simulator: a parameter of the written text leaves the grades and the course alone', () => {
    const dashed = simulateCohort({ recording: { enDashShare: 1 } }, 7, N);
    expect(dashed.truth).toEqual(cohort.truth);
    expect(dashed.patients.flatMap((p) => p.visits.map((v) => v.grade))).toEqual(allVisits.map((v) => v.grade));
    const ranges = dashed.patients.flatMap((p) => p.visits).filter((v) => v.grade !== null && v.grade % 1 !== 0);
    expect(ranges.length).toBeGreaterThan(0);
    for (const v of ranges) expect(v.gradeText).toMatch(/^[IV]+–[IV]+$/);
  });
});

describe('simulateCohort: parameters', () => {
  it('simulator: doubling the diabetes effect raises the slow-class share among diabetics only', () => {
    const doubled = simulateCohort({ slowClass: { diabetesLogOr: 2 * Math.LN2 } }, 7, 2000);
    const base = simulateCohort({}, 7, 2000);
    const slowShare = (c: typeof base, isDiabetic: boolean) => {
      const ids = new Set(c.patients.filter((p) => p.diabetes === isDiabetic).map((p) => p.patientId));
      const rows = c.truth.filter((t) => ids.has(t.patientId));
      return rows.filter((t) => t.latentClass === 'slow').length / rows.length;
    };
    expect(slowShare(doubled, true)).toBeGreaterThan(slowShare(base, true) + 0.03);
    // Non-diabetics draw exactly as before: the class uniform is shared, so nothing moves.
    expect(slowShare(doubled, false)).toBe(slowShare(base, false));
    const meanProb = (c: typeof base) => c.truth.reduce((s, t) => s + t.slowProb, 0) / c.truth.length;
    expect(meanProb(doubled)).toBeGreaterThan(meanProb(base));
  });

  it('simulator: delayed treatment follows the treatment start date and its probability', () => {
    for (const p of cohort.patients) {
      expect(p.treatmentStartDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.delayedTreatment).toBe(daysBetween(p.onsetDate, p.treatmentStartDate!) > 7);
    }
    const none = simulateCohort({ treatment: { delayedProb: 0 } }, 7, 300);
    expect(none.patients.every((p) => p.delayedTreatment === false)).toBe(true);
  });

  it('simulator: parameters parse with defaults, partial overrides and range checks', () => {
    expect(simulatorParamsSchema.parse({})).toEqual(defaultSimulatorParams);
    const p = simulatorParamsSchema.parse({ slowClass: { diabetesLogOr: 1 } });
    expect(p.slowClass.diabetesLogOr).toBe(1);
    expect(p.slowClass.hypertensionLogOr).toBeCloseTo(Math.log(2.5), 12);
    expect(p.visits.censorDay).toBe(300);
    expect(() => simulatorParamsSchema.parse({ sex: { maleProb: 1.2 } })).toThrow();
    expect(() => simulatorParamsSchema.parse({ presentation: { gradeWeights: [1, 2] } })).toThrow();
    expect(() => simulatorParamsSchema.parse({ slowCourse: { plateauWeights: [1, 1] } })).toThrow();
    expect(() => simulatorParamsSchema.parse({ age: { min: 60, max: 40 } })).toThrow();
  });
});

describe('simulateCohort: visits and grades', () => {
  it('simulator: no visit before onset or after day 300, dates match days, visits sorted', () => {
    for (const p of cohort.patients) {
      expect(p.visits.length).toBeGreaterThan(0);
      for (const v of p.visits) {
        expect(v.day).toBeGreaterThanOrEqual(0);
        expect(v.day).toBeLessThanOrEqual(300);
        expect(daysBetween(p.onsetDate, v.date)).toBe(v.day);
      }
      for (let i = 1; i < p.visits.length; i++) expect(p.visits[i]!.day).toBeGreaterThan(p.visits[i - 1]!.day);
    }
    const censored = simulateCohort({ visits: { censorDay: 60 } }, 7, 200);
    expect(Math.max(...censored.patients.flatMap((p) => p.visits.map((v) => v.day)))).toBeLessThanOrEqual(60);
  });

  it('simulator: grades lie in [1, 6] in whole or half steps, written in canonical forms', () => {
    for (const v of allVisits) {
      if (v.grade === null) {
        expect(v.gradeText).toBe('');
        continue;
      }
      expect(v.grade).toBeGreaterThanOrEqual(1);
      expect(v.grade).toBeLessThanOrEqual(6);
      expect(v.grade * 2).toBe(Math.round(v.grade * 2));
      expect(v.gradeText).toMatch(CANONICAL_GRADE);
    }
    expect(allVisits.some((v) => v.gradeText.includes('-'))).toBe(true);
  });

  it('simulator: the first visit is recorded between II and V', () => {
    for (const p of cohort.patients) {
      const g = p.visits[0]!.grade;
      if (g !== null) expect(g >= 2 && g <= 5).toBe(true);
    }
  });

  it('simulator: recovered patients stop after at most one check visit', () => {
    for (const p of cohort.patients) {
      const idx = p.visits.findIndex((v, i) => i > 0 && v.grade !== null && v.grade <= 2);
      if (idx >= 0) expect(p.visits.length - 1 - idx).toBeLessThanOrEqual(1);
    }
  });

  it('simulator: the truth agrees with the visits', () => {
    for (const [i, p] of cohort.patients.entries()) {
      const t = cohort.truth[i]!;
      expect(t.patientId).toBe(p.patientId);
      expect(t.firstVisitDay).toBe(p.visits[0]!.day);
      const recovered = p.visits.find((v) => v.grade !== null && v.grade <= 2);
      expect(t.firstRecoveredDay).toBe(recovered ? recovered.day : null);
      expect(t.finalGrade).toBeLessThanOrEqual(t.peakGrade);
      expect(t.recoveryOnsetDay).toBeGreaterThanOrEqual(t.peakDay);
    }
    expect(new Set(cohort.truth.map((t) => t.latentClass))).toEqual(new Set(['fast', 'slow']));
  });

  it('latent course: presentation grade until the first visit, peak, then the plateau F', () => {
    const course: LatentCourse = {
      latentClass: 'fast', slowProb: 0.1, firstVisitDay: 2, presentationGrade: 3, worsening: 1, peakGrade: 4, peakDay: 6,
      recoveryOnsetDay: 14, tau: 10, finalGrade: 1.2, hasSynkinesis: false,
    };
    expect(latentGrade(course, 2)).toBe(3);
    expect(latentGrade(course, 4)).toBe(3.5);
    expect(latentGrade(course, 10)).toBe(4);
    expect(latentGrade(course, 24)).toBeCloseTo(1.2 + 2.8 * Math.exp(-1), 12);
    expect(latentGrade(course, 300)).toBeCloseTo(1.2, 6);
    expect(latentGrade({ ...course, firstVisitDay: 8 }, 8)).toBe(4); // seen after the peak: already at P
  });
});

describe('toCsv', () => {
  const csv = toCsv(cohort.patients);
  const lines = csv.split('\n');

  it('csv: canonical columns, one row per visit, \\n endings and a final newline, no trailing spaces', () => {
    expect(lines[0]).toBe(SIMULATED_COLUMNS.join(','));
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv).not.toContain('\r');
    expect(lines.length - 2).toBe(allVisits.length);
    for (const line of lines.slice(1, -1)) {
      expect(line).not.toMatch(/\s$/);
      expect(line.split(',')).toHaveLength(SIMULATED_COLUMNS.length);
    }
    expect(lines[1]).toMatch(/^P0001,[MF]?,\d*,[01]?,[01]?,\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},/);
  });

  it('csv: rows are sorted by patient then date, and visit.row is the row in the file', () => {
    for (const p of cohort.patients) {
      for (const v of p.visits) {
        const cells = lines[v.row - 1]!.split(',');
        expect(cells[0]).toBe(p.patientId);
        expect(cells[7]).toBe(v.date);
        expect(cells[8]).toBe(v.gradeText);
      }
    }
    const keys = lines.slice(1, -1).map((l) => l.split(',')).map((c) => `${c[0]} ${c[7]}`);
    expect(keys).toEqual(keys.slice().sort());
  });

  it('csv: the ingestion reads the file back into the same patients', () => {
    const table = parseDelimited(csv);
    const result = ingest(table, { mapping: suggestMapping(table.headers).mapping, dateFormat: 'iso' });
    expect(result.problems).toEqual([]);
    // treatmentStartDate is an optional field that the ingestion may or may not carry.
    const strip = (ps: readonly Patient[]) => ps.map(({ treatmentStartDate: _t, ...rest }) => rest);
    expect(strip(result.patients)).toEqual(strip(cohort.patients));
  });

  it('truth csv: one row per patient with every column', () => {
    const t = truthToCsv(cohort.truth).split('\n');
    expect(t[0]).toBe(TRUTH_COLUMNS.join(','));
    expect(t).toHaveLength(N + 2);
    expect(t[1]!.split(',')).toHaveLength(TRUTH_COLUMNS.length);
  });

  it('refuses an onset window with a date that is not on the calendar', () => {
    expect(simulatorParamsSchema.safeParse({ onset: { endDate: '2024-02-31' } }).success).toBe(false);
    expect(simulatorParamsSchema.safeParse({ onset: { endDate: '2024-02-29' } }).success).toBe(true);
  });
});
