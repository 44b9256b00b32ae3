import { applyStandardizer, type StandardizerParams } from '../../stats/standardize';
import { sigmoidProbability } from './platt';
import { labelsFromDecision, rbfDecision, signedDecision } from './rbf-model';
import type { FeatureRows, RbfModel } from './types';

/**
 * A trained SVM as an output: plain data that a downstream cell (a what-if patient, a
 * calibration plot) can predict with in a worker, without retraining. The closed-form RBF model
 * holds the support vectors and dual coefficients; the scaler maps raw feature values (in
 * `features` order) to what the model was trained on.
 */
export interface TrainedSvm {
  engine: string;
  /** Feature names, in the order of each row's values. */
  features: readonly string[];
  scaler: StandardizerParams;
  model: RbfModel;
  /**
   * Platt scaling P(recovered | f) = 1 / (1 + exp(A·f + B)) on the signed decision value f
   * (positive = recovered; `svmSignedDecision`), fitted on the training part only; absent until
   * a probability model is fitted.
   */
  probability?: { A: number; B: number };
}

/** Decision values for rows already standardized with the model's scaler. */
export function svmDecisionStandardized(svm: TrainedSvm, X: FeatureRows): Float64Array {
  return rbfDecision(svm.model, X);
}

/** Decision values for raw feature rows (values in `svm.features` order). */
export function svmDecision(svm: TrainedSvm, rawRows: FeatureRows): Float64Array {
  return rbfDecision(svm.model, applyStandardizer(svm.scaler, rawRows));
}

/** Labels from decision values by libsvm's rule (the side of the first training label). */
export function svmLabels(svm: TrainedSvm, decision: Float64Array): number[] {
  return labelsFromDecision(svm.model, decision);
}

/** Decision values with positive = recovered (scikit-learn's convention), standardized rows. */
export function svmSignedDecisionStandardized(svm: TrainedSvm, X: FeatureRows): Float64Array {
  return signedDecision(svm.model, X);
}

/** Probability of recovery for raw feature rows; throws when the model carries no Platt sigmoid. */
export function svmProbability(svm: TrainedSvm, rawRows: FeatureRows): Float64Array {
  if (!svm.probability) throw new Error('this SVM has no probability model (Platt scaling was not fitted)');
  return sigmoidProbability(svm.probability, signedDecision(svm.model, applyStandardizer(svm.scaler, rawRows)));
}
