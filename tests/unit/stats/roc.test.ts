import { describe, expect, it } from 'vitest';
import { aucOf, midranks, precisionRecallCurve, rocCurve } from '@/lib/stats/roc';
import { expectClose } from './reference';
import { cases, rRef, sklearnRef } from './validation-fixtures';

const data = cases();
const sk = sklearnRef();
const r = rRef();
const names = Object.keys(data.scores) as (keyof typeof data.scores)[];

describe('AUC and curves against scikit-learn and pROC', () => {
  it.each(names)('AUC of case %s equals roc_auc_score and pROC auc to 1e-12', (name) => {
    const { y, score } = data.scores[name];
    const auc = aucOf(y, score);
    expectClose(auc, sk.curves[name].auc, 1e-12, 'sklearn');
    expectClose(auc, r.discrimination[name].auc, 1e-12, 'pROC');
  });

  it.each(names)('ROC points of case %s equal roc_curve(drop_intermediate=False)', (name) => {
    const { y, score } = data.scores[name];
    const ref = sk.curves[name].roc;
    const { points } = rocCurve(y, score);
    expect(points).toHaveLength(ref.fpr.length);
    expect(points[0]).toEqual({ threshold: Infinity, fpr: 0, tpr: 0 });
    points.forEach((p, k) => {
      expectClose(p.fpr, ref.fpr[k]!, 1e-15, `fpr ${k}`);
      expectClose(p.tpr, ref.tpr[k]!, 1e-15, `tpr ${k}`);
      if (k > 0) expect(p.threshold === ref.thresholds[k - 1]).toBe(true); // === : the fixture has -0 where we have 0
    });
  });

  it.each(names)('precision–recall points and average precision of case %s equal sklearn', (name) => {
    const { y, score } = data.scores[name];
    const ref = sk.curves[name].pr;
    const pr = precisionRecallCurve(y, score);
    expect(pr.points).toHaveLength(ref.precision.length);
    pr.points.forEach((p, k) => {
      expectClose(p.precision, ref.precision[k]!, 1e-15, `precision ${k}`);
      expectClose(p.recall, ref.recall[k]!, 1e-15, `recall ${k}`);
      if (k < ref.thresholds.length) expect(p.threshold === ref.thresholds[k]).toBe(true);
    });
    expectClose(pr.averagePrecision, sk.curves[name].averagePrecision, 1e-12, 'average precision');
  });

  it('counts ties as ½ (hand-worked) and ranks by midranks', () => {
    // positives 0.35, 0.8, 0.2; negatives 0.1, 0.4, 0.8: pairs won 1 + (1 + 1 + ½) + 1 = 4.5 of 9
    expect(aucOf([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.8, 0.2])).toBe(0.5);
    expect(Array.from(midranks([3, 1, 3, 2]))).toEqual([3.5, 1, 3.5, 2]);
  });

  it('returns NaN for one class and rejects bad input with the row named', () => {
    expect(aucOf([1, 1], [0.2, 0.3])).toBeNaN();
    expect(() => aucOf([0, 2], [0.1, 0.2])).toThrow(/row 1 is 2/);
    expect(() => aucOf([0, 1], [0.1, NaN])).toThrow(/score at row 1/);
    expect(() => rocCurve([1, 1], [0.1, 0.2])).toThrow(/both classes/);
  });
});
