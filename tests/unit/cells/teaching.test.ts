import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { guessFirst, guessFirstParamsSchema, type GuessFirstOutput } from '@/lib/cells/guess-first';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import type { ModelCardOutput } from '@/lib/cells/model-card';
import type { PrognosisOutput } from '@/lib/cells/prognosis-model';
import { whatIfPatient, whatIfParamsSchema, type WhatIfOutput } from '@/lib/cells/what-if-patient';
import type { CellContext } from '@/lib/notebook/define-cell';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { curveSummary } from '@/lib/teaching/natural-history';
import type { NaturalHistoryOutput } from '@/lib/cells/teaching-content';
import { sha256Hex } from '@/lib/notebook/hash';
import { isComputeCell } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import type { NotebookState } from '@/lib/notebook/state';
import { landmarkRows } from '@/lib/prognosis';
import { createRng } from '@/lib/stats/random';
import { findNotebook } from '@/notebooks';

async function finish<T>(gen: AsyncGenerator<unknown, T, void>): Promise<T> {
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}

const ctx = (seed = 42): CellContext => ({ rng: createRng(seed).fork('quiz'), seed, signal: new AbortController().signal, env: {} });

let state: NotebookState;
const out = <T,>(id: string) => state.cells[id]!.output as T;

describe('the teaching notebook on the bundled cohort', () => {
  beforeAll(async () => {
    const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
    const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };
    state = await runNotebook({ notebook: findNotebook('teaching')!, registry, source, env: { host: 'node' } });
    const failed = Object.entries(state.cells).filter(([, c]) => c.status === 'error');
    expect(failed.map(([id, c]) => `${id}: ${c.error}`)).toEqual([]);
  }, 600_000);

  it('is one model, one story: the what-if, the quiz and the model card all read the prognosis cell; no SVM or LSTM is trained', () => {
    const kinds = findNotebook('teaching')!.cells.filter(isComputeCell).map((c) => c.kind);
    expect(kinds).toContain('prognosis-model');
    for (const k of ['svm-grid', 'classification-eval', 'lstm-regression', 'windowing']) expect(kinds).not.toContain(k);
    const nb = findNotebook('teaching')!;
    for (const id of ['what-if', 'quiz', 'model-card']) {
      const cell = nb.cells.find((c) => c.id === id)!;
      expect(isComputeCell(cell) && cell.inputs.prognosis).toBe('prognosis');
    }
  });

  it('every figure has a description written from its data and the table behind it', () => {
    const figures = [...freshArtifacts(state, registry)].map((a) => a.artifact).flatMap((a) => (a.type === 'figure' ? [a] : []));
    expect(figures.map((f) => f.name)).toEqual(expect.arrayContaining(['natural-history', 'prognosis-calibration']));
    for (const f of figures) {
      expect(f.description?.trim(), f.name).toBeTruthy();
      expect(f.description, f.name).not.toMatch(/NaN|undefined/);
      expect(f.data?.rows.length, f.name).toBeGreaterThan(0);
      for (const row of f.data!.rows) expect(row, f.name).toHaveLength(f.data!.columns.length);
    }
    const history = out<NaturalHistoryOutput>('natural-history');
    const nh = figures.find((f) => f.name === 'natural-history')!;
    for (const c of history.curves) expect(nh.description!.toLowerCase()).toContain(curveSummary(c).toLowerCase());
    const card = figures.find((f) => f.name === 'prognosis-calibration')!;
    expect(card.data!.rows).toHaveLength(out<ModelCardOutput>('model-card').calibration.groups.length);
  });

  it('the what-if states the horizon and a worse early course gets a lower chance (VI, VI, V against IV, III, III)', async () => {
    const prognosis = out<PrognosisOutput>('prognosis');
    const run = (grades: number[]) => finish(whatIfPatient.run({ prognosis }, whatIfParamsSchema.parse({ visits: grades.map((grade, i) => ({ day: i * 7, grade })) }), ctx()));
    const severe = await run([6, 6, 5]);
    const mild = await run([4, 3, 3]);
    expect(severe.horizonDay).toBe(180);
    if (severe.result.kind !== 'predicted' || mild.result.kind !== 'predicted') throw new Error('both are predicted');
    expect(severe.result.prediction.chance).toBeLessThan(mild.result.prediction.chance);
    // Grade VI at a visit is flagged as outside the development data or as too rare.
    expect(severe.result.prediction.flags.join(' ')).toMatch(/grade VI/);
    // The course starts at the present grade.
    expect(severe.result.prediction.course[0]).toMatchObject({ day: 14, grade: 5 });
  });

  it('the what-if says so, and predicts nothing, for a patient already recovered at a follow-up visit', async () => {
    const prognosis = out<PrognosisOutput>('prognosis');
    const o = await finish(whatIfPatient.run({ prognosis }, whatIfParamsSchema.parse({ visits: [{ day: 0, grade: 4 }, { day: 7, grade: 2 }] }), ctx()));
    expect(o.result.kind).toBe('not-predicted');
    if (o.result.kind === 'not-predicted') expect(o.result.reason).toMatch(/grade II on day 7 is already a recovery/);
  });

  it('the quiz only offers held-out patients with a known status at the horizon, never one the model was fitted on', async () => {
    const prognosis = out<PrognosisOutput>('prognosis');
    const data = out<LoadedCohort>('data');
    const fitted = new Set(prognosis.development);
    const first = out<GuessFirstOutput>('quiz');
    expect(first.poolSize).toBeGreaterThan(10);
    const seen = new Set<number>();
    for (let draw = 0; draw < 40; draw++) {
      const q = await finish(guessFirst.run({ data, prognosis }, guessFirstParamsSchema.parse({ draw }), ctx()));
      seen.add(q.case.caseNumber);
      // The case is one of the held-out patients: find it by its history.
      const rows = landmarkRows(data.patients.filter((p) => !fitted.has(p.patientId))).rows;
      const match = rows.filter((r) => r.history.age === q.case.age && JSON.stringify(r.history.visits) === JSON.stringify(q.case.early));
      expect(match.length).toBeGreaterThan(0);
      // Its status at the horizon is known, and the outcome shown agrees with it.
      if (q.case.actual.recovered) expect(q.case.actual.byHorizon!.day).toBeLessThanOrEqual(q.horizonDay);
      else expect(Math.max(...q.case.actual.later.map((v) => v.day))).toBeGreaterThanOrEqual(q.horizonDay);
    }
    expect(seen.size).toBeGreaterThan(5);
    await expect(finish(guessFirst.run({ data, prognosis }, guessFirstParamsSchema.parse({ caseNumber: first.poolSize + 1 }), ctx()))).rejects.toThrow(/never offered/);
  });

  it('the model card gives the held-out AUC, calibration intercept and slope with CIs, Brier and base rate, as validated', () => {
    const card = out<ModelCardOutput>('model-card');
    const v = out<PrognosisOutput>('prognosis').validation;
    const text = card.validation.map((r) => `${r.label}: ${r.value}`).join('\n');
    expect(text).toContain(`AUC (DeLong 95% CI), patients with known status: ${v.auc!.value.toFixed(2)} (95% CI ${v.auc!.low.toFixed(2)} to ${v.auc!.high.toFixed(2)})`);
    expect(text).toContain(`Calibration slope (1 = ideal; bootstrap 95% CI): ${v.calibrationSlope.value.toFixed(2)}`);
    expect(text).toContain(`Calibration intercept (0 = right on average; bootstrap 95% CI): ${v.calibrationIntercept.value.toFixed(2)}`);
    expect(text).toContain(`${(v.baseRate * 100).toFixed(1)}%`);
    expect(text).toContain(v.brier.toFixed(3));
    expect(card.calibration.groups.length).toBe(5);
    // No feature codes and no SAD4 on the card.
    expect(JSON.stringify(card)).not.toMatch(/SAD4|present_grade|steroid_delay_week/);
  });

  it('the what-if output in the notebook is the default patient, predicted', () => {
    const w = out<WhatIfOutput>('what-if');
    expect(w.result.kind).toBe('predicted');
    expect(w.bandCoverage.groups.map((g) => g.group)).toEqual(['≤ III', 'IV', 'V', 'VI']);
  });
});
