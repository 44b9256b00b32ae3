import { describe, expect, it } from 'vitest';
import { delongAuc } from '@/lib/stats/delong';
import { normalQuantile } from '@/lib/stats/normal';
import { expectClose } from './reference';
import { cases, rRef } from './validation-fixtures';

const data = cases();
const r = rRef();

describe('DeLong variance and CI against pROC', () => {
  it.each(Object.keys(data.scores) as (keyof typeof data.scores)[])('case %s: var(method = "delong") and ci.auc(method = "delong") to 1e-9', (name) => {
    const { y, score } = data.scores[name];
    const d = delongAuc(y, score);
    const ref = r.discrimination[name];
    expectClose(d.auc, ref.auc, 1e-12, 'auc');
    expectClose(d.variance, ref.variance, 1e-9, 'variance');
    expectClose(d.ciLow, ref.ciLow, 1e-9, 'ci low');
    expectClose(d.ciHigh, ref.ciHigh, 1e-9, 'ci high');
  });

  it('clips the interval to [0, 1] as pROC does, and refuses fewer than 2 of a class', () => {
    const d = delongAuc(data.scores.tiny.y, data.scores.tiny.score);
    expect(d.ciLow).toBe(0);
    expect(d.ciHigh).toBe(1);
    expect(() => delongAuc([0, 1, 1], [0.1, 0.2, 0.3])).toThrow(/at least 2/);
  });

  it("has R's qnorm at the usual levels", () => {
    expectClose(normalQuantile(0.975), 1.959963984540054, 1e-15, '0.975');
    expectClose(normalQuantile(0.995), 2.5758293035489, 1e-13, '0.995');
    expectClose(normalQuantile(1e-10), -6.361340902404056, 1e-14, 'tail');
    expect(normalQuantile(0.5)).toBe(0);
  });
});
