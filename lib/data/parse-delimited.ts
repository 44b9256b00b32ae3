import Papa from 'papaparse';
import { gridToTable } from './grid-to-table';
import { IngestError } from './ingest-error';
import type { SourceTable } from './types';

export interface DelimitedOptions {
  /** File name; `.tsv`/`.tab` prefer tabs when the header does not say otherwise. */
  name?: string;
  /** Force a delimiter instead of detecting one. */
  delimiter?: string;
}

const CANDIDATES = [',', '\t', ';', '|'] as const;

/**
 * Parses CSV or TSV text (RFC 4180 quoting, via papaparse) into a table. The delimiter is the
 * one the header line uses most, falling back on the file extension.
 *
 * @example
 *   parseDelimited('id;grade\np1;III', { name: 'export.csv' }).rows; // [['p1', 'III']]
 */
export function parseDelimited(text: string, options: DelimitedOptions = {}): SourceTable {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new IngestError('empty-file', 'The file is empty.');
  const nul = body.indexOf('\u0000');
  if (nul >= 0) {
    throw new IngestError('binary-file', `This does not look like a text file: it contains a NUL character at position ${nul}. Export the data as CSV (UTF-8) or XLSX.`);
  }
  // U+FFFD is what a lenient decoder leaves for bytes it could not read: the text is already damaged.
  const bad = body.indexOf('\uFFFD');
  if (bad >= 0) {
    throw new IngestError('invalid-encoding', `The text contains the replacement character (U+FFFD) at position ${bad}: it was not valid UTF-8 when it was decoded. Pass the file's bytes, or re-export it as CSV UTF-8.`);
  }
  const delimiter = options.delimiter ?? detectDelimiter(body, options.name ?? '');
  const isTsv = delimiter === '\t';
  const parsed = Papa.parse<string[]>(body, { delimiter, header: false, skipEmptyLines: false, dynamicTyping: false });

  const gridErrors = new Map<number, string>();
  for (const error of parsed.errors) {
    const at = error.row ?? 0;
    if (error.code === 'MissingQuotes') {
      throw new IngestError(
        'malformed-csv',
        `Row ${at + 1}: a quoted field is never closed (an unmatched " character), so the rest of the file cannot be read reliably. Fix the quote or re-export the file.`,
      );
    }
    gridErrors.set(at, `the row is malformed (${error.message})`);
  }
  return gridToTable(parsed.data, isTsv ? 'tsv' : 'csv', gridErrors);
}

function detectDelimiter(text: string, name: string): string {
  const preferred = /\.(tsv|tab)$/i.test(name) ? '\t' : ',';
  const firstLine = text.slice(0, 65_536).split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  let best: string = preferred;
  let bestCount = countOutsideQuotes(firstLine, preferred);
  for (const c of CANDIDATES) {
    const count = countOutsideQuotes(firstLine, c);
    if (count > bestCount) [best, bestCount] = [c, count];
  }
  return best;
}

function countOutsideQuotes(line: string, ch: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) count++;
  }
  return count;
}
