// Hostile and messy inputs, one class at a time: each gets a clear answer (a rejected row with
// row, column, value and reason, a warning, or a file-level message), never a crash.
import { describe, expect, it } from 'vitest';
import { ingest, type IngestOptions } from '@/lib/data/ingest';
import { parseDelimited } from '@/lib/data/parse-delimited';
import { readTable } from '@/lib/data/read-table';
import { readXlsx } from '@/lib/data/read-xlsx';
import { IngestError } from '@/lib/data/ingest-error';
import { loadCohort, loadCohortParamsSchema, rejectedRowsArtifact, type LoadedCohort } from '@/lib/cells/load-cohort';
import { datasetSummary, type DatasetSummary } from '@/lib/cells/dataset-summary';
import { createRng } from '@/lib/stats/random';
import type { SourceTable } from '@/lib/data/types';
import { expectResultAccountsForEveryRow } from './helpers/check-result';
import { makeXlsx } from './helpers/make-xlsx';

const HEADER = 'patient_id,sex,age,diabetes,hypertension,onset_date,treatment_start_date,visit_date,hb_grade';
const IDENTITY: IngestOptions['mapping'] = Object.fromEntries(HEADER.split(',').map((c) => [c, c]));
const row = (over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    patient_id: 'p1', sex: 'M', age: '50', diabetes: 'no', hypertension: 'no',
    onset_date: '2024-01-01', treatment_start_date: '2024-01-02', visit_date: '2024-01-03', hb_grade: 'IV',
  };
  return HEADER.split(',').map((c) => over[c] ?? base[c]).join(',');
};
const run = (t: SourceTable, options: Partial<IngestOptions> = {}) => {
  const result = ingest(t, { mapping: IDENTITY, dateFormat: 'iso', ...options });
  expectResultAccountsForEveryRow(result, t);
  return result;
};
const csv = (...lines: string[]) => parseDelimited([HEADER, ...lines].join('\n'), { name: 't.csv' });
const bytes = (text: string) => new TextEncoder().encode(text);

async function runCell<O>(cell: typeof loadCohort | typeof datasetSummary, name: string, data: Uint8Array, raw: unknown = {}): Promise<O> {
  const params = cell.params.parse(raw) as never;
  const gen = cell.run({}, params, { rng: createRng(1), seed: 1, signal: new AbortController().signal, source: { name, sha256: 'x', text: '', bytes: data }, env: {} });
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value as O;
  }
}
const load = (name: string, data: Uint8Array, raw: unknown = {}) => runCell<LoadedCohort>(loadCohort, name, data, { today: '2025-06-01', ...(raw as object) });

describe('implausible values: a warning by default, a rejection when asked', () => {
  const t = () => csv(row({ visit_date: '2025-07-01' }), row({ patient_id: 'p2', onset_date: '1900-01-01', treatment_start_date: '', visit_date: '1900-01-05' }), row({ patient_id: 'p3' }));

  it('a visit after today and an onset before 1950 are accepted with a warning naming row, column and value', () => {
    const r = run(t(), { today: '2025-06-01' });
    expect(r.counts.rowsAccepted).toBe(3);
    expect(r.problems.filter((p) => p.scope === 'warning' && p.row > 0)).toEqual([
      { row: 2, column: 'visit_date', value: '2025-07-01', reason: 'the visit date 2025-07-01 is after today (2025-06-01)', scope: 'warning', patientId: 'p1' },
      { row: 3, column: 'onset_date', value: '1900-01-01', reason: 'the onset date 1900-01-01 is before 1950: probably a placeholder or a typo', scope: 'warning', patientId: 'p2' },
    ]);
  });

  it('plausibility "reject" rejects those rows with the same reasons; today decides the future check', () => {
    const r = run(t(), { today: '2025-06-01', plausibility: 'reject' });
    expect(r.counts).toMatchObject({ rowsAccepted: 1, rowsRejected: 2 });
    expect(r.problems.filter((p) => p.scope === 'row').map((p) => [p.row, p.column])).toEqual([[2, 'visit_date'], [3, 'onset_date']]);
    expect(run(t(), { today: '2025-08-01', plausibility: 'reject' }).counts.rowsRejected).toBe(1);
    expect(run(t(), { plausibility: 'reject' }).counts.rowsRejected).toBe(1); // no today: not checked
  });

  it('an age that disagrees with the birth date rejects the row, naming both', () => {
    const t2 = parseDelimited(`${HEADER},birth_date\n${row({ age: '30' })},1970-05-01`, { name: 't.csv' });
    const r = run(t2, { mapping: { ...IDENTITY, birth_date: 'birth_date' } });
    expect(r.problems).toContainEqual(expect.objectContaining({ row: 2, column: 'age', value: '30', reason: 'age 30 disagrees with the birth date 1970-05-01 (age at onset 53)' }));
  });

  it('ids that differ only by invisible or non-breaking characters are one patient, with a note', () => {
    const r = run(csv(row(), row({ patient_id: 'p\u200b1', visit_date: '2024-01-05' }), row({ patient_id: 'p 2' }), row({ patient_id: 'p\u00a02', visit_date: '2024-01-06' })));
    expect(r.patients.map((p) => [p.patientId, p.visits.length])).toEqual([['p1', 2], ['p 2', 2]]);
    expect(r.problems.filter((p) => p.scope === 'warning' && p.column === 'patient_id')).toEqual([
      { row: 3, column: 'patient_id', value: 'p<U+200B>1', reason: 'the patient id contains invisible or non-breaking characters; read as "p1"', patientId: 'p1', scope: 'warning' },
      { row: 5, column: 'patient_id', value: 'p<U+00A0>2', reason: 'the patient id contains invisible or non-breaking characters; read as "p 2"', patientId: 'p 2', scope: 'warning' },
    ]);
  });
});

describe('unreadable dates reject their own rows, never the file', () => {
  it.each([
    ['an impossible calendar date', '2024-02-31', /February 2024 has 29 days/],
    ['n/a', 'n/a', /not a date in the stated format iso/],
    ['a year out of range', '2204-01-05', /year 2204 is implausible/],
    ['a two-digit year', '05/01/24', /two-digit year is ambiguous/],
  ])('%s in an otherwise ISO file', async (_what, value, reason) => {
    const file = [HEADER, row(), row({ visit_date: value }), row({ visit_date: '2024-01-09' })].join('\n');
    const out = await load('iso.csv', bytes(file));
    expect(out.dateFormat).toBe('iso');
    expect(out.counts).toMatchObject({ rowsRead: 3, rowsAccepted: 2, rowsRejected: 1 });
    expect(out.problems.find((p) => p.scope === 'row')).toMatchObject({ row: 3, column: 'visit_date', value, reason: expect.stringMatching(reason) });
    expect(out.decisions.join(' ')).toMatch(/will reject their rows/);
  });

  it('a file that is truly undecidable names the candidate formats', async () => {
    const file = [HEADER, row({ onset_date: '01/02/2024', treatment_start_date: '', visit_date: '03/02/2024' })].join('\n');
    await expect(load('amb.csv', bytes(file))).rejects.toThrow(/Date format needed: .*read validly as dd\/mm\/yyyy and as mm\/dd\/yyyy.*\. Set the date format parameter to one of: dd\/mm\/yyyy, mm\/dd\/yyyy\./);
  });
});

describe('file-level messages say what is wrong', () => {
  it('a header-only file', async () => {
    await expect(load('empty.csv', bytes(`${HEADER}\n\n`))).rejects.toThrow(/The file has a header \(row 1: "patient_id", "sex".*\) but no data rows\./);
  });

  it('title rows above the header are found and skipped, with a note', async () => {
    const file = ['Facial nerve clinic export,,', 'Printed 2024-05-01', '', HEADER, row(), row({ visit_date: '2024-01-08' })].join('\n');
    const table = await readTable({ name: 't.csv', bytes: bytes(file) });
    expect(table).toMatchObject({ headerRow: 4, titleRows: [{ row: 1, text: 'Facial nerve clinic export' }, { row: 2, text: 'Printed 2024-05-01' }], rowNumbers: [5, 6] });
    const out = await load('t.csv', bytes(file));
    expect(out.counts.rowsAccepted).toBe(2);
    expect(out.decisions[0]).toMatch(/The header is row 4; .*row 1 "Facial nerve clinic export", row 2 "Printed 2024-05-01"/);
  });

  it('a header that cannot be matched: the message shows the header read and which row looks like one', async () => {
    // Found below a title row, but one required column has an unknown name.
    const renamed = ['Clinic export', HEADER.replace('patient_id', 'PatientKey'), row()].join('\n');
    await expect(load('t.csv', bytes(renamed))).rejects.toThrow(/^No column of the file could be matched to patient_id \(the header read is row 2: "PatientKey", "sex", .*\)\. Name the columns in the column mapping\.$/);
    // A first row that names two known columns is taken as the header; the real one is further down.
    const lower = ['id,visit', 'summary,3', HEADER, row()].join('\n');
    await expect(load('t.csv', bytes(lower))).rejects.toThrow(/could be matched to onset_date, hb_grade \(the header read is row 1: "id", "visit"\)\. Row 3 looks like a header; remove the rows above it\./);
  });

  it('a workbook whose first sheet has no visit table names the sheets that have one', async () => {
    const visits = [HEADER.split(','), row().split(',')];
    const xlsx = makeXlsx([
      { name: 'README', rows: [['This workbook holds the 2024 export.'], ['See the Visits sheet.']] },
      { name: 'Visits', rows: visits },
      { name: 'Copy', rows: visits },
    ]);
    await expect(load('book.xlsx', xlsx)).rejects.toThrow(/No column of the sheet "README" could be matched .* The sheets "Visits", "Copy" have a visit table\. Choose it with the sheet parameter\./);
    expect((await load('book.xlsx', xlsx, { sheet: 'Visits' })).counts.rowsAccepted).toBe(1);
    const empty = makeXlsx([{ name: 'Blank', rows: [] }, { name: 'Visits', rows: visits }]);
    await expect(readTable({ name: 'b.xlsx', bytes: empty })).rejects.toThrow(/The sheet "Blank" is empty\. The sheet "Visits" has a visit table\. Its sheets are: Blank, Visits\./);
  });

  it('an XLSX formula saved without its result is refused by row, column and formula, not read as an ungraded visit', async () => {
    const cells = (over: Partial<Record<string, unknown>>) => HEADER.split(',').map((c) => (c in over ? over[c] : row().split(',')[HEADER.split(',').indexOf(c)])) as never[];
    const xlsx = makeXlsx([
      {
        name: 'Visits',
        rows: [
          HEADER.split(','),
          cells({}),
          cells({ visit_date: '2024-01-08', hb_grade: { formula: 'B9+1' } }),
          cells({ visit_date: '2024-01-15', hb_grade: { formula: 'MIN(2,3)', cached: 2 } }),
        ],
      },
    ]);
    const out = await load('book.xlsx', xlsx);
    expect(out.counts.rowsAccepted).toBe(2);
    const problem = out.problems.find((p) => p.row === 3);
    expect(problem).toMatchObject({ row: 3, column: 'hb_grade', scope: 'row' });
    expect(problem!.value).toContain('=B9+1');
    expect(problem!.reason).toMatch(/formula saved without its result .*save it, or export the sheet as CSV/);
    // The formula with a saved result is read as its value.
    expect(out.patients[0]!.visits.map((v) => v.grade)).toEqual([expect.any(Number), 2]);
  });

  it('an XLSX that expands past the limit is refused from its directory, before anything is decompressed', async () => {
    const big = makeXlsx([{ name: 'Visits', rows: [HEADER.split(','), ...Array.from({ length: 200 }, () => row().split(','))] }]);
    const error = await readXlsx(big, { maxUncompressedBytes: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe('xlsx-too-large');
    expect((error as Error).message).toMatch(/expands to \d+ KB when unzipped \(its part xl\/worksheets\/sheet1\.xml alone is \d+ KB\), over the 10 KB this workbench reads\. Save the visit sheet as CSV/);
    expect((await readXlsx(big)).rows).toHaveLength(200);
  });

  it.each([
    ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], /This is a PNG image, which cannot be read/],
    ['UTF-16 without a byte-order mark', [...bytes('id,grade\n')].flatMap((b) => [b, 0]), /NUL byte at byte 1 .*UTF-16 without a byte-order mark/],
    ['Windows-1252 text', [...bytes('id,name\n1,'), 0xe9], /not valid UTF-8 text .*Windows-1252/],
  ])('the dataset summary refuses %s with a clear message, not nonsense counts', async (_what, data, message) => {
    await expect(runCell(datasetSummary, 'f.csv', new Uint8Array(data))).rejects.toThrow(message);
  });

  it('the dataset summary reads UTF-16 with a byte-order mark and says so', async () => {
    const text = `${HEADER}\n${row()}\n`;
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) le[2 + 2 * i] = text.charCodeAt(i);
    const out = await runCell<DatasetSummary>(datasetSummary, 'u16.csv', le);
    expect(out).toMatchObject({ format: 'csv', encoding: 'utf-16le', rows: 1, columns: HEADER.split(',') });
  });
});

describe('rejected_rows.csv keeps the user columns by position', () => {
  it('duplicate and blank headers survive, and a user column named source_row never overwrites ours', async () => {
    const file = [`${HEADER},note,note,,source_row,rejection_reasons`, `${row({ hb_grade: 'VII' })},a,b,c,999,mine`].join('\n');
    const out = await load('t.csv', bytes(file));
    const lines = rejectedRowsArtifact(out.rejected).csv.trim().split('\n');
    expect(lines[0]).toBe(`source_row,${HEADER},note,note,,source_row,rejection_reasons,rejection_scope,rejection_reasons`);
    expect(lines[1]).toMatch(/^2,p1,M,50,no,no,2024-01-01,2024-01-02,2024-01-03,VII,a,b,c,999,mine,row,"?hb_grade ""VII"": /);
    // The cell's own artifact is this one.
    const artifact = loadCohort.artifacts!(out, loadCohortParamsSchema.parse({}), {})[0]!;
    expect(artifact.type === 'table' && artifact.csv).toBe(rejectedRowsArtifact(out.rejected).csv);
  });
});
