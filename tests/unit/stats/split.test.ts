import { describe, expect, it } from 'vitest';
import { splitTrainTest, straddlingGroups, stratifiedFolds } from '@/lib/stats/split';

const groups = Array.from({ length: 100 }, (_, i) => `P${Math.floor(i / 3)}`); // 34 patients, ≤ 3 rows each

describe('train/test split', () => {
  it('splits samples 8:2 (test = ceil(0.2 n)), reproducibly for a seed, and counts straddling patients', () => {
    const s = splitTrainTest(groups, { seed: 42 });
    expect(s.test.length).toBe(20);
    expect(s.train.length).toBe(80);
    expect(new Set([...s.train, ...s.test]).size).toBe(100);
    expect(splitTrainTest(groups, { seed: 42 })).toEqual(s);
    expect(splitTrainTest(groups, { seed: 43 }).test).not.toEqual(s.test);
    expect(s.straddling.length).toBeGreaterThan(0); // the leakage the workbench warns about
    expect(s.straddling).toEqual(straddlingGroups(groups, s.train, s.test));
  });

  it('keeps every patient on one side in grouped mode', () => {
    const s = splitTrainTest(groups, { mode: 'grouped', seed: 42 });
    expect(s.straddling).toEqual([]);
    const testPatients = new Set(s.test.map((i) => groups[i]));
    expect(testPatients.size).toBe(Math.ceil(0.2 * 34));
    expect(s.train.every((i) => !testPatients.has(groups[i]))).toBe(true);
  });

  it('rejects a fraction that leaves a part empty', () => {
    expect(() => splitTrainTest(['a', 'b'], { seed: 1, testFraction: 0.99 })).toThrow(/non-empty/);
    expect(() => splitTrainTest(groups, { seed: 1, testFraction: 0 })).toThrow(/testFraction/);
  });
});

describe('stratified folds', () => {
  it('gives every fold sklearn-sized class counts (round-robin over sorted labels)', () => {
    const labels = Array.from({ length: 53 }, (_, i) => (i % 4 === 0 ? 0 : 1)); // 14 zeros, 39 ones
    const folds = stratifiedFolds(labels, 5, 7);
    const count = (f: number, c: number) => labels.filter((y, i) => y === c && folds[i] === f).length;
    // sklearn: allocation = bincount(sorted_y[i::5]) → zeros 3,3,3,3,2; ones 8,8,8,7,8.
    expect([0, 1, 2, 3, 4].map((f) => count(f, 0))).toEqual([3, 3, 3, 3, 2]);
    expect([0, 1, 2, 3, 4].map((f) => count(f, 1))).toEqual([8, 8, 8, 8, 7].map((_, f) => [8, 8, 8, 7, 8][f]));
    expect(stratifiedFolds(labels, 5, 7)).toEqual(folds);
    expect(stratifiedFolds(labels, 5, 8)).not.toEqual(folds);
  });

  it('refuses k < 2 and classes too small for any fold', () => {
    expect(() => stratifiedFolds([0, 1, 0, 1], 1, 1)).toThrow(/≥ 2/);
    expect(() => stratifiedFolds([0, 1, 0, 1], 5, 1)).toThrow(/no class/);
  });
});
