import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLibsvmEngine } from '@/lib/ml/svm/libsvm-engine';
import { loadLibsvm } from '@/lib/ml/svm/load-libsvm';
import type { SvmEngine } from '@/lib/ml/svm/types';
import { fitStandardizer } from '@/lib/stats/standardize';
import type { ReferenceInputs } from '@/scripts/reference/make-inputs';

export function readReference<T = unknown>(name: string): T {
  const path = fileURLToPath(new URL(`../../../fixtures/reference/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** libsvm with the binary read here (tests may use fs; lib/ may not). */
export async function libsvmEngine(): Promise<SvmEngine> {
  const wasm = readFileSync(fileURLToPath(new URL('../../../../node_modules/libsvm-js/out/wasm/libsvm.wasm', import.meta.url)));
  return createLibsvmEngine(await loadLibsvm({ wasmBinary: wasm }));
}

/** The reference dataset: the standardized training part with its folds, and all rows. */
export function referenceData() {
  const inputs = readReference<ReferenceInputs>('inputs.json');
  const rawTrain = inputs.split.train.map((i) => inputs.X[i]!);
  const train = fitStandardizer(rawTrain).transform(rawTrain);
  const all = fitStandardizer(inputs.X).transform(inputs.X);
  return {
    inputs,
    Xtrain: train,
    ytrain: inputs.split.train.map((i) => inputs.y[i]!),
    folds: inputs.folds,
    Xall: all,
    yall: inputs.y,
  };
}

export interface GridFixture {
  grid: { C: number[]; gamma: number[] };
  isFullGrid: boolean;
  seconds: number;
  gridSearchCvAgrees: boolean;
  best: { C: number; gamma: number; cv_accuracy: number };
  testGridBest: { C: number; gamma: number; cv_accuracy: number };
  cells: { C: number; gamma: number; foldAccuracy: number[]; mean: number }[];
}

export interface ImportanceFixture {
  C: number;
  gamma: number;
  baseline: number;
  skipped: number[];
  features: { feature: number; mean: number; sd: number; importances: number[] }[];
  model: { rho: number; coef: number[]; support: number[]; nSupport: number[]; decisionFirst50: number[] };
}
