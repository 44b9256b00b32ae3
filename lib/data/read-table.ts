import { decodeTextWithEncoding } from './decode-text';
import { IngestError } from './ingest-error';
import { parseDelimited } from './parse-delimited';
import { readXlsx, type ReadXlsxOptions } from './read-xlsx';
import type { SourceTable } from './types';

export interface TableInput {
  /** The file name; its extension is a hint, the content decides. */
  name: string;
  /** Already-decoded text (CSV/TSV only). Prefer `bytes`: they let encoding errors be caught. */
  text?: string;
  bytes?: Uint8Array;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // legacy .xls / .doc compound file
const PDF = [0x25, 0x50, 0x44, 0x46];
// Files people pick by mistake: named so the message can say what they chose.
const OTHER_BINARY: [readonly number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip-compressed file'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
];

/**
 * Reads a clinic export — CSV, TSV (UTF-8 with or without BOM, or UTF-16 with BOM) or XLSX —
 * into a text table. Throws an `IngestError` with a message for the user when the file as a
 * whole cannot be read (empty, binary, wrong encoding, legacy .xls, damaged XLSX, no such sheet).
 *
 * @example
 *   const table = await readTable({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
 *   table.headers; // ['Pt No', 'Gender', ...]
 */
export async function readTable(input: TableInput, options: ReadXlsxOptions = {}): Promise<SourceTable> {
  const ext = /\.([a-z0-9]+)$/i.exec(input.name)?.[1]?.toLowerCase() ?? '';
  if (input.bytes !== undefined) {
    const bytes = input.bytes;
    if (bytes.length === 0) throw new IngestError('empty-file', 'The file is empty.');
    if (startsWith(bytes, ZIP)) {
      if (ext === 'ods') throw unsupported('an OpenDocument spreadsheet (.ods)');
      return readXlsx(bytes, options);
    }
    if (startsWith(bytes, OLE)) throw unsupported('a legacy Excel .xls (or other Office 97–2003) file');
    if (startsWith(bytes, PDF)) throw unsupported('a PDF document');
    for (const [magic, what] of OTHER_BINARY) if (startsWith(bytes, magic)) throw unsupported(what);
    if (ext === 'xlsx' || ext === 'xlsm') {
      throw new IngestError('invalid-xlsx', `"${input.name}" is named like an XLSX file but is not one (an XLSX file is a zip archive). It may be damaged, or a text file with the wrong extension.`);
    }
    if (ext === 'xls') throw unsupported('named .xls (legacy Excel)');
    const { text, encoding } = decodeTextWithEncoding(bytes);
    const table = parseDelimited(text, { name: input.name });
    table.encoding = encoding;
    return table;
  }
  if (input.text !== undefined) {
    if (ext === 'xlsx' || ext === 'xlsm' || ext === 'xls') {
      throw new IngestError('unsupported-format', 'An Excel file must be passed as bytes, not text.');
    }
    return parseDelimited(input.text, { name: input.name });
  }
  throw new IngestError('empty-file', 'No file content was given.');
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function unsupported(what: string): IngestError {
  return new IngestError('unsupported-format', `This is ${what}, which cannot be read. Save it as XLSX or CSV (UTF-8) and try again.`);
}
