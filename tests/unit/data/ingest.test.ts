import { describe, expect, it } from 'vitest';
import { ingest, type IngestOptions } from '@/lib/data/ingest';
import { parseDelimited } from '@/lib/data/parse-delimited';
import type { SourceTable } from '@/lib/data/types';
import { expectResultAccountsForEveryRow } from './helpers/check-result';

const HEADER = 'patient_id,sex,age,diabetes,hypertension,onset_date,treatment_start_date,visit_date,hb_grade';
const IDENTITY: IngestOptions['mapping'] = Object.fromEntries(HEADER.split(',').map((c) => [c, c]));
const table = (...lines: string[]) => parseDelimited([HEADER, ...lines].join('\n'), { name: 't.csv' });
const run = (t: SourceTable, options: Partial<IngestOptions> = {}) => {
  const result = ingest(t, { mapping: IDENTITY, dateFormat: 'iso', ...options });
  expectResultAccountsForEveryRow(result, t);
  return result;
};
const row = (over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    patient_id: 'p1', sex: 'M', age: '50', diabetes: 'no', hypertension: 'no',
    onset_date: '2024-01-01', treatment_start_date: '2024-01-02', visit_date: '2024-01-03', hb_grade: 'IV',
  };
  return HEADER.split(',').map((c) => over[c] ?? base[c]).join(',');
};

describe('ingest: accepted data', () => {
  it('groups visits by patient, sorted by date, with the day since onset', () => {
    const r = run(table(row({ visit_date: '2024-01-10', hb_grade: 'III-IV' }), row(), row({ patient_id: 'p2', sex: 'F' }), row({ visit_date: '2024-02-01', hb_grade: '' })));
    expect(r.patients.map((p) => p.patientId)).toEqual(['p1', 'p2']);
    const p1 = r.patients[0]!;
    expect(p1).toMatchObject({ sex: 'M', age: 50, diabetes: false, hypertension: false, onsetDate: '2024-01-01', delayedTreatment: false });
    expect(p1.visits).toEqual([
      { row: 3, date: '2024-01-03', day: 2, grade: 4, gradeText: 'IV' },
      { row: 2, date: '2024-01-10', day: 9, grade: 3.5, gradeText: 'III-IV' },
      { row: 5, date: '2024-02-01', day: 31, grade: null, gradeText: '' },
    ]);
    expect(r.counts).toMatchObject({ rowsRead: 4, rowsAccepted: 4, rowsRejected: 0, patientsSeen: 2, patientsRejected: 0 });
    expect(r.problems.filter((p) => p.scope !== 'warning')).toEqual([]);
  });

  it('a visit on the day of onset is day 0', () => {
    expect(run(table(row({ visit_date: '2024-01-01' }))).patients[0]!.visits[0]!.day).toBe(0);
  });

  it('the result is plain data (it crosses the worker boundary)', () => {
    const r = run(table(row(), row({ visit_date: '2024-01-09', hb_grade: 'VII' })));
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('ingest: a bad value rejects its row', () => {
  const cases: [string, Partial<Record<string, string>>, string, RegExp][] = [
    ['a grade out of range', { hb_grade: 'VII' }, 'hb_grade', /I to VI/],
    ['a non-adjacent grade range', { hb_grade: 'II-IV' }, 'hb_grade', /non-adjacent/],
    ['an impossible date', { visit_date: '2024-02-31' }, 'visit_date', /February 2024 has 29 days/],
    ['a visit before onset', { visit_date: '2023-12-30' }, 'visit_date', /before onset .* day -2/],
    ['a missing visit date', { visit_date: '' }, 'visit_date', /missing/],
    ['a missing onset date', { onset_date: '' }, 'onset_date', /missing/],
    ['a missing patient id', { patient_id: '' }, 'patient_id', /missing/],
    ['a formula in the patient id', { patient_id: "=cmd|' /C calc'!A0" }, 'patient_id', /formula/],
    ['a formula in a grade', { hb_grade: '@SUM(A1)' }, 'hb_grade', /formula/],
    ['an unknown sex', { sex: 'X' }, 'sex', /sex/],
    ['a numeric sex code', { sex: '1' }, 'sex', /value map/],
    ['an unknown yes/no', { diabetes: 'maybe' }, 'diabetes', /yes\/no/],
    ['a huge age', { age: '1e308' }, 'age', /maximum 120/],
    ['a non-finite age', { age: '1e999' }, 'age', /finite/],
    ['an age that is not a number', { age: 'Infinity' }, 'age', /not a number/],
    ['a negative age', { age: '-4' }, 'age', /minimum 0/],
    ['treatment before onset', { treatment_start_date: '2023-12-25' }, 'treatment_start_date', /before onset/],
  ];
  for (const [what, over, column, reason] of cases) {
    it(`rejects a row with ${what}`, () => {
      const r = run(table(row({ visit_date: '2024-01-05' }), row(over)));
      expect(r.counts).toMatchObject({ rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 });
      const problems = r.problems.filter((p) => p.scope === 'row');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ row: 3, column, scope: 'row' });
      expect(problems[0]!.reason).toMatch(reason);
    });
  }

  it('names every bad value of a row, with row, column and value', () => {
    const r = run(table(row({ sex: 'X', hb_grade: 'VIII', age: 'old' })));
    expect(r.problems.filter((p) => p.scope === 'row').map((p) => [p.row, p.column, p.value, p.patientId])).toEqual([
      [2, 'sex', 'X', 'p1'],
      [2, 'age', 'old', 'p1'],
      [2, 'hb_grade', 'VIII', 'p1'],
    ]);
    expect(r.counts.rowsRejected).toBe(1);
  });

  it('rejects a 10,000-character cell without echoing all of it', () => {
    const r = run(table(row({ hb_grade: 'x'.repeat(10_000) }), row({ patient_id: 'y'.repeat(10_000) })));
    expect(r.counts.rowsRejected).toBe(2);
    for (const p of r.problems) expect(p.value.length).toBeLessThan(120);
    expect(r.problems[0]!.value).toMatch(/10000 characters/);
  });

  it('rejects a row with more cells than the header (an unquoted delimiter) and a row that ends before a column it needs', () => {
    const r = run(table(`${row({ visit_date: '2024-01-04' })},surplus`, 'p1,M,50,no,no,2024-01-01,2024-01-02,2024-01-05', row({ visit_date: '2024-01-06' })));
    expect(r.problems.filter((p) => p.scope === 'row')).toMatchObject([
      { row: 2, column: '(row)', value: 'surplus' },
      { row: 3, column: '(row)', reason: 'the row has 8 cells but the header has 9: a delimiter or a value is probably missing' },
    ]);
    expect(r.patients[0]!.visits).toMatchObject([{ row: 4 }]);
  });

  it('a CSV row may leave out trailing columns that are not read; an XLSX row may leave out any trailing cells', () => {
    const t = parseDelimited([`${HEADER},notes`, `${row()},n`, row({ visit_date: '2024-01-04' })].join('\n'), { name: 't.csv' });
    expect(run(t).counts.rowsAccepted).toBe(2);
    const sheet: SourceTable = { headers: HEADER.split(','), rows: [row().split(',').slice(0, 8)], format: 'xlsx' };
    expect(run(sheet).patients[0]!.visits).toMatchObject([{ grade: null }]);
  });

  it('rejects rows the reader marked as malformed, and empty rows of a hand-made table', () => {
    const t = table(row(), row({ visit_date: '2024-01-05' }));
    t.parseErrors = [{ row: 3, message: 'the row is malformed (Trailing quote on quoted field is malformed)' }];
    t.rows.push(['', '']);
    const r = run(t);
    expect(r.problems.filter((p) => p.scope === 'row').map((p) => [p.row, p.column])).toEqual([
      [3, '(row)'],
      [4, '(row)'],
    ]);
    expect(r.counts.rowsRejected).toBe(2);
  });
});

describe('ingest: patient-level conflicts reject the whole patient', () => {
  it('two different sexes reject every row of the patient with one problem naming the values', () => {
    const r = run(table(row(), row({ visit_date: '2024-01-06' }), row({ visit_date: '2024-01-09', sex: 'F' }), row({ patient_id: 'p2' })));
    expect(r.patients.map((p) => p.patientId)).toEqual(['p2']);
    expect(r.counts).toMatchObject({ rowsRead: 4, rowsAccepted: 1, rowsRejected: 0, patientsSeen: 2, patientsRejected: 1, rowsOfRejectedPatients: 3 });
    const conflicts = r.problems.filter((p) => p.scope === 'patient');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ column: 'sex', value: 'M / F', patientId: 'p1', rows: [2, 3, 4] });
    expect(conflicts[0]!.reason).toMatch(/patient p1 has conflicting sex values: M \(rows 2, 3\), F \(row 4\)/);
  });

  for (const [column, a, b] of [['age', '50', '51'], ['diabetes', 'yes', 'no'], ['hypertension', '1', '0'], ['onset_date', '2024-01-01', '2024-01-02'], ['treatment_start_date', '2024-01-02', '2024-01-03']] as const) {
    it(`conflicting ${column} values reject the patient`, () => {
      const r = run(table(row({ [column]: a }), row({ [column]: b, visit_date: '2024-01-08' })));
      expect(r.counts.patientsRejected).toBe(1);
      expect(r.problems.filter((p) => p.scope === 'patient').map((p) => p.column)).toContain(column);
    });
  }

  it('one problem per conflicting column', () => {
    const r = run(table(row(), row({ visit_date: '2024-01-08', sex: 'F', diabetes: 'yes' })));
    expect(r.problems.filter((p) => p.scope === 'patient').map((p) => p.column)).toEqual(['sex', 'diabetes']);
  });

  it('a value left blank on some rows is not a conflict: the stated value is used', () => {
    const r = run(table(row({ sex: '' }), row({ visit_date: '2024-01-08', diabetes: '' })));
    expect(r.patients[0]).toMatchObject({ sex: 'M', diabetes: false });
  });

  it('the same value written differently (M, male; 1, yes) is not a conflict', () => {
    const r = run(table(row({ sex: 'M', diabetes: '1' }), row({ visit_date: '2024-01-08', sex: 'male', diabetes: 'yes' })));
    expect(r.patients[0]).toMatchObject({ sex: 'M', diabetes: true });
  });
});

describe('ingest: duplicate visits', () => {
  it('keeps one of two rows with the same patient, date and grade', () => {
    const r = run(table(row(), row({ hb_grade: '4' })));
    expect(r.patients[0]!.visits).toHaveLength(1);
    expect(r.counts).toMatchObject({ rowsAccepted: 1, rowsRejected: 1 });
    expect(r.problems.find((p) => p.row === 3)!.reason).toMatch(/duplicate visit.*row 2, which is kept/);
  });

  it('rejects both rows when the grades differ', () => {
    const r = run(table(row(), row({ hb_grade: 'III' }), row({ visit_date: '2024-01-09' })));
    expect(r.patients[0]!.visits.map((v) => v.row)).toEqual([4]);
    expect(r.problems.filter((p) => p.scope === 'row').map((p) => p.row)).toEqual([2, 3]);
    expect(r.problems[0]!.reason).toMatch(/different grades: IV \(row 2\), III \(row 3\); none is kept/);
  });

  it('a patient whose only rows are conflicting duplicates is seen but has no accepted rows', () => {
    const r = run(table(row(), row({ hb_grade: 'III' })));
    expect(r.patients).toEqual([]);
    expect(r.counts).toMatchObject({ patientsSeen: 1, patientsWithoutValidRows: 1, rowsRejected: 2 });
  });
});

describe('ingest: derived values', () => {
  const withBirth = (...lines: string[]) =>
    parseDelimited(['patient_id,sex,birth_date,diabetes,hypertension,onset_date,delayed_treatment,visit_date,hb_grade', ...lines].join('\n'));
  const birthMapping = { patient_id: 'patient_id', sex: 'sex', birth_date: 'birth_date', diabetes: 'diabetes', hypertension: 'hypertension', onset_date: 'onset_date', delayed_treatment: 'delayed_treatment', visit_date: 'visit_date', hb_grade: 'hb_grade' };

  it('age at onset is derived from the birth date (completed years)', () => {
    const r = run(withBirth('p1,F,1974-01-02,no,no,2024-01-01,n,2024-01-03,IV', 'p2,F,1974-01-01,no,no,2024-01-01,n,2024-01-03,IV'), { mapping: birthMapping });
    expect(r.patients.map((p) => p.age)).toEqual([49, 50]);
  });

  it('an age that disagrees with the birth date by more than a year rejects the row', () => {
    const t = parseDelimited('patient_id,age,birth_date,onset_date,visit_date,hb_grade\np1,30,1974-01-02,2024-01-01,2024-01-03,IV\np2,50,1974-01-01,2024-01-01,2024-01-03,IV');
    const r = run(t, { mapping: { patient_id: 'patient_id', age: 'age', birth_date: 'birth_date', onset_date: 'onset_date', visit_date: 'visit_date', hb_grade: 'hb_grade' } });
    expect(r.problems.filter((p) => p.scope === 'row')).toMatchObject([{ row: 2, column: 'age' }]);
  });

  it('a birth date after onset rejects the row', () => {
    const r = run(withBirth('p1,F,2024-06-01,no,no,2024-01-01,n,2024-01-03,IV'), { mapping: birthMapping });
    expect(r.problems.filter((p) => p.scope === 'row')).toMatchObject([{ column: 'birth_date' }]);
  });

  it('delayed treatment: a steroid start more than 7 days after onset is delayed, 7 days is not', () => {
    const r = run(table(row({ treatment_start_date: '2024-01-09' }), row({ patient_id: 'p2', treatment_start_date: '2024-01-08' }), row({ patient_id: 'p3', treatment_start_date: '' })));
    expect(r.patients.map((p) => p.delayedTreatment)).toEqual([true, false, null]);
  });

  it('delayed treatment: the flag column is used when there is no start date', () => {
    const r = run(withBirth('p1,F,1970-01-01,no,no,2024-01-01,yes,2024-01-03,IV'), { mapping: birthMapping });
    expect(r.patients[0]!.delayedTreatment).toBe(true);
  });

  it('delayed treatment: a flag that contradicts the start date rejects the row', () => {
    const t = parseDelimited('patient_id,onset_date,treatment_start_date,delayed_treatment,visit_date,hb_grade\np1,2024-01-01,2024-01-03,yes,2024-01-03,IV');
    const r = run(t, { mapping: { patient_id: 'patient_id', onset_date: 'onset_date', treatment_start_date: 'treatment_start_date', delayed_treatment: 'delayed_treatment', visit_date: 'visit_date', hb_grade: 'hb_grade' } });
    expect(r.problems.filter((p) => p.scope === 'row')).toMatchObject([{ column: 'delayed_treatment' }]);
  });

  it('the stated date format applies to every date column', () => {
    const r = run(table(row({ onset_date: '01/02/2024', treatment_start_date: '02/02/2024', visit_date: '13/02/2024' })), { dateFormat: 'dd/mm/yyyy' });
    expect(r.patients[0]).toMatchObject({ onsetDate: '2024-02-01', visits: [{ date: '2024-02-13', day: 12 }] });
  });
});

describe('ingest: value maps', () => {
  it('numeric sex codes and other local codes read through an explicit value map', () => {
    const r = run(table(row({ sex: '1', hb_grade: 'NA' }), row({ patient_id: 'p2', sex: '2', diabetes: 'Pos' })), {
      valueMaps: { sex: { '1': 'M', '2': 'F' }, hb_grade: { na: '' }, diabetes: { pos: 'yes' } },
    });
    expect(r.patients.map((p) => [p.sex, p.diabetes, p.visits[0]!.grade, p.visits[0]!.gradeText])).toEqual([
      ['M', false, null, 'NA'],
      ['F', true, 4, 'IV'],
    ]);
  });

  it('a value map key such as __proto__ is only a key', () => {
    const maps = JSON.parse('{"sex": {"__proto__": "F", "constructor": "M"}}');
    const r = run(table(row({ sex: '__proto__' }), row({ patient_id: 'p2', sex: 'constructor' }), row({ patient_id: 'p3', sex: 'toString' })), { valueMaps: maps });
    expect(r.patients.map((p) => p.sex)).toEqual(['F', 'M']);
    expect(r.counts.rowsRejected).toBe(1);
  });
});

describe('ingest: the file as a whole', () => {
  it('a missing required column rejects the file: no patients, every row rejected', () => {
    const t = parseDelimited('patient_id,visit_date,onset_date\np1,2024-01-03,2024-01-01');
    const r = run(t, { mapping: { patient_id: 'patient_id', visit_date: 'visit_date', onset_date: 'onset_date' } });
    expect(r.patients).toEqual([]);
    expect(r.problems.filter((p) => p.scope === 'file')).toMatchObject([{ row: 0, column: 'hb_grade' }]);
    expect(r.counts).toMatchObject({ rowsRead: 1, rowsAccepted: 0, rowsRejected: 1 });
  });

  it('each required column is named when it is missing', () => {
    const r = run(parseDelimited('a,b\n1,2'), { mapping: {} });
    expect(r.problems.filter((p) => p.scope === 'file').map((p) => p.column)).toEqual(['patient_id', 'visit_date', 'onset_date', 'hb_grade']);
  });

  it('a mapping to a header the file lacks, or to a duplicated header, rejects the file', () => {
    const lacking = run(table(row()), { mapping: { ...IDENTITY, hb_grade: 'H-B grade' } });
    expect(lacking.problems.filter((p) => p.scope === 'file')[0]!.reason).toMatch(/no such column/);
    const dup = parseDelimited(`${HEADER},hb_grade\n${row()},III`);
    expect(run(dup).problems.filter((p) => p.scope === 'file')[0]!.reason).toMatch(/appears 2 times \(columns 9, 10\)/);
  });

  it('warns, without rejecting, when columns needed for inclusion are absent', () => {
    const t = parseDelimited('patient_id,onset_date,visit_date,hb_grade\np1,2024-01-01,2024-01-03,IV');
    const r = run(t, { mapping: { patient_id: 'patient_id', onset_date: 'onset_date', visit_date: 'visit_date', hb_grade: 'hb_grade' } });
    expect(r.patients).toHaveLength(1);
    expect(r.problems.filter((p) => p.scope === 'warning').map((p) => p.column)).toEqual(['sex', 'diabetes', 'hypertension', 'age', 'delayed_treatment']);
  });

  it('a header-only file gives no patients and a warning', () => {
    const r = run(table());
    expect(r.counts.rowsRead).toBe(0);
    expect(r.problems.some((p) => p.scope === 'warning' && /no data rows/.test(p.reason))).toBe(true);
  });
});
