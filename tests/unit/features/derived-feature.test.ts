import { describe, it, expect } from 'vitest';
import type { Patient } from '@/lib/data/types';
import { ExpressionError, deriveFeature, parseExpression, windowContext, type DerivedFeatureWindow } from '@/lib/features/expression';
import { windowPatients, windowingParamsSchema } from '@/lib/windows/windowing';

/** A patient whose visits are given as [day, grade] pairs (grade null = ungraded visit). */
function patient(id: string, visits: [number, number | null][], extra: Partial<Patient> = {}): Patient {
  return {
    patientId: id,
    sex: 'F',
    age: 50,
    diabetes: false,
    hypertension: false,
    onsetDate: '2024-01-01',
    delayedTreatment: false,
    visits: visits.map(([day, grade], i) => ({ row: i + 2, date: `2024-01-${String(1 + (day % 28)).padStart(2, '0')}`, day, grade, gradeText: grade === null ? '' : String(grade) })),
    ...extra,
  };
}

const statics = { sex: 0, age: 50, hypertension: 0, diabetes: 0, delayed_treatment: 0 };
const win = (patient_id: string, window: number, present_day: number, over: Partial<DerivedFeatureWindow> = {}): DerivedFeatureWindow => ({
  patient_id,
  window,
  present_day,
  ...statics,
  ...over,
});

/** Early visits day 0 grade 5, day 7 grade 4, day 14 grade 3. */
const EARLY: [number, number | null][] = [
  [0, 5],
  [7, 4],
  [14, 3],
];
/** What happens after day 14: an ungraded visit, a plateau, then recovery (the outcome). */
const LATER: [number, number | null][] = [
  [20, null],
  [21, 3],
  [60, 1],
  [200, 1],
];

describe('deriveFeature', () => {
  it('evaluates per window, with the window statics and the visits up to its present day', () => {
    const p = patient('A', EARLY);
    const windows = [win('A', 1, 7, { age: 33 }), win('A', 2, 14, { age: 34, sex: 1 })];
    const { values, problems } = deriveFeature('last_grade * 100 + visits * 10 + sex + age / 1000', [p], windows);
    expect(problems).toEqual([]);
    expect(values).toBeInstanceOf(Float64Array);
    expect(Array.from(values)).toEqual([400 + 20 + 0 + 0.033, 300 + 30 + 1 + 0.034]);
    expect(deriveFeature('slope(0, present_day)', [p], windows).values[1]).toBeCloseTo(-1 / 7, 12);
  });

  it('sorts visits and ignores ungraded ones', () => {
    const p = patient('A', [
      [14, 3],
      [3, null],
      [0, 5],
      [7, 4],
    ]);
    const { values, problems } = deriveFeature('visits * 10 + first_improvement_day()', [p], [win('A', 1, 14)]);
    expect(problems).toEqual([]);
    expect(values[0]).toBe(37);
  });

  describe('no access to the future', () => {
    const expressions = [
      'last_grade',
      'visits',
      'first_grade',
      'first_day',
      'present_day',
      'first_improvement_day()',
      'day_of_grade(1)',
      'day_of_grade(3)',
      'grade_at(present_day)',
      'slope(0, present_day)',
      'change(0, present_day)',
      'min(grade_at(0), last_grade) - 1',
      'if(last_grade <= 2, 1, 0)',
      'is_missing(day_of_grade(2))',
    ];
    const windows = [win('A', 1, 7), win('A', 2, 14)];

    it('every expression gives the same values whether or not later visits (and the recovery) exist', () => {
      const withoutLater = patient('A', EARLY);
      const withLater = patient('A', [...EARLY, ...LATER]);
      for (const text of expressions) {
        const a = deriveFeature(text, [withoutLater], windows);
        const b = deriveFeature(text, [withLater], windows);
        expect(Array.from(b.values), text).toEqual(Array.from(a.values));
        expect(b.problems, text).toEqual(a.problems);
      }
      // And the values are the early ones, not the recovered ones the later visits would give.
      const at14 = (text: string) => deriveFeature(text, [withLater], windows).values[1];
      expect(at14('last_grade')).toBe(3);
      expect(at14('visits')).toBe(3);
      expect(at14('day_of_grade(1)')).toBeNaN();
      expect(at14('if(last_grade <= 2, 1, 0)')).toBe(0);
    });

    it('the leak would be visible: a window on the late visit does see the recovery', () => {
      // Guards the test above against passing because later visits are never read at all.
      const withLater = patient('A', [...EARLY, ...LATER]);
      expect(deriveFeature('day_of_grade(1) + visits / 100', [withLater], [win('A', 9, 60)]).values[0]).toBe(60.05);
    });

    it('asking for a day after the present day is a per-window error naming the present day', () => {
      const withLater = patient('A', [...EARLY, ...LATER]);
      for (const text of ['grade_at(present_day + 1)', 'grade_at(60)', 'slope(0, 60)', 'change(0, present_day + 7)']) {
        const { values, problems } = deriveFeature(text, [withLater], windows);
        expect(Array.from(values), text).toEqual([NaN, NaN]);
        expect(problems.map((p) => [p.window, p.present_day, p.kind]), text).toEqual([
          [1, 7, 'evaluation-error'],
          [2, 14, 'evaluation-error'],
        ]);
        expect(problems[0]!.reason, text).toMatch(/present day 7\b.*no access to the future/);
        expect(problems[1]!.reason, text).toMatch(/present day 14\b.*no access to the future/);
      }
    });

    it('the context handed to the expression holds no visit after the present day', () => {
      const ctx = windowContext(patient('A', [...LATER, ...EARLY]), win('A', 2, 14));
      expect(ctx.visits).toEqual([
        { day: 0, grade: 5 },
        { day: 7, grade: 4 },
        { day: 14, grade: 3 },
      ]);
      expect(ctx.presentDay).toBe(14);
    });
  });

  it('reports a division by zero with patient, window and present day', () => {
    const { values, problems } = deriveFeature('1/(last_grade-last_grade)', [patient('A', EARLY)], [win('A', 1, 7), win('A', 2, 14)]);
    expect(Array.from(values)).toEqual([Infinity, Infinity]);
    expect(problems).toEqual([
      { patient_id: 'A', window: 1, present_day: 7, value: 'Infinity', kind: 'non-finite', reason: '"1/(last_grade-last_grade)" divides by zero at character 1' },
      { patient_id: 'A', window: 2, present_day: 14, value: 'Infinity', kind: 'non-finite', reason: '"1/(last_grade-last_grade)" divides by zero at character 1' },
    ]);
  });

  it('reports a patient who never improved, keeping NaN, and leaves the others alone', () => {
    const never = patient('N', [
      [0, 4],
      [5, 4],
      [12, 5],
    ]);
    const { values, problems } = deriveFeature(parseExpression('first_improvement_day()'), [patient('A', EARLY), never], [win('A', 1, 14), win('N', 1, 5), win('N', 2, 12)]);
    expect(values[0]).toBe(7);
    expect(values[1]).toBeNaN();
    expect(values[2]).toBeNaN();
    expect(problems).toHaveLength(2);
    expect(problems[1]).toEqual({
      patient_id: 'N',
      window: 2,
      present_day: 12,
      value: 'NaN',
      kind: 'non-finite',
      reason: '"first_improvement_day()" is not available (NaN) for this window at character 1',
    });
  });

  it('reports a window whose patient is missing, duplicated or lacks the present visit', () => {
    const a = patient('A', EARLY);
    const { values, problems } = deriveFeature('last_grade', [a, patient('D', EARLY), patient('D', EARLY)], [win('A', 1, 14), win('X', 1, 7), win('D', 1, 7), win('A', 2, 10)]);
    expect(values[0]).toBe(3);
    expect(Array.from(values.slice(1))).toEqual([NaN, NaN, NaN]);
    expect(problems.map((p) => [p.patient_id, p.window, p.present_day, p.value, p.kind])).toEqual([
      ['X', 1, 7, 'NaN', 'missing-patient'],
      ['D', 1, 7, 'NaN', 'missing-patient'],
      ['A', 2, 10, 'NaN', 'window-mismatch'],
    ]);
    expect(problems[0]!.reason).toContain('no patient "X"');
    expect(problems[1]!.reason).toContain('appears 2 times');
    expect(problems[2]!.reason).toContain('no graded visit on the present day 10');
  });

  it('throws an ExpressionError for text that does not parse, before any window', () => {
    expect(() => deriveFeature('slop(0, 14)', [], [win('A', 1, 7)])).toThrow(ExpressionError);
  });

  it('agrees with the windowing step on real windows (last_grade is SAG3, present_day is the window day)', () => {
    const patients = [
      patient('A', [...EARLY, ...LATER]),
      patient('B', [
        [1, 6],
        [4, 5],
        [9, 5],
        [25, 4],
        [90, 2],
      ], { sex: 'M', age: 71, diabetes: true }),
    ];
    const { classification } = windowPatients(patients, windowingParamsSchema.parse({}));
    expect(classification.length).toBe(6);
    const grade = deriveFeature('last_grade', patients, classification);
    expect(grade.problems).toEqual([]);
    expect(Array.from(grade.values)).toEqual(classification.map((s) => s.SAG3));
    // SAG2 is the grade of the window's middle visit: the visit just before the present one.
    const previous = deriveFeature('grade_at(present_day - 0.5)', patients, classification);
    expect(Array.from(previous.values)).toEqual(classification.map((s) => s.SAG2));
    const statics = deriveFeature('sex * 1000 + age + diabetes / 10', patients, classification);
    expect(Array.from(statics.values)).toEqual(classification.map((s) => s.sex * 1000 + s.age + s.diabetes / 10));
  });
});
