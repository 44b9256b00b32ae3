// Times ingestion of a large clinic export in Node: 100,000 visit rows generated in memory
// (EMR-style headers, dd/mm/yyyy dates, Roman and range grades, yes/no flags), then
// read (decode + CSV parse), map + detect the date format, and validate (ingest).
//
//   npx tsx cli/bench-ingest.ts [--rows 100000] [--runs 5] [--xlsx]
//
// Prints min and median wall time of each stage over the runs (after one warm-up run).
import { performance } from 'node:perf_hooks';
import { suggestMapping } from '../lib/data/column-mapping';
import { detectTableDateFormat } from '../lib/data/detect-date-format';
import { ingest } from '../lib/data/ingest';
import { readTable } from '../lib/data/read-table';
import { createRng } from '../lib/stats/random';
import { makeXlsx } from '../tests/unit/data/helpers/make-xlsx';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const ROWS = option('rows', 100_000);
const RUNS = option('runs', 5);
const WITH_XLSX = args.includes('--xlsx');

const HEADERS = ['Pt No', 'Gender', 'Age (yrs)', 'DM', 'HTN', 'Date of onset', 'Steroid start', 'Date of visit', 'H-B grade', 'Hospital'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];

function ddmmyyyy(day: number): string {
  const d = new Date(day * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

/** Synthetic visit rows: about five visits per patient, grades improving over time. */
function generateRows(n: number): string[][] {
  const rng = createRng(20240101);
  const rows: string[][] = [];
  const base = Math.round(Date.UTC(2021, 0, 1) / 86_400_000);
  for (let p = 0; rows.length < n; p++) {
    const onset = base + rng.int(1200);
    const sex = rng.bernoulli(0.5) ? 'M' : 'female';
    const age = String(15 + rng.int(80));
    const dm = rng.bernoulli(0.2) ? 'yes' : 'no';
    const htn = rng.bernoulli(0.3) ? 'Y' : 'N';
    const steroid = ddmmyyyy(onset + rng.int(12));
    const site = rng.bernoulli(0.5) ? 'Seoul' : 'Busan';
    let grade = 3 + rng.int(4);
    let day = 1 + rng.int(4);
    for (let v = 0; v < 5 && rows.length < n; v++) {
      const text = rng.bernoulli(0.15) && grade > 1 ? `${ROMAN[grade - 2]}-${ROMAN[grade - 1]}` : rng.bernoulli(0.3) ? String(grade) : ROMAN[grade - 1]!.toLowerCase();
      rows.push([`P${String(p).padStart(6, '0')}`, sex, age, dm, htn, ddmmyyyy(onset), steroid, ddmmyyyy(onset + day), text, site]);
      day += v < 2 ? 7 : 30 + rng.int(60);
      grade = Math.max(1, grade - rng.int(2));
    }
  }
  return rows;
}

function toCsv(rows: string[][]): string {
  return [HEADERS, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
}

interface Timing {
  read: number;
  map: number;
  validate: number;
  total: number;
}

async function runOnce(name: string, bytes: Uint8Array): Promise<{ timing: Timing; accepted: number }> {
  const t0 = performance.now();
  const table = await readTable({ name, bytes });
  const t1 = performance.now();
  const { mapping } = suggestMapping(table.headers);
  const detected = detectTableDateFormat(table, mapping);
  if (detected.ambiguous) throw new Error(`date format not detected: ${detected.reason}`);
  const t2 = performance.now();
  const result = ingest(table, { mapping, dateFormat: detected.format });
  const t3 = performance.now();
  if (result.counts.rowsRead !== ROWS) throw new Error(`read ${result.counts.rowsRead} rows, expected ${ROWS}`);
  return { timing: { read: t1 - t0, map: t2 - t1, validate: t3 - t2, total: t3 - t0 }, accepted: result.counts.rowsAccepted };
}

function summarize(label: string, timings: Timing[]): void {
  const stat = (key: keyof Timing) => {
    const xs = timings.map((t) => t[key]).sort((a, b) => a - b);
    const median = xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
    return `${xs[0]!.toFixed(0).padStart(6)} / ${median.toFixed(0).padStart(6)}`;
  };
  console.log(`${label.padEnd(6)} read ${stat('read')} ms | map+detect ${stat('map')} ms | validate ${stat('validate')} ms | total ${stat('total')} ms  (min / median)`);
}

async function bench(label: string, name: string, bytes: Uint8Array): Promise<void> {
  const { accepted } = await runOnce(name, bytes); // warm-up
  const timings: Timing[] = [];
  for (let i = 0; i < RUNS; i++) timings.push((await runOnce(name, bytes)).timing);
  console.log(`${label}: ${(bytes.length / 1e6).toFixed(1)} MB, ${ROWS.toLocaleString('en')} rows, ${accepted.toLocaleString('en')} accepted`);
  summarize(label, timings);
}

const rows = generateRows(ROWS);
console.log(`node ${process.version}, ${RUNS} runs after 1 warm-up`);
await bench('csv', 'bench.csv', new TextEncoder().encode(toCsv(rows)));
if (WITH_XLSX) await bench('xlsx', 'bench.xlsx', makeXlsx([{ name: 'Export', rows: [HEADERS, ...rows] }]));
