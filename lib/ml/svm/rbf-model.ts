import type { FeatureRows, RbfModel } from './types';

/**
 * Decision values and predictions of a closed-form RBF model, computed as libsvm's
 * `svm_predict` does (squared differences summed feature by feature, coefficients summed in
 * support-vector order, rho subtracted last), so signs agree with the native engine.
 *
 * @example
 *   rbfDecision(model, X);  // Float64Array of decision values
 *   rbfPredict(model, X);   // labels
 */
export function rbfDecision(model: RbfModel, X: FeatureRows): Float64Array {
  const { supportVectors: svs, coef, gamma, rho } = model;
  const out = new Float64Array(X.length);
  const m = svs.length;
  for (let i = 0; i < X.length; i++) {
    const x = X[i]!;
    const d = x.length;
    let sum = 0;
    for (let s = 0; s < m; s++) {
      const sv = svs[s]!;
      let dist = 0;
      for (let j = 0; j < d; j++) {
        const e = x[j]! - sv[j]!;
        dist += e * e;
      }
      sum += coef[s]! * Math.exp(-gamma * dist);
    }
    out[i] = sum - rho;
  }
  return out;
}

/** Labels from decision values by libsvm's rule (> 0 → labels[0], else labels[1]). */
export function labelsFromDecision(model: RbfModel, decision: Float64Array): number[] {
  const [pos, neg] = model.labels;
  return Array.from(decision, (v) => (v > 0 ? pos : neg));
}

export function rbfPredict(model: RbfModel, X: FeatureRows): number[] {
  return labelsFromDecision(model, rbfDecision(model, X));
}

/**
 * Decision values with a fixed sign convention: positive means the larger label (1 =
 * recovered), as scikit-learn's `SVC.decision_function` for binary labels. libsvm's own sign
 * depends on which class it saw first (labels[0] is its positive side), so it is flipped here
 * when needed. Permutation importance and prediction do not need this; probabilities and ROC
 * curves do.
 */
export function signedDecision(model: RbfModel, X: FeatureRows): Float64Array {
  const raw = rbfDecision(model, X);
  const [first, second] = model.labels;
  if (first < second) for (let i = 0; i < raw.length; i++) raw[i] = -raw[i]!;
  return raw;
}
