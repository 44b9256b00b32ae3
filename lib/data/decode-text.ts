import { IngestError } from './ingest-error';

/**
 * Turns the bytes of a text export into a string: UTF-8 with or without a byte-order mark, or
 * UTF-16 with a byte-order mark (Excel's "Unicode text"). Anything else — NUL bytes, invalid
 * UTF-8 — throws an `IngestError` that says what is wrong, instead of decoding into mojibake
 * that would later mismatch patient ids.
 *
 * @example
 *   decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])); // 'a'
 */
export function decodeText(bytes: Uint8Array): string {
  return decodeTextWithEncoding(bytes).text;
}

/** The encodings a text export can be read in (named by its byte-order mark, or its absence). */
export type TextEncoding = 'utf-8' | 'utf-8 with BOM' | 'utf-16le' | 'utf-16be';

/** `decodeText`, also saying which encoding the bytes were read as. */
export function decodeTextWithEncoding(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const encoding: TextEncoding =
    bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8 with BOM' : 'utf-8';
  return { text: decodeBytes(bytes), encoding };
}

function decodeBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new IngestError('empty-file', 'The file is empty.');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, true);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, false);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new IngestError(
      'binary-file',
      `This does not look like a text file: it contains a NUL byte at byte ${nul} (a binary file, or UTF-16 without a byte-order mark). Export the data as CSV (UTF-8) or XLSX.`,
    );
  }
  return decodeUtf8(bytes, start);
}

// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF), decoded by hand so the
// error can name the byte and line, and because lib/ has no DOM typings for TextDecoder.
function decodeUtf8(bytes: Uint8Array, start: number): string {
  const parts: string[] = [];
  const units: number[] = [];
  const n = bytes.length;
  let i = start;
  while (i < n) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      units.push(b0);
      i++;
    } else {
      let need: number, cp: number, min: number;
      if (b0 >= 0xc2 && b0 <= 0xdf) [need, cp, min] = [1, b0 & 0x1f, 0x80];
      else if (b0 >= 0xe0 && b0 <= 0xef) [need, cp, min] = [2, b0 & 0x0f, 0x800];
      else if (b0 >= 0xf0 && b0 <= 0xf4) [need, cp, min] = [3, b0 & 0x07, 0x10000];
      else throw invalidUtf8(bytes, i);
      for (let k = 1; k <= need; k++) {
        const b = bytes[i + k];
        if (b === undefined || (b & 0xc0) !== 0x80) throw invalidUtf8(bytes, i);
        cp = (cp << 6) | (b & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw invalidUtf8(bytes, i);
      if (cp >= 0x10000) {
        const c = cp - 0x10000;
        units.push(0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
      } else {
        units.push(cp);
      }
      i += need + 1;
    }
    if (units.length >= 8192) flush(parts, units);
  }
  flush(parts, units);
  return parts.join('');
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  if (bytes.length % 2 !== 0) {
    throw new IngestError('invalid-encoding', 'The file starts like UTF-16 text but has an odd number of bytes; it is damaged or not text.');
  }
  const parts: string[] = [];
  const units: number[] = [];
  for (let i = 2; i < bytes.length; i += 2) {
    const unit = littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
    if (unit === 0) {
      throw new IngestError('binary-file', `This does not look like a text file: it contains a NUL character at byte ${i}.`);
    }
    units.push(unit);
    if (units.length >= 8192) flush(parts, units);
  }
  flush(parts, units);
  return parts.join('');
}

function flush(parts: string[], units: number[]): void {
  if (units.length === 0) return;
  parts.push(String.fromCharCode(...units));
  units.length = 0;
}

function invalidUtf8(bytes: Uint8Array, at: number): IngestError {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  return new IngestError(
    'invalid-encoding',
    `The file is not valid UTF-8 text (byte ${at}, line ${line}, is 0x${bytes[at]!.toString(16).padStart(2, '0')}). ` +
      'It may be a binary file, or text saved in another encoding (such as Windows-1252 or EUC-KR): re-export it as CSV UTF-8 or XLSX.',
  );
}
