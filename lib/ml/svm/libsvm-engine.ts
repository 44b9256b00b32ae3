import { readNativeModel, serializedRho, supportVectorPointers } from './libsvm-native-model';
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
const KERNEL_PRECOMPUTED = 4;

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

  /**
   * The precomputed kernel lives in libsvm's own memory, built once per γ: row i is libsvm's
   * node array [0: i + 1, 1: K(i, 0), …, n: K(i, n − 1), terminator]. A fold's problem is only an
   * array of pointers to its rows (libsvm looks a kernel value up by the other row's serial
   * number, so the rows need no copying), and every (C, fold) fit of the γ shares the one block.
   * Copying the rows into libsvm for every fit (libsvm-js's own train) cost more than the kernel
   * saved above ~2,000 rows (BENCHMARKS.md).
   */
  interface KernelHandle {
    n: number;
    /** Byte address of row 0's node array; row i starts at base + i · rowBytes. */
    base: number;
    rowBytes: number;
    freed: boolean;
  }
  interface LibsvmPrecomputedModel extends PrecomputedModel {
    svm: LibsvmInstance;
    kernel: KernelHandle;
    svmC: number;
  }
  const NODE_BYTES = 16; // struct svm_node { int index; double value; } on wasm32
  const trainProblem = module.cwrap('libsvm_train_problem', 'number', ['number', 'string']) as (problem: number, command: string) => number;
  const liveKernel = (kernel: object): KernelHandle => {
    const k = kernel as KernelHandle;
    if (k.freed) throw new Error('libsvm precomputed kernel: used after free()');
    return k;
  };

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
        const rowBytes = (n + 2) * NODE_BYTES;
        const base = module._malloc(n * rowBytes);
        if (!base) throw new Error(`libsvm precomputed kernel: no memory for ${n} × ${n} values (${Math.round((n * rowBytes) / 2 ** 20)} MiB)`);
        // Views are read after the allocation: growing the memory replaces them.
        const i32 = module.HEAP32, f64 = module.HEAPF64;
        for (let i = 0; i < n; i++) {
          const d = sqDistances[i]!;
          const row = base + i * rowBytes;
          i32[row >> 2] = 0;
          f64[(row + 8) >> 3] = i + 1;
          for (let j = 0; j < n; j++) {
            const node = row + (j + 1) * NODE_BYTES;
            i32[node >> 2] = j + 1;
            f64[(node + 8) >> 3] = Math.exp(-gamma * d[j]!);
          }
          i32[(row + (n + 1) * NODE_BYTES) >> 2] = -1;
        }
        return { n, base, rowBytes, freed: false } satisfies KernelHandle;
      },
      fit(kernel, rows, y, C) {
        checkBinary(y, rows.length);
        const K = liveKernel(kernel);
        const order = groupedOrder(y);
        const l = rows.length;
        // struct svm_problem { int l; double *y; struct svm_node **x; } (wasm32: 12 bytes).
        const problem = module._malloc(12), labels = module._malloc(8 * l), pointers = module._malloc(4 * l);
        const svm = newSvm(SVM.KERNEL_TYPES.PRECOMPUTED, { C });
        try {
          const i32 = module.HEAP32, f64 = module.HEAPF64;
          order.forEach((i, k) => {
            f64[(labels >> 3) + k] = y[i]!;
            i32[(pointers >> 2) + k] = K.base + rows[i]! * K.rowBytes;
          });
          i32[problem >> 2] = l;
          i32[(problem >> 2) + 1] = labels;
          i32[(problem >> 2) + 2] = pointers;
          // The model keeps pointers to its support vectors' rows: the kernel must outlive it.
          svm.model = trainProblem(problem, svm.getCommand([[0]]));
        } finally {
          module._free(problem);
          module._free(labels);
          module._free(pointers);
        }
        return { svm, kernel: K, svmC: C, free: () => svm.free() } satisfies LibsvmPrecomputedModel;
      },
      predict(model, kernel, rows) {
        const { svm } = model as LibsvmPrecomputedModel;
        const K = liveKernel(kernel);
        // libsvm's svm_predict for two classes, on the kernel already in memory: the sum over
        // support vectors in libsvm's order, minus rho, positive → the first label.
        const nSV = svm.getSVIndices().length;
        const { rho, coef } = readNativeModel(module, svm.model!, { gamma: null, C: (model as LibsvmPrecomputedModel).svmC, nSV, kernel: KERNEL_PRECOMPUTED });
        const f64 = module.HEAPF64;
        const svRows = supportVectorPointers(module, svm.model!, nSV).map((pointer) => (pointer - K.base) / K.rowBytes);
        const [first, second] = svm.getLabels();
        return rows.map((r) => {
          const row = K.base + r * K.rowBytes;
          let sum = 0;
          for (let j = 0; j < nSV; j++) sum += coef[j]! * f64[(row + (svRows[j]! + 1) * NODE_BYTES + 8) >> 3]!;
          return sum - rho > 0 ? first! : second!;
        });
      },
      free(kernel) {
        const K = kernel as KernelHandle;
        if (!K.freed) module._free(K.base);
        K.freed = true;
      },
    },
  };
}
