// The CLI on files that cannot give an analysis: each gets a plain message naming what is
// missing (and this CLI's flags), exit code 2 and no stack trace; nothing is trained under
// --strict or --until when the file has problems.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'reproduce-robust-'));
const cohort = readFileSync('data/synthetic-cohort.csv', 'utf8').trim().split('\n');
const [header, ...lines] = cohort as [string, ...string[]];
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const reproduce = (args: string[], { quiet = true } = {}) => {
  const out = mkdtempSync(join(dir, 'out-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--out', out, ...(quiet ? ['--quiet'] : []), '--today', '2026-01-01', ...args], { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  const manifestPath = join(out, 'manifest.json');
  return { ...r, out, manifest: existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : undefined };
};
const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('reproduce: not enough data is an answer, not a crash', () => {
  it('one patient: every cell that needs more says so, the windows are counted, exit 2', () => {
    const one = file('one.csv', [header, ...lines.filter((l) => l.startsWith('P0001,'))].join('\n'));
    const r = reproduce(['--notebook', 'han-2026', '--data', one, '--profile', 'quick']);
    expect(r.status, r.stderr).toBe(2);
    noStackTrace(r.stderr);
    expect(r.stderr).toMatch(/error: cell "split" failed: Too few windows to split all subjects: 1 windows, 0 in the rarer class; 5-fold CV after a 20% test split needs at least 7 in each class\./);
    expect(r.stderr).toMatch(/error: cell "lstm-split" failed: Too few regression samples to split all subjects: 1 \(the LSTM needs at least 20\)\./);
    expect(r.stderr).toMatch(/not run \(an input failed\): .*grid, importance, evaluate/);
    expect(r.stderr).toMatch(/not run \(an input failed\): .*lstm-all-m1/);
    expect(r.manifest.cells.windows.status).toBe('fresh');
    expect(r.manifest.windows.regression.n).toBe(1);
    expect(existsSync(join(r.out, 'tables', 'rejected_rows.csv'))).toBe(true);
  }, 120_000);

  it('every row rejected: the inclusion step says there is no patient, exit 2', () => {
    const bad = file('bad.csv', [header, ...lines.slice(0, 30).map((l) => l.replace(/,[^,]*$/, ',Z'))].join('\n'));
    const r = reproduce(['--notebook', 'han-2026', '--data', bad, '--profile', 'quick']);
    expect(r.status, r.stderr).toBe(2);
    noStackTrace(r.stderr);
    expect(r.stderr).toMatch(/error: cell "cohort" failed: No patient to include: none of the 30 rows gave a valid patient \(30 rows rejected, 0 patients rejected as a whole, \d+ patients seen\)/);
    expect(readFileSync(join(r.out, 'tables', 'rejected_rows.csv'), 'utf8').trim().split('\n')).toHaveLength(31);
  }, 120_000);

  it('every patient excluded: the cells after inclusion name the exclusions, exit 2', () => {
    // No diabetes column: every patient's diabetes is unknown, which the inclusion step excludes.
    const drop = header.split(',').indexOf('diabetes');
    const cut = (l: string) => l.split(',').filter((_, i) => i !== drop).join(',');
    const noDm = file('nodm.csv', [cut(header), ...lines.slice(0, 60).map(cut)].join('\n'));
    const r = reproduce(['--notebook', 'han-2026', '--data', noDm, '--profile', 'quick']);
    expect(r.status, r.stderr).toBe(2);
    noStackTrace(r.stderr);
    expect(r.manifest.cells.cohort.status).toBe('fresh');
    expect(r.stderr).toMatch(/error: cell "windows" failed: Windowing needs at least one included patient; the inclusion step excluded all \d+ patients \(\d+ .*diabetes/i);
    expect(r.stderr).toMatch(/error: cell "describe" failed: Table 1 and the clinical course needs at least one included patient/);
  }, 120_000);
});

describe('reproduce: a CLI that can answer its own questions', () => {
  // Renamed columns, a coded sex and slash dates that read both ways.
  const coded = [
    'Pt,Gender,Age,DM,HTN,Began,Steroid start,Seen,HB',
    'A1,1,40,0,0,01/02/2024,02/02/2024,03/02/2024,IV',
    'A1,1,40,0,0,01/02/2024,02/02/2024,10/02/2024,III',
    'A2,2,50,0,1,05/03/2024,06/03/2024,07/03/2024,V',
  ].join('\n');

  it('its messages name its own flags, and with them the file reads', () => {
    const path = file('coded.csv', coded);
    const first = reproduce(['--notebook', 'han-2026', '--data', path, '--until', 'data']);
    expect(first.status).toBe(2);
    noStackTrace(first.stderr);
    expect(first.stderr).toMatch(/error: cell "data" failed: No column of the file could be matched to visit_date, onset_date \(the header read is row 1: "Pt", .*\)\. Name the columns in --map field=column\./);
    const mapped = ['--map', 'patient_id=Pt', '--map', 'visit_date=Seen', '--map', 'onset_date=Began', '--map', 'hb_grade=HB', '--map', 'sex=Gender', '--map', 'treatment_start_date=Steroid start'];
    const second = reproduce(['--notebook', 'han-2026', '--data', path, '--until', 'data', ...mapped]);
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(/Date format needed: .*Set --date-format to one of: dd\/mm\/yyyy, mm\/dd\/yyyy\./);
    const third = reproduce(['--notebook', 'han-2026', '--data', path, '--until', 'data', ...mapped, '--date-format', 'dd/mm/yyyy', '--value-map', 'sex.1=M', '--value-map', 'sex.2=F']);
    expect(third.status, third.stderr).toBe(0);
    expect(third.manifest.ingest).toMatchObject({ rows_read: 3, rows_accepted: 3, rows_rejected: 0, date_format: 'dd/mm/yyyy' });
    // --until: nothing after the load step ran.
    expect(Object.keys(third.manifest.cells)).toEqual(['data']);
  }, 120_000);

  it('--set validates any parameter through its cell schema', () => {
    const r = reproduce(['--notebook', 'han-2026', '--set', 'split.folds="five"', '--until', 'data']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cell "split": Invalid parameters for svm-split: folds: /);
  }, 60_000);

  it('--strict: implausible values reject their rows and nothing is trained; without it they are warnings', () => {
    const future = file('future.csv', [header, ...lines.slice(0, 200), lines[0]!.replace(/,(\d{4}-\d{2}-\d{2}),([IV]+)$/, ',2027-03-01,$2')].join('\n'));
    const strict = reproduce(['--notebook', 'han-2026', '--data', future, '--strict']);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/error: --strict: 1 rows and 0 patients \(0 rows\) were rejected; nothing was trained/);
    expect(Object.keys(strict.manifest.cells)).toEqual(['data']);
    expect(readFileSync(join(strict.out, 'tables', 'rejected_rows.csv'), 'utf8')).toMatch(/visit_date ""2027-03-01"": the visit date 2027-03-01 is after today \(2026-01-01\)/);
    // The same rows under two title lines, without --quiet: the load step's decisions (the title
    // rows skipped, the header row, the date format) are printed and recorded in the manifest.
    const titled = file('titled.csv', ['Facial nerve clinic export', 'Printed 2025-12-01', header, ...lines.slice(0, 200), lines[0]!.replace(/,(\d{4}-\d{2}-\d{2}),([IV]+)$/, ',2027-03-01,$2')].join('\n'));
    const lenient = reproduce(['--notebook', 'han-2026', '--data', titled, '--until', 'data'], { quiet: false });
    expect(lenient.status, lenient.stderr).toBe(0);
    const skipped = /The header is row 3; the row\(s\) above it look like titles and were not read as data: row 1 "Facial nerve clinic export", row 2 "Printed 2025-12-01"\./;
    expect(lenient.stdout).toMatch(/reproduce: how the file was read:/);
    expect(lenient.stdout).toMatch(skipped);
    expect(lenient.stdout).toMatch(/Dates read as iso/);
    // The manifest (and every export made from it) keeps what was decided, not the file's text.
    const recorded = lenient.manifest.data.decisions.join('\n');
    expect(recorded).toMatch(/The header is row 3; .* row 1, row 2 \(their text is not recorded\)\./);
    expect(recorded).not.toMatch(/Facial nerve clinic export|Printed 2025-12-01/);
    expect(recorded).toMatch(/Dates read as iso \(detected from the file;/);
    expect(strict.stdout).not.toMatch(/how the file was read/);
    expect(lenient.stderr).toMatch(/warning: 1 row\(s\) flagged, e\.g\. row 204, visit_date "2027-03-01": the visit date 2027-03-01 is after today \(2026-01-01\) \(rows are kept; --strict rejects them\)/);
  }, 120_000);

  it('the demo notebook validates the rows it reads and refuses a PNG with a clear message', () => {
    const ok = reproduce(['--notebook', 'demo']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.manifest.data).toMatchObject({ name: 'synthetic-cohort.csv' });
    expect(ok.manifest.ingest).toMatchObject({ rows_read: lines.length, rows_rejected: 0 });
    const png = file('chart.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const r = reproduce(['--notebook', 'demo', '--data', png]);
    expect(r.status).toBe(2);
    noStackTrace(r.stderr);
    expect(r.stderr).toMatch(/error: cell "dataset" failed: chart\.png: This is a PNG image, which cannot be read\. Save it as XLSX or CSV \(UTF-8\)/);
  }, 120_000);
});
