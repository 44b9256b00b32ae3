export { SIMULATOR_VERSION } from './version';
export { BUNDLED_COHORT } from './bundled-cohort';
export { simulatorParamsSchema, defaultSimulatorParams, type SimulatorParams, type SimulatorParamsInput } from './simulator-params';
export { simulateCohort, patientIdFor, type SimulatedCohort, type TruthRow } from './simulate-cohort';
export { drawLatentCourse, latentGrade, worsensAfterFirstVisit, type LatentCourse, type CourseCovariates } from './latent-course';
export { recordGrade, romanGrade, type RecordedGrade } from './record-grade';
export { toCsv, truthToCsv, SIMULATED_COLUMNS, TRUTH_COLUMNS } from './to-csv';
export {
  calibrationReport,
  calibrationRows,
  calibrationStability,
  calibrationReportToMarkdown,
  type CalibrationReport,
  type CalibrationRow,
  type CalibrationCheck,
  type CalibrationVerdict,
  type StabilityRow,
} from './calibration-report';
