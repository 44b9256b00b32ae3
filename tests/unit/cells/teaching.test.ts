import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import type { GuessFirstOutput } from '@/lib/cells/guess-first';
import { guessFirst, guessFirstParamsSchema } from '@/lib/cells/guess-first';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import type { LstmSplitOutput } from '@/lib/cells/lstm-split';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import type { TeachingCalibrationOutput } from '@/lib/cells/teaching-calibration';
import { whatIfPatient, whatIfParamsSchema, type WhatIfOutput } from '@/lib/cells/what-if-patient';
import type { WindowsOutput } from '@/lib/cells/windowing';
import type { Patient } from '@/lib/data/types';
import { courseWithTrainedLstm, predictWithTrainedLstm } from '@/lib/ml/lstm/trained-lstm';
import { svmDecision, svmProbability } from '@/lib/ml/svm/trained-svm';
import type { CellContext } from '@/lib/notebook/define-cell';
import { sha256Hex } from '@/lib/notebook/hash';
import { isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import type { NotebookState } from '@/lib/notebook/state';
import { createRng } from '@/lib/stats/random';
import { plattProbability } from '@/lib/teaching/platt-interval';
import { windowPatients, windowingParamsSchema } from '@/lib/windows/windowing';
import { findNotebook } from '@/notebooks';
import { useCpuBackend } from '../ml/lstm/fixtures';

async function finish<T>(gen: AsyncGenerator<unknown, T, void>): Promise<T> {
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}

const ctx = (seed = 42): CellContext => ({ rng: createRng(seed).fork('quiz'), seed, signal: new AbortController().signal, env: {} });

/**
 * The teaching notebook on the bundled cohort, with a smaller LSTM than the notebook's (units
 * [16], 10 epochs) because tfjs's CPU backend in Node is much slower than the browser's WebAssembly
 * one; every other step runs with the notebook's own parameters.
 */
function smallLstm(nb: Notebook): Notebook {
  return { ...nb, cells: nb.cells.map((c) => (isComputeCell(c) && c.kind === 'lstm-regression' ? { ...c, params: { ...c.params, lstm: { units: [16], maxEpochs: 10 } } } : c)) };
}

let state: NotebookState;
const out = <T,>(id: string) => state.cells[id]!.output as T;

describe('the teaching notebook on the bundled cohort', () => {
  beforeAll(async () => {
    await useCpuBackend();
    const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
    const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };
    const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
    state = await runNotebook({ notebook: smallLstm(findNotebook('teaching')!), registry, source, env: { host: 'node', libsvmWasmBinary } });
    const failed = Object.entries(state.cells).filter(([, c]) => c.status === 'error');
    expect(failed.map(([id, c]) => `${id}: ${c.error}`)).toEqual([]);
  }, 600_000);

  it('a what-if prediction equals the trained models’ prediction for the same window, built by the windowing step', async () => {
    const params = whatIfParamsSchema.parse({ age: 58, sex: 'M', diabetes: true, treatmentDay: 10, visits: [{ day: 1, grade: 5 }, { day: 8, grade: 4.5 }, { day: 20, grade: 3 }] });
    const what = out<WhatIfOutput>('what-if');
    expect(what.inputs.visits.length).toBe(3); // the notebook's own what-if ran too
    const inputs = { data: out<LoadedCohort>('data'), windows: out<WindowsOutput>('windows'), evaluate: out<ClassificationEvalOutput>('evaluate'), lstm: out<LstmRegressionOutput>('lstm-all-m1'), calibration: out<TeachingCalibrationOutput>('calibration') };
    const result = await finish(whatIfPatient.run(structuredClone(inputs), params, ctx()));
    const cal = inputs.calibration;
    // The same patient through the pipeline's own windowing, with a late visit on the follow-up day.
    const patient: Patient = {
      patientId: 'x', sex: 'M', age: 58, diabetes: true, hypertension: false, onsetDate: '2021-01-01', delayedTreatment: true,
      visits: [...params.visits, { day: cal.followUpDay, grade: 2 }].map((v, i) => ({ row: i + 2, date: '2021-01-01', day: v.day, grade: v.grade, gradeText: '' })),
    };
    const windows = windowPatients([patient], windowingParamsSchema.parse({})).classification;
    const w = windows[windows.length - 1]!;
    const svm = inputs.evaluate.all.model;
    const f = svmDecision(svm, [svm.features.map((name) => (w as unknown as Record<string, number>)[name]!)])[0]!;
    const oriented = svm.model.labels[0] === 1 ? f : -f;
    expect(result.decision).toBe(oriented);
    expect(result.probability).toBe(plattProbability(cal.platt, oriented));
    // ... which is the classifier's own calibrated probability for that row
    expect(result.probability).toBeCloseTo(svmProbability(svm, [svm.features.map((name) => (w as unknown as Record<string, number>)[name]!)])[0]!, 12);
    expect(cal.platt.source).toMatch(/classifier’s output/);
    const { SAD4: _s, outcome_grade: _o, label: _l, ...core } = w;
    const course = courseWithTrainedLstm(inputs.lstm.trained, core, result.course.map((p) => p.day));
    expect(result.course.map((p) => p.predicted)).toEqual(course.map((p) => p.predicted));
    expect(result.grade90).toBe(predictWithTrainedLstm(inputs.lstm.trained, [{ ...core, SAD4: 90 - core.present_day }])[0]);
  }, 120_000);

  it('grades VI, VI, V on days 0, 7, 14 get a lower recovery probability than III, II, II', async () => {
    const inputs = { data: out<LoadedCohort>('data'), windows: out<WindowsOutput>('windows'), evaluate: out<ClassificationEvalOutput>('evaluate'), lstm: out<LstmRegressionOutput>('lstm-all-m1'), calibration: out<TeachingCalibrationOutput>('calibration') };
    const run = (grades: number[]) => finish(whatIfPatient.run(inputs, whatIfParamsSchema.parse({ visits: grades.map((grade, i) => ({ day: i * 7, grade })) }), ctx()));
    const severe = await run([6, 6, 5]);
    const mild = await run([3, 2, 2]);
    expect(severe.probability).toBeLessThan(mild.probability);
  }, 120_000);

  it('the conformal band covers held-out check patients within ±5 points of its nominal level (mean over repeated patient splits)', () => {
    const cal = out<TeachingCalibrationOutput>('calibration');
    expect(cal.check.rows).toBeGreaterThan(60);
    expect(Math.abs(cal.check.observed - cal.check.nominal)).toBeLessThanOrEqual(0.05);
    expect(cal.check.splits).toBe(200);
    // only held-out patients calibrate
    const held = new Set(cal.heldOut.patients);
    expect(cal.heldOut.withVisits.every((id) => held.has(id))).toBe(true);
  });

  it('the quiz never offers a patient either model trained on, whatever the draw', async () => {
    const split = out<SvmSplitOutput>('split').all;
    const lstmSplit = out<LstmSplitOutput>('lstm-split').all;
    const reg = out<WindowsOutput>('windows').regression;
    const trained = new Set([...split.train.map((i) => split.patientIds[i]!), ...lstmSplit.train.map((i) => reg[i]!.patient_id)]);
    const inputs = { data: out<LoadedCohort>('data'), cohort: state.cells['cohort']!.output as never, evaluate: out<ClassificationEvalOutput>('evaluate'), lstm: out<LstmRegressionOutput>('lstm-all-m1'), calibration: out<TeachingCalibrationOutput>('calibration') };
    const first = out<GuessFirstOutput>('quiz');
    expect(first.pool.length).toBeGreaterThan(10);
    expect(first.pool.filter((id) => trained.has(id))).toEqual([]);
    const seen = new Set<string>();
    for (let draw = 0; draw < 40; draw++) {
      const q = await finish(guessFirst.run(inputs, guessFirstParamsSchema.parse({ draw }), ctx()));
      expect(trained.has(q.case.patient_id)).toBe(false);
      seen.add(q.case.patient_id);
    }
    expect(seen.size).toBeGreaterThan(5);
    // the teacher cannot pick a training patient either
    const trainee = [...trained][0]!;
    await expect(finish(guessFirst.run(inputs, guessFirstParamsSchema.parse({ caseId: trainee }), ctx()))).rejects.toThrow(/never offered/);
  }, 120_000);
});
