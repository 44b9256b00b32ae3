/**
 * The baseline-models cell's statistics against R (scripts/reference/baselines_reference.R:
 * glm(binomial), pROC's DeLong CI and paired roc.test, rms::lrm.fit's penalized fit, pnorm) on
 * the committed fixture tests/fixtures/reference/baselines_inputs.csv, written by
 * scripts/reference/make-baselines-inputs.ts (regenerated here: a change in the generator shows).
 * The committed baselines_r.json is always compared; where Rscript exists, the script is re-run
 * (without rms, whose loading takes most of its time) and our numbers are compared with its
 * fresh answers too, so the committed file cannot drift from its script.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareBaselines, type BaselineData } from '@/lib/cells/baseline-models';
import { clusterBootstrapIndices } from '@/lib/stats/cluster-bootstrap';
import { delongPairedTest } from '@/lib/stats/delong-paired';
import { fitLogisticRegression, predictLogisticRegression } from '@/lib/stats/logistic-regression';
import { normalCdf, normalUpperTail } from '@/lib/stats/normal-cdf';
import { createRng } from '@/lib/stats/random';
import { baselineFixtureCsv } from '@/scripts/reference/make-baselines-inputs';

const rscript = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((p) => existsSync(p));
const csv = readFileSync('tests/fixtures/reference/baselines_inputs.csv', 'utf8');

interface RMetrics {
  auc: number;
  auc_low: number;
  auc_high: number;
  brier: number;
  calibration_intercept: number;
  calibration_slope: number;
  net_benefit: number[];
}
interface RBaselines {
  n_train: number;
  n_test: number;
  lr: { coefficients: number[]; predictions: number[] };
  present_grade: { coefficients: number[]; predictions: number[] };
  metrics: Record<'svm' | 'lr' | 'present_grade', RMetrics>;
  paired: Record<'lr' | 'present_grade', { z: number; p: number; auc_model: number; auc_svm: number }>;
  thresholds: number[];
  separation: { glm_warnings: string[]; glm_max_abs_coefficient: number; ridge_penalty?: number; ridge_coefficients?: number[]; ridge_on_y_coefficients?: number[] };
  pnorm: { z: number[]; lower: number[]; upper: number[] };
}

const committed = JSON.parse(readFileSync('tests/fixtures/reference/baselines_r.json', 'utf8')) as RBaselines;

const [header, ...lines] = csv.trim().split('\n');
const cols = header!.split(',');
const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [cols[j]!, cols[j] === 'patient_id' || cols[j] === 'part' ? v : Number(v)])) as Record<string, number> & { patient_id: string; part: string });
const FEATURES = ['x1', 'x2', 'x3', 'x4', 'grade_z'];
const part = (p: string) => rows.filter((r) => r.part === p);
const train = part('train'), test = part('test');
const data: BaselineData = {
  features: FEATURES,
  train: { X: train.map((r) => FEATURES.map((f) => r[f]!)), y: train.map((r) => r.y!), grade: train.map((r) => r.grade!) },
  test: { X: test.map((r) => FEATURES.map((f) => r[f]!)), y: test.map((r) => r.y!), grade: test.map((r) => r.grade!), patients: test.map((r) => r.patient_id), svm: test.map((r) => r.svm!) },
};
const sets = clusterBootstrapIndices(data.test.patients, 200, createRng(7).fork('cluster-bootstrap'));
const ours = compareBaselines(data, { thresholds: [0.1, 0.2, 0.3, 0.4, 0.5], separation: 'ridge', ridgePenalty: 0.1 }, sets);

/** |a − b| ≤ tol · max(1, |b|). */
const close = (a: number, b: number, tol: number, what: string) => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

function checkAgainst(R: RBaselines) {
  expect(data.train.y.length).toBe(R.n_train);
  expect(data.test.y.length).toBe(R.n_test);
  // Logistic regression by maximum likelihood: coefficients to 1e-6, predictions to 1e-8.
  expect(ours.fits.lr.method).toBe('maximum likelihood');
  expect(ours.fits.lr.coefficients.map((c) => c.term)).toEqual(['(intercept)', ...FEATURES]);
  ours.fits.lr.coefficients.forEach((c, j) => close(c.estimate, R.lr.coefficients[j]!, 1e-6, `LR ${c.term}`));
  ours.predictions.lr.forEach((p, i) => close(p, R.lr.predictions[i]!, 1e-8, `LR prediction ${i}`));
  // The present grade alone (glm on the raw grade; ours is fitted on the standardized grade and reported per grade).
  expect(ours.fits.presentGrade.method).toBe('maximum likelihood');
  ours.fits.presentGrade.coefficients.forEach((c, j) => close(c.estimate, R.present_grade.coefficients[j]!, 1e-6, `present grade ${c.term}`));
  ours.predictions.presentGrade.forEach((p, i) => close(p, R.present_grade.predictions[i]!, 1e-8, `present-grade prediction ${i}`));
  // AUC with DeLong's CI, Brier, calibration, net benefit of each model.
  for (const [k, r] of [['svm', 'svm'], ['lr', 'lr'], ['presentGrade', 'present_grade']] as const) {
    const m = ours.models[k], ref = R.metrics[r];
    close(m.auc.value, ref.auc, 1e-6, `${k} AUC`);
    close(m.auc.ci_low, ref.auc_low, 1e-6, `${k} AUC CI low`);
    close(m.auc.ci_high, ref.auc_high, 1e-6, `${k} AUC CI high`);
    close(m.brier.value, ref.brier, 1e-9, `${k} Brier`);
    close(m.calibrationIntercept, ref.calibration_intercept, 1e-6, `${k} calibration intercept`);
    close(m.calibrationSlope, ref.calibration_slope, 1e-6, `${k} calibration slope`);
    m.netBenefit.forEach((v, j) => close(v, ref.net_benefit[j]!, 1e-9, `${k} net benefit at ${R.thresholds[j]}`));
  }
  // Paired DeLong (pROC::roc.test(model, svm, method = "delong", paired = TRUE)).
  for (const [k, r] of [['lr', 'lr'], ['presentGrade', 'present_grade']] as const) {
    const c = ours.comparisons[k], ref = R.paired[r];
    close(c.delong.z, ref.z, 1e-6, `${k} − SVM DeLong z`);
    close(c.delong.p, ref.p, 1e-6, `${k} − SVM DeLong p`);
    close(c.auc.value, ref.auc_model - ref.auc_svm, 1e-6, `${k} − SVM AUC difference`);
    const t = delongPairedTest(data.test.y, ours.predictions[k], data.test.svm);
    close(t.aucA, ref.auc_model, 1e-6, `${k} AUC in roc.test`);
    close(t.aucB, ref.auc_svm, 1e-6, 'SVM AUC in roc.test');
  }
  // Separation: R's glm warns; we detect it.
  expect(R.separation.glm_warnings.join(' ')).toMatch(/fitted probabilities numerically 0 or 1/);
  const sep = fitLogisticRegression(data.train.X, train.map((r) => r.y_sep!));
  expect(sep.separation).not.toBeNull();
}

describe('baseline models agree with R (committed baselines_r.json)', () => {
  it('the fixture is what make-baselines-inputs.ts writes today', () => {
    expect(baselineFixtureCsv()).toBe(csv);
  });

  it('LR coefficients, predictions, AUCs with DeLong CIs, Brier, calibration, net benefit and the paired DeLong test', () => {
    checkAgainst(committed);
  });

  it('the ridge fallback is rms::lrm.fit with penalty.matrix = λ I, on separated and on ordinary outcomes', () => {
    const sepFit = fitLogisticRegression(data.train.X, train.map((r) => r.y_sep!), { penalty: committed.separation.ridge_penalty! });
    expect(sepFit.converged).toBe(true);
    sepFit.coefficients.forEach((b, j) => close(b, committed.separation.ridge_coefficients![j]!, 1e-6, `ridge (separated) b${j}`));
    const yFit = fitLogisticRegression(data.train.X, data.train.y, { penalty: 0.1 });
    yFit.coefficients.forEach((b, j) => close(b, committed.separation.ridge_on_y_coefficients![j]!, 1e-6, `ridge b${j}`));
    // The cell's fallback path: separation detected, refit with the ridge penalty, said so.
    const separated = compareBaselines({ ...data, train: { ...data.train, y: train.map((r) => r.y_sep!) } }, { thresholds: [0.2], separation: 'ridge', ridgePenalty: 0.1 }, sets.slice(0, 20));
    expect(separated.fits.lr.method).toBe('ridge');
    expect(separated.fits.lr.separation).toMatch(/separated/);
    separated.fits.lr.coefficients.forEach((c, j) => close(c.estimate, committed.separation.ridge_coefficients![j]!, 1e-6, `cell ridge ${c.term}`));
    expect(separated.predictions.lr).toEqual(predictLogisticRegression(sepFit, data.test.X));
    const refused = compareBaselines({ ...data, train: { ...data.train, y: train.map((r) => r.y_sep!) } }, { thresholds: [0.2], separation: 'not-estimable', ridgePenalty: 0.1 }, sets.slice(0, 20));
    expect(refused.fits.lr.method).toBe('not estimable');
    expect(refused.models.lr.estimable).toBe(false);
    expect(Number.isNaN(refused.models.lr.auc.value)).toBe(true);
  });

  it('the normal CDF behind the p-values is R’s pnorm (both tails, 1e-13 relative)', () => {
    committed.pnorm.z.forEach((z, i) => {
      for (const [ours, ref] of [[normalCdf(z), committed.pnorm.lower[i]!], [normalUpperTail(z), committed.pnorm.upper[i]!]]) {
        expect(Math.abs(ours! - ref!), `z = ${z}`).toBeLessThanOrEqual(1e-13 * Math.abs(ref!) + 1e-300);
      }
    });
  });
});

describe.skipIf(!rscript)('baseline models agree with a fresh run of baselines_reference.R', () => {
  it('re-runs the script (without rms) and compares', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baselines-r-'));
    try {
      const out = join(dir, 'baselines_r.json');
      execFileSync(rscript!, ['scripts/reference/baselines_reference.R', '--out', out, '--skip-rms'], { stdio: 'pipe', timeout: 60_000 });
      const fresh = JSON.parse(readFileSync(out, 'utf8')) as RBaselines;
      checkAgainst(fresh);
      expect(fresh.separation.ridge_coefficients).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
