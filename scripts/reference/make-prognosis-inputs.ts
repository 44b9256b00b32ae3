/**
 * Inputs for the R reference of the prognosis model (scripts/reference/prognosis_reference.R):
 * a simulated fixture cohort turned into landmark rows, each with its feature vector, its
 * recovery day, and the day its status is known until (after the half-gap censoring shift).
 *
 *   npx tsx scripts/reference/make-prognosis-inputs.ts
 *   Rscript scripts/reference/prognosis_reference.R
 *
 * Writes tests/fixtures/reference/prognosis_inputs.json.
 */
import { writeFileSync } from 'node:fs';
import { simulateCohort } from '../../lib/sim';
import { censoringShift, FEATURES, featureVector, HORIZON_GRID, knownUntil, landmarkRows, uniqueSequences } from '../../lib/prognosis';

const SEED = 5150;
const PATIENTS = 300;
const { rows } = landmarkRows(simulateCohort({}, SEED, PATIENTS).patients);
const shift = censoringShift(uniqueSequences(rows));
const out = {
  seed: SEED,
  patients: PATIENTS,
  horizons: HORIZON_GRID,
  features: FEATURES.map((f) => ({ name: f.name, sign: f.sign })),
  shift,
  rows: rows.map((r) => ({
    patient_id: r.patientId,
    landmark_day: r.landmarkDay,
    x: featureVector(r.history),
    event_day: r.eventDay,
    known_until: knownUntil(r, shift),
  })),
};
writeFileSync(new URL('../../tests/fixtures/reference/prognosis_inputs.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(`wrote ${rows.length} landmark rows of ${new Set(rows.map((r) => r.patientId)).size} patients`);
