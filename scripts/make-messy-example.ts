/**
 * Makes `data/messy-emr-example.csv`: the 12 hand-written patients (rows 2–64, each planted
 * problem documented in data/messy-emr-example.md) followed by simulated patients written the
 * way an EMR export writes them (EMR headers, dd/mm/yyyy dates, mixed spellings of sex, flags
 * and grades, CRLF line ends). The simulated part gives the example enough patients for every
 * step of the paper notebook (5-fold CV on both subsets), so an upload of it runs end to end.
 *
 *   npx tsx scripts/make-messy-example.ts            # rewrite the file
 *   npx tsx scripts/make-messy-example.ts --check    # exit 1 if the file differs
 *
 * A unit test regenerates it and compares byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Patient } from '../lib/data/types';
import { simulateCohort } from '../lib/sim/simulate-cohort';
import { createRng, type Rng } from '../lib/stats/random';

export const MESSY_EXAMPLE = {
  path: 'data/messy-emr-example.csv',
  /** Lines of the file (header included) written by hand; everything after is generated. */
  handWrittenLines: 64,
  seed: 20260214,
  simulatedPatients: 108,
  /** The first simulated patient's number (P-013 follows the hand-written P-012). */
  firstNumber: 13,
} as const;

const SEX_SPELLINGS = { M: ['M', 'm', 'male', 'Male'], F: ['F', 'f', 'female', 'Female'] } as const;
const FLAG_SPELLINGS = [
  ['yes', 'no'],
  ['Y', 'N'],
  ['y', 'n'],
  ['1', '0'],
  ['YES', 'NO'],
] as const;
const HOSPITALS = ['Seoul', 'Busan'] as const;
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;

/** dd/mm/yyyy, as the hand-written rows write dates. */
function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** A grade as a clinic might type it: Roman in either case, a digit, or a range in one of its spellings. */
function spellGrade(gradeText: string, rng: Rng): string {
  if (gradeText === '') return '';
  const parts = gradeText.split('-');
  const style = rng.int(10);
  const one = (roman: string) => {
    if (style === 0) return String(ROMAN.indexOf(roman as (typeof ROMAN)[number]) + 1);
    if (style === 1) return roman.toLowerCase();
    return roman;
  };
  if (parts.length === 1) return one(parts[0]!);
  const joiner = ['-', ' - ', '/', '-'][rng.int(4)]!;
  return parts.map(one).join(joiner);
}

/** The simulated patients as EMR rows (without a header), CRLF line ends. */
export function simulatedEmrRows(): string {
  const { seed, simulatedPatients, firstNumber } = MESSY_EXAMPLE;
  const { patients } = simulateCohort({}, seed, simulatedPatients);
  const style = createRng(seed).fork('emr-style');
  const lines: string[] = [];
  patients.forEach((p: Patient, i) => {
    const rng = style.fork(i);
    const id = `P-${String(firstNumber + i).padStart(3, '0')}`;
    const sexSpellings = p.sex === null ? [''] : SEX_SPELLINGS[p.sex];
    const sex = sexSpellings[rng.int(sexSpellings.length)]!;
    const flags = FLAG_SPELLINGS[rng.int(FLAG_SPELLINGS.length)]!;
    const flag = (x: boolean | null) => (x === null ? '' : x ? flags[0] : flags[1]);
    const hospital = HOSPITALS[rng.int(HOSPITALS.length)]!;
    const patientCols = [id, sex, p.age === null ? '' : String(p.age), flag(p.diabetes), flag(p.hypertension), ddmmyyyy(p.onsetDate), p.treatmentStartDate ? ddmmyyyy(p.treatmentStartDate) : ''];
    for (const v of p.visits) lines.push([...patientCols, ddmmyyyy(v.date), spellGrade(v.gradeText, rng), hospital, ''].join(','));
  });
  return lines.map((l) => `${l}\r\n`).join('');
}

/** The whole file: the hand-written head of `current` (kept byte for byte) and the simulated rows. */
export function messyExampleText(current: string): string {
  const head = current.split('\r\n').slice(0, MESSY_EXAMPLE.handWrittenLines);
  return `${head.join('\r\n')}\r\n${simulatedEmrRows()}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = readFileSync(MESSY_EXAMPLE.path, 'utf8');
  const next = messyExampleText(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error(`${MESSY_EXAMPLE.path} differs from what scripts/make-messy-example.ts makes`);
      process.exit(1);
    }
  } else {
    writeFileSync(MESSY_EXAMPLE.path, next);
    console.log(`wrote ${MESSY_EXAMPLE.path}: ${next.split('\r\n').length - 1} lines`);
  }
}
