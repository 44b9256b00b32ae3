/**
 * The registry of cell kinds: every kind the notebooks may use, in one list.
 * `CellKind` is derived from it, so a notebook naming an unknown kind fails type checks in
 * code and a clear runtime error for JSON documents.
 */
import type { AnyCellDefinition } from '../notebook/define-cell';
import { createRegistry } from '../notebook/registry';
import { cohortDescription } from './cohort-description';
import { cohortInclusion } from './cohort-inclusion';
import { datasetSummary } from './dataset-summary';
import { loadCohort } from './load-cohort';
import { svmSplit } from './svm-split';
import { svmGrid } from './svm-grid';
import { permutationImportanceCell } from './permutation-importance';
import { classificationEval } from './classification-eval';
import { lstmRegression } from './lstm-regression';
import { lstmSplit } from './lstm-split';
import { lstmReport } from './lstm-report';
import { leakageAudit } from './leakage-audit';
import { windowing } from './windowing';
import { derivedFeature } from './derived-feature';
import { pairedDifference } from './paired-difference';
import { sampleSize } from './sample-size';
import { svmDiscrimination } from './svm-discrimination';
import { svmCalibration } from './svm-calibration';
import { svmDecisionCurve } from './svm-decision-curve';
import { baselineModels } from './baseline-models';
import { svmOptimism } from './svm-optimism';
import { lstmCalibration } from './lstm-calibration';
import { clinicalContext, hbScale, naturalHistoryCell } from './teaching-content';
import { prognosisModel } from './prognosis-model';
import { loadModel } from './load-model';
import { externalValidationCell } from './external-validation';
import { temporalValidation } from './temporal-validation';
import { whatIfPatient } from './what-if-patient';
import { guessFirst } from './guess-first';
import { modelCard } from './model-card';
import { codeCell } from './code-cell';

/**
 * Every kind by its name: a new kind is its cell file plus one line here. The key is the name
 * notebooks use (checked against the definition's own `kind` below), so `CellKind` is the union
 * of the names, and every table keyed by kind (the view map, the source files, the report's
 * claims) is checked by the compiler. The teaching notebook's cells (hb-scale ... model-card)
 * follow the paper's.
 */
export const cellKinds = {
  'dataset-summary': datasetSummary,
  'load-cohort': loadCohort,
  'cohort-inclusion': cohortInclusion,
  'cohort-description': cohortDescription,
  windowing,
  'derived-feature': derivedFeature,
  'svm-split': svmSplit,
  'svm-grid': svmGrid,
  'permutation-importance': permutationImportanceCell,
  'classification-eval': classificationEval,
  'sample-size': sampleSize,
  'svm-discrimination': svmDiscrimination,
  'svm-calibration': svmCalibration,
  'svm-decision-curve': svmDecisionCurve,
  'baseline-models': baselineModels,
  'svm-optimism': svmOptimism,
  'temporal-validation': temporalValidation,
  'lstm-split': lstmSplit,
  'lstm-regression': lstmRegression,
  'lstm-report': lstmReport,
  'lstm-calibration': lstmCalibration,
  'paired-difference': pairedDifference,
  'hb-scale': hbScale,
  'natural-history': naturalHistoryCell,
  'clinical-context': clinicalContext,
  'what-if-patient': whatIfPatient,
  'guess-first': guessFirst,
  'model-card': modelCard,
  'leakage-audit': leakageAudit,
  'prognosis-model': prognosisModel,
  'load-model': loadModel,
  'external-validation': externalValidationCell,
  code: codeCell,
} as const satisfies Readonly<Record<string, AnyCellDefinition>>;

export type CellKind = keyof typeof cellKinds;

for (const [name, def] of Object.entries(cellKinds)) {
  if (def.kind !== name) throw new Error(`lib/cells/index.ts: kind "${name}" is registered with the definition of "${def.kind}"`);
}

export const cellDefinitions: readonly AnyCellDefinition[] = Object.values(cellKinds);

/** Whether a string (a kind read from a notebook or a manifest) names a registered kind. */
export function isCellKind(kind: string): kind is CellKind {
  return Object.hasOwn(cellKinds, kind);
}

export const registry = createRegistry(cellDefinitions);
