import { describe, expect, it } from 'vitest';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { pairedComparisons, pairedDisagreement, testAbsErrors } from '@/lib/cells/lstm-report';
import { clusterBootstrapIndices, pairedDifferenceCi } from '@/lib/stats/cluster-bootstrap';
import { createRng } from '@/lib/stats/random';

// Four test rows of three patients; actual grades 2, 3, 4, 2.
const rows = [
  { patient_id: 'a', window: 1, present_day: 10, day: 60, actual: 2, locf: 3, linear: 2.5 },
  { patient_id: 'a', window: 2, present_day: 20, day: 60, actual: 3, locf: 3, linear: 3.5 },
  { patient_id: 'b', window: 1, present_day: 10, day: 90, actual: 4, locf: 5, linear: 3 },
  { patient_id: 'c', window: 1, present_day: 15, day: 45, actual: 2, locf: 2, linear: 2 },
];
const fake = (model: string, seeds: number[][], validation?: number[][]) =>
  ({
    subset: 'all',
    model,
    testPredictions: rows.map((r, i) => ({ ...r, predicted: seeds[0]![i]! })),
    seedTestPredictions: seeds,
    // The temporal-validation rows: the same shape, other (later) patients.
    validationPredictions: validation ? rows.map((r, i) => ({ ...r, patient_id: `v${r.patient_id}`, predicted: validation[0]![i]! })) : [],
    seedValidationPredictions: validation ?? [],
  }) as unknown as LstmRegressionOutput;

describe('lstm-report paired comparisons', () => {
  const m1 = fake('M1', [[2, 3, 4, 3]]); // abs errors 0, 0, 0, 1
  const m2 = fake('M2', [
    [3, 3, 3, 2], // 1, 0, 1, 0
    [2, 4, 4, 2], // 0, 1, 0, 0
  ]);

  it('averages each row’s absolute error over seeds (hand-worked)', () => {
    expect(testAbsErrors(m2)).toEqual({ lstm: [0.5, 0.5, 0.5, 0], linear: [0.5, 0.5, 1, 0], locf: [1, 0, 1, 0], seeds: 2 });
  });

  it('compares M1 vs M2 and each LSTM vs the linear baseline on shared patient-clustered resamples', () => {
    const out = pairedComparisons({ all_M1: m1, all_M2: m2 }, 300, createRng(5));
    expect(out.map((c) => `${c.a} vs ${c.b}`)).toEqual(['LSTM M1 vs LSTM M2', 'LSTM M1 vs Linear regression (M1 features)', 'LSTM M2 vs Linear regression (M2 features)']);
    const first = out[0]!;
    expect(first.mae_a).toBe(0.25);
    expect(first.mae_b).toBe(0.375);
    expect(first.difference).toBeCloseTo(-0.125, 15);
    expect(first.patients).toBe(3);
    expect([first.seeds_a, first.seeds_b]).toEqual([1, 2]);
    // The same numbers from the statistics module directly, on the same resamples.
    const idx = clusterBootstrapIndices(['a', 'a', 'b', 'c'], 300, createRng(5).fork('paired:all'));
    const d = pairedDifferenceCi([0, 0, 0, 1], [0.5, 0.5, 0.5, 0], idx);
    expect([first.ci_low, first.ci_high, first.share_a_worse]).toEqual([d.lower, d.upper, d.shareAbove]);
  });

  it('leaves out a model whose test rows differ (no pairing possible)', () => {
    const other = { ...m2, testPredictions: m2.testPredictions.map((r, i) => (i === 0 ? { ...r, day: 61 } : r)) } as LstmRegressionOutput;
    const out = pairedComparisons({ all_M1: m1, all_M2: other }, 100, createRng(5));
    expect(out.map((c) => c.a)).toEqual(['LSTM M1']);
  });

  it('pairs the temporal-validation patients too, on their own resamples, and says where the two sets disagree', () => {
    // On the validation rows M1 is the worse one: abs errors 1, 1, 1, 1 against M2's 0, 0, 0, 0.
    const v1 = fake('M1', [[2, 3, 4, 3]], [[3, 4, 5, 3]]);
    const v2 = fake('M2', m2.seedTestPredictions, [[2, 3, 4, 2]]);
    const out = pairedComparisons({ all_M1: v1, all_M2: v2 }, 300, createRng(5));
    const test = out.filter((c) => c.set === 'test');
    const validation = out.filter((c) => c.set === 'validation');
    // The test part's numbers are those computed without a validation set.
    expect(test).toEqual(pairedComparisons({ all_M1: m1, all_M2: m2 }, 300, createRng(5)).map((c) => ({ ...c, set: 'test' })));
    expect(validation.map((c) => `${c.a} vs ${c.b}`)).toEqual(['LSTM M1 vs LSTM M2', 'LSTM M1 vs Linear regression (M1 features)', 'LSTM M2 vs Linear regression (M2 features)']);
    const first = validation[0]!;
    expect([first.mae_a, first.mae_b, first.difference]).toEqual([1, 0, 1]);
    const idx = clusterBootstrapIndices(['va', 'va', 'vb', 'vc'], 300, createRng(5).fork('paired:all:validation'));
    const d = pairedDifferenceCi([1, 1, 1, 1], [0, 0, 0, 0], idx);
    expect([first.ci_low, first.ci_high]).toEqual([d.lower, d.upper]);
    // M1 vs M2: no clear difference on the test part (CI spans 0), M2 better on the validation (CI above 0).
    expect(first.ci_low).toBeGreaterThan(0);
    expect(pairedDisagreement(out)).toMatch(/LSTM M1 vs LSTM M2 \(all subjects\): no clear difference on the test part, b better on the temporal validation/);
    expect(pairedDisagreement(test)).toBe('');
  });
});
