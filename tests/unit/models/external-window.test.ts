/**
 * External and temporal validation of the window-level model files (issue #25): the statistics
 * against independent computations (R's pROC and glm on the exported predictions; hand-written
 * MAE, cross-fitting and recalibration algebra), what the files record about their training data,
 * and the refusals.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import type { TemporalValidationOutput } from '@/lib/cells/temporal-validation';
import type { WindowsOutput } from '@/lib/cells/windowing';
import { fitLinearBaseline } from '@/lib/ml/lstm/baselines';
import { svmProbability } from '@/lib/ml/svm/trained-svm';
import { validateWindowModel, type ClassifierValidation, type LstmValidation } from '@/lib/models/external-window';
import { modelWindows, parseWindowModelFile, SVM_CANNOT_PREDICT, type LogisticModelFile, type SvmModelFile, type WindowModelFile } from '@/lib/models/model-file';
import { classifierProbabilities, predictWindows } from '@/lib/models/predict';
import { modelFileText, runModelFiles, type RunModelFile } from '@/lib/models/run-models';
import type { NotebookState } from '@/lib/notebook/state';
import { simulateCohort } from '@/lib/sim';
import { calibrationStats } from '@/lib/stats/calibration';
import { delongAuc } from '@/lib/stats/delong';
import { createRng } from '@/lib/stats/random';
import { externalWindowFixture } from '../../../scripts/reference/make-external-window-inputs';
import { useCpuBackend } from '../ml/lstm/fixtures';
import { runTiny, tinyNotebook, tinySource } from './tiny-run';

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('external validation of window-level models (issue #25)', () => {
  let state: NotebookState;
  let files: RunModelFile[];
  const out = <T,>(id: string) => state.cells[id]!.output as T;
  const file = <T extends WindowModelFile>(name: string) => parseWindowModelFile(JSON.parse(modelFileText(files.find((f) => f.fileName === name)!.model))) as T;
  // An older cohort (age mean 70) from the simulator: patients no model here has seen.
  const older = simulateCohort({ age: { mean: 70 } }, 909, 300).patients;

  beforeAll(async () => {
    await useCpuBackend();
    const src = tinySource();
    const notebook = tinyNotebook();
    state = await runTiny(notebook, src);
    files = runModelFiles(notebook, registry, (id) => state.cells[id]?.output, { dataSha256: src.sha256, includeSupportVectors: true });
  }, 60_000);

  it('each file records its training windows: counts and ranges from the split’s training rows', () => {
    const split = out<SvmSplitOutput>('split');
    const windows = out<WindowsOutput>('windows');
    const svm = file<SvmModelFile>('evaluate.json');
    const dev = svm.development!;
    expect(dev.windows).toBe(split.all.train.length);
    const trainRows = split.all.train.map((i) => windows.classification[i]!);
    expect(dev.patients).toBe(new Set(trainRows.map((r) => r.patient_id)).size);
    const sag3 = trainRows.map((r) => r.SAG3);
    const f = dev.features.find((x) => x.name === 'SAG3')!;
    expect([f.min, f.max]).toEqual([Math.min(...sag3), Math.max(...sag3)]);
    expect(dev.outcome).toMatchObject({ kind: 'recovered', windowShare: trainRows.filter((r) => r.label === 1).length / trainRows.length });
    expect(file<SvmModelFile>('evaluate-persistent.json').development!.windows).toBe(split.persistent.train.length);
    expect(file<WindowModelFile>('lstm-all-m1.json').development!.outcome.kind).toBe('grade');
  });

  for (const name of ['evaluate.json', 'svm-baselines.json']) {
    it(`${name}: each patient once at its last window; AUC, calibration and O/E from those predictions`, async () => {
      const f = file<SvmModelFile | LogisticModelFile>(name);
      const v = (await validateWindowModel(f, older, createRng(1), { sha256: 'b' }, 50)) as ClassifierValidation;
      // The same predictions `npm run predict` writes, at each patient's highest window.
      const preds = await predictWindows(f, modelWindows(older, f));
      const last = new Map<string, (typeof preds)[number]>();
      for (const p of preds) if (!last.has(p.patient_id) || p.window >= last.get(p.patient_id)!.window) last.set(p.patient_id, p);
      expect(v.points.map((x) => x.p)).toEqual([...last.values()].map((p) => p.prediction));
      expect(v.points.map((x) => x.y)).toEqual([...last.values()].map((p) => p.actual));
      expect(v.patients).toBe(last.size);
      const y = v.points.map((x) => x.y);
      const p = v.points.map((x) => x.p);
      const d = delongAuc(y, p);
      expect(v.auc).toEqual({ value: d.auc, low: d.ciLow, high: d.ciHigh });
      const c = calibrationStats(y, p);
      expect(v.calibration.stats.intercept.value).toBe(c.intercept);
      expect(v.calibration.stats.slope.value).toBe(c.slope);
      expect(v.observedExpected).toBeCloseTo(y.reduce<number>((a, b) => a + b, 0) / p.reduce((a, b) => a + b, 0), 12);
      // Net benefit of referring by the risk of not recovering, at threshold 0.2, counted by hand.
      const nb = v.netBenefit.find((x) => x.threshold === 0.2)!;
      const tp = p.filter((x, i) => 1 - x >= 0.2 && y[i] === 0).length;
      const fp = p.filter((x, i) => 1 - x >= 0.2 && y[i] === 1).length;
      expect(nb.model).toBeCloseTo((tp - (fp * 0.2) / 0.8) / p.length, 12);
      expect(v.external.patients).toBe(last.size);
    });

    it(`${name}: the recalibrated files predict logit P = a + b · logit P(model), and are calibrated on the data they were fitted on`, async () => {
      const f = file<SvmModelFile | LogisticModelFile>(name);
      const v = (await validateWindowModel(f, older, createRng(1), { sha256: 'b' }, 50)) as ClassifierValidation;
      const rows = modelWindows(older, f).classification.slice(0, 40);
      const names = f.features.map((x) => x.name);
      const raw = rows.map((s) => names.map((n) => (s as unknown as Record<string, number>)[n]!));
      const before = classifierProbabilities(f, raw);
      const intercept = parseWindowModelFile(JSON.parse(modelFileText(v.updated.intercept!))) as SvmModelFile | LogisticModelFile;
      const a = intercept.updates!.at(-1)!.intercept;
      expect(intercept.updates!.at(-1)).toMatchObject({ method: 'intercept', slope: 1, dataSha256: 'b', patients: v.patients });
      classifierProbabilities(intercept, raw).forEach((q, i) => expect(q).toBeCloseTo(sigmoid(a + logit(before[i]!)), 12));
      // Refitted on the same patients, calibration-in-the-large of the updated model is 0.
      const again = (await validateWindowModel(intercept, older, createRng(1), { sha256: 'b' }, 50)) as ClassifierValidation;
      expect(again.calibration.stats.intercept.value).toBeCloseTo(0, 6);
      if (v.updated.logistic) {
        const lg = v.updated.logistic;
        const { intercept: la, slope: lb } = lg.updates!.at(-1)!;
        classifierProbabilities(lg, raw).forEach((q, i) => expect(q).toBeCloseTo(sigmoid(la + lb * logit(before[i]!)), 10));
        const re = (await validateWindowModel(lg, older, createRng(1), { sha256: 'b' }, 50)) as ClassifierValidation;
        expect(re.calibration.stats.slope.value).toBeCloseTo(1, 6);
        expect(re.calibration.stats.intercept_joint.value).toBeCloseTo(0, 6);
      } else expect(v.updated.problem).toMatch(/slope/);
    });
  }

  it('same seed, same numbers', async () => {
    const f = file<LogisticModelFile>('svm-baselines.json');
    const a = await validateWindowModel(f, older, createRng(5), { sha256: 'b' }, 50);
    const b = await validateWindowModel(f, older, createRng(5), { sha256: 'b' }, 50);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('lstm: MAE of the carried-forward grade and the cross-fitted linear baseline as written out by hand; paired differences', async () => {
    const f = file<Extract<WindowModelFile, { kind: 'lstm' }>>('lstm-all-m1.json');
    const v = (await validateWindowModel(f, older, createRng(2), { sha256: 'b' }, 30)) as LstmValidation;
    const rows = modelWindows(older, f).regression;
    expect(v.samples).toBe(rows.length);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(v.errors.carriedForward.mae.value).toBeCloseTo(mean(rows.map((r) => Math.abs(r.SAG3 - r.SAG4))), 12);
    // Fold k holds the patients whose first-appearance index is k mod 5; their rows are predicted by a fit on the others.
    const order = [...new Set(rows.map((r) => r.patient_id))];
    const foldOf = (id: string) => order.indexOf(id) % 5;
    const statics = f.encoding.staticFeatures as Parameters<typeof fitLinearBaseline>[1];
    const fold0 = rows.filter((r) => foldOf(r.patient_id) === 0);
    const fit = fitLinearBaseline(rows.filter((r) => foldOf(r.patient_id) !== 0), statics);
    const expected = fit.predict(fold0);
    const got = v.rows.filter((_, i) => foldOf(rows[i]!.patient_id) === 0).map((r) => r.linear);
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 10));
    const lstmMae = v.errors.lstm.mae.value;
    expect(v.paired[0]!.difference.value).toBeCloseTo(lstmMae - v.errors.carriedForward.mae.value, 12);
    expect(v.paired[1]!.difference.value).toBeCloseTo(lstmMae - v.errors.linear.mae.value, 12);
    expect(v.errors.lstm.mae.low).toBeLessThanOrEqual(lstmMae);
    expect(v.errors.lstm.mae.high).toBeGreaterThanOrEqual(lstmMae);
  });

  it('refuses an SVM file without its support vectors, and data that give no window, with a message', async () => {
    const withoutRows = runModelFiles(tinyNotebook(), registry, (id) => state.cells[id]?.output, { dataSha256: '', includeSupportVectors: false }).find((f) => f.fileName === 'evaluate.json')!.model;
    await expect(validateWindowModel(withoutRows, older, createRng(1), { sha256: '' }, 50)).rejects.toThrow(SVM_CANNOT_PREDICT);
    const noEarlyVisits = older.map((p) => ({ ...p, visits: p.visits.filter((x) => x.day > 30) }));
    await expect(validateWindowModel(file('svm-baselines.json'), noEarlyVisits, createRng(1), { sha256: '' }, 50)).rejects.toThrow(/no window .*to predict/);
  });

  it('temporal validation: the evaluation step’s SVM on the later patients, each at its last window, as a saved file predicts them', () => {
    const t = out<TemporalValidationOutput>('temporal');
    if (t.absent !== undefined) throw new Error(t.absent);
    const windows = out<WindowsOutput>('windows');
    const ev = out<ClassificationEvalOutput>('evaluate');
    const last = new Map<string, (typeof windows.validationClassification)[number]>();
    for (const w of windows.validationClassification) if (!last.has(w.patient_id) || w.window >= last.get(w.patient_id)!.window) last.set(w.patient_id, w);
    expect(t.patients).toBe(last.size);
    const model = ev.all.model;
    const p = svmProbability(model, [...last.values()].map((w) => model.features.map((n) => (w as unknown as Record<string, number>)[n]!)));
    expect(t.points.map((x) => x.p)).toEqual(Array.from(p));
    expect(t.cutoffDate).toBe(out<{ cohort: { params: { cutoffDate: string } } }>('cohort').cohort.params.cutoffDate);
    // The validation patients are none of the development set's.
    expect(last.size).toBeGreaterThan(0);
    const dev = new Set(windows.classification.map((w) => w.patient_id));
    for (const id of last.keys()) expect(dev.has(id)).toBe(false);
  });
});

describe('window-level external validation agrees with R to 1e-6 (scripts/reference/external_reference.R)', () => {
  const [, ...lines] = readFileSync('tests/fixtures/reference/external_window_inputs.csv', 'utf8').trim().split('\n');
  const rows = lines.map((l) => l.split(',').map(Number) as [number, number, number]);
  const R = JSON.parse(readFileSync('tests/fixtures/reference/external_window_r.json', 'utf8'));

  it('the fixture is what the validation exports today, and its numbers are R’s', async () => {
    const v = await externalWindowFixture();
    expect(v.points.length).toBe(R.n);
    v.points.forEach((x, i) => {
      expect(x.p).toBeCloseTo(rows[i]![0], 15);
      expect(x.y).toBe(rows[i]![1]);
    });
    expect(v.auc!.value).toBeCloseTo(R.auc, 6);
    expect(v.auc!.low).toBeCloseTo(R.auc_low, 6);
    expect(v.auc!.high).toBeCloseTo(R.auc_high, 6);
    expect(v.calibration.stats.intercept.value).toBeCloseTo(R.citl, 6);
    expect(v.calibration.stats.intercept_joint.value).toBeCloseTo(R.recalibration_intercept, 6);
    expect(v.calibration.stats.slope.value).toBeCloseTo(R.recalibration_slope, 6);
    expect(v.calibration.stats.brier.value).toBeCloseTo(R.brier, 9);
    expect(v.recovered / v.patients).toBeCloseTo(R.observed, 12);
    // The updates are R's glm coefficients.
    expect(v.updated.intercept!.updates!.at(-1)!.intercept).toBeCloseTo(R.citl, 6);
    expect(v.updated.logistic!.updates!.at(-1)!.intercept).toBeCloseTo(R.recalibration_intercept, 6);
    expect(v.updated.logistic!.updates!.at(-1)!.slope).toBeCloseTo(R.recalibration_slope, 6);
  }, 60_000);
});
