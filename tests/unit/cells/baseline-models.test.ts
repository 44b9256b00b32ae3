/**
 * The baseline-models cell: (1) the paired bootstrap of the differences to the SVM, worked by
 * hand and recomputed independently (patients resampled, the same rows for both models);
 * (2) separation and aliasing in the logistic fit; (3) the cell in the paper notebook under the
 * quick profile, checked against what the neighbouring cells and an independent refit say.
 * R parity is in baseline-models-r.test.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { baselineModels, compareBaselines, type BaselineModelsOutput } from '@/lib/cells/baseline-models';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import type { SvmCalibrationOutput } from '@/lib/cells/svm-calibration';
import type { SvmDecisionCurveOutput } from '@/lib/cells/svm-decision-curve';
import type { SvmDiscriminationOutput } from '@/lib/cells/svm-discrimination';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import type { WindowsOutput } from '@/lib/cells/windowing';
import type { Artifact } from '@/lib/notebook/define-cell';
import { cellRng } from '@/lib/notebook/executor';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { sha256Hex } from '@/lib/notebook/hash';
import { buildManifest } from '@/lib/notebook/manifest';
import { applyProfile, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { percentileInterval } from '@/lib/stats/bootstrap';
import { clusterBootstrapIndices } from '@/lib/stats/cluster-bootstrap';
import { delongAuc } from '@/lib/stats/delong';
import { delongPairedTest } from '@/lib/stats/delong-paired';
import { fitLogisticRegression, predictLogisticRegression } from '@/lib/stats/logistic-regression';
import { pairedAucDifferenceCi } from '@/lib/stats/paired-auc-bootstrap';
import { createRng } from '@/lib/stats/random';
import { findNotebook } from '@/notebooks';
import { pairAuc } from '../validation/recompute-helpers';

describe('paired bootstrap of the differences to the SVM', () => {
  // Patients A (rows 0, 1), B (row 2), C (rows 3, 4).
  const y = [1, 0, 1, 0, 1];
  const model = [0.8, 0.4, 0.6, 0.3, 0.9];
  const svm = [0.7, 0.5, 0.4, 0.65, 0.6];
  // Drawn patients A, A, C; then B, C, C; then B, B, B (recovered only: no AUC).
  const sets = [Int32Array.from([0, 1, 0, 1, 3, 4]), Int32Array.from([2, 3, 4, 3, 4]), Int32Array.from([2, 2, 2])];

  it('worked by hand: AUC and Brier differences on each resample, one-class draws left out', () => {
    const auc = pairedAucDifferenceCi(y, model, svm, sets);
    // Set 1: model ranks every recovered row above every other (1); the SVM loses one of 9 pairs (0.6 < 0.65): 8/9.
    // Set 2: model 1; the SVM ranks both non-recovered rows (0.65) above all recovered ones: 0.
    expect(Array.from(auc.replicates)).toEqual([1 - 8 / 9, 1]);
    expect(auc.used).toBe(2);
    expect(auc.skipped).toBe(1);
    // Squared errors, model: .04 .16 .16 .09 .01; SVM: .09 .25 .36 .4225 .16.
    const c = compareBaselines(
      { features: ['x'], train: { X: [[0], [1], [2], [3]], y: [1, 0, 1, 0], grade: [2, 4, 3, 3] }, test: { X: [[0], [0], [0], [0], [0]], y, grade: [2, 2, 2, 2, 2], patients: ['A', 'A', 'B', 'C', 'C'], svm } },
      { thresholds: [0.3], separation: 'ridge', ridgePenalty: 0.1 },
      sets,
    );
    // The cell's own models are fitted; here check the arithmetic on the given probabilities instead.
    const brierDiff = (rows: Int32Array, p: number[]) => Array.from(rows).reduce((s, r) => s + (p[r]! - y[r]!) ** 2 - (svm[r]! - y[r]!) ** 2, 0) / rows.length;
    expect(brierDiff(sets[0]!, model)).toBeCloseTo((0.5 - 1.2625) / 6, 12);
    expect(brierDiff(sets[1]!, model)).toBeCloseTo((0.36 - 1.525) / 5, 12);
    // The cell's comparison of its LR with the SVM uses those same sets for both models.
    const lr = c.predictions.lr;
    const expected = sets.map((rows) => brierDiff(rows, lr));
    const [lo, hi] = percentileInterval(expected);
    expect(c.comparisons.lr.brier.ci_low).toBeCloseTo(lo, 12);
    expect(c.comparisons.lr.brier.ci_high).toBeCloseTo(hi, 12);
  });

  it('two identical models differ by exactly 0 on every resample (an unpaired bootstrap would not)', () => {
    const patients = Array.from({ length: 60 }, (_, i) => `P${Math.floor(i / 3)}`);
    const rng = createRng(5);
    const yy = patients.map(() => (rng.uniform() < 0.5 ? 1 : 0));
    const p = yy.map((v) => Math.min(0.95, Math.max(0.05, 0.3 + 0.4 * v + rng.normal(0, 0.2))));
    const s = clusterBootstrapIndices(patients, 200, createRng(6));
    const d = pairedAucDifferenceCi(yy, p, [...p], s);
    expect(d.replicates.every((v) => v === 0)).toBe(true);
    expect([d.lower, d.upper]).toEqual([0, 0]);
    expect(delongPairedTest(yy, p, [...p])).toMatchObject({ difference: 0, z: 0, pValue: 1 });
  });

  it('recomputed independently: whole patients per resample, pairwise AUCs of both models on the same rows', () => {
    const rng = createRng(11);
    const patients: string[] = [];
    for (let k = 0; k < 40; k++) for (let w = 0, n = 1 + rng.int(4); w < n; w++) patients.push(`P${k}`);
    const yy = patients.map(() => (rng.uniform() < 0.6 ? 1 : 0));
    const a = yy.map((v) => 0.4 * v + rng.uniform());
    const b = yy.map((v, i) => 0.5 * a[i]! + 0.2 * v + 0.5 * rng.uniform());
    const sets = clusterBootstrapIndices(patients, 150, createRng(12).fork('cluster-bootstrap:all'));
    const rowsOf = new Map<string, number[]>();
    patients.forEach((p, i) => rowsOf.set(p, [...(rowsOf.get(p) ?? []), i]));
    const independent: number[] = [];
    for (const rows of sets) {
      // Every drawn patient comes with all its rows, contiguously.
      let k = 0;
      while (k < rows.length) {
        const own = rowsOf.get(patients[rows[k]!]!)!;
        expect(Array.from(rows.subarray(k, k + own.length))).toEqual(own);
        k += own.length;
      }
      const ry = Array.from(rows, (r) => yy[r]!);
      const d = pairAuc(ry, Array.from(rows, (r) => a[r]!)) - pairAuc(ry, Array.from(rows, (r) => b[r]!));
      if (!Number.isNaN(d)) independent.push(d);
    }
    const ours = pairedAucDifferenceCi(yy, a, b, sets);
    expect(ours.replicates.length).toBe(independent.length);
    ours.replicates.forEach((v, i) => expect(v).toBeCloseTo(independent[i]!, 12));
    const [lo, hi] = percentileInterval(independent);
    expect(ours.lower).toBeCloseTo(lo, 12);
    expect(ours.upper).toBeCloseTo(hi, 12);
  });
});

describe('the patient as the unit (ciMethod patients, the honest profile)', () => {
  // Patients A (windows 1, 2), B (window 1), C (windows 1, 2): the last windows are rows 1, 2, 4.
  const y = [1, 0, 1, 0, 1];
  const svm = [0.7, 0.5, 0.4, 0.65, 0.6];
  const sets = [Int32Array.from([0, 1, 0, 1, 3, 4]), Int32Array.from([2, 3, 4, 3, 4]), Int32Array.from([2, 2, 2])];
  const data = { features: ['x'], train: { X: [[0], [1], [2], [3]], y: [1, 0, 1, 0], grade: [2, 4, 3, 3] }, test: { X: [[0], [0], [0], [0], [0]], y, grade: [2, 2, 2, 2, 2], patients: ['A', 'A', 'B', 'C', 'C'], svm, windows: [1, 2, 1, 1, 2] } };

  it('net benefit counts each patient once (its last window), hand-worked; the AUC CI comes from the patient resamples', () => {
    const c = compareBaselines(data, { thresholds: [0.3], separation: 'ridge', ridgePenalty: 0.1, ciMethod: 'patients' }, sets);
    const m = c.models.svm;
    expect(m.netBenefitUnit).toBe('patients');
    // Last windows: A row 1 (y 0, risk of not recovering 0.5), B row 2 (y 1, 0.6), C row 4 (y 1, 0.4).
    // At 0.3 all three are referred: 1 true positive, 2 false positives of 3: 1/3 − 2/3 · 0.3/0.7.
    expect(m.netBenefit[0]).toBeCloseTo(1 / 3 - (2 / 3) * (0.3 / 0.7), 12);
    expect(c.treatAll[0]).toBeCloseTo(1 / 3 - (2 / 3) * (0.3 / 0.7), 12);
    // Per window, all five windows count: risks .3 .5 .6 .35 .4, referred at 0.3: all five; 2 events.
    const perWindow = compareBaselines(data, { thresholds: [0.3], separation: 'ridge', ridgePenalty: 0.1 }, sets);
    expect(perWindow.models.svm.netBenefitUnit).toBe('windows');
    expect(perWindow.models.svm.netBenefit[0]).toBeCloseTo(2 / 5 - (3 / 5) * (0.3 / 0.7), 12);
    // AUC CI: the percentile interval of the AUCs on the resamples that hold both outcomes (sets 1 and 2).
    const aucs = [sets[0]!, sets[1]!].map((rows) => pairAuc(Array.from(rows, (r) => y[r]!), Array.from(rows, (r) => svm[r]!)));
    expect(aucs).toEqual([8 / 9, 0]);
    const [lo, hi] = percentileInterval(aucs);
    expect([m.auc.ci_low, m.auc.ci_high]).toEqual([lo, hi]);
    expect(m.aucCiMethod).toBe('bootstrap-patients');
    // DeLong's CI is kept beside it, and heads under samples.
    expect(m.aucDelong.ci_low).toBe(perWindow.models.svm.auc.ci_low);
    expect(perWindow.models.svm.aucCiMethod).toBe('delong');
  });
});

describe('logistic regression: separation and aliasing', () => {
  const x = Array.from({ length: 30 }, (_, i) => [i / 10 - 1.5, Math.sin(i)]);
  it('detects quasi-complete separation (one predictor splits the outcomes, ties at the boundary) and the ridge refit stays finite', () => {
    const y = x.map(([a], i) => (a! > 0 ? 1 : a! < 0 ? 0 : i % 2));
    const fit = fitLogisticRegression(x, y);
    expect(fit.separation).toMatch(/separated/);
    const ridge = fitLogisticRegression(x, y, { penalty: 0.1 });
    expect(ridge.converged).toBe(true);
    expect(ridge.separation).toBeNull();
    expect(ridge.coefficients.every(Number.isFinite)).toBe(true);
  });
  it('a well-posed fit converges with no separation; the score equations hold at the estimate', () => {
    const rng = createRng(3);
    const y = x.map(([a, b]) => (rng.uniform() < 1 / (1 + Math.exp(-(0.5 + a! - b!))) ? 1 : 0));
    const fit = fitLogisticRegression(x, y);
    expect(fit.separation).toBeNull();
    const p = predictLogisticRegression(fit, x);
    for (const j of [-1, 0, 1]) expect(Math.abs(p.reduce((s, v, i) => s + (y[i]! - v) * (j < 0 ? 1 : x[i]![j]!), 0))).toBeLessThan(1e-9);
  });
  it('leaves a constant and a collinear column out (NaN), as R reports NA', () => {
    const rng = createRng(4);
    const y = x.map(() => (rng.uniform() < 0.5 ? 1 : 0));
    const wide = x.map(([a, b]) => [a!, 0, b!, a! - 2 * b!]);
    const fit = fitLogisticRegression(wide, y);
    expect(fit.aliased).toEqual([1, 3]);
    const narrow = fitLogisticRegression(x, y);
    expect(fit.coefficients[0]).toBeCloseTo(narrow.coefficients[0]!, 10);
    expect(fit.coefficients[1]).toBeCloseTo(narrow.coefficients[1]!, 10);
    expect(fit.coefficients[3]).toBeCloseTo(narrow.coefficients[2]!, 10);
    expect(Number.isNaN(fit.coefficients[2]!) && Number.isNaN(fit.coefficients[4]!)).toBe(true);
  });
});

// The cell in the paper notebook, quick profile, with only the steps it and its checks need.
const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };
const NEEDED = new Set(['data', 'cohort', 'windows', 'split', 'grid', 'evaluate', 'discrimination', 'calibration', 'decision-curve', 'svm-baselines']);

describe('in the paper notebook (quick profile)', () => {
  let outputs: Record<string, unknown>;
  let manifest: Record<string, unknown>;
  let artifacts: Artifact[];
  let notebook: Notebook;
  beforeAll(async () => {
    const nb = applyProfile(findNotebook('han-2026')!, 'quick');
    notebook = { ...nb, cells: nb.cells.filter((c) => NEEDED.has(c.id)) };
    expect(nb.cells.findIndex((c) => c.id === 'svm-baselines')).toBeGreaterThan(nb.cells.findIndex((c) => c.id === 'decision-curve'));
    const state = await runNotebook({ notebook, registry, source, env: { host: 'node', libsvmWasmBinary } });
    for (const [id, cell] of Object.entries(state.cells)) expect(cell.status, `${id}: ${cell.error ?? ''}`).toBe('fresh');
    outputs = Object.fromEntries(Object.entries(state.cells).map(([id, c]) => [id, c.output]));
    manifest = buildManifest(state, registry, { seed: state.notebook.seed, data: { name: source.name, sha256: source.sha256, bytes: bytes.length }, versions: {}, totalMs: 0 });
    artifacts = [...freshArtifacts(state, registry)].filter((a) => a.cellId === 'svm-baselines').map((a) => a.artifact);
  }, 120_000);

  it('scores the SVM as its own validation cells do (AUC, calibration intercept, net benefit)', () => {
    const b = outputs['svm-baselines'] as BaselineModelsOutput;
    const d = outputs.discrimination as SvmDiscriminationOutput;
    const cal = outputs.calibration as SvmCalibrationOutput;
    const dc = outputs['decision-curve'] as SvmDecisionCurveOutput;
    expect(b.resamples).toBe(200);
    for (const s of ['all', 'persistent'] as const) {
      // Platt's sigmoid is increasing in the decision value: the same ranking, the same AUC.
      expect(b[s].models.svm.auc.value).toBeCloseTo(d[s].auc, 12);
      expect(b[s].models.svm.auc.ci_low).toBeCloseTo(d[s].delong.ci_low, 12);
      expect(b[s].models.svm.calibrationIntercept).toBeCloseTo(cal[s].stats.intercept.value, 9);
      expect(b[s].models.svm.calibrationSlope).toBeCloseTo(cal[s].stats.slope.value, 9);
      expect(b[s].models.svm.brier.value).toBeCloseTo(cal[s].stats.brier.value, 12);
      b.thresholds.forEach((t, k) => {
        const point = dc[s].points.find((p) => Math.abs(p.threshold - t) < 1e-9)!;
        expect(b[s].models.svm.netBenefit[k]).toBeCloseTo(point.model, 12);
        expect(b[s].treatAll[k]).toBeCloseTo(point.treatAll, 12);
      });
    }
  });

  it('fits LR on the same standardized training rows and the present grade alone; scores them on the same test windows', () => {
    const b = outputs['svm-baselines'] as BaselineModelsOutput;
    const split = outputs.split as SvmSplitOutput;
    const ev = outputs.evaluate as ClassificationEvalOutput;
    const windows = outputs.windows as WindowsOutput;
    const grade = new Map(windows.classification.map((w) => [`${w.patient_id}|${w.window}`, w.SAG3]));
    for (const s of ['all', 'persistent'] as const) {
      const sp = split[s];
      const fit = fitLogisticRegression(sp.train.map((i) => sp.X[i]!), sp.train.map((i) => sp.y[i]!));
      expect(b[s].fits.lr.method).toBe(fit.separation ? 'ridge' : 'maximum likelihood');
      if (!fit.separation) expect(b[s].predictions.lr).toEqual(predictLogisticRegression(fit, sp.test.map((i) => sp.X[i]!)));
      // A constant feature (SAG1 under anchored windows) has no coefficient.
      for (const f of sp.constantFeatures) expect(b[s].fits.lr.aliased.some((a) => a.startsWith(f))).toBe(true);
      expect(b[s].n).toBe(ev[s].nTest);
      expect(b[s].patients).toBe(ev[s].nPatients);
      // The present-grade model's probability falls as the present grade rises, and ranks as the grade does.
      const g = sp.test.map((i) => grade.get(`${sp.patientIds[i]}|${sp.windows[i]}`)!);
      expect(b[s].fits.presentGrade.coefficients[1]!.estimate).toBeLessThan(0);
      expect(b[s].models.presentGrade.auc.value).toBeCloseTo(delongAuc(ev[s].predictions.actual, g.map((v) => -v)).auc, 12);
      // The paired DeLong test of LR against the SVM, recomputed.
      const t = delongPairedTest(ev[s].predictions.actual, b[s].predictions.lr, ev[s].scores.probability);
      expect(b[s].comparisons.lr.delong.z).toBe(t.z);
      expect(b[s].comparisons.lr.auc.value).toBeCloseTo(t.difference, 12);
    }
  });

  it('draws patients for the paired CIs from its own stream, the same rows for both models', () => {
    const b = outputs['svm-baselines'] as BaselineModelsOutput;
    const ev = outputs.evaluate as ClassificationEvalOutput;
    for (const s of ['all', 'persistent'] as const) {
      const e = ev[s];
      const sets = clusterBootstrapIndices(e.predictions.patients, b.resamples, cellRng(notebook.seed, 'svm-baselines').fork(`cluster-bootstrap:${s}`));
      const y = e.predictions.actual, svm = e.scores.probability, lr = b[s].predictions.lr;
      const diffs = sets.map((rows) => Array.from(rows).reduce((acc, r) => acc + (lr[r]! - y[r]!) ** 2 - (svm[r]! - y[r]!) ** 2, 0) / rows.length);
      const [lo, hi] = percentileInterval(diffs);
      expect(b[s].comparisons.lr.brier.ci_low).toBeCloseTo(lo, 12);
      expect(b[s].comparisons.lr.brier.ci_high).toBeCloseTo(hi, 12);
      expect(b[s].comparisons.lr.brier.ci_low).toBeLessThanOrEqual(b[s].comparisons.lr.brier.value);
      expect(b[s].comparisons.lr.brier.ci_high).toBeGreaterThanOrEqual(b[s].comparisons.lr.brier.value);
    }
  });

  it('writes the numbers in the manifest, the sentence from them, and tables with readable headers', () => {
    const b = outputs['svm-baselines'] as BaselineModelsOutput;
    const m = manifest.baselines as { all: Record<string, Record<string, unknown>>; sentence: string };
    expect(m.all.svm!.auc).toMatchObject({ value: b.all.models.svm.auc.value, ci_method: 'delong' });
    expect(m.all.logistic_regression!.fit).toBe(b.all.fits.lr.method);
    expect(m.all.lr_minus_svm).toMatchObject({ delong_z: b.all.comparisons.lr.delong.z, delong_p: b.all.comparisons.lr.delong.p, auc: { value: b.all.comparisons.lr.auc.value, ci_method: 'patients' } });
    expect(m.all.present_grade_minus_svm!.brier).toMatchObject({ value: b.all.comparisons.presentGrade.brier.value });
    expect(m.sentence).toBe(b.sentence);
    const t3 = (x: number) => x.toFixed(3).replace(/^-/, '−');
    expect(b.all.sentence).toContain(`the SVM's AUC was ${t3(b.all.models.svm.auc.value)}, logistic regression's ${t3(b.all.models.lr.auc.value)} (difference ${t3(b.all.comparisons.lr.auc.value)}`);
    expect(b.all.sentence).toContain(`the present grade alone gave ${t3(b.all.models.presentGrade.auc.value)}`);
    expect(b.sentence.startsWith('On the test part (all subjects,')).toBe(true);
    const table = artifacts.find((a) => a.name === 'baseline_models');
    if (!table || table.type !== 'table') throw new Error('no baseline_models table');
    expect(table.header).toEqual(['Subset', 'Model', 'Fit', 'AUC (95% CI)', 'Brier score (95% CI)', 'Calibration intercept', 'Calibration slope', ...b.thresholds.map((t) => `Net benefit at ${+(t * 100).toFixed(1)}%`)]);
    expect(table.csv.trim().split('\n')).toHaveLength(1 + 2 * 4);
    expect(artifacts.map((a) => a.name)).toEqual(['baseline_models', 'baseline_differences', 'baseline_lr_coefficients', 'baseline_predictions_all', 'baseline_predictions_persistent']);
    expect(baselineModels.describe!(baselineModels.params.parse({}))).toContain('1,000 patient-level bootstrap resamples');
  });
});
