import { z } from 'zod';
import { IngestError } from '../data/ingest-error';
import { readSourceTable } from '../data/read-source';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';

export interface DatasetSummary {
  name: string;
  sha256: string;
  bytes: number;
  /** How the file was read: csv, tsv or xlsx, and for text its encoding. */
  format: string;
  encoding?: string;
  sheet?: string;
  /** Data rows (blank rows not counted). */
  rows: number;
  columns: string[];
  /** 1-based row of the header (above it: titles or blank rows). */
  headerRow: number;
}

/**
 * First look at the loaded file: its name, hash, size, format and encoding, header and number
 * of data rows. It reads the file the way the load step does (so a PNG, a UTF-16 file without
 * a byte-order mark or a damaged XLSX gets the same clear message, never nonsense counts),
 * but needs no column mapping, so a user sees at once whether the right file was loaded.
 */
export const datasetSummary = defineCell<Record<string, never>, Record<string, never>, DatasetSummary>({
  kind: 'dataset-summary',
  version: 2,
  title: 'Dataset',
  description: 'Shows which file is loaded: name, SHA-256, format and encoding, header and number of rows.',
  inputs: {},
  params: z.object({}),
  heavy: false,
  usesSource: true,
  async *run(_inputs, _params, ctx) {
    const source = ctx.source!;
    let table;
    try {
      table = await readSourceTable(source, undefined);
    } catch (error) {
      if (error instanceof IngestError) throw new InputError(`${source.name}: ${error.message}`);
      throw error;
    }
    return {
      name: source.name,
      sha256: source.sha256,
      bytes: source.bytes?.length ?? source.text.length,
      format: table.format ?? 'csv',
      ...(table.encoding ? { encoding: table.encoding } : {}),
      ...(table.sheet ? { sheet: table.sheet } : {}),
      rows: table.rows.length,
      columns: table.headers,
      headerRow: table.headerRow ?? 1,
    };
  },
  headline: (out) => ({ data: { name: out.name, sha256: out.sha256, format: out.format, encoding: out.encoding ?? null, rows: out.rows, columns: out.columns } }),
  artifacts: (out) => [
    {
      type: 'table',
      name: 'dataset_summary',
      csv: `name,sha256,format,encoding,rows,columns\n"${out.name.replace(/"/g, '""')}",${out.sha256},${out.format},${out.encoding ?? ''},${out.rows},${out.columns.length}\n`,
    },
  ],
});
