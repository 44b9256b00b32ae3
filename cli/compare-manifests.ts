/**
 * Do two runs agree? Compares two manifests (the CLI's `manifest.json`, or the one in the page's
 * "Export all" zip) number by number, and prints every path that differs.
 *
 *   npx tsx cli/compare-manifests.ts runs/a/manifest.json runs/b.zip [--tolerance 1e-12]
 *
 * Left out: what describes the run rather than its results (timings, the creation time, the
 * host and tool versions, the load step's `today`). Numbers agree when |a − b| ≤ tolerance ×
 * max(1, |b|); the bootstrap CIs of the logistic calibration refit get 1% (a resample near
 * separation is estimable on one host and not on the other after a last-bit difference in
 * exp/log; see tests/e2e/paper-notebook.spec.ts). Exit code 0 when they agree, 1 when not.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runMain, UsageError } from './args';

const USAGE = 'usage: npx tsx cli/compare-manifests.ts A B [--tolerance 1e-12]   (A, B: manifest.json or an Export all .zip)';
const DESCRIBES_THE_RUN = /(^|\.)(ms|total_ms|totalMs|seconds|created_at|createdAt|versions|backend|timings|host)$|^parameters\.data\.today$/;
const DISCONTINUOUS = /\.calibration_(slope|intercept)\.(ci_low|ci_high|resamples_used)$/;

function readManifest(path: string): Record<string, unknown> {
  const bytes = readFileSync(path);
  if (path.endsWith('.zip')) {
    const zip = unzipSync(new Uint8Array(bytes), { filter: (f) => f.name === 'manifest.json' });
    if (!zip['manifest.json']) throw new UsageError(`${path}: no manifest.json in the zip`);
    return JSON.parse(strFromU8(zip['manifest.json'])) as Record<string, unknown>;
  }
  return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
}

/** Every path where the two differ, with both values. */
export function differences(a: unknown, b: unknown, tolerance: number, path = ''): string[] {
  if (DESCRIBES_THE_RUN.test(path)) return [];
  if (typeof a === 'number' && typeof b === 'number') {
    const tol = DISCONTINUOUS.test(path) ? 1e-2 : tolerance;
    return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b)) ? [] : [`${path}: ${a} vs ${b}`];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tolerance, path ? `${path}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`];
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let parsed;
  try {
    parsed = parseArgs({ args: argv[0] === '--' ? argv.slice(1) : argv, options: { tolerance: { type: 'string', default: '1e-12' } }, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const flags = parsed.values;
  const [a, b] = parsed.positionals;
  if (!a || !b) throw new UsageError('two manifests to compare are needed');
  const tolerance = Number(flags.tolerance);
  if (!(tolerance >= 0)) throw new UsageError(`--tolerance must be a number ≥ 0, got "${flags.tolerance}"`);
  const found = differences(readManifest(a), readManifest(b), tolerance);
  for (const line of found.slice(0, 200)) process.stdout.write(`${line}\n`);
  process.stdout.write(found.length ? `${found.length} differences\n` : `the manifests agree (numbers to ${tolerance} relative; run descriptions left out)\n`);
  return found.length ? 1 : 0;
}

// Run only as a command, not when a test imports `differences`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void runMain(USAGE, main);
