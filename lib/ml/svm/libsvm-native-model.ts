import type { EmscriptenLibsvm } from './libsvm-types';

/**
 * Read rho and the dual coefficients of a trained binary model straight from libsvm's
 * `struct svm_model` in WebAssembly memory. libsvm-js exposes no decision values and its
 * text serialization prints rho with 6 significant digits ("%g"), too coarse to reproduce
 * libsvm's predictions; the struct holds the exact doubles.
 *
 * Layout (libsvm 3.2x, 32-bit pointers, 8-byte aligned doubles): `svm_parameter` is 96 bytes
 * (svm_type@0, kernel_type@4, gamma@16, C@48), then nr_class@96, l@100, SV@104, sv_coef@108,
 * rho@112. Every read is checked against values we know (type, kernel, gamma, C, #classes,
 * #SV) and rho against the serialized text, so a different layout fails loudly, not silently.
 *
 * @example
 *   const { rho, coef } = readNativeModel(libsvm.module, svm.model, { gamma, C, nSV, kernel: 2 });
 */
export interface NativeModelCheck {
  gamma: number | null;
  C: number;
  nSV: number;
  /** libsvm kernel_type: 2 = RBF, 4 = precomputed. */
  kernel: number;
}

export interface NativeModel {
  rho: number;
  coef: Float64Array;
}

const OFFSET = { svmType: 0, kernelType: 4, gamma: 16, C: 48, nrClass: 96, l: 100, SV: 104, svCoef: 108, rho: 112 } as const;

export function readNativeModel(module: EmscriptenLibsvm, modelPtr: number, check: NativeModelCheck): NativeModel {
  const i32 = module.HEAP32;
  const f64 = module.HEAPF64;
  const int = (offset: number) => i32[(modelPtr + offset) >> 2]!;
  const dbl = (offset: number) => f64[(modelPtr + offset) >> 3]!;
  if (modelPtr % 8 !== 0) throw new Error('libsvm model: unexpected pointer alignment');
  const problems: string[] = [];
  if (int(OFFSET.svmType) !== 0) problems.push(`svm_type ${int(OFFSET.svmType)} ≠ 0 (C-SVC)`);
  if (int(OFFSET.kernelType) !== check.kernel) problems.push(`kernel_type ${int(OFFSET.kernelType)} ≠ ${check.kernel}`);
  if (check.gamma !== null && dbl(OFFSET.gamma) !== check.gamma) problems.push(`gamma ${dbl(OFFSET.gamma)} ≠ ${check.gamma}`);
  if (dbl(OFFSET.C) !== check.C) problems.push(`C ${dbl(OFFSET.C)} ≠ ${check.C}`);
  if (int(OFFSET.nrClass) !== 2) problems.push(`nr_class ${int(OFFSET.nrClass)} ≠ 2`);
  if (int(OFFSET.l) !== check.nSV) problems.push(`l ${int(OFFSET.l)} ≠ ${check.nSV}`);
  if (problems.length) throw new Error(`libsvm model layout not as expected: ${problems.join('; ')}`);
  const rhoPtr = int(OFFSET.rho);
  const coefRows = int(OFFSET.svCoef);
  const coefPtr = i32[coefRows >> 2]!;
  return {
    rho: f64[rhoPtr >> 3]!,
    coef: f64.slice(coefPtr >> 3, (coefPtr >> 3) + check.nSV),
  };
}

/**
 * Addresses of the model's support vectors (`model->SV[j]`, each a node array in the training
 * problem's memory), in libsvm's order: with a precomputed kernel they point into its rows.
 */
export function supportVectorPointers(module: EmscriptenLibsvm, modelPtr: number, nSV: number): Int32Array {
  const i32 = module.HEAP32;
  const base = i32[(modelPtr + OFFSET.SV) >> 2]! >> 2;
  return i32.slice(base, base + nSV);
}

/** rho as printed in libsvm's text model ("%g"), for the cross-check. */
export function serializedRho(text: string): number {
  const m = /^rho (\S+)/m.exec(text);
  if (!m) throw new Error('libsvm model text has no rho line');
  return Number(m[1]);
}
