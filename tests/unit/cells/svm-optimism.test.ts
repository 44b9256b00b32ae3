/**
 * The svm-optimism cell in the paper notebook under the quick profile (B = 10, a thinned grid):
 * every replicate accounted for, the apparent performances recomputed independently from the
 * evaluation's model and a fresh logistic fit, the logistic arm's optimism recomputed from the
 * cell's own patient resamples, the manifest keys, the table and both figures (with their
 * descriptions and data). R parity of the optimism arithmetic: tests/unit/stats/optimism-bootstrap-r.test.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDocument } from '@/cli/render-figure';
import { registry } from '@/lib/cells';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import { DECISION_THRESHOLDS, decisionUsefulness, thinGrid, type SvmOptimismOutput } from '@/lib/cells/svm-optimism';
import { decisionCurve } from '@/lib/stats/decision-curve';
import { decisionCurveInstability } from '@/lib/stats/decision-curve-instability';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import type { Artifact } from '@/lib/notebook/define-cell';
import { cellRng } from '@/lib/notebook/executor';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { sha256Hex } from '@/lib/notebook/hash';
import { buildManifest } from '@/lib/notebook/manifest';
import { applyProfile, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { sigmoidProbability } from '@/lib/ml/svm/platt';
import { svmSignedDecisionStandardized } from '@/lib/ml/svm/trained-svm';
import { clusterBootstrapIndices } from '@/lib/stats/cluster-bootstrap';
import { fitLogisticRegression, predictLogisticRegression } from '@/lib/stats/logistic-regression';
import { harrellOptimism, logisticReplicates, performanceOf, replicatePerformances } from '@/lib/stats/optimism-bootstrap';
import { aucOf } from '@/lib/stats/roc';
import { fitStandardizer } from '@/lib/stats/standardize';
import { findNotebook } from '@/notebooks';

describe('thinGrid', () => {
  it('keeps at most max evenly spaced values and the pick', () => {
    expect(thinGrid([5, 1, 2, 3, 4, 1], 3, 10)).toEqual([1, 2, 3, 4, 5]);
    expect(thinGrid([1, 2, 3, 4, 5], 2, 2)).toEqual([1, 2, 5]);
    expect(thinGrid([1, 2, 3, 4, 5], 3, 3)).toEqual([1, 3, 5]);
  });
});

describe('decisionUsefulness', () => {
  it('the thresholds where the original beats refer all and none, and the largest share of refits that do not there', () => {
    // Original: 0.25 → 5/12 > 1/3 (refer all); 0.5 → 1/2 > 0. Refits no better: 3 of 4 at both; the first is kept.
    const d = decisionCurveInstability([1, 0, 1, 0], [0.8, 0.3, 0.6, 0.1], [[0.9, 0.9, 0.9, 0.9], [0.2, 0.6, 0.7, 0.1], [0.6, 0.4, 0.3, 0.2], [0.1, 0.8, 0.2, 0.9]], [0.1, 0.25, 0.5, 0.9]);
    const u = decisionUsefulness(d)!;
    // At 0.1 the original refers every window (0.1 ≥ 0.1): exactly refer all, not better; at 0.9 it refers none: 0, not better.
    expect([u.from, u.to]).toEqual([0.25, 0.5]);
    expect(u.worst.notUseful).toBe(0.75);
    expect(decisionUsefulness(decisionCurveInstability([1, 0], [0.5, 0.5], [], [0.5]))).toBeNull();
  });
});

const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };
const NEEDED = new Set(['data', 'cohort', 'windows', 'split', 'sample-size', 'grid', 'evaluate', 'optimism']);

describe('in the paper notebook (quick profile)', () => {
  let out: SvmOptimismOutput;
  let split: SvmSplitOutput;
  let evaluation: ClassificationEvalOutput;
  let manifest: Record<string, unknown>;
  let artifacts: Artifact[];
  let notebook: Notebook;
  beforeAll(async () => {
    const nb = applyProfile(findNotebook('han-2026')!, 'quick');
    notebook = { ...nb, cells: nb.cells.filter((c) => NEEDED.has(c.id)) };
    const state = await runNotebook({ notebook, registry, source, env: { host: 'node', libsvmWasmBinary } });
    for (const [id, cell] of Object.entries(state.cells)) expect(cell.status, `${id}: ${cell.error ?? ''}`).toBe('fresh');
    out = state.cells.optimism!.output as SvmOptimismOutput;
    split = state.cells.split!.output as SvmSplitOutput;
    evaluation = state.cells.evaluate!.output as ClassificationEvalOutput;
    manifest = buildManifest(state, registry, { seed: state.notebook.seed, data: { name: source.name, sha256: source.sha256, bytes: bytes.length }, versions: {}, totalMs: 0 });
    artifacts = [...freshArtifacts(state, registry)].filter((a) => a.cellId === 'optimism').map((a) => a.artifact);
  }, 120_000);

  it('accounts for every replicate of every model and subset', () => {
    expect(out.replicates).toBe(10);
    // The quick profile holds C and γ at the grid's pick (the notebook's default for this step; honest profiles search a grid).
    expect(out.tuning).toBe('fixed');
    for (const s of ['all', 'persistent'] as const) {
      for (const m of ['svm', 'lr'] as const) {
        const o = out[s][m].optimism;
        expect(o.replicates).toBe(10);
        expect(o.auc.used + o.auc.undefined + o.failed).toBe(10);
        expect(o.brier.used + o.brier.undefined + o.failed).toBe(10);
        expect(out[s][m].instability.replicates + out[s][m].instability.failed).toBe(10);
        expect(out[s][m].instability.windows).toHaveLength(split[s].train.length);
        expect(out[s][m].failures.reduce((n, f) => n + f.count, 0)).toBe(o.failed);
      }
      expect(out[s].picks.reduce((n, p) => n + p.count, 0)).toBe(10 - out[s].svm.optimism.failed);
    }
  });

  it('apparent performance: the evaluation’s SVM and a fresh logistic fit on the training part', () => {
    for (const s of ['all', 'persistent'] as const) {
      const sp = split[s], e = evaluation[s];
      const X = sp.train.map((i) => sp.X[i]!), y = sp.train.map((i) => sp.y[i]!);
      const pSvm = Array.from(sigmoidProbability(e.model.probability!, svmSignedDecisionStandardized(e.model, X)));
      expect(out[s].svm.optimism.auc.apparent).toBeCloseTo(aucOf(y, pSvm), 12);
      const fit = fitLogisticRegression(X, y);
      expect(fit.separation).toBeNull();
      const pLr = predictLogisticRegression(fit, X);
      expect(out[s].lr.optimism.auc.apparent).toBeCloseTo(aucOf(y, pLr), 12);
      // An ML logistic model is calibrated in the large and has slope 1 on its own data.
      expect(out[s].lr.optimism.citl.apparent).toBeCloseTo(0, 6);
      expect(out[s].lr.optimism.slope.apparent).toBeCloseTo(1, 6);
    }
  });

  it('the logistic arm’s optimism follows from the cell’s own patient resamples', () => {
    for (const s of ['all', 'persistent'] as const) {
      const sp = split[s];
      const raw = sp.train.map((i) => sp.raw[i]!), y = sp.train.map((i) => sp.y[i]!), patients = sp.train.map((i) => sp.patientIds[i]!);
      const indices = clusterBootstrapIndices(patients, 10, cellRng(notebook.seed, 'optimism').fork(`optimism:${s}`));
      const reps = logisticReplicates(raw, y, indices, { separation: 'ridge', ridgePenalty: 0.1 }, (rows) => {
        const sc = fitStandardizer(rows);
        return (xs) => sc.transform(xs);
      });
      const X = sp.train.map((i) => sp.X[i]!);
      const expected = harrellOptimism(performanceOf(y, predictLogisticRegression(fitLogisticRegression(X, y), X)), replicatePerformances(y, indices, reps));
      expect(out[s].lr.optimism.auc.optimism).toBeCloseTo(expected.auc.optimism, 10);
      expect(out[s].lr.optimism.brier.corrected).toBeCloseTo(expected.brier.corrected, 10);
      expect(out[s].lr.optimism.slope.corrected).toBeCloseTo(expected.slope.corrected, 8);
    }
  });

  it('manifest keys, the table and both figures (captions say the run is rough)', () => {
    const m = manifest.optimism as { replicates: number; svm: { all: { auc: { apparent: number; optimism: number; corrected: number } } }; instability: { svm: { all: { mape: { median: number } } } } };
    expect(m.replicates).toBe(10);
    expect(m.svm.all.auc.corrected).toBeCloseTo(m.svm.all.auc.apparent - m.svm.all.auc.optimism, 12);
    expect(m.svm.all.auc.apparent).toBe(out.all.svm.optimism.auc.apparent);
    expect(m.instability.svm.all.mape.median).toBe(out.all.svm.instability.mape.median);
    const table = artifacts.find((a) => a.name === 'optimism_correction');
    if (table?.type !== 'table') throw new Error('expected the optimism table');
    expect(table.csv.trim().split('\n')).toHaveLength(1 + 2 * 2 * 5);
    expect(table.caption).toMatch(/rough/);
    expect(table.caption).toMatch(/10 patient-level bootstrap replicates/);
    const document = nodeDocument();
    for (const name of ['svm-prediction-instability', 'svm-calibration-instability']) {
      const fig = artifacts.find((a) => a.name === name);
      if (fig?.type !== 'figure') throw new Error(`expected the figure ${name}`);
      expect(fig.caption).toMatch(/rough/);
      expect(fig.description).toMatch(/All subjects/);
      expect(fig.data!.rows.length).toBeGreaterThan(0);
      // One render is enough here (jsdom is slow with thousands of dots; the CLI renders both).
      if (name === 'svm-calibration-instability') expect(fig.render(document, { widthMm: 183 }).outerHTML).toContain('<svg');
    }
  });

  it('decision-curve instability: the original curve is the decision-curve cell’s net benefit on the training windows; the figure, its text and the manifest', () => {
    for (const s of ['all', 'persistent'] as const) {
      const sp = split[s], e = evaluation[s];
      const X = sp.train.map((i) => sp.X[i]!), y = sp.train.map((i) => sp.y[i]!);
      const p = Array.from(sigmoidProbability(e.model.probability!, svmSignedDecisionStandardized(e.model, X)));
      // As svm-decision-curve: event = not recovered, risk = 1 − p(recovered); per window.
      const direct = decisionCurve(y.map((v) => 1 - v), p.map((v) => 1 - v), DECISION_THRESHOLDS);
      const d = out[s].svm.decision;
      expect(d.points.map((q) => q.threshold)).toEqual(DECISION_THRESHOLDS);
      d.points.forEach((q, k) => {
        expect(q.original).toBeCloseTo(direct[k]!.model, 12);
        expect(q.treatAll).toBeCloseTo(direct[k]!.treatAll, 12);
        expect(q.low).toBeLessThanOrEqual(q.high);
        for (const share of [q.belowAll, q.belowNone]) expect(share).toBeLessThanOrEqual(q.notUseful);
      });
      expect(d.replicates).toBe(out[s].svm.instability.replicates);
      expect(d.curves).toHaveLength(d.replicates);
      expect(out[s].lr.decision.points).toHaveLength(DECISION_THRESHOLDS.length);
    }
    const nb = (manifest.optimism as { instability: { svm: { all: { net_benefit: { unit: string; points: { threshold: number; original: number }[] } } } } }).instability.svm.all.net_benefit;
    expect(nb.unit).toBe('windows');
    expect(nb.points.map((q) => q.original)).toEqual(out.all.svm.decision.points.map((q) => q.original));
    const fig = artifacts.find((a) => a.name === 'svm-decision-instability');
    if (fig?.type !== 'figure') throw new Error('expected the decision-curve instability figure');
    expect(fig.caption).toMatch(/rough/);
    expect(fig.caption).toMatch(/training windows/);
    expect(fig.description).toMatch(/All subjects \(\d+ training windows/);
    expect(fig.data!.columns).toEqual(['Subset', 'Curve', 'Threshold probability', 'Net benefit (per window)']);
    expect(fig.data!.rows.length).toBe(2 * DECISION_THRESHOLDS.length * 5 + DECISION_THRESHOLDS.length * (out.all.svm.decision.replicates + out.persistent.svm.decision.replicates));
    const svg = fig.render(nodeDocument(), { widthMm: 183 }).outerHTML;
    expect(svg).toContain('Net benefit (per window)');
    expect(svg).toContain('Threshold probability of not recovering');
    const table = artifacts.find((a) => a.name === 'decision_instability');
    if (table?.type !== 'table') throw new Error('expected the decision-curve instability table');
    expect(table.csv.trim().split('\n')).toHaveLength(1 + 2 * 2 * DECISION_THRESHOLDS.length);
  });
});
