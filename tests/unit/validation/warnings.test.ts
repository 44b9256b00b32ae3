import { describe, expect, it } from 'vitest';
import { gridEdgeWarnings, majorityWarning, smallClassWarnings, straddlingWarning, wideCiWarning } from '@/lib/validation/warnings';

describe('validation warnings', () => {
  const grid = { C: [0.01, 0.1, 1, 30], gamma: [0.001, 0.05, 10] };
  it('flags a selected value on either edge of the grid, and only then', () => {
    expect(gridEdgeWarnings({ C: 30, gamma: 0.05 }, grid, 'all subjects').map((w) => w.message)).toEqual([
      'all subjects: the selected C = 30 is the largest value of the grid, so the best value may lie outside it; widen the grid (cMin/cMax).',
    ]);
    expect(gridEdgeWarnings({ C: 1, gamma: 0.001 }, grid, 'x').map((w) => w.message)).toEqual([
      'x: the selected γ = 0.001 is the smallest value of the grid, so the best value may lie outside it; widen the grid (gammaMin/gammaMax).',
    ]);
    expect(gridEdgeWarnings({ C: 1, gamma: 0.05 }, grid, 'x')).toEqual([]);
    expect(gridEdgeWarnings({ C: 1, gamma: 0.05 }, { C: [1], gamma: [0.05] }, 'x')).toEqual([]);
  });

  it('flags a class with fewer than 10 test cases', () => {
    expect(smallClassWarnings({ positive: 131, negative: 8 }, 'all subjects').map((w) => w.message)).toEqual([
      'all subjects: only 8 not recovered cases in the test part (fewer than 10); metrics of that class are close to anecdotal.',
    ]);
    expect(smallClassWarnings({ positive: 10, negative: 10 }, 'x')).toEqual([]);
    expect(smallClassWarnings({ positive: 1, negative: 10 }, 'x')[0]!.message).toMatch(/only 1 recovered case in/);
  });

  it('flags wide CIs, accuracy not above the majority rate, straddling patients', () => {
    expect(wideCiWarning('accuracy', { ci_low: 0.6, ci_high: 0.85 }, 0.2, 'p', 30)[0]!.message).toBe(
      'p: the 95% CI of accuracy spans 0.250 (more than 0.2) on 30 test cases: the test set is too small for this number to mean much.',
    );
    expect(wideCiWarning('accuracy', { ci_low: 0.6, ci_high: 0.75 }, 0.2, 'p', 30)).toEqual([]);
    expect(majorityWarning(0.93, 0.924, 0.41, 'all')[0]!.code).toBe('not-above-majority');
    expect(majorityWarning(0.99, 0.924, 0.001, 'all')).toEqual([]);
    expect(straddlingWarning(0, 100, 'x')).toEqual([]);
    expect(straddlingWarning(23, 100, 'LSTM')[0]!.message).toMatch(/^LSTM: 23 of 100 patients/);
  });
});
