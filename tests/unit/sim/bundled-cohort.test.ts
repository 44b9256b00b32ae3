import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED_COHORT } from '@/lib/sim/bundled-cohort';
import { simulateCohort } from '@/lib/sim/simulate-cohort';
import { toCsv, truthToCsv } from '@/lib/sim/to-csv';
import { SIMULATOR_VERSION } from '@/lib/sim/version';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('bundled cohort', () => {
  const fresh = simulateCohort({}, BUNDLED_COHORT.seed, BUNDLED_COHORT.nPatients);
  const committedCsv = read(BUNDLED_COHORT.csvPath);

  it('bundled cohort: the committed CSV equals a fresh run byte for byte', () => {
    // On failure: the generator changed. Bump SIMULATOR_VERSION, regenerate (data/README.md) and update the README.
    expect(committedCsv === toCsv(fresh.patients)).toBe(true);
  });

  it('bundled cohort: the committed truth file equals a fresh run byte for byte', () => {
    expect(read(BUNDLED_COHORT.truthPath) === truthToCsv(fresh.truth)).toBe(true);
  });

  it('bundled cohort: data/README.md names the seed, the generator version and the current hashes', () => {
    const readme = read('data/README.md');
    expect(readme).toContain('SYNTHETIC');
    expect(readme).toContain(`**${BUNDLED_COHORT.seed}**`);
    expect(readme).toContain(`**${SIMULATOR_VERSION}**`);
    expect(readme).toContain(`**${BUNDLED_COHORT.nPatients}**`);
    expect(readme).toContain(sha256(committedCsv));
    expect(readme).toContain(sha256(read(BUNDLED_COHORT.truthPath)));
  });

  it('bundled cohort: the calibration report was made by this generator version', () => {
    expect(read(BUNDLED_COHORT.reportPath)).toContain(`Generator ${SIMULATOR_VERSION}, seed ${BUNDLED_COHORT.seed}, ${BUNDLED_COHORT.reportPatients} simulated patients`);
  });
});
