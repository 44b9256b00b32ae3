import { z } from 'zod';
import { detectTableDateFormat, suggestMapping } from '../data';
import { readSourceTable } from './read-source';
import type { MappingSuggestion } from '../data/column-mapping';
import type { DateFormatDetection } from '../data/detect-date-format';
import { REQUIRED_COLUMNS } from '../data/ingest';
import { CANONICAL_COLUMNS, type ColumnMapping } from '../data/types';
import { defineCell } from '../notebook/define-cell';

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
}

/**
 * The first look at a file before it becomes the notebook's data: its columns, a few rows, the
 * suggested mapping and what the dates look like. It feeds the mapping step of an upload, so it
 * runs in a worker like every cell (reading a large XLSX takes seconds).
 */
export const inspectFile = defineCell<Record<string, never>, InspectFileParams, FileInspection>({
  kind: 'inspect-file',
  version: 1,
  title: 'Inspect a file',
  description: 'Reads the columns and first rows of a file and suggests how its columns map to the input contract.',
  inputs: {},
  params: inspectFileParamsSchema,
  heavy: false,
  usesSource: true,
  async *run(_inputs, params, ctx) {
    const source = ctx.source!;
    yield { fraction: 0.1, message: 'reading file' };
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
    };
  },
  headline: () => ({}),
  artifacts: () => [],
});
