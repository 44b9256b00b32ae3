import { z } from 'zod';
import type { DataSource } from '../notebook/define-cell';
import { suggestMapping, type MappingSuggestion } from './column-mapping';
import { detectTableDateFormat, type DateFormatDetection } from './detect-date-format';
import { REQUIRED_COLUMNS } from './ingest';
import { readSourceTable } from './read-source';
import { CANONICAL_COLUMNS, type ColumnMapping } from './types';
import { distinctValues, type ColumnValues } from './value-map';

export const inspectFileParamsSchema = z.object({
  /** XLSX: the sheet to read (default: the first). */
  sheet: z.string().optional(),
  /** The mapping to detect the date format under (default: the suggested one). */
  mapping: z.partialRecord(z.enum(CANONICAL_COLUMNS), z.string().min(1)).optional(),
  /** Rows of the file to show as a preview. */
  previewRows: z.number().int().min(0).max(50).default(6),
});

export type InspectFileParams = z.infer<typeof inspectFileParamsSchema>;

export interface FileInspection {
  fileName: string;
  format: 'csv' | 'tsv' | 'xlsx' | undefined;
  sheet?: string;
  sheetNames?: string[];
  headers: string[];
  /** The first rows, as text (for the preview next to the mapping). */
  preview: string[][];
  rowCount: number;
  suggestion: MappingSuggestion;
  /** The date format under `mapping` (or the suggested mapping). */
  dates: DateFormatDetection;
  required: readonly string[];
  /** Per column of the file (by position): its distinct values, for the mapping step's value maps. */
  values: ColumnValues[];
}

/**
 * The first look at a file before it becomes the notebook's data: its columns, a few rows, the
 * suggested mapping and what the dates look like. It feeds the mapping step of an upload and runs
 * in a worker through the pool's typed `inspect` call (reading a large XLSX takes seconds); it is
 * not a step of any notebook.
 */
export async function inspectFile(source: DataSource, raw: Partial<InspectFileParams> = {}): Promise<FileInspection> {
  const params = inspectFileParamsSchema.parse(raw);
  const table = await readSourceTable(source, params.sheet);
  const suggestion = suggestMapping(table.headers);
  const mapping: ColumnMapping = params.mapping ?? suggestion.mapping;
  return {
    fileName: source.name,
    format: table.format,
    sheet: table.sheet,
    sheetNames: table.sheetNames,
    headers: table.headers,
    preview: table.rows.slice(0, params.previewRows),
    rowCount: table.rows.length,
    suggestion,
    dates: detectTableDateFormat(table, mapping),
    required: REQUIRED_COLUMNS,
    values: table.headers.map((_, i) => distinctValues(table.rows, i)),
  };
}
