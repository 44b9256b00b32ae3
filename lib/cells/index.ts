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

// The teaching notebook's cells (hb-scale ... model-card) follow the paper's.
export const cellDefinitions = [datasetSummary, loadCohort, cohortInclusion, cohortDescription, windowing, derivedFeature, svmSplit, svmGrid, permutationImportanceCell, classificationEval, sampleSize, svmDiscrimination, svmCalibration, svmDecisionCurve, baselineModels, svmOptimism, temporalValidation, lstmSplit, lstmRegression, lstmReport, lstmCalibration, pairedDifference, hbScale, naturalHistoryCell, clinicalContext, whatIfPatient, guessFirst, modelCard, leakageAudit, prognosisModel, loadModel, externalValidationCell, codeCell] as const satisfies readonly AnyCellDefinition[];

export type CellKind = (typeof cellDefinitions)[number]['kind'];

export const registry = createRegistry(cellDefinitions);
