/**
 * Inputs for the R reference of the external validation (external_reference.R): a prognosis
 * model fitted on one simulated cohort (seed 31, 1,000 patients) applied to an older one (seed
 * 909, 1,500 patients, age mean 70): each scored patient's predicted chance, outcome and IPCW
 * weight, as externalValidation computes them, and the model's own numbers to compare.
 *
 *   npx tsx scripts/reference/make-external-inputs.ts && Rscript scripts/reference/external_reference.R
 */
import { writeFileSync } from 'node:fs';
import { buildPrognosisModel, externalValidation, landmarkRows } from '../../lib/prognosis';
import { simulateCohort } from '../../lib/sim';
import { createRng } from '../../lib/stats/random';

const model = buildPrognosisModel(landmarkRows(simulateCohort({}, 31, 1000).patients).rows, { horizonDay: 180, bootstrapResamples: 20, rng: createRng(3), dataSha256: '', parameters: {} });
const ev = externalValidation(model, simulateCohort({ age: { mean: 70 } }, 909, 1500).patients, createRng(4), { sha256: '' }, 20);
const lines = ['p,y,w', ...ev.validation.points.map((x) => `${x.p.toPrecision(17)},${x.y},${x.w.toPrecision(17)}`)];
writeFileSync('tests/fixtures/reference/external_inputs.csv', `${lines.join('\n')}\n`);
process.stderr.write(`wrote tests/fixtures/reference/external_inputs.csv (${ev.validation.points.length} patients)\n`);
