import { describe, expect, it } from 'vitest';
import { fitStandardizer, standardize } from '@/lib/stats/standardize';
import type { ReferenceInputs } from '@/scripts/reference/make-inputs';
import { expectClose, readReference } from './reference';

const inputs = readReference<ReferenceInputs>('inputs.json');
const ref = readReference<{ standardScaler: { mean: number[]; scale: number[]; testFirst10: number[][] } }>('stats.json');

describe('standardize', () => {
  const train = inputs.split.train.map((i) => inputs.X[i]!);
  const test = inputs.split.test.map((i) => inputs.X[i]!);

  it("matches sklearn StandardScaler (ddof 0) fitted on the training rows, to 1e-12", () => {
    const s = fitStandardizer(train);
    ref.standardScaler.mean.forEach((m, j) => expectClose(s.mean[j]!, m, 1e-12, `mean ${j}`));
    ref.standardScaler.scale.forEach((v, j) => expectClose(s.scale[j]!, v, 1e-12, `scale ${j}`));
    const t = s.transform(test.slice(0, 10));
    ref.standardScaler.testFirst10.forEach((row, i) => row.forEach((v, j) => expectClose(t[i]![j]!, v, 1e-12, `test[${i}][${j}]`)));
  });

  it('maps a zero-variance feature (SAG1 = 1) to 0 on every row instead of NaN', () => {
    const s = fitStandardizer(train);
    expect(s.isConstant[3]).toBe(true);
    expect(s.isConstant.filter(Boolean).length).toBe(1);
    expect(s.transform([[...test[0]!.slice(0, 3), 7, ...test[0]!.slice(4)]])[0]![3]).toBe(0);
  });

  it('uses the training statistics for the test rows, never their own', () => {
    const { train: a, test: b } = standardize([[0], [2]], [[4]]);
    expect(Array.from(a.flatMap((r) => Array.from(r)))).toEqual([-1, 1]);
    expect(b[0]![0]).toBe(3);
  });
});
