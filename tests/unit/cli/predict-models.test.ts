import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@/lib/notebook/hash';

const cli = (script: string, args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });

/** npm run reproduce writes the SVM and LR model files (SVM without support vectors unless asked); npm run predict applies them. */
describe('npm run reproduce writes models/<cell>.json; npm run predict applies a window-level model', () => {
  let out = '';
  let stderr = '';
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'models-'));
    const r = cli('cli/reproduce.ts', ['--notebook', 'han-2026', '--profile', 'quick', '--until', 'svm-baselines', '--set', 'grid.size=2', '--set', 'grid.includePaperPicks=false', '--formats', 'svg', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    stderr = r.stderr;
  }, 120_000);

  it('lists each model file in the manifest with its SHA-256; the SVM files hold no support vectors and say why', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { models: { file: string; kind: string; sha256: string; support_vectors?: boolean }[] };
    expect(manifest.models.map((m) => [m.file, m.kind])).toEqual([
      ['models/evaluate.json', 'svm'],
      ['models/evaluate-persistent.json', 'svm'],
      ['models/svm-baselines.json', 'logistic'],
      ['models/svm-baselines-persistent.json', 'logistic'],
    ]);
    for (const m of manifest.models) expect(sha256Hex(new Uint8Array(readFileSync(join(out, m.file))))).toBe(m.sha256);
    expect(manifest.models.filter((m) => m.kind === 'svm').every((m) => m.support_vectors === false)).toBe(true);
    expect(stderr).toContain('written without their support vectors (they are training rows), so they cannot predict; --include-patient-rows');
  });

  it('predicts with the LR file per window, and refuses the SVM file without support vectors (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'predict-lr-'));
    const r = cli('cli/predict.ts', ['--model', join(out, 'models', 'svm-baselines.json'), '--data', 'data/synthetic-cohort.csv', '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    const [head, ...rows] = readFileSync(join(dir, 'predictions.csv'), 'utf8').trim().split('\n');
    expect(head).toBe('patient_id,window,present_day,outcome_day,p_recovered,recovered');
    expect(rows.length).toBeGreaterThan(100);
    const svm = cli('cli/predict.ts', ['--model', join(out, 'models', 'evaluate.json'), '--data', 'data/synthetic-cohort.csv', '--out', dir]);
    expect(svm.status).toBe(2);
    expect(svm.stderr).toMatch(/written without its support vectors \(they are training rows\), so it cannot predict/);
    // A file naming features the data cannot supply is refused by the same reader (tests/unit/models/model-files.test.ts).
  }, 120_000);
});
