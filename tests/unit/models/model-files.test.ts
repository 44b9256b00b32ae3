import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { BaselineModelsOutput } from '@/lib/cells/baseline-models';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import { MODEL_FILE_VERSION, modelFileJsonSchema, modelWindows, parseWindowModelFile, readModelFile, SVM_CANNOT_PREDICT, type WindowModelFile } from '@/lib/models/model-file';
import { predictWindows, type WindowPrediction } from '@/lib/models/predict';
import { modelFileText, runModelFiles, type RunModelFile } from '@/lib/models/run-models';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import type { NotebookState } from '@/lib/notebook/state';
import { useCpuBackend } from '../ml/lstm/fixtures';
import { runTiny, tinyNotebook, tinySource } from './tiny-run';

const roundTrip = (f: RunModelFile): WindowModelFile => parseWindowModelFile(JSON.parse(modelFileText(f.model)));
const key = (p: { patient_id: string; window: number }) => `${p.patient_id}|${p.window}`;

describe('model files: save, reload, predict (issue #25)', () => {
  let state: NotebookState;
  let notebook: Notebook;
  let files: RunModelFile[];
  let withRows: RunModelFile[];
  let src: ReturnType<typeof tinySource>;
  const out = <T,>(id: string) => state.cells[id]!.output as T;

  beforeAll(async () => {
    await useCpuBackend();
    src = tinySource();
    notebook = tinyNotebook(['data', 'cohort', 'windows', 'split', 'grid', 'evaluate', 'svm-baselines', 'lstm-split', 'lstm-all-m1']);
    state = await runTiny(notebook, src);
    const outputOf = (id: string) => state.cells[id]?.output;
    files = runModelFiles(notebook, registry, outputOf, { dataSha256: src.sha256, createdAt: '2026-01-01T00:00:00.000Z', workbench: '0.1.0', includeSupportVectors: false });
    withRows = runModelFiles(notebook, registry, outputOf, { dataSha256: src.sha256, createdAt: '2026-01-01T00:00:00.000Z', workbench: '0.1.0', includeSupportVectors: true });
  }, 60_000);

  const windows = () => modelWindows(out<LoadedCohort>('data').patients, files[0]!.model);

  it('writes one file per trained model: the SVM and LR per subset, the LSTM', () => {
    expect(files.map((f) => f.fileName)).toEqual(['evaluate.json', 'evaluate-persistent.json', 'svm-baselines.json', 'svm-baselines-persistent.json', 'lstm-all-m1.json']);
    for (const f of files) {
      expect(f.model.provenance).toMatchObject({ notebookId: 'han-2026', cellId: f.cellId, dataSha256: src.sha256 });
      expect(f.model.windows.inclusion).toHaveProperty('earlyDays');
      expect(f.model.features.every((x) => x.label.length > 0)).toBe(true);
    }
    // Same run, same bytes.
    const again = runModelFiles(notebook, registry, (id) => state.cells[id]?.output, { dataSha256: src.sha256, createdAt: '2026-01-01T00:00:00.000Z', workbench: '0.1.0', includeSupportVectors: false });
    expect(again.map((f) => modelFileText(f.model))).toEqual(files.map((f) => modelFileText(f.model)));
  });

  it('svm: with support vectors, the reloaded file gives the cell’s Platt probabilities to the last bit', async () => {
    const e = out<ClassificationEvalOutput>('evaluate');
    for (const [i, subset] of (['all', 'persistent'] as const).entries()) {
      const model = roundTrip(withRows[i]!);
      expect(model.kind).toBe('svm');
      expect(model.predicts).toBe(true);
      const byKey = new Map((await predictWindows(model, windows())).map((p) => [key(p), p]));
      const ev = e[subset];
      const got = ev.predictions.patients.map((patient_id, k) => byKey.get(key({ patient_id, window: ev.predictions.windows[k]! }))!.prediction);
      expect(got.length).toBeGreaterThan(0);
      got.forEach((p, k) => expect(Object.is(p, ev.scores.probability[k])).toBe(true));
    }
  });

  it('svm: without support vectors the file says it cannot predict, and holds no training row', async () => {
    const model = roundTrip(files[0]!);
    expect(model.predicts).toBe(false);
    expect(model).not.toHaveProperty('supportVectors');
    await expect(predictWindows(model, windows())).rejects.toThrow(SVM_CANNOT_PREDICT);
  });

  it('logistic: the reloaded file gives the baseline’s probabilities to the last bit', async () => {
    const b = out<BaselineModelsOutput>('svm-baselines');
    const e = out<ClassificationEvalOutput>('evaluate');
    for (const [i, subset] of (['all', 'persistent'] as const).entries()) {
      const model = roundTrip(files[2 + i]!);
      expect(model.kind).toBe('logistic');
      const byKey = new Map((await predictWindows(model, windows())).map((p) => [key(p), p]));
      const ev = e[subset];
      const got = ev.predictions.patients.map((patient_id, k) => byKey.get(key({ patient_id, window: ev.predictions.windows[k]! }))!.prediction);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(b[subset].predictions.lr);
      got.forEach((p, k) => expect(Object.is(p, b[subset].predictions.lr[k])).toBe(true));
    }
  });

  it('lstm: the reloaded file gives the cell’s test predictions to the last bit', async () => {
    const l = out<LstmRegressionOutput>('lstm-all-m1');
    const model = roundTrip(files[4]!);
    expect(model.kind).toBe('lstm');
    const preds = await predictWindows(model, windows());
    const byKey = new Map<string, WindowPrediction>(preds.map((p) => [`${key(p)}|${p.day}`, p]));
    expect(l.testPredictions.length).toBeGreaterThan(0);
    for (const t of l.testPredictions) expect(Object.is(byKey.get(`${key(t)}|${t.day}`)!.prediction, t.predicted)).toBe(true);
  });

  it('LR, LSTM and the SVM without support vectors carry no training-row values', () => {
    const split = out<SvmSplitOutput>('split');
    // Every training row of both subsets, standardized and raw, as text.
    const rows = new Set((['all', 'persistent'] as const).flatMap((s) => split[s].train.flatMap((i) => [split[s].X[i]!.join(','), split[s].raw[i]!.join(',')])));
    /** Every array of numbers anywhere in the file, as text. */
    const arrays = (v: unknown, acc: string[] = []): string[] => {
      if (Array.isArray(v)) {
        if (v.length && v.every((x) => typeof x === 'number')) acc.push(v.join(','));
        else v.forEach((x) => arrays(x, acc));
      } else if (v && typeof v === 'object') Object.values(v).forEach((x) => arrays(x, acc));
      return acc;
    };
    for (const f of files) {
      const json = JSON.parse(modelFileText(f.model)) as unknown;
      expect(json).not.toHaveProperty('supportVectors');
      expect(arrays(json).filter((a) => rows.has(a))).toEqual([]);
      // No patient ids either.
      const text = modelFileText(f.model);
      for (const id of split.all.patientIds) expect(text).not.toContain(`"${id}"`);
    }
    // The check finds rows where they are: the SVM written with its support vectors holds training rows.
    expect(arrays(JSON.parse(modelFileText(withRows[0]!.model))).filter((a) => rows.has(a)).length).toBeGreaterThan(0);
  });

  it('refuses a file that fails its schema, is from a newer version or names features the data cannot supply', () => {
    const good = JSON.parse(modelFileText(files[2]!.model)) as Record<string, unknown>;
    expect(() => parseWindowModelFile({ ...good, scaler: { mean: 'x' } })).toThrow(/fails its schema at scaler\.mean/);
    expect(() => parseWindowModelFile({ ...good, version: MODEL_FILE_VERSION + 1 })).toThrow(/version 2 is from a newer workbench/);
    const features = [...(good.features as { name: string }[])];
    features[0] = { ...features[0]!, name: 'blood_pressure' };
    expect(() => parseWindowModelFile({ ...good, features })).toThrow(/features a visits file cannot supply: "blood_pressure"/);
    expect(() => parseWindowModelFile({ ...good, schema: 'something/else' })).toThrow(/not a model file/);
    expect(() => parseWindowModelFile({ ...good, coefficients: [1] })).toThrow(/1 coefficients for 11 features/);
    expect(readModelFile(good).kind).toBe('logistic');
  });

  it('docs/model-file.schema.json is the schema the workbench reads (regenerate: npx tsx scripts/write-model-schema.ts)', () => {
    expect(JSON.parse(readFileSync('docs/model-file.schema.json', 'utf8'))).toEqual(JSON.parse(JSON.stringify(modelFileJsonSchema())));
  });
});
