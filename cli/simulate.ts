/**
 * The synthetic-cohort generator on the command line (SIMULATOR.md).
 *
 *   npm run simulate -- --seed 20260101 --patients 400 --out data/synthetic-cohort.csv --truth data/synthetic-cohort.truth.csv
 *   npm run simulate -- --report --patients 5000 --seed 20260101 [--out data/calibration-report.md]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BUNDLED_COHORT } from '../lib/sim/bundled-cohort';
import { calibrationReport, calibrationReportToMarkdown } from '../lib/sim/calibration-report';
import { simulateCohort } from '../lib/sim/simulate-cohort';
import { simulatorParamsSchema } from '../lib/sim/simulator-params';
import { toCsv, truthToCsv } from '../lib/sim/to-csv';
import { SIMULATOR_VERSION } from '../lib/sim/version';
import { parseFlags, runMain, UsageError } from './args';
import { checkOutFile, MAX_JSON_BYTES, readInputFile } from './file-checks';
import { writeErr, writeOut } from './terminal-text';

const USAGE = `usage: npm run simulate -- --out FILE.csv [--seed N] [--patients N] [--truth FILE.csv] [--params FILE.json]
       npm run simulate -- --report [--patients N] [--seed N] [--replicates N] [--out FILE.md] [--params FILE.json]

  --seed        integer 0..4294967295 (default ${BUNDLED_COHORT.seed}, the bundled cohort's)
  --patients    number of simulated patients (default ${BUNDLED_COHORT.nPatients}; ${BUNDLED_COHORT.reportPatients} with --report)
  --out         cohort CSV to write; with --report, where to write the Markdown (default: stdout)
  --truth       also write each patient's latent course (class, peak, recovery onset, tau, plateau, ...)
  --params      JSON file with simulator parameters to change (any subset, e.g.
                {"slowClass": {"diabetesLogOr": 1.386}}); the rest keep their defaults
  --report      compare a simulated cohort with SIMULATOR.md's targets (Markdown table)
  --replicates  with --report: further seeds for the stability table (default ${BUNDLED_COHORT.reportReplicates}; 0 = none)

Generator version ${SIMULATOR_VERSION}. The output is SYNTHETIC: no real patient is in it.`;

const MAX_PATIENTS = 1_000_000;

function parseInteger(raw: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${flag} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function readParams(path: string | undefined) {
  if (path === undefined) return simulatorParamsSchema.parse({});
  let json: unknown;
  const text = readInputFile(path, '--params', { maxBytes: MAX_JSON_BYTES }).toString('utf8');
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--params: cannot read JSON from ${path}: ${(err as Error).message}`);
  }
  const parsed = simulatorParamsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ');
    throw new UsageError(`--params: invalid simulator parameters: ${problems}`);
  }
  return parsed.data;
}

function writeText(path: string, text: string): string {
  const full = resolve(path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text, 'utf8');
  return full;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    seed: { type: 'string' },
    patients: { type: 'string' },
    out: { type: 'string' },
    truth: { type: 'string' },
    params: { type: 'string' },
    report: { type: 'boolean' },
    replicates: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    writeOut(`${USAGE}\n`);
    return 0;
  }
  const seed = parseInteger(flags.seed, '--seed', BUNDLED_COHORT.seed, 0, 0xffffffff);
  const params = readParams(flags.params);
  // The files to write are checked before the cohort is simulated.
  if (flags.out !== undefined) checkOutFile(flags.out, '--out');
  if (flags.truth !== undefined) checkOutFile(flags.truth, '--truth');

  if (flags.report) {
    if (flags.truth !== undefined) throw new UsageError('--truth cannot be used with --report');
    const nPatients = parseInteger(flags.patients, '--patients', BUNDLED_COHORT.reportPatients, 1, MAX_PATIENTS);
    const replicates = parseInteger(flags.replicates, '--replicates', BUNDLED_COHORT.reportReplicates, 0, 100);
    const markdown = calibrationReportToMarkdown(calibrationReport({ seed, nPatients, params, replicates }));
    if (flags.out === undefined) writeOut(markdown);
    else writeErr(`wrote ${writeText(flags.out, markdown)}\n`);
    return 0;
  }

  if (flags.replicates !== undefined) throw new UsageError('--replicates only applies to --report');
  const nPatients = parseInteger(flags.patients, '--patients', BUNDLED_COHORT.nPatients, 1, MAX_PATIENTS);
  if (flags.out === undefined) throw new UsageError('--out is required (or use --report)');
  const { patients, truth } = simulateCohort(params, seed, nPatients);
  const csv = toCsv(patients);
  const rows = patients.reduce((n, p) => n + p.visits.length, 0);
  writeErr(`wrote ${writeText(flags.out, csv)}: ${nPatients} patients, ${rows} visits, seed ${seed}, generator ${SIMULATOR_VERSION}, sha256 ${sha256(csv)}\n`);
  if (flags.truth !== undefined) writeErr(`wrote ${writeText(flags.truth, truthToCsv(truth))}\n`);
  return 0;
}

void runMain(USAGE, main);
