import { describe, expect, it } from 'vitest';
import { decodeText } from '@/lib/data/decode-text';
import { IngestError } from '@/lib/data/ingest-error';
import { readTable } from '@/lib/data/read-table';
import { makeXlsx } from './helpers/make-xlsx';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytesOf = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

async function readError(promise: Promise<unknown>): Promise<IngestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    return error as IngestError;
  }
  throw new Error('expected an IngestError');
}

describe('readTable: CSV and TSV', () => {
  it('reads a comma-separated file into headers and text rows', async () => {
    const t = await readTable({ name: 'a.csv', bytes: utf8('id,grade\r\np1,III\r\np2,"3,5 (comma)"\r\n') });
    expect(t.headers).toEqual(['id', 'grade']);
    expect(t.rows).toEqual([['p1', 'III'], ['p2', '3,5 (comma)']]);
    expect(t.rowNumbers).toEqual([2, 3]);
    expect(t.format).toBe('csv');
  });

  it('takes the delimiter from the extension (.tsv) or from the header line (tab, semicolon, pipe)', async () => {
    expect((await readTable({ name: 'a.tsv', text: 'id\tgrade\np1\tIII' })).rows).toEqual([['p1', 'III']]);
    expect((await readTable({ name: 'a.txt', text: 'id\tgrade\np1\tIII' })).format).toBe('tsv');
    expect((await readTable({ name: 'a.csv', text: 'id;grade;note\np1;III;a,b' })).rows).toEqual([['p1', 'III', 'a,b']]);
    expect((await readTable({ name: 'a.csv', text: 'id|grade\np1|III' })).headers).toEqual(['id', 'grade']);
  });

  it('reads UTF-8 with or without a byte-order mark, as bytes or text', async () => {
    const withBom = await readTable({ name: 'a.csv', bytes: bytesOf([0xef, 0xbb, 0xbf], utf8('id,név\np1,Ünal')) });
    expect(withBom.headers).toEqual(['id', 'név']);
    expect(withBom.rows).toEqual([['p1', 'Ünal']]);
    expect((await readTable({ name: 'a.csv', text: '\uFEFFid,x\np1,1' })).headers).toEqual(['id', 'x']);
    expect((await readTable({ name: 'a.csv', bytes: utf8('id,이름\np1,김😀') })).rows).toEqual([['p1', '김😀']]);
  });

  it('reads UTF-16 text with a byte-order mark (Excel "Unicode text")', async () => {
    const text = 'id\tgrade\r\np1\tIII\r\n';
    const le = [0xff, 0xfe, ...Array.from(text).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])];
    expect((await readTable({ name: 'a.txt', bytes: Uint8Array.from(le) })).rows).toEqual([['p1', 'III']]);
  });

  it('drops blank rows but keeps source row numbers, and takes the first non-blank row as the header', async () => {
    const t = await readTable({ name: 'a.csv', text: '\n\nid,grade\np1,I\n,\n\np2,II\n' });
    expect(t.headerRow).toBe(3);
    expect(t.rows).toEqual([['p1', 'I'], ['p2', 'II']]);
    expect(t.rowNumbers).toEqual([4, 7]);
  });

  it('reads a header-only file as a table with no rows', async () => {
    expect((await readTable({ name: 'a.csv', text: 'id,grade\n' })).rows).toEqual([]);
  });

  it('rejects an empty file with a clear error', async () => {
    expect((await readError(readTable({ name: 'a.csv', bytes: new Uint8Array() }))).code).toBe('empty-file');
    expect((await readError(readTable({ name: 'a.csv', text: ' \n\n' }))).code).toBe('empty-file');
    expect((await readError(readTable({ name: 'a.csv' }))).code).toBe('empty-file');
  });

  it('rejects binary junk (NUL bytes) with a clear error', async () => {
    const e = await readError(readTable({ name: 'a.csv', bytes: Uint8Array.from([0x69, 0x64, 0x00, 0x01, 0x02, 0xff]) }));
    expect(e.code).toBe('binary-file');
    expect(e.message).toMatch(/NUL byte at byte 2/);
    expect((await readError(readTable({ name: 'a.csv', text: 'id\u0000x' }))).code).toBe('binary-file');
  });

  it('rejects invalid UTF-8 (e.g. a Windows-1252 export) naming the byte and line', async () => {
    const e = await readError(readTable({ name: 'a.csv', bytes: bytesOf(utf8('id,name\np1,M'), [0xfc], utf8('ller\n')) }));
    expect(e.code).toBe('invalid-encoding');
    expect(e.message).toMatch(/byte 12, line 2/);
    expect(e.message).toMatch(/UTF-8/);
  });

  it('rejects text that was already decoded with replacement characters', async () => {
    expect((await readError(readTable({ name: 'a.csv', text: 'id,name\np1,M\uFFFDller' }))).code).toBe('invalid-encoding');
  });

  it('rejects an unclosed quote, which would swallow the rest of the file', async () => {
    const e = await readError(readTable({ name: 'a.csv', text: 'id,note\np1,"never closed\np2,x\n' }));
    expect(e.code).toBe('malformed-csv');
    expect(e.message).toMatch(/Row 2/);
  });

  it('refuses legacy .xls, PDF and a text file named .xlsx, saying what to do', async () => {
    const ole = await readError(readTable({ name: 'a.xls', bytes: Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) }));
    expect(ole.code).toBe('unsupported-format');
    expect(ole.message).toMatch(/Save it as XLSX or CSV/);
    expect((await readError(readTable({ name: 'a.csv', bytes: utf8('%PDF-1.7\n...') }))).code).toBe('unsupported-format');
    expect((await readError(readTable({ name: 'a.xlsx', bytes: utf8('id,grade\np1,I') }))).code).toBe('invalid-xlsx');
    expect((await readError(readTable({ name: 'a.xlsx', text: 'id' }))).code).toBe('unsupported-format');
  });
});

describe('decodeText', () => {
  it('refuses overlong encodings, encoded surrogates and truncated sequences', () => {
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xff]]) {
      expect(() => decodeText(Uint8Array.from([0x61, ...bad])), bad.join(',')).toThrow(IngestError);
    }
  });

  it('decodes every valid sequence length, and long files in chunks', () => {
    expect(decodeText(utf8('aé€😀'))).toBe('aé€😀');
    const long = 'é'.repeat(20_000) + 'x';
    expect(decodeText(utf8(long))).toBe(long);
  });
});

describe('readTable: XLSX', () => {
  const workbook = () =>
    makeXlsx([
      {
        name: 'Visits',
        rows: [
          ['Pt No', 'Date of visit', 'H-B grade', 'DM', 'Age'],
          ['p1', { serial: 45306 }, 'III-IV', true, 45],
          ['p1', { serial: 45313 }, 3.5, false, 45],
        ],
      },
      { name: 'Notes', rows: [['x'], ['y']] },
    ]);

  it('reads the first sheet: dates as ISO text, numbers and booleans as text', async () => {
    const t = await readTable({ name: 'export.xlsx', bytes: workbook() });
    expect(t.format).toBe('xlsx');
    expect(t.sheet).toBe('Visits');
    expect(t.sheetNames).toEqual(['Visits', 'Notes']);
    expect(t.headers).toEqual(['Pt No', 'Date of visit', 'H-B grade', 'DM', 'Age']);
    expect(t.rows).toEqual([
      ['p1', '2024-01-15', 'III-IV', 'true', '45'],
      ['p1', '2024-01-22', '3.5', 'false', '45'],
    ]);
    expect(t.rowNumbers).toEqual([2, 3]);
  });

  it('reads a named sheet, and says which sheets exist when the name is wrong', async () => {
    expect((await readTable({ name: 'e.xlsx', bytes: workbook() }, { sheet: 'notes' })).rows).toEqual([['y']]);
    const e = await readError(readTable({ name: 'e.xlsx', bytes: workbook() }, { sheet: 'Labs' }));
    expect(e.code).toBe('sheet-not-found');
    expect(e.message).toMatch(/Visits, Notes/);
  });

  it('detects an XLSX by its content whatever its name', async () => {
    expect((await readTable({ name: 'export.csv', bytes: workbook() })).format).toBe('xlsx');
  });

  it('keeps sheet row numbers when the table starts lower down', async () => {
    const t = await readTable({ name: 'e.xlsx', bytes: makeXlsx([{ name: 'S', rows: [[null], ['id', 'g'], [null, null], ['p1', 'I']] }]) });
    expect(t.headerRow).toBe(2);
    expect(t.rowNumbers).toEqual([4]);
  });

  it('rejects a damaged XLSX (a truncated zip) with a clear error', async () => {
    const bytes = workbook();
    const e = await readError(readTable({ name: 'e.xlsx', bytes: bytes.slice(0, Math.floor(bytes.length / 2)) }));
    expect(e.code).toBe('invalid-xlsx');
    expect((await readError(readTable({ name: 'e.xlsx', bytes: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) }))).code).toBe('invalid-xlsx');
  });
});
