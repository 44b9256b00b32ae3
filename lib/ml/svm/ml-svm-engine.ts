import MlSvmModule from 'ml-svm';
import { createRng } from '../../stats/random';
import { rbfDecision, rbfPredict, signedDecision } from './rbf-model';
import type { FeatureRows, RbfModel, SvmEngine, SvmModel } from './types';

/**
 * The alternative engine: ml-svm (pure JS, simplified SMO of the Stanford CS229 notes). Kept
 * for comparison and as a fallback without WebAssembly. It is not libsvm: the simplified SMO
 * picks the second multiplier at random (seeded here) and stops after `maxPasses` quiet sweeps,
 * so its solutions differ from libsvm's, mostly at small C (see the agreement test).
 * Its min–max "whitening" is switched off: the pipeline standardizes features itself.
 *
 * @example
 *   const engine = createMlSvmEngine({ seed: 1 });
 *   const model = engine.fit(X, y, { C: 1, gamma: 0.1 });
 *   engine.predict(model, X);
 */
interface MlSvmInstance {
  train(features: number[][], labels: number[]): void;
  alphas: number[];
  b: number;
  X: number[][];
  Y: number[];
}
type MlSvmClass = new (options: Record<string, unknown>) => MlSvmInstance;
const MlSvm = MlSvmModule as MlSvmClass;

export interface MlSvmEngineOptions {
  /** Seed of the SMO's random choice of the second multiplier (a fresh stream per fit). */
  seed?: number;
  /** KKT tolerance (ml-svm's default 1e-4; libsvm/sklearn use 1e-3 on a different criterion). */
  tol?: number;
  maxPasses?: number;
  maxIterations?: number;
}

export function createMlSvmEngine(options: MlSvmEngineOptions = {}): SvmEngine {
  const { seed = 0, tol = 1e-4, maxPasses = 10, maxIterations = 10_000 } = options;
  return {
    name: 'ml-svm',
    fit(X: FeatureRows, y: readonly number[], params): SvmModel {
      const labels = [...new Set(y)].sort((a, b) => a - b);
      if (labels.length !== 2) throw new Error(`svm fit: need exactly 2 classes, got ${labels.length}`);
      const [neg, pos] = labels as [number, number];
      const rng = createRng(seed).fork(`ml-svm:${params.C}:${params.gamma}`);
      const svm = new MlSvm({
        C: params.C,
        tol,
        maxPasses,
        maxIterations,
        kernel: 'rbf',
        // ml-kernel's gaussian is exp(−‖x − y‖² / (2σ²)); σ = 1/√(2γ) gives exp(−γ‖x − y‖²).
        kernelOptions: { sigma: 1 / Math.sqrt(2 * params.gamma) },
        whitening: false,
        random: () => rng.uniform(),
      });
      const rows = X.map((x) => Array.from(x));
      svm.train(rows, y.map((v) => (v === pos ? 1 : -1)));
      // After training ml-svm keeps only support vectors in X, Y and alphas.
      const supportRows = rows.map((r, i) => ({ r, i }));
      const kept = new Set(svm.X);
      const supportIndices = supportRows.filter(({ r }) => kept.has(r)).map(({ i }) => i);
      const rbf: RbfModel = {
        gamma: params.gamma,
        C: params.C,
        supportVectors: svm.X.map((r) => Float64Array.from(r)),
        coef: Float64Array.from(svm.alphas, (a, s) => a * svm.Y[s]!),
        // ml-svm's margin is Σ α y K + b: in libsvm's form rho = −b, positive side = `pos`.
        rho: -svm.b,
        labels: [pos, neg],
        supportIndices,
      };
      return { engine: 'ml-svm', params: { ...params }, nFeatures: X[0]!.length, rbf: () => rbf, free: () => {} };
    },
    predict(model, X) {
      return rbfPredict(model.rbf(), X);
    },
    decisionFunction(model, X) {
      return Array.from(rbfDecision(model.rbf(), X));
    },
    decisionValues(model, X) {
      return signedDecision(model.rbf(), X);
    },
  };
}
