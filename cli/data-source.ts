import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { readInputFile } from './file-checks';

/**
 * A data file as the notebook runtime's source: its name, SHA-256 and bytes. Cells that read
 * the file decode the bytes themselves (and say when it is not text); `text` is decoded only
 * if a cell asks, so a large file is not held twice. Only a regular file under the input limit
 * is read (a folder, FIFO or device is a UsageError naming `flag`; see file-checks.ts).
 */
export function fileSource(path: string, flag = '--data') {
  const buffer = readInputFile(path, flag, { missing: `data file not found: ${path}` });
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return {
    name: basename(path),
    sha256: createHash('sha256').update(buffer).digest('hex'),
    bytes,
    get text() {
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    },
  };
}

/** Whether the bytes are a zip archive, as an XLSX workbook is (a CSV or TSV file is not). */
export function isZipArchive(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
