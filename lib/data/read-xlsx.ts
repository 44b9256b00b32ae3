import readXlsxFile from 'read-excel-file/universal';
import { gridToTable } from './grid-to-table';
import { IngestError } from './ingest-error';
import type { SourceTable } from './types';

/**
 * Reads one sheet of an XLSX workbook (the first, or the one named) into a text table.
 * Uses read-excel-file's `universal` entry: it takes an ArrayBuffer, unzips with fflate and runs
 * the same in Node, a Web Worker and the page. Date cells become ISO yyyy-mm-dd (read in UTC),
 * numbers their shortest decimal text, booleans `true`/`false`, error cells (#DIV/0!) empty.
 *
 * @example
 *   const table = await readXlsx(bytes, { sheet: 'Visits' });
 */
export async function readXlsx(bytes: Uint8Array, options: { sheet?: string } = {}): Promise<SourceTable> {
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
  const grid = chosen.data.map((row) => row.map(cellText));
  const table = gridToTable(grid, 'xlsx');
  table.sheet = chosen.sheet;
  table.sheetNames = names;
  return table;
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
