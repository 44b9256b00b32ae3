/**
 * Predictions of a window-level model file on the windows of a visits file (`npm run predict`,
 * the round-trip tests): the probability of recovery (svm: Platt; logistic) per classification
 * window, or the predicted grade (lstm) per regression sample (window × later visit). The same
 * lib functions the training cells predict with, so a file saved from a run and reloaded gives
 * that run's predictions to the last bit.
 */
import { predictLogisticRegression } from '../stats/logistic-regression';
import { applyStandardizer } from '../stats/standardize';
import { svmProbability } from '../ml/svm/trained-svm';
import { modelWindows, trainedLstmOf, trainedSvmOf, type WindowModelFile } from './model-file';

export interface WindowPrediction {
  patient_id: string;
  window: number;
  present_day: number;
  /** Day since onset of the visit predicted (lstm) or of the outcome visit (svm, logistic). */
  day: number;
  /** Probability of recovery (svm, logistic) or predicted grade (lstm). */
  prediction: number;
  /** The observed outcome in the file: label 1 = recovered (svm, logistic) or the grade (lstm). */
  actual: number;
}

type Windows = ReturnType<typeof modelWindows>;

/** Probabilities of recovery (svm, logistic) for raw feature rows in the file's feature order. */
export function classifierProbabilities(f: Extract<WindowModelFile, { kind: 'svm' | 'logistic' }>, raw: readonly (readonly number[])[]): number[] {
  if (f.kind === 'svm') return Array.from(svmProbability(trainedSvmOf(f), raw));
  return predictLogisticRegression({ coefficients: [f.intercept, ...f.coefficients.map((c) => c ?? NaN)] }, applyStandardizer(f.scaler, raw));
}

export async function predictWindows(f: WindowModelFile, windows: Windows): Promise<WindowPrediction[]> {
  const inSubset = <T extends { persistent: number }>(rows: T[]) => (f.subset === 'persistent' ? rows.filter((s) => s.persistent === 1) : rows);
  if (f.kind === 'lstm') {
    const { predictWithTrainedLstm } = await import('../ml/lstm/trained-lstm');
    const rows = inSubset(windows.regression);
    const yHat = rows.length ? predictWithTrainedLstm(trainedLstmOf(f), rows) : new Float32Array();
    return rows.map((s, i) => ({ patient_id: s.patient_id, window: s.window, present_day: s.present_day, day: s.present_day + s.SAD4, prediction: yHat[i]!, actual: s.SAG4 }));
  }
  const rows = inSubset(windows.classification);
  const names = f.features.map((x) => x.name) as (keyof (typeof rows)[number])[];
  const p = rows.length ? classifierProbabilities(f, rows.map((s) => names.map((n) => s[n] as number))) : [];
  return rows.map((s, i) => ({ patient_id: s.patient_id, window: s.window, present_day: s.present_day, day: s.present_day + s.SAD4, prediction: p[i]!, actual: s.label }));
}
