import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportNotebookText } from '@/lib/report/html-report';

const tsx = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', ...args, '--quiet'], { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });

describe('npm run reproduce', () => {
  it('runs the demo notebook, writes a manifest (and with --report the HTML report) and exits 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'reproduce-'));
    const r = tsx(['--notebook', 'demo', '--out', out, '--report']);
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.notebook.id).toBe('demo');
    expect(manifest.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.cells.dataset).toMatchObject({ status: 'fresh', kind: 'dataset-summary' });
    expect(manifest.versions).toHaveProperty('@tensorflow/tfjs');
    // --report: one self-contained file, dated as the manifest, carrying the notebook that ran.
    const report = readFileSync(join(out, 'report', 'report.html'), 'utf8');
    expect(report).toMatch(/^<!DOCTYPE html>/);
    expect(report).toContain(`Written ${manifest.created_at}`);
    expect(JSON.parse(reportNotebookText(report)!).notebook.id).toBe('demo');
  }, 60_000);

  it.each([
    [['--notebook', 'nope'], /unknown notebook "nope"/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--notebook', 'demo', '--data', 'no/such.csv'], /data file not found/],
    [['--notebook', 'han-2026', '--profile', 'fast'], /Unknown profile "fast".*quick, paper/],
  ])('exits 2 with a message that says what to fix: %j', (args, message) => {
    const r = tsx(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).toMatch(/usage: npm run reproduce/);
  }, 60_000);

  it('accounts for every row and patient of the messy EMR example, and --strict stops on its rejections before training', () => {
    const out = mkdtempSync(join(tmpdir(), 'reproduce-'));
    const r = tsx(['--notebook', 'han-2026', '--data', 'data/messy-emr-example.csv', '--out', out, '--profile', 'quick']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const ingest = manifest.ingest;
    expect(ingest.rows_read).toBe(ingest.rows_accepted + ingest.rows_rejected + ingest.rows_of_rejected_patients);
    const rejected = readFileSync(join(out, 'tables', 'rejected_rows.csv'), 'utf8').trim().split('\n').length - 1;
    expect(rejected).toBe(ingest.rows_rejected + ingest.rows_of_rejected_patients);
    const flow = manifest.cohort.flow;
    // Patients the reader rejected plus those entering the flow are every patient in the file.
    expect(manifest.cohort.rejected_at_ingest.patientsSeen).toBe(ingest.patients_seen);
    expect(flow[0].n_in).toBeLessThanOrEqual(ingest.patients_seen);
    expect(ingest.patients_seen - flow[0].n_in).toBe(ingest.patients_rejected + (ingest.patients_without_valid_rows ?? 0));
    for (const step of flow) expect(step.n_in).toBe(step.n + Object.values(step.excluded as Record<string, number>).reduce((s, n) => s + n, 0));
    // Every cell runs on the example; --strict turns its rejected rows into exit 2, with only the load step run.
    const statuses = Object.values(manifest.cells as Record<string, { status: string }>).map((c) => c.status);
    expect(statuses.length).toBeGreaterThan(10);
    expect(new Set(statuses)).toEqual(new Set(['fresh']));
    expect(r.status, r.stderr).toBe(0);
    const strictOut = mkdtempSync(join(tmpdir(), 'reproduce-'));
    const strict = tsx(['--notebook', 'han-2026', '--data', 'data/messy-emr-example.csv', '--out', strictOut, '--profile', 'quick', '--strict']);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/--strict: \d+ rows and 1 patients .* were rejected; nothing was trained/);
    expect(Object.keys(JSON.parse(readFileSync(join(strictOut, 'manifest.json'), 'utf8')).cells)).toEqual(['data']);
  }, 120_000);
});
