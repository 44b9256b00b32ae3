import { matchHeader } from './column-mapping';
import { IngestError } from './ingest-error';
import type { SourceTable } from './types';

/** How far down a header is looked for when the first rows look like titles. */
const HEADER_SEARCH_ROWS = 20;

/**
 * Turns a grid of cells (row i is source row i + 1) into a table: the header is the first
 * non-blank row, unless that row names fewer than two known columns and a row further down
 * (within the first 20) names more: then the rows above it are taken as titles ("Clinic
 * export, 2024") and recorded in `titleRows`. Blank rows are dropped, and every kept row
 * remembers its source row number so that messages point where the user looks.
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
  const first = grid.findIndex((row) => !isBlank(row));
  if (first < 0) throw new IngestError('empty-file', 'The file has no content: every row is blank.');
  const headerIndex = findHeaderRow(grid, first);
  const headers = grid[headerIndex]!.map((h) => h.replace(/^\uFEFF/, '').trim());
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const parseErrors: { row: number; message: string }[] = [];
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const row = grid[i]!;
    const error = gridErrors.get(i);
    if (isBlank(row) && error === undefined) continue;
    // The grid's own row (not a copy): a million-row file is not held twice.
    rows.push(row as string[]);
    rowNumbers.push(i + 1);
    if (error !== undefined) parseErrors.push({ row: i + 1, message: error });
  }
  const table: SourceTable = { headers, rows, rowNumbers, headerRow: headerIndex + 1, format };
  if (headerIndex > first) {
    table.titleRows = [];
    for (let i = first; i < headerIndex; i++) if (!isBlank(grid[i]!)) table.titleRows.push({ row: i + 1, text: grid[i]!.filter((c) => c.trim() !== '').join(' | ').slice(0, 120) });
  }
  if (parseErrors.length > 0) table.parseErrors = parseErrors;
  return table;
}

/** Known column names in a row (how much it looks like our header). */
export function headerScore(row: readonly string[]): number {
  const seen = new Set<string>();
  for (const cell of row) {
    const column = cell.trim() === '' ? undefined : matchHeader(cell);
    if (column) seen.add(column);
  }
  return seen.size;
}

function findHeaderRow(grid: readonly (readonly string[])[], first: number): number {
  const firstScore = headerScore(grid[first]!);
  if (firstScore >= 2) return first;
  let best = first;
  let bestScore = firstScore;
  for (let i = first + 1; i < Math.min(grid.length, first + HEADER_SEARCH_ROWS); i++) {
    const score = headerScore(grid[i]!);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  // One known name further down is not enough evidence to skip rows: it could be a data value.
  return bestScore >= 2 ? best : first;
}

function isBlank(row: readonly string[]): boolean {
  return row.every((cell) => cell.trim() === '');
}
