/**
 * Do two runs agree? Compares two manifests (the CLI's `manifest.json`, or the one in the page's
 * "Export all" zip) number by number, and prints every path that differs.
 *
 *   npx tsx cli/compare-manifests.ts runs/a/manifest.json runs/b.zip [--tolerance 1e-12]
 *
 * Left out: what describes the run rather than its results (timings, the creation time, the
 * host and tool versions, the load step's `today`). The comparison itself, tolerances included,
 * is lib/report/manifest-differences.ts. Exit code 0 when they agree, 1 when not.
 */
import { parseArgs } from 'node:util';
import { DESCRIBES_THE_RUN, manifestDifferences } from '../lib/report/manifest-differences';
import { runMain, UsageError } from './args';
import { readInputFile } from './file-checks';
import { manifestFromZip } from './run-manifest';
import { writeOut } from './terminal-text';

const USAGE = 'usage: npx tsx cli/compare-manifests.ts A B [--tolerance 1e-12]   (A, B: manifest.json or an Export all .zip)';

function readManifest(path: string): Record<string, unknown> {
  const bytes = readInputFile(path, 'manifest', { missing: `${path}: no such file` });
  try {
    return path.endsWith('.zip') ? manifestFromZip(new Uint8Array(bytes), path) : (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>);
  } catch (err) {
    throw new UsageError(`${path}: not a manifest (${(err as Error).message})`);
  }
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
  const found = manifestDifferences(readManifest(a), readManifest(b), { tolerance, ignore: DESCRIBES_THE_RUN });
  for (const line of found.slice(0, 200)) writeOut(`${line}\n`);
  writeOut(found.length ? `${found.length} differences\n` : `the manifests agree (numbers to ${tolerance} relative; run descriptions left out)\n`);
  return found.length ? 1 : 0;
}

void runMain(USAGE, main);
