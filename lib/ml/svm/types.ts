/**
 * The contract every SVM engine meets: an RBF C-SVC for binary labels 0/1, as
 * scikit-learn's `SVC(kernel='rbf', C, gamma)` (libsvm underneath).
 */

/** Rows of features: plain arrays or typed rows (what `standardize` returns). */
export type FeatureRows = readonly (Float64Array | readonly number[])[];

export interface SvmParams {
  C: number;
  gamma: number;
}

/**
 * A fitted RBF model in closed form: decision(x) = Σ_s coef[s] · exp(−γ‖x − sv_s‖²) − rho,
 * predicting `labels[0]` when the decision is > 0 and `labels[1]` otherwise (libsvm's rule).
 * This is all permutation importance needs, and it is plain data (crosses a worker boundary).
 */
export interface RbfModel {
  gamma: number;
  C: number;
  supportVectors: Float64Array[];
  /** Dual coefficient y_s α_s of each support vector, in libsvm's sign convention. */
  coef: Float64Array;
  rho: number;
  /** [label of the positive side of the decision, label of the other side]. */
  labels: [number, number];
  /** Training-row index of each support vector. */
  supportIndices: number[];
}

export interface SvmModel {
  engine: string;
  params: SvmParams;
  nFeatures: number;
  /** Closed form of the model; computed on demand by engines that hold a native model. */
  rbf(): RbfModel;
  /** Release native memory (libsvm's model lives in WebAssembly memory, not the JS heap). */
  free(): void;
}

export interface SvmEngine {
  readonly name: string;
  fit(X: FeatureRows, y: readonly number[], params: SvmParams): SvmModel;
  predict(model: SvmModel, X: FeatureRows): number[];
  decisionFunction?(model: SvmModel, X: FeatureRows): number[];
  /**
   * Decision values in scikit-learn's convention for binary labels: positive = the larger label
   * (1 = recovered), whatever side the solver calls positive. What Platt scaling and the ROC
   * curve take.
   */
  decisionValues(model: SvmModel, X: FeatureRows): Float64Array;
  /** Optional fast path for grid search: fit/predict on a precomputed kernel matrix. */
  precomputed?: PrecomputedSvm;
}

/**
 * Precomputed-kernel fast path: the kernel over all rows depends only on the data and gamma,
 * so grid search builds it once per gamma and every (C, fold) fit takes a subset of its rows.
 */
export interface PrecomputedSvm {
  /** The engine's own layout of the RBF kernel matrix, from squared distances and gamma. */
  kernel(sqDistances: readonly Float64Array[], gamma: number): PrecomputedKernel;
  /** Fit on the rows `rows` of the kernel (labels `y[k]` for row `rows[k]`). */
  fit(kernel: PrecomputedKernel, rows: readonly number[], y: readonly number[], C: number): PrecomputedModel;
  predict(model: PrecomputedModel, kernel: PrecomputedKernel, rows: readonly number[]): number[];
  /** Releases the kernel's memory (after its models are freed). */
  free?(kernel: PrecomputedKernel): void;
}

/** Opaque to callers: whatever the engine needs (libsvm: rows prefixed with a serial number). */
export type PrecomputedKernel = object;

export interface PrecomputedModel {
  free(): void;
}

/** Minimal AbortSignal shape (lib/ has no DOM typings; a real AbortSignal fits). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}
