import { describe, expect, it } from 'vitest';
import { DESCRIBES_THE_RUN, manifestDifferences } from '@/lib/report/manifest-differences';

const differences = (a: unknown, b: unknown, tolerance: number) => manifestDifferences(a, b, { tolerance, ignore: DESCRIBES_THE_RUN });

describe('manifest differences (page vs CLI, cli/compare-manifests.ts)', () => {
  const base = { svm: { all: { test: { accuracy: { value: 0.95, ci_low: 0.9 } } } }, total_ms: 1000, parameters: { data: { today: '2026-12-01' }, split: { seed: 42 } } };

  it('agrees with itself and ignores what describes the run (timings, today)', () => {
    expect(differences(base, structuredClone(base), 1e-12)).toEqual([]);
    expect(differences(base, { ...base, total_ms: 5, parameters: { ...base.parameters, data: { today: '2027-01-01' } } }, 1e-12)).toEqual([]);
  });

  it('names every path that differs beyond the tolerance, and only those', () => {
    const other = structuredClone(base);
    other.svm.all.test.accuracy.value = 0.95 + 1e-13; // within 1e-12 relative
    other.svm.all.test.accuracy.ci_low = 0.91;
    other.parameters.split.seed = 7;
    expect(differences(other, base, 1e-12)).toEqual(['svm.all.test.accuracy.ci_low: 0.91 vs 0.9', 'parameters.split.seed: 7 vs 42']);
  });

  it('reports keys on one side only, and gives the calibration refit CIs 1%', () => {
    expect(differences({ a: 1 }, { a: 1, b: [1] }, 1e-12)).toEqual(['b: undefined vs [1]']);
    const cal = (x: number) => ({ svm: { calibration_slope: { ci_low: x } } });
    expect(differences(cal(1.005), cal(1), 1e-12)).toEqual([]);
    expect(differences(cal(1.02), cal(1), 1e-12)).toHaveLength(1);
    // The joint intercept's bounds (a steep tail): 5%; its resample count by one, as the others'.
    const joint = (x: number, used = 174) => ({ svm: { calibration_intercept_joint: { ci_high: x, resamples_used: used, value: 0.5 } } });
    expect(differences(joint(2.868), joint(2.901), 1e-12)).toEqual([]);
    expect(differences(joint(3.2), joint(2.901), 1e-12)).toHaveLength(1);
    expect(differences(joint(2.9, 173), joint(2.9, 174), 1e-12)).toEqual([]);
    expect(differences(joint(2.9, 170), joint(2.9, 174), 1e-12)).toHaveLength(1);
  });

  it('compares timings too when nothing is ignored, and names a part by its path', () => {
    expect(manifestDifferences({ ms: 1 }, { ms: 2 }, { tolerance: 1e-12 })).toEqual(['ms: 1 vs 2']);
    expect(manifestDifferences({ x: 1 }, { x: 2 }, { tolerance: 1e-12, path: 'svm' })).toEqual(['svm.x: 1 vs 2']);
  });
});
