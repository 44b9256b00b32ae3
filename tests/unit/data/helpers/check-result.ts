// The accounting every ingestion result must satisfy, whatever the input: nothing is dropped
// without a Problem, and the counts add up.
import { expect } from 'vitest';
import type { IngestResult, SourceTable } from '@/lib/data/types';

export function expectResultAccountsForEveryRow(result: IngestResult, table: SourceTable): void {
  const { counts, problems, patients } = result;
  expect(counts.rowsRead).toBe(table.rows.length);
  expect(counts.rowsAccepted + counts.rowsRejected + counts.rowsOfRejectedPatients).toBe(counts.rowsRead);
  expect(patients.length + counts.patientsRejected + (counts.patientsWithoutValidRows ?? 0)).toBe(counts.patientsSeen);

  const visitRows = patients.flatMap((p) => p.visits.map((v) => v.row));
  expect(visitRows.length).toBe(counts.rowsAccepted);

  if (problems.some((p) => p.scope === 'file')) {
    // A file-level problem rejects every row at once.
    expect(patients).toEqual([]);
    expect(counts.rowsRejected).toBe(counts.rowsRead);
    return;
  }
  const rejectedRows = new Set(problems.filter((p) => p.scope === 'row').map((p) => p.row));
  expect(rejectedRows.size).toBe(counts.rowsRejected);
  const patientRows = new Set(problems.filter((p) => p.scope === 'patient').flatMap((p) => p.rows ?? []));
  expect(patientRows.size).toBe(counts.rowsOfRejectedPatients);
  for (const row of visitRows) {
    expect(rejectedRows.has(row)).toBe(false);
    expect(patientRows.has(row)).toBe(false);
  }
  for (const p of patients) {
    expect(p.visits.length).toBeGreaterThan(0);
    for (const v of p.visits) {
      expect(v.day).toBeGreaterThanOrEqual(0);
      expect(v.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (v.grade !== null) expect(v.grade >= 1 && v.grade <= 6 && Number.isInteger(v.grade * 2)).toBe(true);
    }
    if (p.age !== null) expect(Number.isFinite(p.age)).toBe(true);
  }
}
