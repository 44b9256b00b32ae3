import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { DerivedFeatureOutput } from '@/lib/cells/derived-feature';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import { lstmRegressionParamsSchema, type LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { modelTitle, slotTitle } from '@/lib/cells/lstm-report';
import { windowValidationArtifacts } from '@/lib/cells/window-validation-artifacts';
import { buildSequences, lstmKey, MODEL_FEATURES } from '@/lib/ml/lstm/sequences';
import { featureLabel } from '@/lib/features/dictionary';
import { validateWindowModel, type LstmValidation } from '@/lib/models/external-window';
import { modelWindows, parseWindowModelFile } from '@/lib/models/model-file';
import { predictWindows } from '@/lib/models/predict';
import { modelFileText, runModelFiles } from '@/lib/models/run-models';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { buildManifest } from '@/lib/notebook/manifest';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import type { NotebookState } from '@/lib/notebook/state';
import { assembleClaims } from '@/lib/report/claims/assemble';
import { createRng } from '@/lib/stats/random';
import { useCpuBackend } from '../ml/lstm/fixtures';
import { runTiny, tinyNotebook, tinySource } from '../models/tiny-run';

const FEATURE = 'early_change';
const LABEL = 'Grade change since the first visit';
const EXPRESSION = 'last_grade - first_grade';
const M1_PLUS = [...MODEL_FEATURES.M1, FEATURE];

/** The tiny notebook's LSTM (M1) with a derived-feature step between the windowing and the LSTM split and network. */
function lstmDerivedNotebook(staticFeatures: readonly string[] = M1_PLUS): Notebook {
  const nb = tinyNotebook(['data', 'cohort', 'windows', 'lstm-split', 'lstm-all-m1']);
  const cells = nb.cells.flatMap((c) => {
    const cell = c as { id: string; inputs?: Record<string, string>; params?: Record<string, unknown> };
    if (cell.id === 'lstm-split') return [{ ...cell, inputs: { windows: 'early' } }];
    if (cell.id === 'lstm-all-m1') return [{ ...cell, inputs: { ...cell.inputs, windows: 'early' }, params: { ...cell.params, staticFeatures: [...staticFeatures] } }];
    if (cell.id === 'windows') return [cell, { id: 'early', kind: 'derived-feature', inputs: { data: 'data', windows: 'windows' }, params: { name: FEATURE, label: LABEL, expression: EXPRESSION } }];
    return [cell];
  });
  return { ...nb, cells } as Notebook;
}

describe('LSTM with a derived static feature (#26 item 1)', () => {
  let state: NotebookState;
  let notebook: Notebook;
  const src = tinySource();
  const out = <T,>(id: string) => state.cells[id]!.output as T;

  beforeAll(async () => {
    await useCpuBackend();
    notebook = lstmDerivedNotebook();
    state = await runTiny(notebook, src);
  }, 60_000);

  it('the schema keeps built-ins in canonical order and derived names after them; duplicates and bad names are refused', () => {
    const p = lstmRegressionParamsSchema.parse({ staticFeatures: [FEATURE, 'diabetes', 'sex'] });
    expect(p.staticFeatures).toEqual(['sex', 'diabetes', FEATURE]);
    // A list of built-ins resolves as before (so its cache key does not move).
    expect(lstmRegressionParamsSchema.parse({ model: 'M2' }).staticFeatures).toEqual(['sex', 'age', 'delayed_treatment', 'hypertension']);
    expect(lstmRegressionParamsSchema.safeParse({ staticFeatures: [FEATURE, FEATURE] }).error!.issues[0]!.message).toMatch(/"early_change" is listed more than once/);
    expect(lstmRegressionParamsSchema.safeParse({ staticFeatures: ['Early-Change'] }).success).toBe(false);
  });

  it('each sequence gets its window’s value (visits up to the present visit), standardized with the training part’s mean and SD', () => {
    const l = out<LstmRegressionOutput>('lstm-all-m1');
    const w = out<DerivedFeatureOutput>('early');
    expect(l.staticFeatures).toEqual(M1_PLUS);
    expect(l.derived).toEqual([{ name: FEATURE, label: LABEL, description: '', expression: EXPRESSION }]);
    expect(l.channels).toEqual(['SAD', 'SAG', 'known', ...M1_PLUS]);
    const scale = l.scaler.derived!.find((d) => d.name === FEATURE)!;
    // The training part's mean, by hand.
    const split = state.cells['lstm-split']!.output as { all: { train: number[] } };
    const train = split.all.train.map((i) => (w.regression[i] as unknown as Record<string, number>)[FEATURE]!);
    expect(scale.mean).toBeCloseTo(train.reduce((a, b) => a + b, 0) / train.length, 12);
    // The value of a regression sample is that of its classification window (same patient and window).
    const byWindow = new Map(w.classification.map((s) => [`${s.patient_id}|${s.window}`, (s as unknown as Record<string, number>)[FEATURE]]));
    for (const s of w.regression.slice(0, 20)) expect((s as unknown as Record<string, number>)[FEATURE]).toBe(byWindow.get(`${s.patient_id}|${s.window}`));
    const s = w.regression[0]!;
    const seq = buildSequences([s], l.trained.encoding);
    const c = seq.channels.indexOf(FEATURE);
    for (let t = 0; t < 4; t++) expect(seq.x[t * seq.channels.length + c]).toBeCloseTo(((s as unknown as Record<string, number>)[FEATURE]! - scale.mean) / scale.sd, 5);
  });

  it('captions, the exported windows and the methods name the feature by its label', () => {
    const artifacts = [...freshArtifacts(state, registry)];
    const metrics = artifacts.find((a) => a.cellId === 'lstm-all-m1' && a.artifact.name === 'lstm_all_M1_early_change_metrics')!.artifact as { caption: string };
    expect(metrics.caption).toContain(LABEL);
    expect(metrics.caption).toContain('the sequence\'s last known visit');
    const windowsCsv = artifacts.find((a) => a.cellId === 'lstm-split' && a.artifact.name === 'windows_regression')!.artifact as { csv: string };
    expect(windowsCsv.csv.split('\n')[0]).toContain(`SAG4,${FEATURE},split`);
    const manifest = buildManifest(state, registry, { seed: notebook.seed, profile: 'quick', data: { name: src.name, sha256: src.sha256, bytes: src.bytes.length }, versions: { workbench: '0.1.0' }, totalMs: 0 });
    const methods = assembleClaims(manifest, String).sections.flatMap((x) => x.sentences).join(' ');
    expect(methods).toContain(LABEL);
    expect(methods).toContain('the sequence’s last known visit');
    // Its numbers sit under their own key, so a network of M1's own features beside it keeps its own.
    expect(lstmKey('M1', M1_PLUS)).toBe('M1_early_change');
    expect(lstmKey('M1', [...MODEL_FEATURES.M1])).toBe('M1');
    expect(lstmKey('M1', ['sex', 'age', 'delayed_treatment'])).toBe('M1_no_diabetes');
    expect(Object.keys((manifest.lstm as { all: object }).all)).toEqual(['M1_early_change']);
    // The LSTM report titles a model by its own features when they are not its model's.
    const l = out<LstmRegressionOutput>('lstm-all-m1');
    expect(modelTitle('all_M1', l)).toBe(`All subjects, M1 with ${MODEL_FEATURES.M1.map((f) => featureLabel(f)).join(', ')}, ${LABEL}`);
    expect(modelTitle('all_M1', { ...l, staticFeatures: [...MODEL_FEATURES.M1] })).toBe(slotTitle('all_M1'));
  });

  it('the model file carries the definition; predict recomputes the feature and gives the cell’s test predictions to the last bit', async () => {
    const files = runModelFiles(notebook, registry, (id) => state.cells[id]?.output, { dataSha256: src.sha256, createdAt: '2026-01-01T00:00:00.000Z', workbench: '0.1.0', includeSupportVectors: false });
    const file = files.find((f) => f.fileName === 'lstm-all-m1.json')!;
    expect(file.model.derived).toEqual([{ name: FEATURE, label: LABEL, description: '', expression: EXPRESSION }]);
    expect(file.model.features.at(-1)).toMatchObject({ name: FEATURE, label: LABEL });
    const model = parseWindowModelFile(JSON.parse(modelFileText(file.model)));
    const patients = out<LoadedCohort>('data').patients;
    const preds = await predictWindows(model, modelWindows(patients, model));
    const byKey = new Map(preds.map((p) => [`${p.patient_id}|${p.window}|${p.day}`, p.prediction]));
    const l = out<LstmRegressionOutput>('lstm-all-m1');
    expect(l.testPredictions.length).toBeGreaterThan(0);
    for (const t of l.testPredictions) expect(Object.is(byKey.get(`${t.patient_id}|${t.window}|${t.day}`), t.predicted)).toBe(true);
    // Without the definition the file is refused, naming the feature.
    const bare = JSON.parse(modelFileText(file.model)) as Record<string, unknown>;
    delete bare.derived;
    expect(() => parseWindowModelFile(bare)).toThrow(/"early_change"/);
  });

  it('the external validation recomputes the feature and labels it in the case mix', async () => {
    const files = runModelFiles(notebook, registry, (id) => state.cells[id]?.output, { dataSha256: src.sha256, includeSupportVectors: false });
    const model = parseWindowModelFile(JSON.parse(modelFileText(files.find((f) => f.fileName === 'lstm-all-m1.json')!.model)));
    const v = (await validateWindowModel(model, out<LoadedCohort>('data').patients, createRng(1), { sha256: 'x' }, 50)) as LstmValidation;
    expect(v.kind).toBe('lstm');
    expect(v.samples).toBeGreaterThan(0);
    expect(Number.isFinite(v.errors.lstm.mae.value)).toBe(true);
    expect(v.external.features.map((f) => f.name)).toContain(FEATURE);
    const caseMix = windowValidationArtifacts(v, { prefix: 'external', where: 'these data', modelName: 'the file' }).find((a) => a.name === 'external_case_mix') as { csv: string };
    expect(caseMix.csv).toContain(`${LABEL}: mean (SD)`);
  });

  it('an unknown static feature fails the step naming it and what is available', async () => {
    await expect(runTiny(lstmDerivedNotebook([...MODEL_FEATURES.M1, 'no_such_feature']), tinySource(40))).rejects.toThrow(/lstm-all-m1: Unknown static feature "no_such_feature" for the LSTM[\s\S]*Available: .*hypertension, early_change/);
  });
});
