export { cutoffWords, inclusionParamsSchema, type InclusionParams, type InclusionParamsInput } from './inclusion-params';
export {
  includeCohort,
  exclusionReasonLabel,
  EXCLUSION_REASONS,
  type ExclusionReason,
  type FlowStep,
  type CohortSet,
  type CohortResult,
  type PatientInclusion,
} from './include-cohort';
export { table1, table1Stats, gradeClass, GRADE_LABELS, type GradeLabel, type MeanSd, type CountPct, type Table1Stats, type Table1Row, type Table1Result } from './table1';
