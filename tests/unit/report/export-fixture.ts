import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { registry } from '@/lib/cells';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { resolveParams, type Artifact } from '@/lib/notebook/define-cell';
import { sha256Hex } from '@/lib/notebook/hash';
import { buildManifest } from '@/lib/notebook/manifest';
import { applyProfile, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import type { NotebookState } from '@/lib/notebook/state';
import { createRng } from '@/lib/stats/random';
import { findNotebook } from '@/notebooks';

/**
 * A real run of the paper notebook's SVM part (quick profile, bundled cohort) and, for the LSTM
 * steps (too slow for the unit suite), outputs with the real shape and made-up errors: enough to
 * produce every exported table, figure and report file.
 */
const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
export const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };

function metric(value: number) {
  return { value, ci_low: value * 0.9, ci_high: value * 1.1 };
}

function evaluation(mae: number) {
  const e = (m: number) => ({ n: 40, rmse: metric(m * 1.2), mse: metric(m * m * 1.44), mae: metric(m), p_value: m > 0.5 ? 0.0004 : 0.21, mean_error: 0.1 });
  const iv = (m: number) => [m * 0.9, m * 1.1] as [number, number];
  const intervals = (m: number) => ({ rmse: iv(m * 1.2), mse: iv(m * m * 1.44), mae: iv(m) });
  const both = { lstm: intervals(mae), baseline_locf: intervals(mae + 0.2), baseline_linear: intervals(mae + 0.1) };
  return { n: 40, patients: 9, ciMethod: 'samples' as const, ci: { samples: both, patients: both }, lstm: e(mae), baseline_locf: e(mae + 0.2), baseline_linear: e(mae + 0.1) };
}

/** An LSTM output of the real shape with made-up numbers (predictions partly outside I–VI). */
export function fakeLstmOutput(subset: 'all' | 'persistent', model: 'M1' | 'M2' | 'M3', mae: number): LstmRegressionOutput {
  const preds = Array.from({ length: 40 }, (_, i) => {
    const actual = 1 + (i % 11) / 2;
    return { patient_id: `P${String(i % 9).padStart(3, '0')}`, window: 1, present_day: 10 + (i % 7), day: 60 + i * 5, actual, predicted: actual + ((i % 5) - 2) * 0.4 - (i === 3 ? 1.5 : 0), locf: actual, linear: actual + 0.2 };
  });
  return {
    subset,
    model,
    staticFeatures: ['sex', 'age', 'delayed_treatment', 'diabetes'],
    channels: [],
    params: {} as LstmRegressionOutput['params'],
    backend: 'cpu',
    split: { mode: 'samples', seed: 42, train: 160, test: 40, straddlingPatients: 3 },
    scaler: {} as LstmRegressionOutput['scaler'],
    training: { epochsRun: 4, bestEpoch: 3, stoppedEarly: false, history: [1, 2, 3, 4].map((epoch) => ({ epoch, loss: 3 / epoch, valLoss: 2.5 / epoch + 0.2, lr: 0.005 })) } as unknown as LstmRegressionOutput['training'],
    evaluation: { test: evaluation(mae), validation: evaluation(mae + 0.05) },
    validationScope: 'all',
    holdout: { grouping: 'rows', straddlingPatients: 0 },
    seeds: { n: 1, runs: [], summary: { test_mae: null, test_rmse: null, validation_mae: null, validation_rmse: null } },
    warnings: [],
    seedTestPredictions: [],
    seedValidationPredictions: [],
    trained: {} as LstmRegressionOutput['trained'],
    linear: { features: [], coefficients: [], intercept: 0, constant: [] },
    testPredictions: preds,
    validationPredictions: preds.slice(0, 10),
    courses: ['V01', 'V02', 'V03'].map((patient_id, k) => ({
      patient_id,
      window: 1,
      present_day: 12 + k,
      points: [12, 50, 100, 200, 300].map((day) => ({ day, predicted: 0.8 + 3 * Math.exp(-day / (40 + 20 * k)) })),
      actual: [{ day: 60, grade: 2 + k * 0.5 }],
      early: [{ day: -1, grade: 1 }, { day: 5, grade: 4 }, { day: 12 + k, grade: 3 }],
    })),
  };
}

let cached: Promise<{ state: NotebookState; manifest: Record<string, unknown> }> | undefined;

/** The notebook without its LSTM cells and every cell downstream of them (the SVM part, quick to run). */
export function withoutLstm(full: Notebook): Notebook {
  const dropped = new Set(full.cells.filter((c) => c.kind === 'lstm-regression').map((c) => c.id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of full.cells) {
      const inputs = 'inputs' in c && c.inputs ? Object.values(c.inputs as Record<string, string>) : [];
      if (!dropped.has(c.id) && inputs.some((id) => dropped.has(id))) {
        dropped.add(c.id);
        grew = true;
      }
    }
  }
  return { ...full, cells: full.cells.filter((c) => !dropped.has(c.id)) };
}

/** The notebook state with every cell fresh (SVM part run, LSTM cells given fake outputs) and its manifest. */
export function exportFixture() {
  cached ??= (async () => {
    const full = applyProfile(findNotebook('han-2026')!, 'quick');
    // Without the LSTM cells and everything downstream of them (too slow here; given fake outputs below).
    const svmPart = withoutLstm(full);
    const state = await runNotebook({ notebook: svmPart, registry, source, env: { host: 'node', libsvmWasmBinary } });
    const lstmCells = full.cells.filter((c) => c.kind === 'lstm-regression');
    const reportCell = full.cells.find((c) => c.kind === 'lstm-report')!;
    const outputs: Record<string, LstmRegressionOutput> = {};
    for (const cell of lstmCells) {
      if (!('params' in cell)) continue;
      const p = resolveParams(registry.get('lstm-regression'), cell.params) as { subset: 'all' | 'persistent'; model: 'M1' | 'M2' | 'M3' };
      outputs[cell.id] = fakeLstmOutput(p.subset, p.model, 0.4 + lstmCells.indexOf(cell) * 0.05);
    }
    const reportDef = registry.get('lstm-report');
    const inputs = Object.fromEntries(Object.entries('inputs' in reportCell ? (reportCell.inputs as Record<string, string>) : {}).map(([slot, id]) => [slot, outputs[id]]));
    const gen = reportDef.run(inputs, resolveParams(reportDef, 'params' in reportCell ? reportCell.params : {}), { rng: createRng(full.seed).fork('lstm-report'), seed: full.seed, signal: new AbortController().signal, env: {} });
    let step = await gen.next();
    while (!step.done) step = await gen.next();
    const cells = { ...state.cells };
    for (const [id, output] of Object.entries(outputs)) cells[id] = { status: 'fresh', output, key: `fake-${id}` } as NotebookState['cells'][string];
    cells[reportCell.id] = { status: 'fresh', output: step.value, key: 'fake-report' } as NotebookState['cells'][string];
    const all: NotebookState = { ...state, notebook: full, cells };
    const manifest = buildManifest(all, registry, { seed: full.seed, profile: 'quick', data: { name: source.name, sha256: source.sha256, bytes: bytes.length }, versions: { workbench: '0.1.0', node: process.versions.node }, totalMs: 0 });
    return { state: all, manifest };
  })();
  return cached;
}

export type FigureArtifact = Extract<Artifact, { type: 'figure' }>;
