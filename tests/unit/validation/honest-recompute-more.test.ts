import { beforeAll, describe, expect, it } from 'vitest';
import { untilCell } from '@/cli/overrides';
import { registry } from '@/lib/cells';
import { cellRng } from '@/lib/notebook/executor';
import { buildManifest } from '@/lib/notebook/manifest';
import { applyProfile, isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { clusterBootstrapIndices } from '@/lib/stats/cluster-bootstrap';
import { findNotebook } from '@/notebooks';
import { source } from '../report/export-fixture';
import { exported, interval, libsvmWasmBinary, pairAuc } from './recompute-helpers';

/**
 * The rest of `honest-quick`'s patient-level CIs, recomputed from the tables the steps export
 * (honest-recompute.test.ts does the SVM's own validation steps):
 *
 * - the baselines step (`svm-baselines`): AUC and Brier CIs of the SVM, logistic regression and
 *   the present-grade model, the paired differences to the SVM (AUC, Brier), and net benefit
 *   counted per patient (each patient's last test window), from `baseline_predictions_<subset>`;
 * - the LSTM regression (`lstm-all-m1`): the MAE, RMSE and MSE patient-bootstrap CIs of the LSTM
 *   and both baselines, on the test part and the temporal validation, from
 *   `lstm_all_M1_{test,validation}_predictions`.
 *
 * Statistics and (numpy-linear) percentiles are written out here; the resamples are the steps'
 * own seeded patient draws (`cellRng(seed, cellId).fork(…)` + `clusterBootstrapIndices`).
 *
 * The LSTM is cut to 1 seed, 4 units and 2 epochs: every CI of the step is computed on seed 1's
 * predictions (the other seeds only give the mean ± SD over seeds, which has no CI), and seed 1
 * draws from the cell's own stream whatever the seed count, so the cut changes the predictions'
 * values but not what the CIs are computed from, nor the resamples.
 */

type Json = Record<string, unknown>;
const obj = (v: unknown) => v as Json;
const LSTM = 'lstm-all-m1';

/** The notebook cut to the baselines step and one LSTM, the LSTM made tiny (see above). */
function cutNotebook(): Notebook {
  const nb = applyProfile(findNotebook('han-2026')!, 'honest-quick');
  const keep = new Set(['svm-baselines', LSTM].flatMap((id) => untilCell(nb, id).cells.map((c) => c.id)));
  return {
    ...nb,
    cells: nb.cells
      .filter((c) => keep.has(c.id))
      .map((c) => {
        if (c.id !== LSTM || !isComputeCell(c)) return c;
        const p = (c.params ?? {}) as Json;
        return { ...c, params: { ...p, seeds: 1, courseStepDays: 50, lstm: { ...obj(p.lstm), units: [4], maxEpochs: 2 } } };
      }),
  } as Notebook;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

interface BaselineRow {
  patient_id: string;
  window: number;
  label: number;
  svm: number;
  lr: number;
  present_grade: number;
}
interface LstmRow {
  patient_id: string;
  window: number;
  actual: number;
  predicted: number;
  locf: number;
  linear: number;
}

let manifest: Json;
let notebook: Notebook;
const baselineTables = new Map<string, BaselineRow[]>();
const svmTables = new Map<string, { patient_id: string; label: number; probability: number }[]>();
const lstmTables = new Map<string, LstmRow[]>();

beforeAll(async () => {
  notebook = cutNotebook();
  const state = await runNotebook({ notebook, registry, source, env: { host: 'node', libsvmWasmBinary } });
  expect(Object.entries(state.cells).filter(([, c]) => c.status !== 'fresh').map(([id, c]) => `${id}: ${c.error}`)).toEqual([]);
  manifest = buildManifest(state, registry, { seed: notebook.seed, profile: 'honest-quick', data: { name: source.name, sha256: source.sha256, bytes: source.bytes.length }, versions: { workbench: '0.1.0' }, backend: 'node', totalMs: 0 }) as Json;
  for (const subset of ['all', 'persistent']) {
    baselineTables.set(subset, exported(state, notebook, 'svm-baselines', `baseline_predictions_${subset}`));
    svmTables.set(subset, exported(state, notebook, 'evaluate', `svm_predictions_${subset}`));
  }
  for (const set of ['test', 'validation']) lstmTables.set(set, exported(state, notebook, LSTM, `lstm_all_M1_${set}_predictions`));
}, 240_000);

const params = (id: string) => obj(obj(manifest.parameters)[id]);

describe('honest-quick: the baselines step\'s patient-level CIs and per-patient net benefit, recomputed from baseline_predictions_<subset>', () => {
  it('the step resamples patients and counts net benefit per patient under honest-quick', () => {
    expect(params('svm-baselines').ciMethod).toBe('patients');
    for (const subset of ['all', 'persistent']) {
      const b = obj(obj(manifest.baselines)[subset]);
      for (const model of ['svm', 'logistic_regression', 'present_grade']) {
        expect(obj(obj(b[model]).auc).ci_method, model).toBe('bootstrap-patients');
        expect(obj(b[model]).net_benefit_unit, model).toBe('patients');
      }
    }
  });

  for (const subset of ['all', 'persistent']) {
    it(`${subset}: the table holds the SVM's own test windows, and every AUC, Brier and paired-difference CI equals the manifest's`, () => {
      const rows = baselineTables.get(subset)!;
      const b = obj(obj(manifest.baselines)[subset]);
      expect(rows).toHaveLength(Number(b.n_test));
      expect(new Set(rows.map((r) => r.patient_id)).size).toBe(Number(b.patients));
      // The same windows, outcomes and SVM probabilities as the classification step's export.
      const svm = svmTables.get(subset)!;
      expect(rows.map((r) => [r.patient_id, r.label, r.svm])).toEqual(svm.map((r) => [r.patient_id, r.label, r.probability]));

      const y = rows.map((r) => r.label);
      const sets = clusterBootstrapIndices(rows.map((r) => r.patient_id), Number(params('svm-baselines').resamples), cellRng(notebook.seed, 'svm-baselines').fork(`cluster-bootstrap:${subset}`));
      const models = { svm: 'svm', logistic_regression: 'lr', present_grade: 'present_grade' } as const;
      const probs = (m: keyof typeof models) => rows.map((r) => r[models[m]]);
      const pick = (xs: readonly number[], idx: ArrayLike<number>) => Array.from(idx, (r) => xs[r]!);
      const brierOf = (p: readonly number[], idx: ArrayLike<number>) => mean(Array.from(idx, (r) => (p[r]! - y[r]!) ** 2));

      for (const m of Object.keys(models) as (keyof typeof models)[]) {
        const block = obj(b[m]);
        if (m !== 'svm') expect(block.fit, m).not.toBe('not estimable');
        const p = probs(m);
        // AUC: the pairs' AUC, its CI over the resamples holding both outcomes.
        const auc = obj(block.auc);
        expect(auc.value, `${m} AUC`).toBeCloseTo(pairAuc(y, p), 12);
        const [aLo, aHi] = interval(sets.map((idx) => pairAuc(pick(y, idx), pick(p, idx))).filter(Number.isFinite));
        expect(auc.ci_low, `${m} AUC lower`).toBeCloseTo(aLo, 12);
        expect(auc.ci_high, `${m} AUC upper`).toBeCloseTo(aHi, 12);
        // Brier: mean squared error of the probability, over every resample.
        const brier = obj(block.brier);
        expect(brier.value, `${m} Brier`).toBeCloseTo(brierOf(p, all(rows.length)), 12);
        const [bLo, bHi] = interval(sets.map((idx) => brierOf(p, idx)));
        expect(brier.ci_low, `${m} Brier lower`).toBeCloseTo(bLo, 12);
        expect(brier.ci_high, `${m} Brier upper`).toBeCloseTo(bHi, 12);
      }

      // The paired differences to the SVM: both models on the same resampled rows.
      const svmP = probs('svm');
      for (const [key, m] of [['lr_minus_svm', 'logistic_regression'], ['present_grade_minus_svm', 'present_grade']] as const) {
        const d = obj(b[key]);
        const p = probs(m);
        const auc = obj(d.auc);
        expect(auc.value, `${key} AUC`).toBeCloseTo(pairAuc(y, p) - pairAuc(y, svmP), 12);
        const diffs = sets.map((idx) => pairAuc(pick(y, idx), pick(p, idx)) - pairAuc(pick(y, idx), pick(svmP, idx)));
        const used = diffs.filter(Number.isFinite);
        expect([auc.used, auc.skipped], `${key} resamples used, skipped`).toEqual([used.length, diffs.length - used.length]);
        const [aLo, aHi] = interval(used);
        expect(auc.ci_low, `${key} AUC lower`).toBeCloseTo(aLo, 12);
        expect(auc.ci_high, `${key} AUC upper`).toBeCloseTo(aHi, 12);
        const brier = obj(d.brier);
        const brierDiff = (idx: ArrayLike<number>) => mean(Array.from(idx, (r) => (p[r]! - y[r]!) ** 2 - (svmP[r]! - y[r]!) ** 2));
        expect(brier.value, `${key} Brier`).toBeCloseTo(brierDiff(all(rows.length)), 12);
        const [bLo, bHi] = interval(sets.map(brierDiff));
        expect(brier.ci_low, `${key} Brier lower`).toBeCloseTo(bLo, 12);
        expect(brier.ci_high, `${key} Brier upper`).toBeCloseTo(bHi, 12);
      }
    });

    it(`${subset}: net benefit per patient (each patient's last window, the highest number) equals the manifest's`, () => {
      const rows = baselineTables.get(subset)!;
      const b = obj(obj(manifest.baselines)[subset]);
      const last = new Map<string, BaselineRow>();
      for (const r of rows) if (!last.has(r.patient_id) || r.window > last.get(r.patient_id)!.window) last.set(r.patient_id, r);
      const counted = [...last.values()];
      expect(counted).toHaveLength(Number(b.patients));
      // The event is not recovering (label 0); the risk is 1 − the probability of recovery.
      const n = counted.length, events = counted.filter((r) => r.label === 0).length;
      const netBenefit = (probability: (r: BaselineRow) => number, t: number) => {
        const referred = counted.filter((r) => 1 - probability(r) >= t);
        return referred.filter((r) => r.label === 0).length / n - (referred.filter((r) => r.label === 1).length / n) * (t / (1 - t));
      };
      const models = { svm: (r: BaselineRow) => r.svm, logistic_regression: (r: BaselineRow) => r.lr, present_grade: (r: BaselineRow) => r.present_grade };
      for (const [m, probability] of Object.entries(models)) {
        const nb = obj(b[m]).net_benefit as { threshold: number; value: number }[];
        expect(nb.length, m).toBeGreaterThan(0);
        for (const { threshold, value } of nb) expect(value, `${m} at ${threshold}`).toBeCloseTo(netBenefit(probability, threshold), 12);
      }
      for (const { threshold, value } of b.refer_all_net_benefit as { threshold: number; value: number }[]) {
        expect(value, `refer all at ${threshold}`).toBeCloseTo(events / n - ((n - events) / n) * (threshold / (1 - threshold)), 12);
      }
    });
  }
});

describe('honest-quick: the LSTM\'s patient-level error CIs, recomputed from lstm_all_M1_{test,validation}_predictions', () => {
  const lstm = () => obj(obj(obj(manifest.lstm).all).M1);

  it('the step resamples patients under honest-quick', () => {
    expect(params(LSTM).ciMethod).toBe('patients');
    expect(obj(lstm().test).ci_method).toBe('patients');
  });

  for (const set of ['test', 'validation'] as const) {
    it(`${set}: MAE, RMSE and MSE of the LSTM and both baselines, with their patient-bootstrap CIs, equal the manifest's`, () => {
      const rows = lstmTables.get(set)!;
      const block = obj(lstm()[set]);
      expect(rows).toHaveLength(Number(block.n));
      const patients = rows.map((r) => r.patient_id);
      expect(new Set(patients).size).toBe(Number(block.patients));
      // The step's stream for this set's patient resamples: `cluster-bootstrap-<set>`.
      const sets = clusterBootstrapIndices(patients, Number(params(LSTM).bootstrapResamples), cellRng(notebook.seed, LSTM).fork(`cluster-bootstrap-${set}`));
      const errors = {
        mse: (e: number[]) => mean(e.map((x) => x * x)),
        rmse: (e: number[]) => Math.sqrt(mean(e.map((x) => x * x))),
        mae: (e: number[]) => mean(e.map(Math.abs)),
      };
      const methods = { lstm: 'predicted', baseline_locf: 'locf', baseline_linear: 'linear' } as const;
      for (const [method, column] of Object.entries(methods)) {
        const m = method === 'lstm' ? block : obj(block[method]);
        const e = rows.map((r) => r.actual - r[column]);
        const patientCi = obj(obj(block.ci).patients)[method] as Record<string, [number, number]>;
        for (const [name, fn] of Object.entries(errors)) {
          const metric = obj(m[name]);
          expect(metric.value, `${method} ${name}`).toBeCloseTo(fn(e), 12);
          const [lo, hi] = interval(sets.map((idx) => fn(Array.from(idx, (r) => e[r]!))));
          expect(metric.ci_low, `${method} ${name} lower`).toBeCloseTo(lo, 12);
          expect(metric.ci_high, `${method} ${name} upper`).toBeCloseTo(hi, 12);
          expect(patientCi[name]![0], `${method} ${name} lower (ci.patients)`).toBeCloseTo(lo, 12);
          expect(patientCi[name]![1], `${method} ${name} upper (ci.patients)`).toBeCloseTo(hi, 12);
        }
      }
    });
  }
});
