import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as aq from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import type { SampleSizeOutput } from '@/lib/cells/sample-size';
import type { SvmCalibrationOutput } from '@/lib/cells/svm-calibration';
import type { SvmDecisionCurveOutput } from '@/lib/cells/svm-decision-curve';
import type { SvmDiscriminationOutput } from '@/lib/cells/svm-discrimination';
import { svmProbability } from '@/lib/ml/svm/trained-svm';
import type { Artifact } from '@/lib/notebook/define-cell';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { sha256Hex } from '@/lib/notebook/hash';
import { applyProfile, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { rileyBinary } from '@/lib/stats/sample-size';
import { findNotebook } from '@/notebooks';
import { pairAuc } from '../validation/recompute-helpers';

// The validation cells on the bundled cohort (quick profile, SVM part), checked against what
// their exported tables say, recomputed here without the cells' code paths.
const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };

let outputs: Record<string, unknown>;
let artifacts: (id: string) => Artifact[];
beforeAll(async () => {
  const nb0 = applyProfile(findNotebook('han-2026')!, 'quick');
  const notebook: Notebook = { ...nb0, cells: nb0.cells.filter((c) => !c.id.startsWith('lstm') && !c.id.startsWith('about-lstm') && !c.id.includes('--') && c.id !== 'audit' && c.id !== 'about-audit') };
  const state = await runNotebook({ notebook, registry, source, env: { host: 'node', libsvmWasmBinary } });
  outputs = Object.fromEntries(Object.entries(state.cells).map(([id, c]) => [id, c.output]));
  // What the export writes: every fresh cell's artifacts (freshArtifacts, as the CLI and the zip).
  const all = [...freshArtifacts(state, registry)];
  artifacts = (id) => all.filter((a) => a.cellId === id).map((a) => a.artifact);
}, 120_000);

const table = (list: Artifact[], name: string) => {
  const t = list.find((a) => a.type === 'table' && a.name === name);
  if (!t || t.type !== 'table') throw new Error(`no table ${name}`);
  return aq.fromCSV(t.csv, { parse: { patient_id: String } }).objects() as Record<string, number | string>[];
};

describe('validation cells on the bundled cohort', () => {
  it.each(['all', 'persistent'] as const)('exports svm_predictions_%s with the contract columns; probability = Platt sigmoid of the decision value; sign follows the predicted label', (subset) => {
    const ev = outputs.evaluate as ClassificationEvalOutput;
    const rows = table(artifacts('evaluate'), `svm_predictions_${subset}`);
    const e = ev[subset];
    expect(Object.keys(rows[0]!)).toEqual(['patient_id', 'label', 'decision_value', 'probability']);
    expect(rows).toHaveLength(e.nTest);
    rows.forEach((r, i) => {
      expect(r.label).toBe(e.predictions.actual[i]);
      const f = r.decision_value as number;
      expect(f > 0 ? 1 : 0).toBe(e.predictions.predicted[i]);
      expect(Math.abs((r.probability as number) - 1 / (1 + Math.exp(e.platt.A * f + e.platt.B)))).toBeLessThan(1e-12);
    });
    expect(e.platt.A).toBeLessThan(0);
    // The trained model in the output predicts the same probabilities from raw feature rows.
    const split = outputs.split as { [k: string]: { test: number[]; raw: number[][] } };
    const p = svmProbability(e.model, split[subset]!.test.map((i) => split[subset]!.raw[i]!));
    p.forEach((v, i) => expect(Math.abs(v - (rows[i]!.probability as number))).toBeLessThan(1e-9));
  });

  it('reports the AUC of the exported decision values (pairwise count)', () => {
    const d = outputs.discrimination as SvmDiscriminationOutput;
    for (const subset of ['all', 'persistent'] as const) {
      const rows = table(artifacts('evaluate'), `svm_predictions_${subset}`);
      expect(Math.abs(d[subset].auc - pairAuc(rows.map((r) => r.label as number), rows.map((r) => r.decision_value as number)))).toBeLessThan(1e-12);
      expect(d[subset].delong.ci_low).toBeLessThan(d[subset].auc);
    }
  });

  it('computes the net benefit of referring the exported risks of not recovering', () => {
    const dc = outputs['decision-curve'] as SvmDecisionCurveOutput;
    const rows = table(artifacts('evaluate'), 'svm_predictions_all');
    const n = rows.length;
    for (const pt of [0.1, 0.3]) {
      const referred = rows.filter((r) => 1 - (r.probability as number) >= pt);
      const tp = referred.filter((r) => r.label === 0).length, fp = referred.length - tp;
      const point = dc.all.points.find((d) => Math.abs(d.threshold - pt) < 1e-9)!;
      expect(point.model).toBeCloseTo(tp / n - (fp / n) * (pt / (1 - pt)), 12);
      const events = rows.filter((r) => r.label === 0).length;
      expect(point.treatAll).toBeCloseTo(events / n - ((n - events) / n) * (pt / (1 - pt)), 12);
    }
  });

  it('compares the required sample size with the training part it was computed from', () => {
    const ss = outputs['sample-size'] as SampleSizeOutput;
    const split = outputs.split as { all: { y: number[]; train: number[]; patientIds: string[]; features: string[]; constantFeatures: string[] } };
    const s = split.all;
    expect(ss.parameters).toBe(s.features.length - s.constantFeatures.length);
    const prevalence = s.y.filter((y) => y === 0).length / s.y.length;
    expect(ss.all.result).toEqual(rileyBinary({ prevalence, parameters: ss.parameters, cstatistic: 0.8 }));
    expect(ss.all.available.patients).toBe(new Set(s.train.map((i) => s.patientIds[i])).size);
    expect(ss.all.available.windows).toBe(s.train.length);
    // The verdict: required patients against the training part's, in words, and a warning when short.
    for (const subset of ['all', 'persistent'] as const) {
      const v = ss[subset].verdict;
      expect(v.required).toBe(ss[subset].result.final.n);
      expect(v.available).toBe(ss[subset].available.patients);
      expect(v.enough).toBe(v.available >= v.required);
      expect(v.text).toBe(`${v.required} patients required, ${v.available} available: ${v.enough ? 'enough' : 'likely overfitted'}`);
      expect(ss.warnings.some((w) => w.message.includes(v.text))).toBe(!v.enough);
    }
    const t = table(artifacts('sample-size'), 'sample_size');
    expect(t.map((r) => r.verdict)).toEqual((['all', 'persistent'] as const).map((s) => (ss[s].verdict.enough ? 'enough' : 'likely overfitted')));
  });

  it('draws the figures of the ROC, calibration and decision-curve cells with their axes labelled', async () => {
    const { JSDOM } = await import('jsdom');
    const document = new JSDOM('<!DOCTYPE html><html><body></body></html>').window.document as unknown as Document;
    for (const [id, label] of [['discrimination', 'False-positive rate'], ['calibration', 'Predicted probability of recovery'], ['decision-curve', 'Threshold probability of not recovering'], ['sample-size', 'Patients']] as const) {
      const fig = artifacts(id).find((a) => a.type === 'figure');
      if (!fig || fig.type !== 'figure') throw new Error(`${id}: no figure`);
      const el = fig.render(document);
      expect(el.outerHTML, id).toContain(label);
      expect(el.querySelectorAll('path, line, rect, circle').length, id).toBeGreaterThan(5);
    }
    const cal = outputs.calibration as SvmCalibrationOutput;
    expect(cal.all.groups.reduce((s, g) => s + g.n, 0)).toBe(cal.all.n);
  });
});
