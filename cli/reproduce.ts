/**
 * Headless runner: runs a notebook's cells in Node through the same runtime as the browser
 * and writes the manifest, tables and figures.
 *
 *   npm run reproduce -- --notebook han-2026 --data data/synthetic-cohort.csv --out runs/paper
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { registry } from '../lib/cells';
import { resolveParams } from '../lib/notebook/define-cell';
import { buildManifest } from '../lib/notebook/manifest';
import { applyProfile, isComputeCell, type Notebook } from '../lib/notebook/notebook-schema';
import { runNotebook } from '../lib/notebook/run-notebook';
import { notebooks, findNotebook } from '../notebooks';
import { parseFlags, runMain, UsageError } from './args';
import { parseFigureWidth } from '../lib/figures/theme';
import { exportFiles, parseFormats, type FigureFormat } from '../lib/report/export-files';
import { nodeDocument, svgToPdf, svgToPng, svgToTiff } from './render-figure';
import { setupTfBackend } from './tf-backend';
import { threadTasks } from './thread-tasks';
import { inProcessExecutor } from '../lib/notebook/executor';
import { toolVersions } from './versions';

const USAGE = `usage: npm run reproduce -- --notebook <id> [--data <file>] [--out <dir>] [--profile quick|paper] [--seed N] [--strict] [--quiet]
                            [--figure-width single|one-and-half|double|<mm>] [--dpi 300|600] [--formats svg,pdf,png,tiff]

  --notebook   one of: ${notebooks.map((n) => n.id).join(', ')}
  --data       CSV, TSV or XLSX file (default: data/synthetic-cohort.csv, the bundled synthetic cohort)
  --out        output folder (default: runs/<notebook>)
  --profile    parameter profile defined by the notebook (e.g. quick, paper)
  --seed       overrides the notebook's seed (an integer)
  --strict     exit with code 2 if any input row or patient is rejected
  --backend    tfjs backend for the LSTM cells: wasm (default) or cpu
  --threads    worker_threads for cells that fan work out (the SVM grid's γ slices); default 0:
               everything in this thread. Results are identical either way.
  --figure-width  printed width of every figure: single (89 mm), one-and-half (120 mm), double
               (183 mm) or any width such as 140mm; default: each figure's own (the paper's column)
  --dpi        resolution of PNG and TIFF figures, written into the files: 300 (default) or 600
  --formats    figure files to write (default svg,pdf,png; tiff on request: uncompressed, large)
  --quiet      no progress output`;

const DEFAULT_DATA = 'data/synthetic-cohort.csv';

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    notebook: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'string' },
    seed: { type: 'string' },
    strict: { type: 'boolean' },
    quiet: { type: 'boolean' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    'figure-width': { type: 'string' },
    dpi: { type: 'string' },
    formats: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!flags.notebook) throw new UsageError('--notebook is required');
  const base = findNotebook(flags.notebook);
  if (!base) throw new UsageError(`unknown notebook "${flags.notebook}" (known: ${notebooks.map((n) => n.id).join(', ')})`);
  let notebook: Notebook;
  try {
    notebook = applyProfile(base, flags.profile);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (flags.backend !== undefined && !['wasm', 'cpu'].includes(flags.backend)) throw new UsageError(`--backend must be wasm or cpu, got "${flags.backend}"`);
  if (flags.threads !== undefined && !/^\d+$/.test(flags.threads)) throw new UsageError(`--threads must be a whole number, got "${flags.threads}"`);
  let widthMm: number | undefined;
  let formats: FigureFormat[] = ['svg', 'pdf', 'png'];
  const usage = <T>(flag: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new UsageError(`--${flag}: ${(err as Error).message}`);
    }
  };
  if (flags['figure-width'] !== undefined) widthMm = usage('figure-width', () => parseFigureWidth(flags['figure-width']!));
  if (flags.formats !== undefined) formats = usage('formats', () => parseFormats(flags.formats!));
  if (flags.dpi !== undefined && !['300', '600'].includes(flags.dpi)) throw new UsageError(`--dpi must be 300 or 600, got "${flags.dpi}"`);
  const dpi = flags.dpi === '600' ? 600 : 300;
  if (flags.seed !== undefined) {
    if (!/^-?\d+$/.test(flags.seed)) throw new UsageError(`--seed must be an integer, got "${flags.seed}"`);
    notebook = { ...notebook, seed: Number(flags.seed) };
  }
  // Parameters are checked before anything runs, so a typo in a notebook fails fast with exit 2.
  for (const cell of notebook.cells) if (isComputeCell(cell)) {
    try {
      resolveParams(registry.get(cell.kind), cell.params);
    } catch (err) {
      throw new UsageError(`cell "${cell.id}": ${(err as Error).message}`);
    }
  }

  const dataPath = resolve(flags.data ?? DEFAULT_DATA);
  if (!existsSync(dataPath)) throw new UsageError(`data file not found: ${dataPath}`);
  const bytes = readFileSync(dataPath);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const source = { name: basename(dataPath), sha256, text: bytes.toString('utf8'), bytes: new Uint8Array(bytes) };
  const outDir = resolve(flags.out ?? join('runs', notebook.id));

  const log = flags.quiet ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
  log(`reproduce: notebook ${notebook.id}${flags.profile ? ` (profile ${flags.profile})` : ''}, seed ${notebook.seed}, data ${source.name} (sha256 ${sha256.slice(0, 12)}…)`);
  // The tfjs backend is chosen here, at the edge (lib/ uses whatever is active).
  const tf = await setupTfBackend(flags.backend === 'cpu' ? 'cpu' : 'wasm', { quiet: flags.quiet });
  const env = { host: 'node', libsvmWasmBinary: new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm'))) } as const;
  const threads = Number(flags.threads ?? 0) > 0 ? threadTasks(Number(flags.threads), env) : undefined;
  const started = performance.now();
  let lastProgress = 0;
  const state = await runNotebook({
    notebook,
    registry,
    source,
    env,
    executor: threads ? inProcessExecutor(registry, env, threads.run) : undefined,
    onEvent: (e) => {
      if (e.kind === 'finished') log(`  ✓ ${e.cellId} (${Math.round(e.ms ?? 0)} ms)`);
      else if (e.kind === 'failed') log(`  ✗ ${e.cellId}: ${e.message}`);
      else if (e.kind === 'progress' && performance.now() - lastProgress > 2000) {
        lastProgress = performance.now();
        log(`    ${e.cellId}: ${Math.round((e.fraction ?? 0) * 100)}% ${e.message ?? ''}`);
      }
    },
  });
  const totalMs = performance.now() - started;
  await threads?.close();

  const manifest = buildManifest(state, registry, {
    profile: flags.profile,
    seed: notebook.seed,
    data: { name: source.name, sha256, bytes: bytes.length },
    versions: toolVersions(),
    backend: `node, tfjs ${tf.backend}`,
    totalMs,
    createdAt: new Date().toISOString(),
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const { written, failures } = await writeArtifacts(outDir, state, { widthMm, dpi, formats, sha256, manifest });
  for (const f of failures) process.stderr.write(`error: ${f}\n`);
  log(`reproduce: wrote ${join(outDir, 'manifest.json')} and ${written} files in ${(totalMs / 1000).toFixed(1)} s`);

  if (failures.length) return 1;
  const failed = Object.entries(state.cells).filter(([, c]) => c.status === 'error');
  if (failed.length) {
    for (const [id, c] of failed) process.stderr.write(`error: cell "${id}" failed: ${c.error}\n`);
    return failed.some(([, c]) => !c.isInputError) ? 1 : 2;
  }
  if (flags.strict) {
    const rejected = (manifest as { ingest?: { rows_rejected?: number; patients_rejected?: number } }).ingest;
    if (rejected && ((rejected.rows_rejected ?? 0) > 0 || (rejected.patients_rejected ?? 0) > 0)) {
      process.stderr.write(`error: --strict: ${rejected.rows_rejected ?? 0} rows and ${rejected.patients_rejected ?? 0} patients were rejected (see ${join(outDir, 'tables', 'rejected_rows.csv')})\n`);
      return 2;
    }
  }
  return 0;
}

async function writeArtifacts(
  outDir: string,
  state: Awaited<ReturnType<typeof runNotebook>>,
  o: { widthMm?: number; dpi: 300 | 600; formats: FigureFormat[]; sha256: string; manifest: Record<string, unknown> },
): Promise<{ written: number; failures: string[] }> {
  let count = 0;
  const failures: string[] = [];
  const host = { document: nodeDocument(), png: svgToPng, tiff: svgToTiff, pdf: svgToPdf };
  const version = String((o.manifest.versions as Record<string, string> | undefined)?.workbench ?? 'unknown');
  const files = exportFiles(state, registry, host, { widthMm: o.widthMm, dpi: o.dpi, formats: o.formats, data: { sha256: o.sha256 }, version, manifest: o.manifest, onFailure: (m) => failures.push(m) });
  for await (const [path, content] of files) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), content);
    count++;
  }
  return { written: count, failures };
}

void runMain(USAGE, main);
