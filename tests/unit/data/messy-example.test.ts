import { describe, expect, it } from 'vitest';
import { suggestMapping } from '@/lib/data/column-mapping';
import { detectTableDateFormat } from '@/lib/data/detect-date-format';
import { ingest } from '@/lib/data/ingest';
import { readTable } from '@/lib/data/read-table';
import { rejectedRowsTable } from '@/lib/data/rejected-rows';
import { expectResultAccountsForEveryRow } from './helpers/check-result';
import { makeXlsx } from './helpers/make-xlsx';
import { MESSY_EXAMPLE, messyExampleText } from '../../../scripts/make-messy-example';
import { messyExampleBytes, messyExampleSettings } from './helpers/messy-example';

// The counts documented in data/messy-emr-example.md: 62 hand-written rows of 12 patients, then
// 430 simulated rows of 108 patients, all valid.
const SIMULATED_ROWS = 430;
const DOCUMENTED = {
  rowsRead: 62 + SIMULATED_ROWS,
  rowsAccepted: 49 + SIMULATED_ROWS,
  rowsRejected: 8,
  patientsSeen: 12 + MESSY_EXAMPLE.simulatedPatients,
  patientsRejected: 1,
  rowsOfRejectedPatients: 5,
  patientsWithoutValidRows: 0,
};

describe('the bundled messy EMR example', () => {
  it('is what scripts/make-messy-example.ts makes: the hand-written rows, then the simulated ones', () => {
    const text = new TextDecoder().decode(messyExampleBytes());
    expect(messyExampleText(text)).toBe(text);
    expect(text.split('\r\n').length - 1 - MESSY_EXAMPLE.handWrittenLines).toBe(SIMULATED_ROWS);
  });

  it('has headers from which the saved mapping is suggested, with Notes left unmapped', async () => {
    const table = await readTable({ name: 'messy-emr-example.csv', bytes: messyExampleBytes() });
    const suggestion = suggestMapping(table.headers);
    expect(suggestion.mapping).toEqual(messyExampleSettings().mapping);
    expect(suggestion.ambiguous).toEqual([]);
    expect(suggestion.unmapped).toEqual(['Notes']);
  });

  it('has dates that detection reads as dd/mm/yyyy, the format the settings state', async () => {
    const table = await readTable({ name: 'messy-emr-example.csv', bytes: messyExampleBytes() });
    expect(detectTableDateFormat(table, messyExampleSettings().mapping)).toMatchObject({ ambiguous: false, format: 'dd/mm/yyyy' });
  });

  it('ingests with the documented counts, and the counts add up', async () => {
    const table = await readTable({ name: 'messy-emr-example.csv', bytes: messyExampleBytes() });
    const result = ingest(table, messyExampleSettings());
    expect(result.counts).toEqual(DOCUMENTED);
    expect(result.counts.rowsAccepted + result.counts.rowsRejected + result.counts.rowsOfRejectedPatients).toBe(result.counts.rowsRead);
    expectResultAccountsForEveryRow(result, table);
  });

  it('explains each planted error where the documentation says', async () => {
    const table = await readTable({ name: 'messy-emr-example.csv', bytes: messyExampleBytes() });
    const result = ingest(table, messyExampleSettings());
    expect(result.problems.map((p) => [p.row, p.scope, p.column, p.value])).toEqual([
      [15, 'row', 'hb_grade', 'VII'],
      [17, 'row', 'visit_date', '09/06/2023'],
      [27, 'row', 'visit_date', '31/02/2024'],
      [28, 'patient', 'sex', 'M / F'],
      [42, 'row', 'hb_grade', 'II-IV'],
      [48, 'row', 'hb_grade', "=cmd|' /C calc'!A0"],
      [52, 'row', 'visit_date', '12/03/2024'],
      [56, 'row', 'visit_date', '19/04/2024'],
      [57, 'row', 'visit_date', '19/04/2024'],
    ]);
    expect(result.problems.find((p) => p.scope === 'patient')!.patientId).toBe('P-006');
  });

  it('reads the messy values: ranges, Roman numerals in any case, ungraded visits, yes/no flags, delayed steroids', async () => {
    const table = await readTable({ name: 'messy-emr-example.csv', bytes: messyExampleBytes() });
    const byId = new Map(ingest(table, messyExampleSettings()).patients.map((p) => [p.patientId, p]));
    expect([...byId.keys()].slice(0, 11)).toEqual(['P-001', 'P-002', 'P-003', 'P-004', 'P-005', 'P-007', 'P-008', 'P-009', 'P-010', 'P-011', 'P-012']);
    expect(byId.size).toBe(11 + MESSY_EXAMPLE.simulatedPatients);
    expect(byId.get('P-001')!.visits.map((v) => v.grade)).toEqual([4, 3.5, 3, 2, 1]);
    expect(byId.get('P-002')).toMatchObject({ sex: 'F', diabetes: true, hypertension: true, delayedTreatment: true });
    expect(byId.get('P-003')!.visits.map((v) => v.grade)).toEqual([3, 2.5, 2, 1]);
    expect(byId.get('P-007')!.visits.map((v) => [v.day, v.grade])).toEqual([[1, 4], [8, 4], [15, 3.5], [22, null], [36, 3], [106, 2]]);
    expect(byId.get('P-007')!.delayedTreatment).toBe(true);
    expect(byId.get('P-009')!.sex).toBe('M');
    expect(byId.get('P-012')!.visits.map((v) => v.grade)).toEqual([4, 4, 3.5, 3, 2]);
    expect(byId.get('P-012')!.onsetDate).toBe('2024-05-01');
  });

  it('reads the same from an XLSX copy of the file as from the CSV', async () => {
    const csv = await readTable({ name: 'messy-emr-example.csv', bytes: messyExampleBytes() });
    const xlsx = await readTable({ name: 'messy.xlsx', bytes: makeXlsx([{ name: 'Export', rows: [csv.headers, ...csv.rows] }]) });
    const fromCsv = ingest(csv, messyExampleSettings());
    const fromXlsx = ingest(xlsx, messyExampleSettings());
    expect(fromXlsx.counts).toEqual(fromCsv.counts);
    // Row numbers differ (the CSV has a blank line the copy lacks); the patients' data do not.
    const strip = (r: typeof fromCsv) => r.patients.map((p) => ({ ...p, visits: p.visits.map(({ row: _row, ...v }) => v) }));
    expect(strip(fromXlsx)).toEqual(strip(fromCsv));
  });

  it('lists its rejected rows with reasons, the formula neutralized', async () => {
    const table = await readTable({ name: 'messy-emr-example.csv', bytes: messyExampleBytes() });
    const rejected = rejectedRowsTable(ingest(table, messyExampleSettings()), table);
    expect(rejected.rows).toHaveLength(DOCUMENTED.rowsRejected + DOCUMENTED.rowsOfRejectedPatients);
    expect(rejected.rows.find((r) => r[0] === '48')![9]).toBe("'=cmd|' /C calc'!A0");
  });
});
