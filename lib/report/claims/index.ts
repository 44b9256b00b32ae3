import { baselineModelsClaims } from './baseline-models';
import { classificationEvalClaims } from './classification-eval';
import { codeClaims } from './code';
import { cohortDescriptionClaims } from './cohort-description';
import { cohortInclusionClaims } from './cohort-inclusion';
import { derivedFeatureClaims } from './derived-feature';
import { externalValidationClaims } from './external-validation';
import { temporalValidationClaims } from './temporal-validation';
import { leakageAuditClaims } from './leakage-audit';
import { loadCohortClaims } from './load-cohort';
import { lstmCalibrationClaims } from './lstm-calibration';
import { lstmRegressionClaims } from './lstm-regression';
import { lstmReportClaims } from './lstm-report';
import { pairedDifferenceClaims } from './paired-difference';
import { lstmSplitClaims } from './lstm-split';
import { naturalHistoryClaims } from './natural-history';
import { permutationImportanceClaims } from './permutation-importance';
import { prognosisModelClaims } from './prognosis-model';
import { sampleSizeClaims } from './sample-size';
import { svmCalibrationClaims } from './svm-calibration';
import { svmDecisionCurveClaims } from './svm-decision-curve';
import { svmDiscriminationClaims } from './svm-discrimination';
import { svmGridClaims } from './svm-grid';
import { svmOptimismClaims } from './svm-optimism';
import { svmSplitClaims } from './svm-split';
import { windowingClaims } from './windowing';
import type { CellKind } from '../../cells';
import type { KindClaims } from './types';

/**
 * What each cell kind declares about a run, keyed by kind (lib/cells/<kind>.ts defines the cell,
 * lib/report/claims/<kind>.ts what it supports in the methods and the checklists). Every
 * registered kind is here (the compiler checks it): `null` for a kind that adds no text
 * (teaching content, the what-if, the quiz, the model card, a dataset summary, a code step).
 */
export const CLAIMS: Readonly<Record<CellKind, KindClaims | null>> = {
  'load-cohort': loadCohortClaims,
  'cohort-inclusion': cohortInclusionClaims,
  'cohort-description': cohortDescriptionClaims,
  windowing: windowingClaims,
  'derived-feature': derivedFeatureClaims,
  'svm-split': svmSplitClaims,
  'sample-size': sampleSizeClaims,
  'svm-grid': svmGridClaims,
  'permutation-importance': permutationImportanceClaims,
  'classification-eval': classificationEvalClaims,
  'svm-discrimination': svmDiscriminationClaims,
  'svm-calibration': svmCalibrationClaims,
  'svm-decision-curve': svmDecisionCurveClaims,
  'baseline-models': baselineModelsClaims,
  'svm-optimism': svmOptimismClaims,
  'temporal-validation': temporalValidationClaims,
  'lstm-split': lstmSplitClaims,
  'lstm-regression': lstmRegressionClaims,
  'lstm-report': lstmReportClaims,
  'paired-difference': pairedDifferenceClaims,
  'lstm-calibration': lstmCalibrationClaims,
  'leakage-audit': leakageAuditClaims,
  'natural-history': naturalHistoryClaims,
  'prognosis-model': prognosisModelClaims,
  'external-validation': externalValidationClaims,
  code: codeClaims,
  'dataset-summary': null,
  'hb-scale': null,
  'clinical-context': null,
  'what-if-patient': null,
  'guess-first': null,
  'model-card': null,
  'load-model': null,
};
