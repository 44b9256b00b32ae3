/**
 * How the bundled `data/` cohort is made: `simulateCohort({}, seed, nPatients)` with the
 * default parameters. The bundled-cohort test regenerates it and compares byte for byte.
 *
 * @example
 *   simulateCohort({}, BUNDLED_COHORT.seed, BUNDLED_COHORT.nPatients);
 */
export const BUNDLED_COHORT = {
  seed: 20260101,
  nPatients: 400,
  csvPath: 'data/synthetic-cohort.csv',
  truthPath: 'data/synthetic-cohort.truth.csv',
  reportPath: 'data/calibration-report.md',
  /** Patients in the calibration report (large enough for tight sampling bands). */
  reportPatients: 5000,
  /** Further seeds in the report's stability section. */
  reportReplicates: 10,
} as const;
