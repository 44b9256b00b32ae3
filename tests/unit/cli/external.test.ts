import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePrognosisModel } from '@/lib/prognosis';

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', ...args], { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
let dir = '';
let modelPath = '';

describe('npm run reproduce -- --notebook external --model FILE --data B.csv', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'external-cli-'));
    const r = cli(['--notebook', 'teaching', '--until', 'prognosis', '--set', 'prognosis.bootstrapResamples=40', '--out', join(dir, 'teaching'), '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    modelPath = join(dir, 'teaching', 'models', 'prognosis.json');
    const sim = spawnSync(process.execPath, ['--import', 'tsx', 'cli/simulate.ts', '--out', join(dir, 'clinic-b.csv'), '--seed', '909', '--patients', '500', '--params', 'data/second-clinic.params.json'], { encoding: 'utf8' });
    expect(sim.status, sim.stderr).toBe(0);
  }, 180_000);

  it('writes external.* with value and CI, the tables and figures, and two recalibrated model files that record their update', () => {
    const out = join(dir, 'ext');
    const r = cli(['--notebook', 'external', '--model', modelPath, '--data', join(dir, 'clinic-b.csv'), '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const k of ['external.auc', 'external.calibrationInTheLarge', 'external.calibrationSlope']) expect(Object.keys(manifest[k]).sort()).toEqual(['ci_high', 'ci_low', 'value']);
    expect(manifest['external.patients']).toBeGreaterThan(100);
    for (const f of ['tables/external_metrics.csv', 'tables/external_case_mix.csv', 'tables/external_predictions.csv', 'figures/external-calibration.svg', 'figures/external-decision-curve.pdf']) expect(existsSync(join(out, f)), f).toBe(true);
    const caseMix = readFileSync(join(out, 'tables', 'external_case_mix.csv'), 'utf8');
    expect(caseMix).toContain('Age, years: mean (SD)');
    expect(caseMix).not.toContain('not in this model file'); // the file carries its development summary
    for (const method of ['intercept', 'logistic']) {
      const m = parsePrognosisModel(JSON.parse(readFileSync(join(out, 'models', `external-${method}-recalibrated.json`), 'utf8')));
      expect(m.updates![0]!.method).toBe(method);
      expect(m.updates![0]!.dataSha256).toBe(manifest.data.sha256);
    }
  }, 120_000);

  it('refuses a model file that is not one, and a notebook without an "Open a model" step, with exit 2 and a message', () => {
    writeFileSync(join(dir, 'bad.json'), '{"schema":"facial-palsy-workbench/prognosis-model","version":1,"horizonDay":"soon"}');
    const bad = cli(['--notebook', 'external', '--model', join(dir, 'bad.json'), '--data', join(dir, 'clinic-b.csv'), '--out', join(dir, 'bad'), '--quiet']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: prognosis model file: /);
    const wrong = cli(['--notebook', 'teaching', '--model', modelPath, '--out', join(dir, 'wrong'), '--quiet']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/has no "Open a model" step/);
  }, 120_000);
});
