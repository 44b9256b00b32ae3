import { describe, expect, it } from 'vitest';
import { binomialTestGreater } from '@/lib/stats/binomial-test';
import { clusterBootstrapCi, clusterBootstrapIndices, pairedDifferenceCi, rowsByGroup } from '@/lib/stats/cluster-bootstrap';
import { balancedAccuracyOf, classificationMetrics, confusionMatrix, noInformationRateOf, npvOf, specificityOf } from '@/lib/stats/metrics';
import { createRng, type Rng } from '@/lib/stats/random';
import type { ResamplingInputs } from '@/scripts/reference/make-resampling-inputs';
import { expectClose, expectRelClose, readReference } from './reference';

type Ci = { estimate: number; ci: [number, number]; replicatesFirst5: number[] };
const inputs = readReference<ResamplingInputs>('resampling_inputs.json');
const ref = readReference<{
  binomial: { k: number; n: number; p: number; pValue: number }[];
  metrics: { name: string; specificity: number; npv: number; balanced_accuracy: number; no_information_rate: number }[];
  clusterBootstrap: { accuracy: Ci; balanced_accuracy: Ci; mae: Ci; maeDifference: { estimate: number; ci: [number, number]; shareAbove: number } };
}>('resampling.json');

/** An Rng whose int() replays a script (the rest is never called by the cluster bootstrap). */
function scripted(draws: number[]): Rng {
  let i = 0;
  return { int: () => draws[i++]! } as unknown as Rng;
}

describe('patient-clustered bootstrap', () => {
  it('draws whole patients: hand-worked resamples', () => {
    const groups = ['a', 'a', 'b', 'c', 'c', 'c'];
    expect(rowsByGroup(groups)).toEqual({ ids: ['a', 'b', 'c'], rows: [[0, 1], [2], [3, 4, 5]] });
    // Draws c, a, c then b, b, b: every row of a drawn patient comes along, in patient order.
    const idx = clusterBootstrapIndices(groups, 2, scripted([2, 0, 2, 1, 1, 1]));
    expect(idx.map((r) => Array.from(r))).toEqual([
      [3, 4, 5, 0, 1, 3, 4, 5],
      [2, 2, 2],
    ]);
    // Statistic on those rows: the mean of x. x = [1, 1, 0, 1, 0, 0] → (1+0+0+1+1+1+0+0)/8 = 1/2 and 0.
    const x = [1, 1, 0, 1, 0, 0];
    const mean = (rows: ArrayLike<number>) => Array.from(rows).reduce((s, r) => s + x[r]!, 0) / rows.length;
    const ci = clusterBootstrapCi(mean, { n: 6, indices: idx, level: 0.5 });
    expect(ci.estimate).toBe(0.5);
    expect(Array.from(ci.replicates)).toEqual([0.5, 0]);
    // numpy's linear percentile of [0, 0.5] at 25% and 75%.
    expect([ci.lower, ci.upper]).toEqual([0.125, 0.375]);
  });

  it('draws as many patients as there are from the seeded RNG, reproducibly', () => {
    const a = clusterBootstrapIndices(inputs.groups, 20, createRng(42).fork('cluster-bootstrap'));
    expect(a.map((r) => Array.from(r))).toEqual(inputs.clusterBootstrap.indices.slice(0, 20));
  });

  const { yTrue, yPred } = inputs.classification[0]!;
  const { actual, predicted, predictedB } = inputs.regression;
  const { indices, level } = inputs.clusterBootstrap;
  const pick = <T>(xs: readonly T[], rows: ArrayLike<number>) => Array.from(rows, (i) => xs[i]!);
  const confusion = (rows: ArrayLike<number>) => confusionMatrix(pick(yTrue, rows), pick(yPred, rows));

  it('gives numpy-percentile CIs of accuracy, balanced accuracy and MAE over the same clustered resamples', () => {
    const stats = {
      accuracy: (rows: ArrayLike<number>) => classificationMetrics(pick(yTrue, rows), pick(yPred, rows)).accuracy,
      balanced_accuracy: (rows: ArrayLike<number>) => balancedAccuracyOf(confusion(rows)),
      mae: (rows: ArrayLike<number>) => pick(actual, rows).reduce((s, a, i) => s + Math.abs(a - pick(predicted, rows)[i]!), 0) / rows.length,
    };
    for (const [name, stat] of Object.entries(stats)) {
      const r = ref.clusterBootstrap[name as keyof typeof stats];
      const ci = clusterBootstrapCi(stat, { n: yTrue.length, indices, level });
      expectClose(ci.estimate, r.estimate, 1e-12, `${name} estimate`);
      expectClose(ci.lower, r.ci[0], 1e-9, `${name} lower`);
      expectClose(ci.upper, r.ci[1], 1e-9, `${name} upper`);
      r.replicatesFirst5.forEach((v, b) => expectClose(ci.replicates[b]!, v, 1e-12, `${name} replicate ${b}`));
    }
  });

  it('gives the paired MAE difference and its CI as numpy does', () => {
    const absA = actual.map((a, i) => Math.abs(a - predicted[i]!));
    const absB = actual.map((a, i) => Math.abs(a - predictedB[i]!));
    const d = pairedDifferenceCi(absA, absB, indices, level);
    const r = ref.clusterBootstrap.maeDifference;
    expectClose(d.estimate, r.estimate, 1e-12, 'estimate');
    expectClose(d.lower, r.ci[0], 1e-9, 'lower');
    expectClose(d.upper, r.ci[1], 1e-9, 'upper');
    expect(d.shareAbove).toBe(r.shareAbove);
    expect(() => pairedDifferenceCi([1], [1, 2], indices)).toThrow(/1 vs 2 rows/);
    expect(() => clusterBootstrapCi(() => 0, { n: 2, indices: [[0, 5]] })).toThrow(/row 5 outside 0..1/);
  });
});

describe('one-sided exact binomial test against the no-information rate', () => {
  it('matches scipy.stats.binomtest(alternative="greater")', () => {
    for (const c of ref.binomial) {
      expectRelClose(binomialTestGreater(c.k, c.n, c.p).pValue, c.pValue, 1e-10, `k=${c.k} n=${c.n} p=${c.p}`);
    }
  });

  it('hand-worked: P(X ≥ 2) for X ~ Bin(3, 0.5) = 4/8; k = 0 gives 1', () => {
    expectClose(binomialTestGreater(2, 3, 0.5).pValue, 0.5, 1e-14);
    expectClose(binomialTestGreater(3, 3, 0.9).pValue, 0.729, 1e-14);
    expect(binomialTestGreater(0, 5, 0.4).pValue).toBe(1);
    expect(() => binomialTestGreater(6, 5, 0.4)).toThrow(/0\.\.5/);
    expect(() => binomialTestGreater(1, 5, 1.2)).toThrow(/\[0, 1\]/);
  });
});

describe('specificity, NPV, balanced accuracy, no-information rate', () => {
  const cases = [...inputs.classification, { name: 'no negatives in the truth', yTrue: [1, 1, 1, 1], yPred: [1, 0, 1, 1] }];
  it('match sklearn (recall/precision of class 0, balanced_accuracy_score, majority share)', () => {
    cases.forEach((c, i) => {
      const r = ref.metrics[i]!;
      expect(r.name).toBe(c.name);
      const m = classificationMetrics(c.yTrue, c.yPred);
      expectClose(m.specificity, r.specificity, 1e-12, `${c.name} specificity`);
      expectClose(m.npv, r.npv, 1e-12, `${c.name} npv`);
      expectClose(m.balanced_accuracy, r.balanced_accuracy, 1e-12, `${c.name} balanced accuracy`);
      expectClose(m.no_information_rate, r.no_information_rate, 1e-12, `${c.name} NIR`);
    });
  });

  it('hand-worked confusion tn 2, fp 1, fn 3, tp 14', () => {
    const c = { tn: 2, fp: 1, fn: 3, tp: 14 };
    expect(specificityOf(c)).toBe(2 / 3);
    expect(npvOf(c)).toBe(2 / 5);
    expect(balancedAccuracyOf(c)).toBeCloseTo((14 / 17 + 2 / 3) / 2, 15);
    expect(noInformationRateOf(c)).toBe(17 / 20);
    expect(npvOf({ tn: 0, fp: 3, fn: 0, tp: 5 })).toBe(0);
  });
});
