// Property-based tests (fast-check): generated hostile tables through ingestion. Whatever the
// table, ingestion accounts for every row (read = accepted + rejected + rows of rejected
// patients), every rejection names its row, column, value and reason, and nothing escapes but
// the two errors meant for the user (IngestError: the file is unreadable; InputError: the
// step cannot go on, said plainly). fast-check shrinks a failure to a minimal table.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { loadCohort, loadCohortParamsSchema, type LoadedCohort } from '@/lib/cells/load-cohort';
import { ingest, type IngestOptions } from '@/lib/data/ingest';
import { rejectedRowsTable } from '@/lib/data/rejected-rows';
import { CANONICAL_COLUMNS, type CanonicalColumn, type IngestResult, type SourceTable } from '@/lib/data/types';
import { createRng } from '@/lib/stats/random';
import { expectResultAccountsForEveryRow } from './helpers/check-result';

// Plausible values agree across a patient's rows (so many patients are accepted); conflicts,
// bad values and implausible ones come from the hostile list and from random text.
const HOSTILE = [
  '', ' ', 'n/a', 'NA', '-', '?', '=1+1', "=cmd|' /C calc'!A0", '+SUM(A1)', '@x', '\u200b', 'p\u200b1', 'p\u00a01', '\u202eevil',
  '2024-02-31', '2204-01-01', '1900-01-01', '05/03/24', '31/12/9999', '00/00/0000', '45306', '60', '1e999', 'NaN', '-0', '__proto__',
  'constructor', '😀', 'ｉｖ', 'Ⅲ–Ⅳ', 'III--IV', 'VII', '0', 'x'.repeat(300), '"', ',', '\t',
  'F', 'male', '1', '-3', '130', '2030-01-01', '2023-12-30', '2024-01-03', '01/01/2024', '13/01/2024', '2026-01-01', 'yes',
];
const VALID: Record<CanonicalColumn, readonly string[]> = {
  patient_id: ['p1', 'p2', 'p3', 'P 4'],
  sex: ['M'],
  age: ['45'],
  birth_date: ['1979-01-01'],
  diabetes: ['no'],
  hypertension: ['yes'],
  onset_date: ['2024-01-01'],
  treatment_start_date: ['2024-01-02'],
  delayed_treatment: ['no'],
  visit_date: ['2024-01-02', '2024-01-05', '2024-01-09', '2024-01-20', '2024-02-20', '2024-06-01', '2024-09-30'],
  hb_grade: ['I', 'II', 'III', 'IV', 'V', 'VI', 'III-IV', '3', 'Grade 2', ''],
  site: ['Seoul'],
  diagnosis: ['Bell palsy'],
};

const REQUIRED = ['patient_id', 'visit_date', 'onset_date', 'hb_grade'] as const;
const OPTIONAL = CANONICAL_COLUMNS.filter((c) => !(REQUIRED as readonly string[]).includes(c));

/**
 * A header: the required columns (one of them sometimes missing), some optional ones and
 * sometimes extra, blank and duplicate names, in any order.
 */
const headerArb = fc
  .tuple(
    fc.oneof({ weight: 9, arbitrary: fc.constant([...REQUIRED] as string[]) }, { weight: 1, arbitrary: fc.shuffledSubarray([...REQUIRED] as string[]) }),
    fc.shuffledSubarray([...OPTIONAL] as string[]),
    fc.oneof({ weight: 3, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(fc.constantFrom('notes', '', 'source_row', 'patient_id', 'Visit'), { maxLength: 3 }) }),
  )
  .chain(([required, optional, extra]) => {
    const all = [...required, ...optional, ...extra];
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
  });

/** A cell for a column: mostly a plausible value, often a hostile one. */
const cellArb = (header: string) => {
  const valid = VALID[header as CanonicalColumn] ?? ['x', ''];
  return fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
};

/** Rows that usually fit the header, sometimes short or long by a few cells. */
const tableArb: fc.Arbitrary<SourceTable> = headerArb.chain((headers) =>
  fc.record({
    headers: fc.constant(headers),
    rows: fc.array(
      fc.tuple(fc.tuple(...headers.map(cellArb)), fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -3, max: 2 }) }), fc.array(cellArb('notes'), { maxLength: 2 })).map(([cells, delta, extra]) =>
        delta >= 0 ? [...cells, ...extra.slice(0, delta)] : cells.slice(0, Math.max(0, cells.length + delta)),
      ),
      { maxLength: 14 },
    ),
    format: fc.constantFrom<SourceTable['format']>('csv', 'xlsx', undefined),
  }).map((t) => (t.format === undefined ? { headers: t.headers, rows: t.rows } : t)),
);

const optionsArb = (headers: readonly string[]): fc.Arbitrary<IngestOptions> =>
  fc.record(
    {
      // Usually the identity mapping of the canonical headers present; sometimes a wrong one.
      mapping: fc.oneof(
        { weight: 9, arbitrary: fc.constant(Object.fromEntries(headers.filter((h) => (CANONICAL_COLUMNS as readonly string[]).includes(h)).map((h) => [h, h]))) },
        { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...CANONICAL_COLUMNS), fc.constantFrom(...headers, 'missing', 'notes')) },
      ),
      dateFormat: fc.oneof({ weight: 3, arbitrary: fc.constant('iso') }, { weight: 1, arbitrary: fc.constantFrom('dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy.mm.dd', 'excel-serial') }),
      valueMaps: fc.constantFrom(undefined, { sex: { '1': 'M', '2': 'F' } }, { hb_grade: { 'n/a': '', '__proto__': 'I' } }),
      plausibility: fc.constantFrom('warn', 'reject'),
      today: fc.constantFrom(undefined, '2025-01-01'),
    },
    { requiredKeys: ['mapping', 'dateFormat'] },
  ) as fc.Arbitrary<IngestOptions>;

function expectEveryRejectionExplained(result: IngestResult, table: SourceTable): void {
  for (const p of result.problems) {
    expect(Number.isInteger(p.row) && p.row >= 0).toBe(true);
    expect(typeof p.column === 'string' && p.column.length > 0).toBe(true);
    expect(typeof p.value).toBe('string');
    expect(p.reason.trim().length).toBeGreaterThan(5);
    if (p.scope === 'row' || p.scope === 'patient') expect(p.row).toBeGreaterThan(0);
  }
  const rejected = rejectedRowsTable(result, table);
  expect(rejected.rows).toHaveLength(result.counts.rowsRejected + result.counts.rowsOfRejectedPatients);
  for (const r of rejected.rows) {
    expect(r).toHaveLength(table.headers.length + 3);
    expect(r.at(-1)!.length).toBeGreaterThan(0);
  }
}

describe('ingestion properties (fast-check)', () => {
  it('1,000 generated hostile tables: counts add up, every rejection has row, column, value and reason, nothing throws', () => {
    fc.assert(
      fc.property(tableArb.chain((table) => fc.tuple(fc.constant(table), optionsArb(table.headers))), ([table, options]) => {
        const result = ingest(table, options);
        expectResultAccountsForEveryRow(result, table);
        expectEveryRejectionExplained(result, table);
      }),
      { numRuns: 1000, seed: 16 },
    );
  });

  it('500 generated files through the load step: a result that accounts for every row, or a plain IngestError / InputError', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, fc.constantFrom('auto', 'iso', 'dd/mm/yyyy'), fc.constantFrom('warn', 'reject'), async (table, dateFormat, plausibility) => {
        const text = Papa.unparse([table.headers, ...table.rows], { newline: '\n' });
        const bytes = new TextEncoder().encode(text);
        const params = loadCohortParamsSchema.parse({ dateFormat, plausibility, today: '2025-01-01' });
        const gen = loadCohort.run({}, params, { rng: createRng(1), seed: 1, signal: new AbortController().signal, source: { name: 'gen.csv', sha256: '', text, bytes }, env: {} });
        let out: LoadedCohort;
        try {
          let step = await gen.next();
          while (!step.done) step = await gen.next();
          out = step.value;
        } catch (error) {
          expect(['IngestError', 'InputError']).toContain((error as Error).name);
          expect((error as Error).message.length).toBeGreaterThan(10);
          return;
        }
        const { counts } = out;
        expect(counts.rowsAccepted + counts.rowsRejected + counts.rowsOfRejectedPatients).toBe(counts.rowsRead);
        expect(out.rejected.rows).toHaveLength(counts.rowsRejected + counts.rowsOfRejectedPatients);
        for (const p of out.problems) expect(p.reason.length).toBeGreaterThan(5);
      }),
      { numRuns: 500, seed: 16 },
    );
  });
});
