import { neutralizeFormula } from './neutralize-formula';
import type { IngestResult, SourceTable } from './types';

/**
 * The rows that did not make it into the cohort, each with why: the source row number, the
 * original cells, the scope ('row', 'patient' or 'file') and every reason. Cells that a
 * spreadsheet would run as formulas are neutralized, so the table can be written to a CSV
 * (e.g. with `Papa.unparse`) and opened safely.
 *
 * @example
 *   const { headers, rows } = rejectedRowsTable(result, table);
 *   download(Papa.unparse([headers, ...rows]), 'rejected-rows.csv');
 */
export function rejectedRowsTable(result: IngestResult, table: SourceTable): { headers: string[]; rows: string[][] } {
  const reasons = new Map<number, { scope: string; reasons: string[] }>();
  const add = (row: number, scope: string, reason: string) => {
    const entry = reasons.get(row);
    if (!entry) reasons.set(row, { scope, reasons: [reason] });
    else {
      entry.reasons.push(reason);
      // A row is as rejected as its widest reason says.
      if (entry.scope === 'row' && scope !== 'row') entry.scope = scope;
    }
  };
  const rowNumberOf = (i: number) => table.rowNumbers?.[i] ?? i + 2;
  const fileProblems = result.problems.filter((p) => p.scope === 'file');
  for (const p of result.problems) {
    if (p.scope === 'row') add(p.row, 'row', describe(p.column, p.value, p.reason));
    if (p.scope === 'patient') for (const row of p.rows ?? [p.row]) add(row, 'patient', describe(p.column, p.value, p.reason));
  }
  if (fileProblems.length > 0) {
    for (let i = 0; i < table.rows.length; i++) {
      for (const p of fileProblems) add(rowNumberOf(i), 'file', describe(p.column, p.value, p.reason));
    }
  }
  const rows: string[][] = [];
  for (let i = 0; i < table.rows.length; i++) {
    const row = rowNumberOf(i);
    const entry = reasons.get(row);
    if (!entry) continue;
    const cells = table.rows[i] ?? [];
    const padded = table.headers.map((_, j) => cells[j] ?? '');
    rows.push([String(row), ...padded, entry.scope, entry.reasons.join('; ')].map(neutralizeFormula));
  }
  return { headers: ['source_row', ...table.headers, 'rejection_scope', 'rejection_reasons'].map(neutralizeFormula), rows };
}

function describe(column: string, value: string, reason: string): string {
  return value === '' ? `${column}: ${reason}` : `${column} "${value}": ${reason}`;
}
