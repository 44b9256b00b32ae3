import { beforeAll, describe, expect, it } from 'vitest';
import { untilCell } from '@/cli/overrides';
import { registry } from '@/lib/cells';
import { cellRng } from '@/lib/notebook/executor';
import { buildManifest } from '@/lib/notebook/manifest';
import { applyProfile, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { clusterBootstrapIndices } from '@/lib/stats/cluster-bootstrap';
import { findNotebook } from '@/notebooks';
import { source } from '../report/export-fixture';
import { exported, interval, libsvmWasmBinary, pairAuc } from './recompute-helpers';

/**
 * The `honest-quick` SVM validation, recomputed from the tables it exports: every patient-level
 * CI of the classification, discrimination and calibration steps is recomputed here from
 * `svm_predictions_<subset>.csv` (patient, label, decision value, probability), with statistics
 * and percentiles written out in this file, on the steps' own patient resamples (the seeded
 * streams the steps draw from), and must equal the manifest. A CI that resampled windows, or
 * any other data than the exported rows, would not.
 */

type Json = Record<string, unknown>;

/** The notebook cut to what the three validation steps need. */
function svmValidation(): Notebook {
  const nb = applyProfile(findNotebook('han-2026')!, 'honest-quick');
  const keep = new Set(['discrimination', 'calibration'].flatMap((id) => untilCell(nb, id).cells.map((c) => c.id)));
  return { ...nb, cells: nb.cells.filter((c) => keep.has(c.id)) };
}

/** Calibration-in-the-large: a in logit P(y) = a + logit(p), by Newton's method on a alone. */
function calibrationInTheLarge(y: readonly number[], p: readonly number[]): number {
  if (y.every((v) => v === y[0])) return NaN;
  const offset = p.map((v) => Math.log(v / (1 - v)));
  let a = 0;
  for (let it = 0; it < 100; it++) {
    let score = 0, info = 0;
    offset.forEach((o, i) => {
      const m = 1 / (1 + Math.exp(-(a + o)));
      score += y[i]! - m;
      info += m * (1 - m);
    });
    const step = score / info;
    a += step;
    if (Math.abs(step) < 1e-14) break;
  }
  return a;
}

interface Row {
  patient_id: string;
  label: number;
  decision_value: number;
  probability: number;
}

let manifest: Json;
const tables = new Map<string, Row[]>();
let notebook: Notebook;

beforeAll(async () => {
  notebook = svmValidation();
  const state = await runNotebook({ notebook, registry, source, env: { host: 'node', libsvmWasmBinary } });
  expect(Object.entries(state.cells).filter(([, c]) => c.status !== 'fresh').map(([id, c]) => `${id}: ${c.error}`)).toEqual([]);
  manifest = buildManifest(state, registry, { seed: notebook.seed, profile: 'honest-quick', data: { name: source.name, sha256: source.sha256, bytes: source.bytes.length }, versions: { workbench: '0.1.0' }, backend: 'node', totalMs: 0 }) as Json;
  // The tables as the CLI and the page export them: the classification step's artifacts.
  for (const subset of ['all', 'persistent']) tables.set(subset, exported<Row>(state, notebook, 'evaluate', `svm_predictions_${subset}`));
}, 240_000);

const params = (id: string) => obj(obj(manifest.parameters)[id]);
const obj = (v: unknown) => v as Json;
const svmTest = (subset: string) => obj(obj(obj(manifest.svm)[subset]).test);

/** The step's patient resamples: its stream, forked as the step forks it. */
function resamplesOf(cellId: string, subset: string, patients: string[]): Int32Array[] {
  return clusterBootstrapIndices(patients, Number(params(cellId).resamples), cellRng(notebook.seed, cellId).fork(`cluster-bootstrap:${subset}`));
}

describe('honest-quick: every patient-level CI of the SVM validation, recomputed from the exported predictions', () => {
  it('the steps resample patients under honest-quick', () => {
    for (const id of ['evaluate', 'discrimination', 'calibration']) expect(params(id).ciMethod, id).toBe('patients');
  });

  for (const subset of ['all', 'persistent']) {
    it(`${subset}: each resample holds whole patients, and the classification CIs equal the manifest's`, () => {
      const rows = tables.get(subset)!;
      const patients = rows.map((r) => r.patient_id);
      const sets = resamplesOf('evaluate', subset, patients);
      const windowsOf = new Map<string, number>();
      for (const p of patients) windowsOf.set(p, (windowsOf.get(p) ?? 0) + 1);
      for (const set of sets) {
        const counts = new Map<string, number>();
        for (const r of set) counts.set(patients[r]!, (counts.get(patients[r]!) ?? 0) + 1);
        for (const [p, c] of counts) expect(c % windowsOf.get(p)!, `patient ${p} drawn whole`).toBe(0);
      }
      const metrics: Record<string, (y: number[], yhat: number[]) => number> = {
        accuracy: (y, h) => y.filter((v, i) => v === h[i]).length / y.length,
        recall: (y, h) => y.filter((v, i) => v === 1 && h[i] === 1).length / y.filter((v) => v === 1).length,
        specificity: (y, h) => y.filter((v, i) => v === 0 && h[i] === 0).length / y.filter((v) => v === 0).length,
        precision: (y, h) => y.filter((v, i) => v === 1 && h[i] === 1).length / h.filter((v) => v === 1).length,
      };
      const test = svmTest(subset);
      expect(test.ci_method).toBe('patients');
      for (const [name, fn] of Object.entries(metrics)) {
        const on = (idx: ArrayLike<number>) => {
          const y = Array.from(idx, (r) => rows[r]!.label), h = Array.from(idx, (r) => (rows[r]!.decision_value > 0 ? 1 : 0));
          return fn(y, h);
        };
        const m = obj(test[name]);
        expect(m.value, name).toBeCloseTo(on(rows.map((_, i) => i)), 12);
        // A resample without a positive (or predicted positive) gives NaN for that metric, as the step's; compare the finite ones' interval.
        const values = sets.map(on).filter(Number.isFinite);
        const [lo, hi] = interval(values);
        if (values.length === sets.length) {
          expect(m.ci_low, `${name} lower`).toBeCloseTo(lo!, 12);
          expect(m.ci_high, `${name} upper`).toBeCloseTo(hi!, 12);
        }
      }
    });

    it(`${subset}: the AUC's patient-bootstrap CI, the Brier score's and calibration-in-the-large's equal the manifest's`, () => {
      const rows = tables.get(subset)!;
      const patients = rows.map((r) => r.patient_id);
      const y = rows.map((r) => r.label), score = rows.map((r) => r.decision_value), p = rows.map((r) => r.probability);
      const test = svmTest(subset);
      // Discrimination: its own stream; resamples with one outcome only have no AUC and are left out.
      const auc = obj(test.auc);
      expect(auc.ci_method).toBe('bootstrap-patients');
      expect(auc.value).toBeCloseTo(pairAuc(y, score), 12);
      const aucs = resamplesOf('discrimination', subset, patients)
        .map((idx) => pairAuc(Array.from(idx, (r) => y[r]!), Array.from(idx, (r) => score[r]!)))
        .filter(Number.isFinite);
      const [aLo, aHi] = interval(aucs);
      expect(auc.ci_low).toBeCloseTo(aLo!, 12);
      expect(auc.ci_high).toBeCloseTo(aHi!, 12);
      // Calibration: the Brier score and calibration-in-the-large, on the calibration step's stream.
      const sets = resamplesOf('calibration', subset, patients);
      const brier = obj(test.brier);
      const sq = (idx: ArrayLike<number>) => Array.from(idx, (r) => (p[r]! - y[r]!) ** 2).reduce((a, b) => a + b, 0) / idx.length;
      expect(brier.ci_method).toBe('bootstrap-patients');
      expect(brier.value).toBeCloseTo(sq(rows.map((_, i) => i)), 12);
      const [bLo, bHi] = interval(sets.map(sq));
      expect(brier.ci_low).toBeCloseTo(bLo!, 12);
      expect(brier.ci_high).toBeCloseTo(bHi!, 12);
      const citl = obj(test.calibration_in_the_large);
      expect(citl.value).toBeCloseTo(calibrationInTheLarge(y, p), 8);
      const values = sets.map((idx) => calibrationInTheLarge(Array.from(idx, (r) => y[r]!), Array.from(idx, (r) => p[r]!))).filter(Number.isFinite);
      const [cLo, cHi] = interval(values);
      expect(citl.ci_low).toBeCloseTo(cLo!, 8);
      expect(citl.ci_high).toBeCloseTo(cHi!, 8);
    });
  }
});
