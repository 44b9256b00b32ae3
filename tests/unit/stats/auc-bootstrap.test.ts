import { describe, expect, it } from 'vitest';
import { bootstrapAucCi } from '@/lib/stats/auc-bootstrap';
import { expectClose } from './reference';
import { cases, sklearnRef } from './validation-fixtures';

const data = cases();
const sk = sklearnRef();

describe('bootstrap AUC CI on given resamples', () => {
  it.each(['ties', 'svm', 'tiny'] as const)('case %s: numpy percentile of sklearn AUCs on the same resamples, one-class draws left out', (name) => {
    const { y, score } = data.scores[name];
    const ref = sk.bootstrap[name];
    const ci = bootstrapAucCi(y, score, ref.indices);
    expect(ci.used).toBe(ref.used);
    expect(ci.skipped).toBe(ref.skipped);
    expectClose(ci.lower, ref.lower, 1e-9, 'lower');
    expectClose(ci.upper, ref.upper, 1e-9, 'upper');
  });

  it('takes resample sets of any length (a patient-clustered bootstrap draws whole patients)', () => {
    const y = [0, 1, 0, 1, 1], s = [0.1, 0.9, 0.4, 0.3, 0.8];
    // patients {0,1}, {2,3}, {4}: two draws of different lengths
    const ci = bootstrapAucCi(y, s, [[0, 1, 0, 1, 4], [2, 3, 2, 3]]);
    // draw 1: positives 0.9, 0.9, 0.8 vs negatives 0.1, 0.1 → 1; draw 2: 0.3 vs 0.4 → 0
    expect(ci.used).toBe(2);
    expect(ci.lower).toBeCloseTo(0.025, 12);
    expect(ci.upper).toBeCloseTo(0.975, 12);
    expect(() => bootstrapAucCi(y, s, [[0, 5]])).toThrow(/row 5/);
  });
});
