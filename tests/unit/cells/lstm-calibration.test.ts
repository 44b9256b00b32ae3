import { describe, expect, it } from 'vitest';
import { gradeCalibration, lstmCalibration } from '@/lib/cells/lstm-calibration';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';

describe('LSTM grade calibration', () => {
  it('gives the mean error by actual grade and the share within half a grade (hand-worked)', () => {
    const rows = [
      { actual: 1, predicted: 1.4 }, // +0.4, close
      { actual: 1, predicted: 1.8 }, // +0.8
      { actual: 3, predicted: 2.5 }, // −0.5, close (≤ 0.5 counts)
      { actual: 5, predicted: 3.9 }, // −1.1
    ];
    const c = gradeCalibration(rows, 0.5);
    expect(c.n).toBe(4);
    expect(c.bias).toBeCloseTo((0.4 + 0.8 - 0.5 - 1.1) / 4, 12);
    expect(c.withinTolerance).toBe(0.5);
    expect(c.byGrade.map((g) => g.grade)).toEqual([1, 3, 5]);
    expect(c.byGrade[0]!.bias).toBeCloseTo(0.6, 12);
    expect(c.byGrade[0]!.withinTolerance).toBe(0.5);
    expect(c.byGrade[2]!.bias).toBeCloseTo(-1.1, 12);
  });

  it('reports each connected model in the manifest under lstm.<subset>.<model>.test', async () => {
    const out = { subset: 'all', model: 'M1', testPredictions: [{ actual: 2, predicted: 2.2 }, { actual: 4, predicted: 3 }] } as unknown as LstmRegressionOutput;
    const gen = lstmCalibration.run({ all_M1: out }, { tolerance: 0.5 }, {} as never);
    let r = await gen.next();
    while (!r.done) r = await gen.next();
    const headline = lstmCalibration.headline!(r.value, { tolerance: 0.5 }) as { lstm: { all: { M1: { test: { bias: number; within_half_grade: number } } } } };
    expect(headline.lstm.all.M1.test.within_half_grade).toBe(0.5);
    expect(headline.lstm.all.M1.test.bias).toBeCloseTo(-0.4, 12);
  });
});
