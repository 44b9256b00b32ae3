/**
 * Classification metrics for binary labels (1 = recovered, the positive class) with
 * scikit-learn's conventions (`zero_division=0`), and regression errors.
 *
 * @example
 *   classificationMetrics([1, 0, 1, 1], [1, 0, 0, 1]);
 *   // { accuracy: 0.75, recall: 0.667, precision: 1, f1: 0.8, confusion: { tn: 1, fp: 0, fn: 1, tp: 2 } }
 */
export type Labels = readonly number[] | Int32Array | Float64Array;

export interface Confusion {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
}

/** Counts with 1 as the positive class; any other value counts as negative. */
export function confusionMatrix(yTrue: Labels, yPred: Labels): Confusion {
  if (yTrue.length !== yPred.length) throw new Error(`confusionMatrix: ${yTrue.length} labels vs ${yPred.length} predictions`);
  const c: Confusion = { tn: 0, fp: 0, fn: 0, tp: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === 1, p = yPred[i] === 1;
    if (t && p) c.tp++;
    else if (t) c.fn++;
    else if (p) c.fp++;
    else c.tn++;
  }
  return c;
}

/** sklearn's `confusion_matrix(y, p, labels=[0, 1])` layout: rows = truth, columns = prediction. */
export function confusionTable(c: Confusion): [[number, number], [number, number]] {
  return [
    [c.tn, c.fp],
    [c.fn, c.tp],
  ];
}

const safeDivide = (num: number, den: number) => (den === 0 ? 0 : num / den);

export function accuracyOf(c: Confusion): number {
  return safeDivide(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn);
}
export function recallOf(c: Confusion): number {
  return safeDivide(c.tp, c.tp + c.fn);
}
export function precisionOf(c: Confusion): number {
  return safeDivide(c.tp, c.tp + c.fp);
}
/** Recall of the negative class: tn / (tn + fp); 0 without negatives (sklearn's zero_division=0). */
export function specificityOf(c: Confusion): number {
  return safeDivide(c.tn, c.tn + c.fp);
}
/** Precision of the negative class (negative predictive value): tn / (tn + fn); 0 when nothing is predicted negative. */
export function npvOf(c: Confusion): number {
  return safeDivide(c.tn, c.tn + c.fn);
}
/**
 * Mean of the per-class recalls over the classes present in the truth, as sklearn's
 * `balanced_accuracy_score` (a class absent from the truth is left out of the mean).
 */
export function balancedAccuracyOf(c: Confusion): number {
  const recalls: number[] = [];
  if (c.tp + c.fn > 0) recalls.push(c.tp / (c.tp + c.fn));
  if (c.tn + c.fp > 0) recalls.push(c.tn / (c.tn + c.fp));
  return recalls.length ? recalls.reduce((s, r) => s + r, 0) / recalls.length : 0;
}
/** No-information rate: the accuracy of always answering the truth's majority class. */
export function noInformationRateOf(c: Confusion): number {
  return safeDivide(Math.max(c.tp + c.fn, c.tn + c.fp), c.tp + c.tn + c.fp + c.fn);
}
/** F1 from precision and recall, as sklearn computes it (0 when both are 0). */
export function f1Of(c: Confusion): number {
  const p = precisionOf(c), r = recallOf(c);
  return safeDivide(2 * p * r, p + r);
}

export function accuracy(yTrue: Labels, yPred: Labels): number {
  let hit = 0;
  if (yTrue.length !== yPred.length) throw new Error(`accuracy: ${yTrue.length} labels vs ${yPred.length} predictions`);
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return safeDivide(hit, yTrue.length);
}

export interface ClassificationMetrics {
  accuracy: number;
  recall: number;
  precision: number;
  f1: number;
  specificity: number;
  npv: number;
  balanced_accuracy: number;
  no_information_rate: number;
  confusion: Confusion;
}

export function classificationMetrics(yTrue: Labels, yPred: Labels): ClassificationMetrics {
  const confusion = confusionMatrix(yTrue, yPred);
  return {
    accuracy: accuracyOf(confusion),
    recall: recallOf(confusion),
    precision: precisionOf(confusion),
    f1: f1Of(confusion),
    specificity: specificityOf(confusion),
    npv: npvOf(confusion),
    balanced_accuracy: balancedAccuracyOf(confusion),
    no_information_rate: noInformationRateOf(confusion),
    confusion,
  };
}

export interface RegressionMetrics {
  mse: number;
  rmse: number;
  mae: number;
}

export function regressionMetrics(yTrue: Labels, yPred: Labels): RegressionMetrics {
  const n = yTrue.length;
  if (n !== yPred.length) throw new Error(`regressionMetrics: ${n} targets vs ${yPred.length} predictions`);
  let se = 0, ae = 0;
  for (let i = 0; i < n; i++) {
    const e = yTrue[i]! - yPred[i]!;
    se += e * e;
    ae += Math.abs(e);
  }
  const mse = n === 0 ? NaN : se / n;
  return { mse, rmse: Math.sqrt(mse), mae: n === 0 ? NaN : ae / n };
}

export const mse = (yTrue: Labels, yPred: Labels) => regressionMetrics(yTrue, yPred).mse;
export const rmse = (yTrue: Labels, yPred: Labels) => regressionMetrics(yTrue, yPred).rmse;
export const mae = (yTrue: Labels, yPred: Labels) => regressionMetrics(yTrue, yPred).mae;
