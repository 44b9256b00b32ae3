import { describe, expect, it } from 'vitest';
import { pairedClassifierRows, pairedMaeRow } from '@/lib/cells/paired-difference';

/**
 * The paired-difference step against numbers worked by hand: four test windows of four patients
 * and three given resamples (a fourth holding one outcome only), so every replicate and the
 * percentile CI (R's type 7: h = (R − 1) p) can be checked on paper.
 */
describe('paired difference: hand-worked', () => {
  const y = [1, 0, 1, 0];
  const patients = ['p1', 'p2', 'p3', 'p4'];
  const a = { decision: [0.9, 0.1, 0.8, 0.3], probability: [0.8, 0.2, 0.7, 0.4] };
  const b = { decision: [0.4, 0.5, 0.9, 0.2], probability: [0.6, 0.5, 0.9, 0.1] };
  const sets = [
    [0, 1, 2, 3],
    [0, 0, 1, 1],
    [2, 3, 2, 3],
    [0, 0, 0, 0],
  ];

  it('AUC: a separates perfectly (1), b ranks 3 of 4 pairs right (0.75); replicates 0.25, 1, 0 (the one-outcome resample skipped)', () => {
    const [auc] = pairedClassifierRows(y, a, b, patients, sets);
    expect(auc!.metric).toBe('AUC');
    expect(auc!.a).toBe(1);
    expect(auc!.b).toBe(0.75);
    expect(auc!.difference).toBeCloseTo(0.25, 12);
    expect(auc!.used).toBe(3);
    // sorted 0, 0.25, 1: lower = 0 + 0.05 · 0.25, upper = 0.25 + 0.95 · 0.75
    expect(auc!.ci_low).toBeCloseTo(0.0125, 12);
    expect(auc!.ci_high).toBeCloseTo(0.9625, 12);
    expect(auc!.n).toBe(4);
    expect(auc!.patients).toBe(4);
    expect(auc!.p_value === null || (auc!.p_value >= 0 && auc!.p_value <= 1)).toBe(true);
  });

  it('Brier score: 0.0825 against 0.1075; replicates −0.025, −0.165, 0.115, −0.12', () => {
    const [, brier] = pairedClassifierRows(y, a, b, patients, sets);
    expect(brier!.metric).toBe('Brier score');
    expect(brier!.a).toBeCloseTo(0.0825, 12);
    expect(brier!.b).toBeCloseTo(0.1075, 12);
    expect(brier!.difference).toBeCloseTo(-0.025, 12);
    // sorted −0.165, −0.12, −0.025, 0.115: h = 0.075 and 2.925
    expect(brier!.ci_low).toBeCloseTo(-0.165 + 0.075 * 0.045, 12);
    expect(brier!.ci_high).toBeCloseTo(-0.025 + 0.925 * 0.14, 12);
    expect(brier!.p_value).toBeNull();
  });

  it('MAE: differences −0.5, 0.5, −0.4; replicates −0.1333, −0.4667, 0.5', () => {
    const row = pairedMaeRow([0.5, 1.0, 0.2], [1.0, 0.5, 0.6], ['p1', 'p2', 'p2'], [
      [0, 1, 2],
      [0, 0, 2],
      [1, 1, 1],
    ]);
    expect(row.a).toBeCloseTo(1.7 / 3, 12);
    expect(row.b).toBeCloseTo(2.1 / 3, 12);
    expect(row.difference).toBeCloseTo(-0.4 / 3, 12);
    // sorted −1.4/3, −0.4/3, 0.5: lower = −1.4/3 + 0.05 · (1/3), upper = −0.4/3 + 0.95 · (0.5 + 0.4/3)
    expect(row.ci_low).toBeCloseTo(-1.4 / 3 + 0.05 / 3, 12);
    expect(row.ci_high).toBeCloseTo(-0.4 / 3 + 0.95 * (0.5 + 0.4 / 3), 12);
    expect(row.patients).toBe(2);
    expect(row.n).toBe(3);
  });
});
