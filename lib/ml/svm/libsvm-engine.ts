import { readNativeModel, serializedRho } from './libsvm-native-model';
import type { Libsvm, LibsvmInstance } from './libsvm-types';
import { rbfDecision, signedDecision } from './rbf-model';
import type { FeatureRows, PrecomputedModel, RbfModel, SvmEngine, SvmModel, SvmParams } from './types';

/**
 * The default engine: libsvm itself (libsvm-js, WebAssembly), configured as scikit-learn's
 * `SVC(kernel='rbf')` (tol 1e-3, shrinking on, no probability).
 *
 * Rows are handed to libsvm grouped by label in ascending order (a stable sort). libsvm orders
 * classes by first appearance while scikit-learn's copy sorts them; with the same grouping
 * both solvers walk the same path and give the same dual solution to the last digits, not just
 * within the 1e-3 tolerance. Support-vector indices are mapped back to the caller's rows.
 *
 * @example
 *   const engine = createLibsvmEngine(await loadLibsvm());
 *   const model = engine.fit(X, y, { C: 2.7, gamma: 0.09 });
 *   engine.predict(model, Xtest);
 *   model.free();
 */
const KERNEL_RBF = 2;

/** Row order that groups rows by ascending label, keeping the original order within a label. */
function groupedOrder(y: readonly number[]): number[] {
  const order = y.map((_, i) => i);
  order.sort((a, b) => y[a]! - y[b]! || a - b);
  return order;
}

function checkBinary(y: readonly number[], nRows: number): void {
  if (y.length !== nRows) throw new Error(`svm fit: ${nRows} rows but ${y.length} labels`);
  const distinct = new Set(y);
  if (distinct.size !== 2) throw new Error(`svm fit: need exactly 2 classes, got ${distinct.size}`);
}

export function createLibsvmEngine(libsvm: Libsvm, options: { cacheSizeMb?: number } = {}): SvmEngine {
  const { SVM, module } = libsvm;
  const cacheSize = options.cacheSizeMb ?? 200; // sklearn's default; affects speed only
  const newSvm = (kernel: string, params: { C: number; gamma?: number }) =>
    new SVM({
      type: SVM.SVM_TYPES.C_SVC,
      kernel,
      ...(params.gamma !== undefined ? { gamma: params.gamma } : {}),
      cost: params.C,
      tolerance: 1e-3,
      cacheSize,
      shrinking: true,
      quiet: true,
    });

  interface LibsvmModel extends SvmModel {
    svm: LibsvmInstance;
  }

  const fit = (X: FeatureRows, y: readonly number[], params: SvmParams): LibsvmModel => {
    checkBinary(y, X.length);
    if (!(params.C > 0) || !(params.gamma > 0)) throw new Error(`svm fit: C and gamma must be > 0 (got ${params.C}, ${params.gamma})`);
    const order = groupedOrder(y);
    const svm = newSvm(SVM.KERNEL_TYPES.RBF, params);
    svm.train(
      order.map((i) => X[i]!),
      order.map((i) => y[i]!),
    );
    let cached: RbfModel | null = null;
    let freed = false;
    return {
      engine: 'libsvm',
      params: { ...params },
      nFeatures: X[0]!.length,
      svm,
      rbf() {
        if (freed) throw new Error('libsvm model: used after free()');
        if (cached) return cached;
        const supportIndices = svm.getSVIndices().map((i) => order[i]!);
        const native = readNativeModel(module, svm.model!, { gamma: params.gamma, C: params.C, nSV: supportIndices.length, kernel: KERNEL_RBF });
        const printed = serializedRho(svm.serializeModel());
        if (Math.abs(native.rho - printed) > 1e-5 * Math.max(1, Math.abs(native.rho))) {
          throw new Error(`libsvm model: rho read from memory (${native.rho}) disagrees with the text model (${printed})`);
        }
        const labels = svm.getLabels();
        cached = {
          gamma: params.gamma,
          C: params.C,
          supportVectors: supportIndices.map((i) => Float64Array.from(X[i]!)),
          coef: native.coef,
          rho: native.rho,
          labels: [labels[0]!, labels[1]!],
          supportIndices,
        };
        return cached;
      },
      free() {
        if (!freed) svm.free();
        freed = true;
      },
    };
  };

  const asLibsvm = (model: SvmModel): LibsvmModel => {
    if (model.engine !== 'libsvm' || !('svm' in model)) throw new Error(`libsvm engine cannot use a model from '${model.engine}'`);
    return model as LibsvmModel;
  };

  interface KernelHandle {
    /** Row i = [i + 1, K(i, 0), ..., K(i, n − 1)]: libsvm's precomputed format (serial first). */
    rows: Float64Array[];
  }
  interface LibsvmPrecomputedModel extends PrecomputedModel {
    svm: LibsvmInstance;
  }

  return {
    name: 'libsvm',
    fit,
    predict(model, X) {
      const { svm } = asLibsvm(model);
      return X.map((x) => svm.predictOne(x));
    },
    decisionFunction(model, X) {
      return Array.from(rbfDecision(model.rbf(), X));
    },
    decisionValues(model, X) {
      return signedDecision(model.rbf(), X);
    },
    precomputed: {
      kernel(sqDistances, gamma) {
        const n = sqDistances.length;
        const rows = sqDistances.map((d, i) => {
          const row = new Float64Array(n + 1);
          row[0] = i + 1;
          for (let j = 0; j < n; j++) row[j + 1] = Math.exp(-gamma * d[j]!);
          return row;
        });
        return { rows } satisfies KernelHandle;
      },
      fit(kernel, rows, y, C) {
        checkBinary(y, rows.length);
        const { rows: K } = kernel as KernelHandle;
        const order = groupedOrder(y);
        const svm = newSvm(SVM.KERNEL_TYPES.PRECOMPUTED, { C });
        svm.train(
          order.map((i) => K[rows[i]!]!),
          order.map((i) => y[i]!),
        );
        return { svm, free: () => svm.free() } satisfies LibsvmPrecomputedModel;
      },
      predict(model, kernel, rows) {
        const { svm } = model as LibsvmPrecomputedModel;
        const { rows: K } = kernel as KernelHandle;
        return rows.map((r) => svm.predictOne(K[r]!));
      },
    },
  };
}
