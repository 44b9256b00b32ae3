import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { suggestMapping } from '@/lib/data/column-mapping';
import { detectTableDateFormat } from '@/lib/data/detect-date-format';
import { ingest } from '@/lib/data/ingest';
import { IngestError } from '@/lib/data/ingest-error';
import { readTable } from '@/lib/data/read-table';
import { rejectedRowsTable } from '@/lib/data/rejected-rows';
import type { ColumnMapping, SourceTable } from '@/lib/data/types';
import { createRng, type Rng } from '@/lib/stats/random';
import { expectResultAccountsForEveryRow } from './helpers/check-result';
import { messyExampleBytes, messyExampleSettings } from './helpers/messy-example';

// 1,000 seeded mutations of the messy example. Every one must end either in a thrown IngestError
// (the file as a whole is unreadable: "explained") or in a result whose counts add up and whose
// every rejected row has a Problem. Anything else thrown fails the test.

const MUTATIONS = 1000;
const FORMULAS = ["=cmd|' /C calc'!A0", '=1+1', '+SUM(A1:A9)', '-2+3', '@SUM(1)', '=HYPERLINK("http://example.invalid")'];
const HUGE = ['1e308', '1e999', '-1e999', '9'.repeat(400), 'NaN', 'Infinity', '-0', '0x1F', '1e-400'];
const ODD = ['', ' ', '\t', '"', '""', 'null', 'undefined', '__proto__', 'constructor', '😀', '\u202Eevil', 'ｉｖ', 'Ⅲ–Ⅳ', 'III--IV', '3/4/5', '31/12/9999', '00/00/0000'];

type Grid = string[][];

function baseGrid(): Grid {
  const text = new TextDecoder().decode(messyExampleBytes());
  return Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
}

const pick = <T,>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;

function randomCell(rng: Rng, grid: Grid): [number, number] {
  const r = 1 + rng.int(Math.max(1, grid.length - 1));
  return [Math.min(r, grid.length - 1), rng.int(grid[0]!.length)];
}

/** Cell-level mutations, applied to the grid before it is written out as CSV. */
const cellMutations: ((rng: Rng, grid: Grid) => void)[] = [
  (rng, g) => { const [r, c] = randomCell(rng, g); g[r]?.splice(c, 1); }, // delete a cell (shifts the rest)
  (rng, g) => { const [r, c] = randomCell(rng, g); if (g[r]) g[r]![c] = ''; }, // blank a cell
  (rng, g) => { const [r, c] = randomCell(rng, g); const [r2, c2] = randomCell(rng, g); if (g[r] && g[r2]) [g[r]![c], g[r2]![c2]] = [g[r2]![c2] ?? '', g[r]![c] ?? '']; }, // swap two cells
  (rng, g) => { const [r, c] = randomCell(rng, g); if (g[r]) g[r]![c] = pick(rng, HUGE); },
  (rng, g) => { const [r, c] = randomCell(rng, g); if (g[r]) g[r]![c] = pick(rng, FORMULAS); },
  (rng, g) => { const [r, c] = randomCell(rng, g); if (g[r]) g[r]![c] = pick(rng, ['x', '9', 'I', ',', '"']).repeat(10_000); }, // 10,000-character cell
  (rng, g) => { const [r, c] = randomCell(rng, g); if (g[r]) g[r]![c] = pick(rng, ODD); },
  (rng, g) => { const c = rng.int(g[0]!.length); const c2 = rng.int(g[0]!.length); g[0]![c] = g[0]![c2]!; }, // duplicated header
  (rng, g) => { g[0]![rng.int(g[0]!.length)] = pick(rng, ['', 'id', 'Visit', 'grade', 'x'.repeat(10_000), '=cmd']); }, // renamed header
  (rng, g) => { if (g.length > 1) g.splice(1 + rng.int(g.length - 1), 1); }, // delete a row
  (rng, g) => { if (g.length > 1) g.push(g[1 + rng.int(g.length - 1)]!.slice()); }, // duplicate a row
  (rng, g) => { const [r] = randomCell(rng, g); g[r]?.push(pick(rng, ['extra', '', ...FORMULAS])); }, // extra cell
  (rng, g) => { g.splice(1); }, // header only
];

/** Byte-level mutations, applied to the encoded file. */
const byteMutations: ((rng: Rng, bytes: Uint8Array) => Uint8Array)[] = [
  (rng, b) => { const out = Uint8Array.from(b); for (let k = 0; k < 1 + rng.int(5); k++) out[rng.int(out.length)] = rng.int(256); return out; }, // junk bytes
  (rng, b) => b.slice(0, rng.int(b.length + 1)), // truncated file
  () => new Uint8Array(), // empty file
  (rng, b) => { const at = rng.int(b.length); return Uint8Array.from([...b.slice(0, at), 0x22, ...b.slice(at)]); }, // stray quote
  (rng) => Uint8Array.from({ length: 1 + rng.int(2000) }, () => rng.int(256)), // pure binary junk
  (_rng, b) => Uint8Array.from([0xef, 0xbb, 0xbf, ...b]), // BOM
  (rng, b) => { const at = rng.int(b.length); return Uint8Array.from([...b.slice(0, at), ...new TextEncoder().encode('\n\n,,,\n'), ...b.slice(at)]); }, // blank lines
];

interface Outcome {
  kind: 'explained-file-error' | 'ingested';
}

async function runOne(seed: number): Promise<Outcome> {
  const rng = createRng(seed);
  const grid = baseGrid();
  for (let k = 0, n = 1 + rng.int(3); k < n; k++) pick(rng, cellMutations)(rng, grid);
  let bytes: Uint8Array = new TextEncoder().encode(Papa.unparse(grid, { newline: '\r\n' }));
  if (rng.bernoulli(0.3)) bytes = pick(rng, byteMutations)(rng, bytes);

  let table: SourceTable;
  try {
    table = await readTable({ name: rng.bernoulli(0.5) ? 'fuzz.csv' : 'fuzz.txt', bytes });
  } catch (error) {
    // The only acceptable throw: the file as a whole is unreadable, said plainly.
    expect(error, `seed ${seed}`).toBeInstanceOf(IngestError);
    expect((error as IngestError).message.length).toBeGreaterThan(10);
    return { kind: 'explained-file-error' };
  }
  // Half the runs use the saved mapping (which may no longer fit the mutated headers), half a fresh suggestion.
  const settings = messyExampleSettings();
  const mapping: ColumnMapping = rng.bernoulli(0.5) ? settings.mapping : suggestMapping(table.headers).mapping;
  const detected = detectTableDateFormat(table, mapping);
  const dateFormat = detected.ambiguous ? settings.dateFormat : detected.format;
  const result = ingest(table, { mapping, dateFormat });
  expectResultAccountsForEveryRow(result, table);
  expect(rejectedRowsTable(result, table).rows.length).toBe(result.counts.rowsRejected + result.counts.rowsOfRejectedPatients);
  for (const p of result.problems) {
    expect(p.reason.length, `seed ${seed}`).toBeGreaterThan(0);
    expect(p.value.length, `seed ${seed}`).toBeLessThan(200);
  }
  return { kind: 'ingested' };
}

describe('ingestion fuzz', () => {
  it(`${MUTATIONS} seeded mutations of a valid export are each accepted or explained, never an unhandled error`, async () => {
    const tally = { 'explained-file-error': 0, ingested: 0 };
    for (let seed = 1; seed <= MUTATIONS; seed++) {
      let outcome: Outcome;
      try {
        outcome = await runOne(seed);
      } catch (error) {
        throw new Error(`seed ${seed}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
      tally[outcome.kind]++;
    }
    expect(tally['explained-file-error'] + tally.ingested).toBe(MUTATIONS);
    // Most mutations leave a readable file; some (binary junk, empty) must be refused as a whole.
    expect(tally.ingested).toBeGreaterThan(MUTATIONS / 2);
    expect(tally['explained-file-error']).toBeGreaterThan(0);
    // About 20 s of CPU; the shared 2-core machine can stretch that past the 60 s default.
  }, 180_000);
});
