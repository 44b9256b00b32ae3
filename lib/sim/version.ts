/**
 * Version of the generator. Bump it whenever the same seed and parameters would give a
 * different cohort (a new draw, a changed default, a changed output format); the bundled
 * data/README.md names the version its files were made with.
 */
export const SIMULATOR_VERSION = '1.0.0';
