import { describe, expect, it } from 'vitest';
import { auditIntervals } from '@/lib/figures/audit-intervals';
import { aucOf } from '@/lib/stats/roc';
import { createRng } from '@/lib/stats/random';
import { buildAudit, type ClassificationVariant } from '@/lib/validation/audit';
import { document } from '../figures/golden';

// 6 test rows from 4 patients; truth mostly "recovered" (NIR 4/6).
const base = { patients: ['a', 'a', 'b', 'c', 'd', 'd'], actual: [1, 1, 0, 1, 0, 1], majorityClass: 1, straddlingPatients: 0 };
const variants: ClassificationVariant[] = [
  { ...base, split: 'window-level', features: 'paper features', predicted: [1, 1, 0, 1, 0, 1], carriedForward: [1, 0, 0, 1, 1, 1], straddlingPatients: 2 },
  { ...base, split: 'patient-level', features: 'without SAD4', predicted: [1, 1, 1, 1, 1, 1], carriedForward: [1, 0, 0, 1, 1, 1] },
];
const regression = [
  { split: 'window-level' as const, model: 'M1', patients: ['a', 'b'], actual: [2, 3], predicted: [2.5, 3], locf: [3, 3], straddlingPatients: 1 },
  { split: 'patient-level' as const, model: 'M1', patients: ['a', 'b'], actual: [2, 3], predicted: [3, 4], locf: [3, 3], straddlingPatients: 0 },
];

describe('leakage and ablation audit', () => {
  const audit = buildAudit(variants, regression, { resamples: 200, rng: createRng(1) });
  const row = (split: string, method: string) => audit.rows.find((r) => r.split === split && r.method === method)!;

  it('computes the model and both baselines on the same test rows (hand-worked point estimates)', () => {
    expect(row('window-level', 'SVM').accuracy!.value).toBe(1);
    expect(row('window-level', 'Majority class').accuracy!.value).toBe(4 / 6);
    expect(row('window-level', 'Majority class').balanced_accuracy!.value).toBe(0.5);
    // Carried forward: right on rows 0, 2, 3, 5 → 4/6; recall 3/4, specificity 1/2 → balanced 0.625.
    expect(row('window-level', 'Carried forward (present grade)').accuracy!.value).toBe(4 / 6);
    expect(row('window-level', 'Carried forward (present grade)').balanced_accuracy!.value).toBe(0.625);
    expect(row('patient-level', 'SVM').balanced_accuracy!.value).toBe(0.5);
    expect(row('window-level', 'LSTM M1').mae!.value).toBe(0.25);
    expect(row('window-level', 'Last grade carried forward').mae!.value).toBe(0.5);
    expect(row('window-level', 'SVM').patients).toBe(4);
    expect(row('window-level', 'SVM').straddling_patients).toBe(2);
  });

  it('gives patient-clustered CIs containing the estimate, zero-width when every resample agrees', () => {
    for (const r of audit.rows) {
      for (const m of [r.accuracy, r.balanced_accuracy, r.mae]) if (m) expect(m.ci_low <= m.value && m.value <= m.ci_high).toBe(true);
    }
    expect(row('window-level', 'SVM').accuracy).toEqual({ value: 1, ci_low: 1, ci_high: 1 });
    const maj = row('window-level', 'Majority class').accuracy!;
    expect(maj.ci_high - maj.ci_low).toBeGreaterThan(0);
    // Same seed, same rows → the same numbers.
    expect(buildAudit(variants, regression, { resamples: 200, rng: createRng(1) })).toEqual(audit);
  });

  it('gives the AUC of the model’s scores (and of minus the present grade for carried forward) when the evaluation has scores', () => {
    const scores = [2, 1.5, -1, 0.5, -0.5, 1];
    const withScores = buildAudit([{ ...variants[0]!, scores, presentGrades: [2, 3, 4, 2, 4, 3] }], [], { resamples: 200, rng: createRng(1) });
    const svm = withScores.rows.find((r) => r.method === 'SVM')!.auc!;
    expect(svm.value).toBe(aucOf(base.actual, scores));
    expect(svm.value).toBe(1);
    // −grade: positives have −2, −3, −2, −3; negatives −4, −4 → every positive ranks above: 1.
    expect(withScores.rows.find((r) => r.method.startsWith('Carried'))!.auc!.value).toBe(1);
    expect(withScores.rows.find((r) => r.method === 'Majority class')!.auc).toEqual({ value: 0.5, ci_low: 0.5, ci_high: 0.5 });
    expect(audit.rows.every((r) => r.auc === null)).toBe(true);
  });

  it('says in words what changes, from the numbers', () => {
    expect(audit.sentence).toContain("With the paper's design (windows split at random, all features) the SVM's test accuracy is 1.000 (1.000–1.000) against 0.667");
    expect(audit.sentence).toContain('Split by patient and without SAD4 it is 0.667');
    expect(audit.sentence).toMatch(/not distinguishable from the majority rate 0\.667/);
    expect(audit.sentence).toContain("The LSTM M1's test MAE goes from 0.250");
    expect(audit.sentence).toContain('(carrying the last grade forward: 0.500 and 0.500)');
  });

  it('draws one dot and CI per number', () => {
    const svg = auditIntervals(
      audit.rows.flatMap((r) => (r.accuracy ? [{ metric: 'Accuracy', label: `${r.split} · ${r.features} · ${r.method}`, kind: r.method === 'SVM' ? ('model' as const) : ('baseline' as const), value: r.accuracy.value, ciLow: r.accuracy.ci_low, ciHigh: r.accuracy.ci_high }] : [])),
      { document },
    ) as unknown as Element;
    // One panel (one metric) under the legend; its dots, not the legend's swatches.
    expect(svg.querySelectorAll('svg[aria-label^="Audit:"]').length).toBe(1);
    expect(svg.querySelectorAll('svg[aria-label^="Audit:"] circle').length).toBe(6);
  });
});
