import { describe, expect, it } from 'vitest';
import type { Patient } from '@/lib/data/types';
import { presentWindow } from '@/lib/teaching/patient-window';
import { windowPatients, windowingParamsSchema } from '@/lib/windows/windowing';

describe('the present window of entered visits', () => {
  it('is the last anchored window the windowing step builds from the same visits (half grades kept)', () => {
    const visits = [
      { day: 2, grade: 5 },
      { day: 9, grade: 4.5 },
      { day: 21, grade: 3 },
    ];
    const patient: Patient = {
      patientId: 'p1', sex: 'M', age: 61, diabetes: true, hypertension: false, onsetDate: '2020-01-01', delayedTreatment: true,
      visits: [...visits, { day: 120, grade: 2 }].map((v, i) => ({ row: i + 2, date: '2020-01-01', day: v.day, grade: v.grade, gradeText: String(v.grade) })),
    };
    const windows = windowPatients([patient], windowingParamsSchema.parse({})).classification;
    const last = windows[windows.length - 1]!;
    const mine = presentWindow('p1', { sex: 1, age: 61, diabetes: 1, hypertension: 0, delayed_treatment: 1 }, [...visits].reverse());
    const { SAD4: _s, outcome_grade: _o, label: _l, ...core } = last;
    expect(mine).toEqual(core);
  });
});
