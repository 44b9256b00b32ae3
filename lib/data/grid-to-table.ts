import { IngestError } from './ingest-error';
import type { SourceTable } from './types';

/**
 * Turns a grid of cells (row i is source row i + 1) into a table: the first non-blank row is the
 * header, blank rows are dropped, and every kept row remembers its source row number so that
 * messages point where the user looks.
 *
 * @example
 *   gridToTable([[''], ['id', 'grade'], ['p1', 'III']], 'csv');
 *   // { headers: ['id', 'grade'], rows: [['p1', 'III']], rowNumbers: [3], headerRow: 2, ... }
 */
export function gridToTable(
  grid: readonly (readonly string[])[],
  format: NonNullable<SourceTable['format']>,
  gridErrors: ReadonlyMap<number, string> = new Map(),
): SourceTable {
  const headerIndex = grid.findIndex((row) => !isBlank(row));
  if (headerIndex < 0) throw new IngestError('empty-file', 'The file has no content: every row is blank.');
  const headers = grid[headerIndex]!.map((h) => h.replace(/^\uFEFF/, '').trim());
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const parseErrors: { row: number; message: string }[] = [];
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const row = grid[i]!;
    const error = gridErrors.get(i);
    if (isBlank(row) && error === undefined) continue;
    rows.push(row.slice());
    rowNumbers.push(i + 1);
    if (error !== undefined) parseErrors.push({ row: i + 1, message: error });
  }
  const table: SourceTable = { headers, rows, rowNumbers, headerRow: headerIndex + 1, format };
  if (parseErrors.length > 0) table.parseErrors = parseErrors;
  return table;
}

function isBlank(row: readonly string[]): boolean {
  return row.every((cell) => cell.trim() === '');
}
