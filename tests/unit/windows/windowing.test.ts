import { describe, expect, it } from 'vitest';
import type { Patient } from '@/lib/data/types';
import { windowPatients, windowingParamsSchema, lastWindows } from '@/lib/windows/windowing';

const defaults = windowingParamsSchema.parse({});

function patient(id: string, visits: [number, number | null][], extra: Partial<Patient> = {}): Patient {
  return {
    patientId: id,
    sex: 'M',
    age: 50,
    diabetes: false,
    hypertension: true,
    onsetDate: '2020-01-01',
    delayedTreatment: false,
    visits: visits.map(([day, grade], i) => ({ row: i + 2, date: `d${day}`, day, grade, gradeText: String(grade ?? '') })),
    ...extra,
  };
}

// Hand-worked patient: early visits on days 2 (V), 6 (IV), 13 (III); late on 45 (III) and 120 (II).
const worked = patient('A', [[2, 5], [6, 4], [13, 3], [45, 3], [120, 2]]);

describe('windowing', () => {
  it('anchors every window on the pre-onset normal grade (anchored mode)', () => {
    const { classification } = windowPatients([worked], defaults);
    expect(classification).toHaveLength(2);
    expect(classification[0]).toMatchObject({ window: 1, present_day: 6, SAD1: -7, SAD2: -4, SAD3: 0, SAG1: 1, SAG2: 5, SAG3: 4, SAD4: 114, outcome_grade: 2, label: 1 });
    expect(classification[1]).toMatchObject({ window: 2, present_day: 13, SAD1: -14, SAD2: -7, SAG1: 1, SAG2: 4, SAG3: 3, SAD4: 107, label: 1 });
    expect(classification[0]).toMatchObject({ sex: 1, age: 50, hypertension: 1, diabetes: 0, delayed_treatment: 0 });
  });

  it('uses plain consecutive triplets in sliding mode', () => {
    const { classification } = windowPatients([worked], { ...defaults, mode: 'sliding' });
    expect(classification.map((s) => [s.SAG1, s.SAG2, s.SAG3, s.SAD1, s.SAD2])).toEqual([
      [1, 5, 4, -7, -4],
      [5, 4, 3, -11, -7],
    ]);
  });

  it('makes one regression sample per (window, late visit) pair with SAG4 as target', () => {
    const { regression } = windowPatients([worked], defaults);
    expect(regression.map((s) => [s.window, s.SAD4, s.SAG4])).toEqual([
      [1, 39, 3],
      [1, 114, 2],
      [2, 32, 3],
      [2, 107, 2],
    ]);
  });

  it('takes the last late visit as outcome by default and the best one on request', () => {
    const p = patient('B', [[1, 4], [5, 4], [60, 2], [200, 3]]);
    expect(windowPatients([p], defaults).classification[0]).toMatchObject({ outcome_grade: 3, label: 0, SAD4: 195 });
    expect(windowPatients([p], { ...defaults, outcome: 'best' }).classification[0]).toMatchObject({ outcome_grade: 2, label: 1, SAD4: 55 });
  });

  it('counts a visit on day 30 as early and one on day 300 as late; day 301 is ignored', () => {
    const p = patient('C', [[3, 4], [30, 3], [300, 1], [301, 1]]);
    const { classification, regression } = windowPatients([p], defaults);
    expect(classification).toHaveLength(1);
    expect(classification[0]).toMatchObject({ present_day: 30, SAD4: 270, outcome_grade: 1 });
    expect(regression).toHaveLength(1);
  });

  it('gives no window for a patient with one early visit, and says why', () => {
    const p = patient('D', [[4, 3], [60, 1]]);
    const r = windowPatients([p], defaults);
    expect(r.classification).toEqual([]);
    expect(r.skipped).toEqual([{ patient_id: 'D', reason: 'fewer than 2 graded visits within 30 days (1)' }]);
  });

  it('ignores ungraded visits and accounts for every patient', () => {
    const p = patient('E', [[2, 4], [4, null], [9, 3], [40, null]]);
    const r = windowPatients([worked, p], defaults);
    expect(r.skipped).toEqual([{ patient_id: 'E', reason: 'no graded visit in (30, 300] days' }]);
    expect(new Set(r.classification.map((s) => s.patient_id))).toEqual(new Set(['A']));
  });

  it('keeps half grades from ranges and picks the last window per patient', () => {
    const p = patient('F', [[1, 3.5], [8, 4], [20, 3], [50, 2.5]]);
    const { classification } = windowPatients([p], defaults);
    expect(classification[0]!.SAG2).toBe(3.5);
    expect(classification.at(-1)!.label).toBe(0); // 2.5 is not <= 2
    expect(lastWindows(classification).map((s) => s.window)).toEqual([2]);
  });

  it('flags each sample with its patient\'s persistent value as it is made: the same samples, keys in the same order', () => {
    const other = patient('B', [[1, 4], [9, 4], [20, 4], [60, 4]]);
    const plain = windowPatients([worked, other], defaults);
    const flagged = windowPatients([worked, other], defaults, (id) => (id === 'B' ? 1 : 0));
    const withFlag = <T extends { patient_id: string }>(s: T) => ({ ...s, persistent: s.patient_id === 'B' ? 1 : 0 });
    expect(flagged.classification.map((s) => JSON.stringify(s))).toEqual(plain.classification.map((s) => JSON.stringify(withFlag(s))));
    expect(flagged.regression.map((s) => JSON.stringify(s))).toEqual(plain.regression.map((s) => JSON.stringify(withFlag(s))));
    expect(flagged.regression.some((s) => s.persistent === 1)).toBe(true);
    expect(flagged.skipped).toEqual(plain.skipped);
  });
});
