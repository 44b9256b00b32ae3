/**
 * Headless runner: runs a notebook's cells in Node through the same runtime as the browser
 * and writes the manifest, tables and figures.
 *
 *   npm run reproduce -- --notebook han-2026 --data data/synthetic-cohort.csv --out runs/paper
 *   npm run reproduce -- --notebook han-2026 --profile quick --out runs/quick --report   # + runs/quick/report/report.html
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { basename, dirname, join, resolve } from 'node:path';
import { registry } from '../lib/cells';
import { resolveParams } from '../lib/notebook/define-cell';
import { buildManifest, readDecisions } from '../lib/notebook/manifest';
import { applyProfile, isComputeCell, type Notebook } from '../lib/notebook/notebook-schema';
import { runNotebook } from '../lib/notebook/run-notebook';
import { notebooks, findNotebook } from '../notebooks';
import { parseFlags, runMain, UsageError } from './args';
import { parseFigureWidth } from '../lib/figures/theme';
import { exportFiles, parseFormats, type FigureFormat } from '../lib/report/export-files';
import { htmlReport } from '../lib/report/html-report';
import { isNotebookFilePath, notebookFileText, openSavedNotebook } from '../components/notebook/notebook-file';
import { nodeDocument, svgToPdf, svgToPng, svgToTiff } from './render-figure';
import { setupTfBackend } from './tf-backend';
import { fileSource, isZipArchive } from './data-source';
import { checkInputFile, checkOutDir, clearPreviousRun, MAX_JSON_BYTES, readInputFile } from './file-checks';
import { writeErr, writeOut } from './terminal-text';
import { threadPool } from './thread-pool';
import { toolVersions } from './versions';
import { applyDataFlags, applySets, cliWording, loadCells, untilCell } from './overrides';
import { memoryCache } from '../lib/notebook/runtime';
import type { NotebookState } from '../lib/notebook/state';
import type { LoadedCohort } from '../lib/cells/load-cohort';
import { modelFileText, runModelFiles } from '../lib/models/run-models';
import { sha256Hex } from '../lib/notebook/hash';
import type { PrognosisOutput } from '../lib/cells/prognosis-model';
import type { ExternalCellOutput } from '../lib/cells/external-validation';
import { withoutCodeCells, type WithoutCode } from '../lib/sandbox/trust';

const USAGE = `usage: npm run reproduce -- --notebook <id> [--data <file>] [--out <dir>] [--force] [--profile quick|paper|honest|honest-quick] [--seed N] [--strict] [--quiet]
                             [--figure-width single|one-and-half|double|<mm>] [--dpi 300|600] [--formats svg,pdf,png,tiff] [--report] [--trust-code]

  --notebook     one of: ${notebooks.map((n) => n.id).join(', ')}; or the path of a notebook file
                 saved from the page (Save notebook, or an exported report.html): run as saved, with
                 its parameters, profile and seed (checked as "Open notebook…" checks it)
  --data         CSV, TSV or XLSX file, at most 2 GiB (default: data/synthetic-cohort.csv, the bundled synthetic cohort)
  --out          output folder (default: runs/<notebook>); a folder that is not empty is refused
  --force        write into a folder that is not empty: a previous run's files there (manifest.json,
                 LABEL.txt, figures/, tables/, report/, models/) are replaced; other files are kept
  --profile      parameter profile defined by the notebook (han-2026: quick, paper, honest, honest-quick)
  --seed         overrides the notebook's seed (an integer 0..4294967295)
  --date-format  how the file writes dates: auto (default), iso, dd/mm/yyyy, mm/dd/yyyy, yyyy.mm.dd, excel-serial
  --sheet        XLSX: the sheet to read (default: the first); an error with a CSV or TSV file
  --map          field=column, repeatable: which column holds a field (e.g. --map "patient_id=Pt No")
  --value-map    field.raw=value, repeatable: read a coded value (e.g. --value-map sex.1=M --value-map sex.2=F)
  --set          cell.param=value, repeatable: any cell parameter (e.g. --set split.folds=5,
                 --set lstm-all-m1.lstm.maxEpochs=3); the value is JSON or text
  --until        run this cell and the cells it needs, nothing else (e.g. --until data:
                 check a file without training)
  --today        yyyy-mm-dd: the date visits may not be after (default: today)
  --model        a model file for the notebook's "Open a model" step: the prognosis model
                 (runs/teaching/models/prognosis.json) or a window-level model of the paper notebook
                 (runs/paper/models/evaluate.json written with --include-patient-rows,
                 svm-baselines.json, lstm-all-m1.json …), e.g.
                 npm run reproduce -- --notebook external --model runs/paper/models/svm-baselines.json --data B.csv
  --include-patient-rows
                 write the SVM model files (models/<evaluate cell>.json) with their support vectors,
                 which are training rows (standardized windows of patients); without it they are written
                 without them and cannot predict. The LR, LSTM and prognosis model files carry no rows.
  --trust-code   run the notebook's code cells (its own JavaScript, in the QuickJS sandbox: no
                 network, files or clock; see docs/SECURITY.md); without it they and the steps that
                 need them are skipped, and the run says which
  --strict       implausible values reject their rows, and any rejected row or patient stops
                 the run with exit code 2 before any model is trained
  --backend    tfjs backend for the LSTM cells: wasm (default) or cpu
  --threads    worker_threads that run the steps, as the page's workers do: that many steps at
               a time (two LSTMs train side by side), and a step's fan-out (the SVM grid's γ
               slices, the bootstrap's replicates) on every idle thread; default 0: everything
               in this thread; at most the number of CPU cores. Results are identical either way.
  --figure-width  printed width of every figure: single (89 mm), one-and-half (120 mm), double
               (183 mm) or any width such as 140mm; default: each figure's own (the paper's column)
  --dpi        resolution of PNG and TIFF figures, written into the files: 300 (default) or 600
  --formats    figure files to write (default svg,pdf,png; tiff on request, LZW-compressed)
  --report     also write <out>/report/report.html: the run as one self-contained HTML file
               (figures, publication tables, methods, TRIPOD+AI checklist, parameters, manifest
               and the notebook to reopen; no patient rows or ids; opens offline, runs no script),
               the file the page's "Export report" writes
  --quiet      no progress output`;

const DEFAULT_DATA = 'data/synthetic-cohort.csv';
/** The seeds the notebook's random streams take: createRng uses the seed as an unsigned 32-bit integer. */
const MAX_SEED = 0xffffffff;

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    notebook: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    profile: { type: 'string' },
    seed: { type: 'string' },
    strict: { type: 'boolean' },
    quiet: { type: 'boolean' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    'date-format': { type: 'string' },
    sheet: { type: 'string' },
    map: { type: 'string', multiple: true },
    'value-map': { type: 'string', multiple: true },
    set: { type: 'string', multiple: true },
    until: { type: 'string' },
    today: { type: 'string' },
    model: { type: 'string' },
    'figure-width': { type: 'string' },
    dpi: { type: 'string' },
    formats: { type: 'string' },
    report: { type: 'boolean' },
    'include-patient-rows': { type: 'boolean' },
    'trust-code': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    writeOut(`${USAGE}\n`);
    return 0;
  }
  if (!flags.notebook) throw new UsageError('--notebook is required');
  const usage = <T>(flag: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw new UsageError(`--${flag}: ${(err as Error).message}`);
    }
  };
  const widthMm = flags['figure-width'] !== undefined ? usage('figure-width', () => parseFigureWidth(flags['figure-width']!)) : undefined;
  const formats: FigureFormat[] = flags.formats !== undefined ? usage('formats', () => parseFormats(flags.formats!)) : ['svg', 'pdf', 'png'];
  if (flags.dpi !== undefined && !['300', '600'].includes(flags.dpi)) throw new UsageError(`--dpi must be 300 or 600, got "${flags.dpi}"`);
  const dpi = flags.dpi === '600' ? 600 : 300;
  let notebook: Notebook;
  // The profile the run is recorded under: the flag's, or the one a saved notebook file names.
  let profile = flags.profile;
  let savedWith: { name: string; sha256: string } | undefined;
  if (isNotebookFilePath(flags.notebook)) {
    // A notebook saved from the page ("Save notebook", or a report from "Export report"): checked
    // as "Open notebook…" checks it, and run as saved (its parameters, profile and seed), so the
    // cache keys and outputs are the page's.
    if (flags.profile !== undefined) throw new UsageError('--profile: a saved notebook file carries its own parameters and profile; leave --profile out (use --set to change a parameter)');
    const path = resolve(flags.notebook);
    checkInputFile(path, '--notebook', { maxBytes: MAX_JSON_BYTES, missing: `notebook file not found: ${path}` });
    const opened = usage('notebook', () => openSavedNotebook(readInputFile(path, '--notebook', { maxBytes: MAX_JSON_BYTES }).toString('utf8'), registry));
    notebook = opened.notebook;
    profile = opened.profile;
    savedWith = opened.data;
  } else {
    const base = findNotebook(flags.notebook);
    if (!base) throw new UsageError(`unknown notebook "${flags.notebook}" (known: ${notebooks.map((n) => n.id).join(', ')}; or the path of a notebook file saved from the page)`);
    // Own profiles only: "constructor", "__proto__" or "toString" name no profile of the notebook
    // (applyProfile looks the name up on a plain object, where they would be inherited members).
    if (flags.profile && !Object.hasOwn(base.profiles, flags.profile)) {
      const known = Object.keys(base.profiles);
      throw new UsageError(`Unknown profile "${flags.profile}" for notebook "${base.id}"${known.length ? ` (known: ${known.join(', ')})` : ' (it defines no profiles)'}`);
    }
    try {
      notebook = applyProfile(base, flags.profile);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  if (flags.backend !== undefined && !['wasm', 'cpu'].includes(flags.backend)) throw new UsageError(`--backend must be wasm or cpu, got "${flags.backend}"`);
  if (flags.threads !== undefined) {
    if (!/^\d+$/.test(flags.threads)) throw new UsageError(`--threads must be a whole number, got "${flags.threads}"`);
    // More threads than cores only adds workers that wait for a core (and each holds its own heap).
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    if (Number(flags.threads) > cores) throw new UsageError(`--threads must be at most ${cores} (the CPU cores of this machine), got ${flags.threads}`);
  }
  if (flags.seed !== undefined) {
    // Checked on the text: 99999999999999999999 is not a seed, and as a number it would be 1e20.
    if (!/^\d+$/.test(flags.seed) || !(Number(flags.seed) <= MAX_SEED)) throw new UsageError(`--seed must be an integer from 0 to ${MAX_SEED}, got "${flags.seed}"`);
    notebook = { ...notebook, seed: Number(flags.seed) };
  }
  notebook = applyDataFlags(notebook, {
    dateFormat: flags['date-format'],
    sheet: flags.sheet,
    map: flags.map,
    valueMap: flags['value-map'],
    // Absent, the load step takes the day it runs, as in the page (same parameters, same keys).
    today: flags.today,
    strict: flags.strict,
  });
  notebook = applySets(notebook, flags.set ?? [], (kind) => registry.get(kind).params);
  if (flags.model !== undefined) {
    const modelPath = resolve(flags.model);
    checkInputFile(modelPath, '--model', { maxBytes: MAX_JSON_BYTES });
    const targets = notebook.cells.filter((c) => isComputeCell(c) && c.kind === 'load-model');
    if (targets.length === 0) throw new UsageError(`--model: notebook "${notebook.id}" has no "Open a model" step (the external notebook has one)`);
    // The model is the step's parameter, as when the page opens it: same parameters, same result.
    const json = readInputFile(modelPath, '--model', { maxBytes: MAX_JSON_BYTES }).toString('utf8');
    notebook = { ...notebook, cells: notebook.cells.map((c) => (isComputeCell(c) && c.kind === 'load-model' ? { ...c, params: { ...c.params, name: basename(modelPath), json } } : c)) };
  }
  // Parameters are checked before anything runs, so a typo in a notebook fails fast with exit 2.
  for (const cell of notebook.cells) if (isComputeCell(cell)) {
    try {
      resolveParams(registry.get(cell.kind), cell.params);
    } catch (err) {
      throw new UsageError(`cell "${cell.id}": ${(err as Error).message}`);
    }
  }
  // Checked on the whole notebook first, so a typo in a later cell's --set is not hidden by --until.
  if (flags.until !== undefined) notebook = untilCell(notebook, flags.until);
  // Code cells run the notebook's own JavaScript (in the QuickJS sandbox): only when asked.
  let skippedCode: WithoutCode | undefined;
  if (!flags['trust-code']) {
    const cut = withoutCodeCells(notebook);
    if (cut.skipped.length) {
      skippedCode = cut;
      notebook = cut.notebook;
    }
  }

  // The paths are checked before anything runs: a wrong one is exit 2 now, not after the run.
  const dataPath = resolve(flags.data ?? DEFAULT_DATA);
  const outDir = resolve(flags.out ?? join('runs', notebook.id));
  checkInputFile(dataPath, '--data', { missing: `data file not found: ${dataPath}` });
  const outEntries = checkOutDir(outDir);
  const previousRun = outEntries.includes('manifest.json');
  if (outEntries.length > 0 && !flags.force) {
    const holds = previousRun ? 'it holds a previous run (manifest.json)' : `it holds ${outEntries.slice(0, 3).join(', ')}${outEntries.length > 3 ? ', …' : ''}`;
    const force = previousRun ? "add --force to replace that run's files" : 'add --force to write into it';
    throw new UsageError(`--out: ${outDir} is not empty: ${holds}. Choose a new or empty folder, or ${force}`);
  }
  const source = fileSource(dataPath);
  const { sha256 } = source;
  // --sheet with a CSV or TSV file is an error, not a warning: a user who names a sheet expects a
  // workbook (often the CSV was exported from the wrong one), the sheet would be recorded in the
  // manifest as a parameter that did nothing, and a flag that does not apply is an error
  // elsewhere in these CLIs too (simulate's --replicates without --report).
  if (flags.sheet !== undefined && !isZipArchive(source.bytes)) throw new UsageError(`--sheet "${flags.sheet}": ${source.name} is not an XLSX workbook (a CSV or TSV file has one table); leave --sheet out`);

  const log = flags.quiet ? () => {} : (line: string) => writeErr(`${line}\n`);
  log(`reproduce: notebook ${notebook.id}${profile ? ` (profile ${profile})` : ''}, seed ${notebook.seed}, data ${source.name} (sha256 ${sha256.slice(0, 12)}…)`);
  // The parameters apply to any data; say so when these are not the data the file was saved with.
  if (skippedCode) {
    // Said even with --quiet: results are missing that the notebook has.
    const after = skippedCode.dependents.length ? `, and the steps that need them: ${skippedCode.dependents.join(', ')}` : '';
    writeErr(`reproduce: skipped code cell${skippedCode.skipped.length === 1 ? '' : 's'} ${skippedCode.skipped.join(', ')}${after}. They run the notebook's own JavaScript (sandboxed); add --trust-code to run them.\n`);
  }
  if (savedWith && savedWith.sha256 !== sha256) log(`reproduce: the notebook file was saved with ${savedWith.name} (sha256 ${savedWith.sha256.slice(0, 12)}…); these data differ, so results will differ too`);
  // The tfjs backend is chosen here, at the edge (lib/ uses whatever is active).
  const tf = await setupTfBackend(flags.backend === 'cpu' ? 'cpu' : 'wasm', { quiet: flags.quiet });
  const env = { host: 'node', libsvmWasmBinary: new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm'))) } as const;
  const threads = Number(flags.threads ?? 0) > 0 ? threadPool(Number(flags.threads), env, tf.backend === 'wasm' ? 'wasm' : 'cpu') : undefined;
  const started = performance.now();
  let lastProgress = 0;
  const cache = memoryCache();
  const run = (nb: Notebook) =>
    runNotebook({
      notebook: nb,
      registry,
      source,
      env,
      cache,
      executor: threads,
      concurrency: threads?.size,
      onEvent: (e) => {
        if (e.kind === 'finished') {
          log(`  ✓ ${e.cellId} (${Math.round(e.ms ?? 0)} ms)`);
          collectGarbage();
        }
        else if (e.kind === 'failed') log(`  ✗ ${e.cellId}: ${cliWording(e.message ?? '')}`);
        else if (e.kind === 'progress' && performance.now() - lastProgress > 2000) {
          lastProgress = performance.now();
          log(`    ${e.cellId}: ${Math.round((e.fraction ?? 0) * 100)}% ${e.message ?? ''}`);
        }
      },
    });
  // --strict: read and check the file first, and train nothing if anything was rejected.
  const lastLoad = loadCells(notebook).at(-1);
  let state: Awaited<ReturnType<typeof run>> | undefined;
  let rejectedInStrict: ReturnType<typeof strictRejections> | undefined;
  try {
    state = flags.strict && lastLoad ? await run(untilCell(notebook, lastLoad)) : undefined;
    rejectedInStrict = state ? strictRejections(state, lastLoad!) : undefined;
    if (!rejectedInStrict) state = await run(notebook);
  } finally {
    // The threads keep the process alive until they are stopped, whatever happened.
    threads?.terminate();
  }
  const finalState = state!;
  const totalMs = performance.now() - started;
  // How the file was read (header row, title rows skipped, date format, mappings, value maps): on
  // stdout, as results of the run (the manifest records them as data.decisions).
  if (!flags.quiet) for (const line of loadDecisions(finalState)) writeOut(`${line}\n`);

  const manifest = buildManifest(finalState, registry, {
    profile,
    seed: notebook.seed,
    data: { name: source.name, sha256, bytes: source.bytes.length },
    versions: toolVersions(),
    backend: `node, tfjs ${tf.backend}`,
    totalMs,
    createdAt: new Date().toISOString(),
  });
  // Model files to take away (models/<cell>.json), stamped with the run's date and the workbench
  // version; listed in the manifest with their SHA-256 (so methods and TRIPOD item 22 say which were written).
  const workbenchVersion = (manifest.versions as Record<string, string>).workbench ?? 'unknown';
  const stamped = (model: object) => modelFileText({ ...model, createdAt: manifest.created_at, workbench: workbenchVersion });
  const modelFiles: { file: string; cell: string; kind: string; text: string; support_vectors?: boolean }[] = [];
  const includeRows = flags['include-patient-rows'] === true;
  for (const f of runModelFiles(notebook, registry, (id) => (finalState.cells[id]?.status === 'fresh' ? finalState.cells[id]?.output : undefined), { dataSha256: sha256, createdAt: String(manifest.created_at), workbench: workbenchVersion, includeSupportVectors: includeRows })) {
    modelFiles.push({ file: `models/${f.fileName}`, cell: f.cellId, kind: f.model.kind, text: modelFileText(f.model), ...(f.model.kind === 'svm' ? { support_vectors: !!f.model.supportVectors } : {}) });
  }
  // The prognosis model (npm run predict -- --model DIR/models/prognosis.json).
  for (const cell of notebook.cells) {
    const output = finalState.cells[cell.id]?.output as PrognosisOutput | undefined;
    if (isComputeCell(cell) && cell.kind === 'prognosis-model' && output?.model) modelFiles.push({ file: `models/${cell.id}.json`, cell: cell.id, kind: 'prognosis', text: stamped(output.model) });
  }
  // External validation: the recalibrated models, each recording what was updated and on which data.
  for (const cell of notebook.cells) {
    const output = finalState.cells[cell.id]?.output as ExternalCellOutput | undefined;
    if (!isComputeCell(cell) || cell.kind !== 'external-validation' || !output || !('updated' in output)) continue;
    for (const method of ['intercept', 'logistic'] as const) {
      const model = output.updated[method];
      if (model) modelFiles.push({ file: `models/${cell.id}-${method}-recalibrated.json`, cell: cell.id, kind: 'kind' in model ? model.kind : 'prognosis', text: stamped(model) });
    }
  }
  if (skippedCode) manifest.skipped_code_cells = { cells: skippedCode.skipped, dependents: skippedCode.dependents, reason: 'code cells run only with --trust-code' };
  if (modelFiles.length) manifest.models = modelFiles.map(({ file, cell, kind, text, support_vectors }) => ({ file, cell, kind, sha256: sha256Hex(new TextEncoder().encode(text)), ...(support_vectors !== undefined ? { support_vectors } : {}) }));
  // --force: the previous run's files go first, so that none of them is taken for this run's.
  if (previousRun) clearPreviousRun(outDir);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (notebook.exportLabel) writeFileSync(join(outDir, 'LABEL.txt'), `${notebook.exportLabel}\n`);
  const { written, failures } = await writeArtifacts(outDir, finalState, { widthMm, dpi, formats, sha256, manifest });
  // --report: the one HTML file (lib/report/html-report.ts, as the page's "Export report"), dated as the manifest.
  if (flags.report) {
    const file = join(outDir, 'report', 'report.html');
    try {
      const html = htmlReport({
        state: finalState,
        registry,
        document: nodeDocument(),
        manifest,
        notebookFile: notebookFileText(finalState.notebook, profile, { name: source.name, sha256 }),
        date: String(manifest.created_at),
        widthMm,
        onFailure: (m) => failures.push(m),
      });
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, html);
      log(`reproduce: wrote ${file}`);
    } catch (err) {
      failures.push(`the report could not be written: ${(err as Error).message}`);
    }
  }
  // The model files listed in the manifest, written as listed.
  for (const m of modelFiles) {
    mkdirSync(join(outDir, 'models'), { recursive: true });
    const file = join(outDir, m.file);
    writeFileSync(file, m.text);
    log(`reproduce: wrote ${file}`);
  }
  if (modelFiles.some((m) => m.support_vectors === false)) writeErr('reproduce: the SVM model files were written without their support vectors (they are training rows), so they cannot predict; --include-patient-rows writes them with them\n');
  for (const cell of notebook.cells) {
    const output = finalState.cells[cell.id]?.output as ExternalCellOutput | undefined;
    if (isComputeCell(cell) && cell.kind === 'external-validation' && output && 'updated' in output && output.updated.problem) writeErr(`warning: ${output.updated.problem}\n`);
  }
  for (const f of failures) writeErr(`error: ${f}\n`);
  log(`reproduce: wrote ${join(outDir, 'manifest.json')} and ${written} files in ${(totalMs / 1000).toFixed(1)} s`);
  for (const line of ingestWarnings(finalState)) writeErr(`warning: ${line}\n`);

  if (failures.length) return 1;
  const failed = Object.entries(finalState.cells).filter(([, c]) => c.status === 'error');
  if (failed.length) {
    for (const [id, c] of failed) writeErr(`error: cell "${id}" failed: ${cliWording(c.error ?? '')}\n`);
    const notRun = notebook.cells.filter((c) => isComputeCell(c) && finalState.cells[c.id]?.status !== 'fresh' && finalState.cells[c.id]?.status !== 'error').map((c) => c.id);
    if (notRun.length) writeErr(`not run (an input failed): ${notRun.join(', ')}\n`);
    return failed.some(([, c]) => !c.isInputError) ? 1 : 2;
  }
  if (rejectedInStrict) {
    writeErr(`error: --strict: ${rejectedInStrict}; nothing was trained (see ${join(outDir, 'tables', 'rejected_rows.csv')})\n`);
    return 2;
  }
  return 0;
}

/** What --strict refuses: rejected rows or patients in the load step's output, in words (undefined: none). */
function strictRejections(state: NotebookState, loadId: string): string | undefined {
  const cell = state.cells[loadId];
  if (cell?.status !== 'fresh') return undefined; // a failed load step is reported as a failure
  const { counts } = cell.output as LoadedCohort;
  if (counts.rowsRejected === 0 && counts.patientsRejected === 0) return undefined;
  return `${counts.rowsRejected} rows and ${counts.patientsRejected} patients (${counts.rowsOfRejectedPatients} rows) were rejected`;
}

/** The load steps' decisions as printed lines: a heading, then one line per decision. */
function loadDecisions(state: NotebookState): string[] {
  const ids = loadCells(state.notebook).filter((id) => state.cells[id]?.status === 'fresh');
  const lines: string[] = [];
  for (const id of ids) {
    const decisions = readDecisions(state.cells[id]!.output) ?? [];
    if (decisions.length === 0) continue;
    lines.push(`reproduce: how ${ids.length > 1 ? `step "${id}" read` : 'the file was read'}:`, ...decisions.map((d) => `  - ${d}`));
  }
  return lines;
}

/** One line per kind of warning of the load step (implausible values, odd ids), with a count. */
function ingestWarnings(state: NotebookState): string[] {
  const lines: string[] = [];
  for (const id of loadCells(state.notebook)) {
    const cell = state.cells[id];
    if (cell?.status !== 'fresh') continue;
    const warnings = (cell.output as LoadedCohort).problems.filter((p) => p.scope === 'warning' && p.row > 0);
    const byKind = new Map<string, typeof warnings>();
    for (const w of warnings) {
      const kind = `${w.column}: ${w.reason.replace(/\d{4}-\d{2}-\d{2}|"[^"]*"/g, '…')}`;
      byKind.set(kind, [...(byKind.get(kind) ?? []), w]);
    }
    for (const list of byKind.values()) {
      const first = list[0]!;
      lines.push(`${list.length} row(s) flagged, e.g. row ${first.row}, ${first.column} "${first.value}": ${first.reason} (rows are kept; --strict rejects them)`);
    }
  }
  return lines;
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
  const files = exportFiles(state, registry, host, { widthMm: o.widthMm, dpi: o.dpi, formats: o.formats, data: { sha256: o.sha256 }, version, manifest: o.manifest, onFailure: (m) => failures.push(m), afterCell: collectGarbage });
  for await (const [path, content] of files) {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), content);
    count++;
  }
  return { written: count, failures };
}

/**
 * A full garbage collection between cells and between cells' exports. A large file's cells
 * leave hundreds of megabytes of garbage (the parsed table, intermediate samples) that V8,
 * with its default heap of several gigabytes, would otherwise keep until the heap is nearly
 * full: collecting at these boundaries keeps the peak memory near the live data plus one
 * cell's working set (BENCHMARKS.md, "Large files").
 */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? gc : () => {};
})();

void runMain(USAGE, main);
