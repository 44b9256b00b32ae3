import { describe, expect, it } from 'vitest';
import { accuracyVsNirOf, type ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import { svmCalibration, type SvmCalibrationOutput } from '@/lib/cells/svm-calibration';
import { headingCurves, svmDecisionCurve, type SvmDecisionCurveOutput } from '@/lib/cells/svm-decision-curve';
import { svmDiscrimination, type SvmDiscriminationOutput } from '@/lib/cells/svm-discrimination';
import { lastWindowPerPatient } from '@/lib/cells/test-resamples';
import { binomialTestGreater } from '@/lib/stats/binomial-test';
import { createRng } from '@/lib/stats/random';
import { pairAuc, percentile } from '../validation/recompute-helpers';

// The patient as the unit (issue #24 item 4): the validation cells' bootstrap under
// `ciMethod: patients`, recomputed here by a direct loop over the same patient draws; the
// binomial test and the net benefit per patient (the last test window) on a hand-worked case.

/** Drive a cell's run generator to its output. */
async function drive<T>(gen: AsyncGenerator<unknown, T>): Promise<T> {
  let step = await gen.next();
  while (!step.done) step = await gen.next();
  return step.value;
}

type Row = { patient: string; window: number; actual: number; predicted: number; probability: number };
function evaluation(rows: Row[]): ClassificationEvalOutput {
  const e = {
    predictions: { actual: rows.map((r) => r.actual), predicted: rows.map((r) => r.predicted), patients: rows.map((r) => r.patient), windows: rows.map((r) => r.window) },
    scores: { patientIds: rows.map((r) => r.patient), decision: rows.map((r) => Math.log(r.probability / (1 - r.probability))), probability: rows.map((r) => r.probability) },
  };
  return { all: e, persistent: e } as unknown as ClassificationEvalOutput;
}

/**
 * Patient draws written out: groups in first-appearance order, G draws of `rng.int(G)` per
 * resample, every window of a drawn patient along (what `clusterBootstrapIndices` documents).
 */
function patientDraws(patients: string[], resamples: number, seed: number, subset: string): number[][] {
  const order: string[] = [];
  const rowsOf = new Map<string, number[]>();
  patients.forEach((p, i) => {
    if (!rowsOf.has(p)) {
      order.push(p);
      rowsOf.set(p, []);
    }
    rowsOf.get(p)!.push(i);
  });
  const rng = createRng(seed).fork(`cluster-bootstrap:${subset}`);
  const out: number[][] = [];
  for (let b = 0; b < resamples; b++) {
    const rows: number[] = [];
    for (let g = 0; g < order.length; g++) rows.push(...rowsOf.get(order[rng.int(order.length)]!)!);
    out.push(rows);
  }
  return out;
}

// 30 patients with 1 to 4 windows each; a patient's windows share a level (clustering).
const clustered: Row[] = (() => {
  const rng = createRng(20260601);
  const rows: Row[] = [];
  for (let k = 0; k < 30; k++) {
    const level = rng.uniform();
    const m = 1 + rng.int(4);
    for (let w = 1; w <= m; w++) {
      const probability = Math.min(0.97, Math.max(0.03, 0.15 + 0.7 * level + 0.2 * (rng.uniform() - 0.5)));
      const actual = rng.uniform() < probability ? 1 : 0;
      rows.push({ patient: `P${k}`, window: w, actual, predicted: probability > 0.5 ? 1 : 0, probability });
    }
  }
  return rows;
})();

describe('ciMethod = patients: the bootstrap draws patients', () => {
  const seed = 77, resamples = 200;
  const draws = patientDraws(clustered.map((r) => r.patient), resamples, seed, 'all');

  it('svm-discrimination: the AUC CI equals a direct loop over the same patient draws, and heads the manifest', async () => {
    const out = (await drive(svmDiscrimination.run({ evaluation: evaluation(clustered) }, { resamples, ciMethod: 'patients' }, { rng: createRng(seed) } as never))) as SvmDiscriminationOutput;
    const y = clustered.map((r) => r.actual), s = clustered.map((r) => Math.log(r.probability / (1 - r.probability)));
    const aucs = draws.map((rows) => pairAuc(rows.map((r) => y[r]!), rows.map((r) => s[r]!))).filter(Number.isFinite);
    expect(out.all.bootstrap.used).toBe(aucs.length);
    expect(out.all.bootstrap.ci_low).toBeCloseTo(percentile(aucs, 0.025), 12);
    expect(out.all.bootstrap.ci_high).toBeCloseTo(percentile(aucs, 0.975), 12);
    const h = svmDiscrimination.headline!(out, { resamples, ciMethod: 'patients' }) as { svm: { all: { test: { auc: Record<string, unknown> } } } };
    expect(h.svm.all.test.auc).toMatchObject({ ci_method: 'bootstrap-patients', bootstrap_ci_method: 'patients', ci_low: out.all.bootstrap.ci_low, ci_high: out.all.bootstrap.ci_high, delong_ci_low: out.all.delong.ci_low });
    const table = svmDiscrimination.artifacts!(out, { resamples, ciMethod: 'patients' }, {} as never).find((a) => a.type === 'table');
    expect(table?.type === 'table' && table.caption).toMatch(/patients resampled with all their test windows/);
    // Under samples the windows are drawn and DeLong heads, as the paper.
    const paper = (await drive(svmDiscrimination.run({ evaluation: evaluation(clustered) }, { resamples, ciMethod: 'samples' }, { rng: createRng(seed) } as never))) as SvmDiscriminationOutput;
    expect((svmDiscrimination.headline!(paper, { resamples, ciMethod: 'samples' }) as { svm: { all: { test: { auc: Record<string, unknown> } } } }).svm.all.test.auc).toMatchObject({ ci_method: 'delong', bootstrap_ci_method: 'samples' });
    expect(paper.all.bootstrap.ci_low).not.toBe(out.all.bootstrap.ci_low);
  });

  it('svm-calibration: the Brier CI equals a direct loop over the same patient draws; the manifest says bootstrap-patients', async () => {
    const params = { resamples, groups: 5, ciMethod: 'patients' as const };
    const out = (await drive(svmCalibration.run({ evaluation: evaluation(clustered) }, params, { rng: createRng(seed) } as never))) as SvmCalibrationOutput;
    const briers = draws.map((rows) => rows.reduce((acc, r) => acc + (clustered[r]!.probability - clustered[r]!.actual) ** 2, 0) / rows.length);
    expect(out.all.stats.brier.resamples_used).toBe(resamples);
    expect(out.all.stats.brier.ci_low).toBeCloseTo(percentile(briers, 0.025), 12);
    expect(out.all.stats.brier.ci_high).toBeCloseTo(percentile(briers, 0.975), 12);
    const h = svmCalibration.headline!(out, params) as { svm: { all: { test: Record<string, { ci_method: string; ci_excludes_estimate: boolean }> } } };
    expect(h.svm.all.test.brier!.ci_method).toBe('bootstrap-patients');
    expect(typeof h.svm.all.test.ici!.ci_excludes_estimate).toBe('boolean');
  });

  it('refuses patient resampling without patient ids', async () => {
    const e = { predictions: { actual: [1, 0, 1, 0] }, scores: { probability: [0.8, 0.3, 0.6, 0.4], decision: [1, -1, 0.5, -0.5] } };
    const inputs = { evaluation: { all: e, persistent: e } as unknown as ClassificationEvalOutput };
    await expect(drive(svmCalibration.run(inputs, { resamples: 100, groups: 2, ciMethod: 'patients' }, { rng: createRng(1) } as never))).rejects.toThrow(/patient id/);
  });
});

// Hand-worked: 13 windows of 7 patients, rows not in window order within a patient (P3, P7).
const hand: Row[] = [
  { patient: 'P1', window: 1, actual: 1, predicted: 1, probability: 0.9 },
  { patient: 'P1', window: 2, actual: 1, predicted: 1, probability: 0.8 },
  { patient: 'P1', window: 3, actual: 0, predicted: 1, probability: 0.3 },
  { patient: 'P2', window: 1, actual: 1, predicted: 1, probability: 0.85 },
  { patient: 'P3', window: 2, actual: 0, predicted: 0, probability: 0.4 },
  { patient: 'P3', window: 1, actual: 0, predicted: 1, probability: 0.7 },
  { patient: 'P4', window: 1, actual: 1, predicted: 0, probability: 0.45 },
  { patient: 'P4', window: 2, actual: 1, predicted: 1, probability: 0.75 },
  { patient: 'P5', window: 1, actual: 1, predicted: 1, probability: 0.95 },
  { patient: 'P6', window: 1, actual: 0, predicted: 0, probability: 0.2 },
  { patient: 'P6', window: 2, actual: 1, predicted: 1, probability: 0.6 },
  { patient: 'P7', window: 3, actual: 1, predicted: 1, probability: 0.88 },
  { patient: 'P7', window: 1, actual: 0, predicted: 0, probability: 0.35 },
];

describe('per patient: one prediction per patient, the last test window', () => {
  it('picks each patient’s highest window number, patients in first-appearance order', () => {
    expect(lastWindowPerPatient(hand.map((r) => r.patient), hand.map((r) => r.window))).toEqual([2, 3, 4, 7, 8, 10, 11]);
  });

  it('binomial test of accuracy vs the no-information rate: per patient 6 of 7 correct against 5/7, per window 10 of 13 against 8/13 (scipy / R)', () => {
    const last = lastWindowPerPatient(hand.map((r) => r.patient), hand.map((r) => r.window));
    const perPatient = accuracyVsNirOf(last.map((i) => [hand[i]!.actual, hand[i]!.predicted] as const));
    expect(perPatient).toMatchObject({ correct: 6, n: 7 });
    expect(perPatient.noInformationRate).toBeCloseTo(5 / 7, 15);
    // scipy.stats.binomtest(6, 7, 5/7, alternative='greater').pvalue = 0.36048512342403494;
    // R binom.test(6, 7, 5/7, alternative = "greater")$p.value = 0.36048512342403516;
    // by hand P(X ≥ 6) = 7 (5/7)^6 (2/7) + (5/7)^7 = 296875 / 823543.
    expect(Math.abs(perPatient.pValue - 0.36048512342403494)).toBeLessThan(1e-12);
    expect(Math.abs(perPatient.pValue - 296875 / 823543)).toBeLessThan(1e-12);
    const perWindow = accuracyVsNirOf(hand.map((r) => [r.actual, r.predicted] as const));
    expect(perWindow).toMatchObject({ correct: 10, n: 13 });
    // scipy.stats.binomtest(10, 13, 8/13, alternative='greater').pvalue = 0.19860715903968135 (R: …8115).
    expect(Math.abs(perWindow.pValue - 0.19860715903968135)).toBeLessThan(1e-12);
    expect(perWindow.pValue).toBe(binomialTestGreater(10, 13, 8 / 13).pValue);
  });

  it('net benefit per patient equals the hand-worked values; per window kept beside it; unit picks the heading curve', async () => {
    const params = { thresholdFrom: 0.1, thresholdTo: 0.5, thresholdStep: 0.1, unit: 'patients' as const };
    const out = (await drive(svmDecisionCurve.run({ evaluation: evaluation(hand) }, params, {} as never))) as SvmDecisionCurveOutput;
    const at = (c: SvmDecisionCurveOutput['all'], t: number) => c.points.find((d) => Math.abs(d.threshold - t) < 1e-9)!;
    const pp = out.perPatient!.all;
    // Last windows' risks of not recovering (1 − p): P1 0.7 (event), P2 0.15, P3 0.6 (event), P4 0.25, P5 0.05, P6 0.4, P7 0.12.
    expect([pp.n, pp.notRecovered]).toEqual([7, 2]);
    // pt 0.1: refer P1, P2, P3, P4, P6, P7: TP 2, FP 4 → 2/7 − 4/7 · 1/9 = 2/9; refer all: 2/7 − 5/7 · 1/9 = 13/63.
    expect(at(pp, 0.1)).toMatchObject({ tp: 2, fp: 4 });
    expect(at(pp, 0.1).model).toBeCloseTo(2 / 9, 12);
    expect(at(pp, 0.1).treatAll).toBeCloseTo(13 / 63, 12);
    // pt 0.3: refer P1, P3, P6: 2/7 − 1/7 · 3/7 = 11/49. pt 0.5: refer P1, P3: 2/7.
    expect(at(pp, 0.3).model).toBeCloseTo(11 / 49, 12);
    expect(at(pp, 0.5).model).toBeCloseTo(2 / 7, 12);
    // Per window: all 13 windows, 5 not recovered; pt 0.5 refers risk ≥ 0.5: windows of p 0.3, 0.4, 0.45, 0.2, 0.35 → TP 4 (0.3, 0.4, 0.2, 0.35), FP 1 (0.45).
    expect([out.all.n, out.all.notRecovered]).toEqual([13, 5]);
    expect(at(out.all, 0.5).model).toBeCloseTo(4 / 13 - 1 / 13, 12);
    expect(headingCurves(out).unit).toBe('patients');
    const h = svmDecisionCurve.headline!(out, params) as { svm: { all: { test: { net_benefit: { unit: string; n: number; selection: string; per_window: { n: number } } } } } };
    expect(h.svm.all.test.net_benefit).toMatchObject({ unit: 'patients', n: 7, per_window: { n: 13 } });
    expect(h.svm.all.test.net_benefit.selection).toMatch(/last test window/);
    const arts = svmDecisionCurve.artifacts!(out, params, {} as never);
    expect(arts.find((a) => a.type === 'figure')!.caption).toMatch(/per patient \(one prediction per patient: the patient's last test window\)/);
    const table = arts.find((a) => a.type === 'table');
    expect(table?.type === 'table' && table.csv).toMatch(/per patient \(last window\)/);
    // The paper's unit: per window heads.
    const paper = (await drive(svmDecisionCurve.run({ evaluation: evaluation(hand) }, { ...params, unit: 'windows' }, {} as never))) as SvmDecisionCurveOutput;
    expect(headingCurves(paper).unit).toBe('windows');
    expect(headingCurves(paper).all.n).toBe(13);
  });
});
