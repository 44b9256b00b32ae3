import { describe, expect, it } from 'vitest';
import { conformalQuantile, coverage, fitConformalBands, halfWidthAt, type ConformalRow } from '@/lib/teaching/conformal';

describe('split conformal bands', () => {
  it('takes the ⌈(n + 1)·level⌉-th smallest score (hand-worked)', () => {
    const scores = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6];
    // n = 9, level 0.8: k = ceil(10 * 0.8) = 8 → the 8th smallest is 0.8
    expect(conformalQuantile(scores, 0.8)).toBe(0.8);
    // level 0.95: k = ceil(9.5) = 10 > n → no finite band
    expect(conformalQuantile(scores, 0.95)).toBe(Infinity);
  });

  it('groups scores by days ahead; a thin group borrows its neighbour’s scores', () => {
    const rows: ConformalRow[] = [];
    for (let i = 0; i < 30; i++) rows.push({ patient_id: `a${i}`, horizon: 20, actual: 2, predicted: 2 + (i + 1) / 100 });
    for (let i = 0; i < 30; i++) rows.push({ patient_id: `b${i}`, horizon: 100, actual: 2, predicted: 2 + (i + 1) / 10 });
    for (let i = 0; i < 5; i++) rows.push({ patient_id: `c${i}`, horizon: 200, actual: 2, predicted: 3 });
    const bands = fitConformalBands(rows, 0.8, [45, 120, Infinity], 20);
    // bin 1: scores 0.01..0.30, k = ceil(31 * 0.8) = 25 → 0.25
    expect(halfWidthAt(bands, 10)).toBeCloseTo(0.25, 12);
    // bin 2: scores 0.1..3.0, k = 25 → 2.5
    expect(halfWidthAt(bands, 90)).toBeCloseTo(2.5, 12);
    // bin 3 has 5 rows: with bin 2's 30 (35 scores, k = ceil(36 * 0.8) = 29)
    const merged = rows.slice(30).map((r) => Math.abs(r.actual - r.predicted)).sort((a, b) => a - b)[28]!;
    expect(halfWidthAt(bands, 250)).toBe(merged);
    expect(coverage(bands, rows.slice(0, 30))).toBeCloseTo(25 / 30, 12);
  });
});
