import { unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/universal';
import { matchHeader } from './column-mapping';
import { gridToTable } from './grid-to-table';
import { IngestError } from './ingest-error';
import { REQUIRED_COLUMNS } from './ingest';
import type { SourceTable } from './types';
import { UNCALCULATED_MARK, uncalculatedCells } from './xlsx-uncalculated';

/**
 * The most a workbook may expand to when unzipped. The reader holds the XML of every sheet and
 * its parsed cells at once (several times the XML's size), so this bounds its memory; a visit
 * table of 100,000 rows is about 40 MB of sheet XML. An XLSX whose shared strings expand to
 * gigabytes (a "zip bomb", or a damaged file) is refused before anything is decompressed.
 */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

export interface ReadXlsxOptions {
  sheet?: string;
  /** Overrides MAX_XLSX_UNCOMPRESSED_BYTES (tests use a small one). */
  maxUncompressedBytes?: number;
}

/**
 * Reads one sheet of an XLSX workbook (the first, or the one named) into a text table.
 * Uses read-excel-file's `universal` entry: it takes an ArrayBuffer, unzips with fflate and runs
 * the same in Node, a Web Worker and the page. Date cells become ISO yyyy-mm-dd (read in UTC),
 * numbers their shortest decimal text, booleans `true`/`false`, error cells (#DIV/0!) empty.
 * The table also names the other sheets that look like a visit table (`sheetsWithVisitTable`),
 * so a workbook whose first sheet is a README can say where the data are.
 *
 * @example
 *   const table = await readXlsx(bytes, { sheet: 'Visits' });
 */
export async function readXlsx(bytes: Uint8Array, options: ReadXlsxOptions = {}): Promise<SourceTable> {
  checkUncompressedSize(bytes, options.maxUncompressedBytes ?? MAX_XLSX_UNCOMPRESSED_BYTES);
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    // A copy, so the reader gets a plain ArrayBuffer holding exactly this file.
    sheets = (await readXlsxFile(new Uint8Array(bytes).buffer)) as unknown as typeof sheets;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new IngestError('invalid-xlsx', `The XLSX file could not be read (${detail}). It may be damaged, password-protected or not really an XLSX file.`);
  }
  const names = sheets.map((s) => s.sheet);
  const chosen =
    options.sheet === undefined
      ? sheets[0]
      : (sheets.find((s) => s.sheet === options.sheet) ?? sheets.find((s) => s.sheet.toLowerCase() === options.sheet!.toLowerCase()));
  if (!chosen) {
    if (options.sheet === undefined) throw new IngestError('invalid-xlsx', 'The XLSX workbook has no sheets.');
    throw new IngestError('sheet-not-found', `The workbook has no sheet named "${options.sheet}". Its sheets are: ${names.join(', ')}.`);
  }
  const withVisits = sheets.filter((s) => s !== chosen && looksLikeVisitTable(s.data)).map((s) => s.sheet);
  const grid = chosen.data.map((row) => row.map(cellText));
  // Formulas saved without a result read as empty cells: put the formula, marked, in their place
  // so that ingestion names them (row, column, formula) instead of reading an ungraded visit.
  for (const cell of uncalculatedCells(bytes, chosen.sheet)) {
    const row = grid[cell.row - 1];
    if (row && (row[cell.column] ?? '') === '') {
      while (row.length <= cell.column) row.push('');
      row[cell.column] = cell.formula + UNCALCULATED_MARK;
    }
  }
  let table: SourceTable;
  try {
    table = gridToTable(grid, 'xlsx');
  } catch (error) {
    // An empty first sheet in front of the data: say where the data are.
    if (error instanceof IngestError && error.code === 'empty-file') {
      throw new IngestError('empty-file', `The sheet "${chosen.sheet}" is empty.${sheetHint(withVisits)} Its sheets are: ${names.join(', ')}.`);
    }
    throw error;
  }
  table.sheet = chosen.sheet;
  table.sheetNames = names;
  if (withVisits.length > 0) table.sheetsWithVisitTable = withVisits;
  return table;
}

/** " The sheet(s) "Visits" have a visit table." or nothing. */
export function sheetHint(sheets: readonly string[]): string {
  if (sheets.length === 0) return '';
  const list = sheets.map((s) => `"${s}"`).join(', ');
  return sheets.length === 1 ? ` The sheet ${list} has a visit table.` : ` The sheets ${list} have a visit table.`;
}

/** A row within the first 20 that names every required column. */
function looksLikeVisitTable(data: readonly (readonly unknown[])[]): boolean {
  return data.slice(0, 20).some((row) => {
    const named = new Set(row.map((c) => (typeof c === 'string' ? matchHeader(c) : undefined)));
    return REQUIRED_COLUMNS.every((c) => named.has(c));
  });
}

/** Sums the sizes the zip's directory declares, before anything is decompressed. */
function checkUncompressedSize(bytes: Uint8Array, limit: number): void {
  let total = 0;
  let largest = { name: '', size: 0 };
  try {
    unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (file.originalSize > largest.size) largest = { name: file.name, size: file.originalSize };
        return false; // read the directory only
      },
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new IngestError('invalid-xlsx', `The XLSX file could not be read (${detail}). It may be damaged, password-protected or not really an XLSX file.`);
  }
  if (total > limit) {
    const mb = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.ceil(n / 1024)} KB`);
    throw new IngestError(
      'xlsx-too-large',
      `The XLSX file expands to ${mb(total)} when unzipped (its part ${largest.name} alone is ${mb(largest.size)}), over the ${mb(limit)} this workbench reads. ` +
        'Save the visit sheet as CSV (UTF-8), which is read in a stream, or split the workbook.',
    );
  }
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? 'invalid date' : cell.toISOString().slice(0, 10);
  }
  return String(cell);
}
