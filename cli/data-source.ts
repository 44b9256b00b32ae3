import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * A data file as the notebook runtime's source: its name, SHA-256 and bytes. Cells that read
 * the file decode the bytes themselves (and say when it is not text); `text` is decoded only
 * if a cell asks, so a large file is not held twice.
 */
export function fileSource(path: string) {
  const buffer = readFileSync(path);
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
