import { z } from 'zod';
import { decodeText } from '../data/decode-text';
import { defineCell } from '../notebook/define-cell';

export interface DatasetSummary {
  name: string;
  sha256: string;
  bytes: number;
  rows: number;
  columns: string[];
}

/**
 * First look at the loaded file: its name, hash, size, header and number of data rows.
 * Cheap and dependency-free on purpose: it works on any text file, before a column mapping
 * exists, so a user sees at once whether the right file was loaded.
 */
export const datasetSummary = defineCell<Record<string, never>, Record<string, never>, DatasetSummary>({
  kind: 'dataset-summary',
  version: 1,
  title: 'Dataset',
  description: 'Shows which file is loaded: name, SHA-256, header and number of rows.',
  inputs: {},
  params: z.object({}),
  heavy: false,
  usesSource: true,
  async *run(_inputs, _params, ctx) {
    const source = ctx.source!;
    const text = source.bytes ? decodeText(source.bytes) : source.text;
    const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
    const header = (lines[0] ?? '').replace(/^\uFEFF/, '');
    const delimiter = header.includes('\t') ? '\t' : ',';
    return {
      name: source.name,
      sha256: source.sha256,
      bytes: source.bytes?.length ?? text.length,
      rows: Math.max(0, lines.length - 1),
      columns: header ? header.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '')) : [],
    };
  },
  headline: (out) => ({ data: { name: out.name, sha256: out.sha256, rows: out.rows, columns: out.columns } }),
  artifacts: (out) => [
    {
      type: 'table',
      name: 'dataset_summary',
      csv: `name,sha256,rows,columns\n"${out.name.replace(/"/g, '""')}",${out.sha256},${out.rows},${out.columns.length}\n`,
    },
  ],
});
