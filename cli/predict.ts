/**
 * Applies a model file to a visits file: the prognosis model (below), or a window-level model
 * (svm, logistic, lstm: lib/models/model-file.ts), whose predictions are made per window built
 * from the visits with the inclusion and windowing settings stored in the file:
 *
 *   npm run predict -- --model runs/han-2026/models/lstm-all-m1.json --data visits.csv --out runs/predict
 *
 * Prognosis model:
 *
 *   npm run predict -- --model runs/teaching/models/prognosis.json --data visits.csv --out runs/predict
 *
 * Reads the visits under the usual input contract (the same mapping, date and value-map flags
 * as `reproduce`, through the same load-cohort cell), takes each patient's graded visits up to
 * day 30 as the landmark history, and writes predictions.csv, course.csv, out-of-range.csv and not-predicted.csv.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { registry } from '../lib/cells';
import type { LoadedCohort } from '../lib/cells/load-cohort';
import type { Notebook } from '../lib/notebook/notebook-schema';
import { runNotebook } from '../lib/notebook/run-notebook';
import { predictPatient, type PrognosisModel } from '../lib/prognosis';
import { modelWindows, readModelFile, SVM_CANNOT_PREDICT, type AnyModelFile, type WindowModelFile } from '../lib/models/model-file';
import { predictWindows } from '../lib/models/predict';
import { setupTfBackend } from './tf-backend';
import { tableArtifact } from '../lib/tables/table-artifact';
import { parseFlags, runMain, UsageError } from './args';
import { applyDataFlags, cliWording } from './overrides';
import { fileSource, isZipArchive } from './data-source';
import { checkInputFile, checkOutDir, MAX_JSON_BYTES, readInputFile } from './file-checks';
import { writeErr, writeOut } from './terminal-text';

const USAGE = `usage: npm run predict -- --model <model.json> --data <visits file> [--out <dir>]
                         [--date-format F] [--sheet S] [--map field=column]... [--value-map field.raw=value]...

  --model        a model file written by npm run reproduce (DIR/models/<cell>.json): the prognosis
                 model (--notebook teaching: models/prognosis.json), or an SVM (models/evaluate.json,
                 written with --include-patient-rows: without its support vectors an SVM file cannot
                 predict), the logistic-regression baseline (models/svm-baselines.json) or an LSTM
                 (models/lstm-all-m1.json …) of --notebook han-2026; *-persistent.json: the
                 persistent-subset models
  --data         CSV, TSV or XLSX visits file (the input contract of reproduce)
  --out          output folder (default: runs/predict). Prognosis model: predictions.csv, course.csv,
                 out-of-range.csv (inputs outside the development data), not-predicted.csv. SVM, logistic,
                 LSTM: predictions.csv, one row per window (patient_id, window, present_day, the
                 probability of recovery, or per window and later visit the predicted grade) and
                 not-predicted.csv (patients that give no window)
  --date-format, --sheet, --map, --value-map, --today: as for reproduce (--sheet: XLSX only)`;

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    model: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    'date-format': { type: 'string' },
    sheet: { type: 'string' },
    map: { type: 'string', multiple: true },
    'value-map': { type: 'string', multiple: true },
    today: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    writeOut(`${USAGE}\n`);
    return 0;
  }
  if (!flags.model) throw new UsageError('--model is required');
  if (!flags.data) throw new UsageError('--data is required');
  // The paths are checked before anything is read: a wrong one is exit 2 with a message.
  const modelPath = resolve(flags.model);
  const dataPath = resolve(flags.data);
  const outDir = resolve(flags.out ?? join('runs', 'predict'));
  checkInputFile(modelPath, '--model', { maxBytes: MAX_JSON_BYTES, missing: `model file not found: ${modelPath}` });
  checkInputFile(dataPath, '--data', { missing: `data file not found: ${dataPath}` });
  // The folder may hold an earlier prediction: its four files are all written again.
  checkOutDir(outDir);
  let read: AnyModelFile;
  const modelText = readInputFile(modelPath, '--model', { maxBytes: MAX_JSON_BYTES, missing: `model file not found: ${modelPath}` }).toString('utf8');
  try {
    read = readModelFile(JSON.parse(modelText));
  } catch (err) {
    throw new UsageError(`--model ${basename(modelPath)}: ${(err as Error).message}`);
  }
  // An SVM written without its support vectors documents the model but cannot predict.
  if (read.kind !== 'prognosis' && !read.predicts) throw new UsageError(`--model ${basename(modelPath)}: ${read.kind === 'svm' ? SVM_CANNOT_PREDICT : 'this model file cannot predict'}`);
  const source = fileSource(dataPath);
  // As in reproduce: --sheet names a sheet of a workbook, and a CSV or TSV file has none.
  if (flags.sheet !== undefined && !isZipArchive(source.bytes)) throw new UsageError(`--sheet "${flags.sheet}": ${source.name} is not an XLSX workbook (a CSV or TSV file has one table); leave --sheet out`);
  let notebook = { id: 'predict', title: 'Predict', seed: 1, cells: [{ id: 'data', kind: 'load-cohort', inputs: {}, ...(flags.today ? { params: { today: flags.today } } : {}) }] } as unknown as Notebook;
  notebook = applyDataFlags(notebook, { dateFormat: flags['date-format'], sheet: flags.sheet, map: flags.map, valueMap: flags['value-map'] });
  const state = await runNotebook({ notebook, registry, source, env: { host: 'node' } });
  const cell = state.cells.data;
  if (cell?.status === 'error') {
    writeErr(`error: ${cliWording(cell.error ?? 'the file could not be read')}\n`);
    return 2;
  }
  const data = cell?.output as LoadedCohort;
  for (const p of data.problems.filter((q) => q.scope !== 'warning').slice(0, 20)) writeErr(`rejected: row ${p.row}, ${p.column} "${p.value}": ${p.reason}\n`);

  if (read.kind !== 'prognosis') return predictWindowModel(read, data, outDir, basename(modelPath));
  const model: PrognosisModel = read.model;

  const predictions: Record<string, unknown>[] = [];
  const course: Record<string, unknown>[] = [];
  const skipped: Record<string, unknown>[] = [];
  const flagged: Record<string, unknown>[] = [];
  for (const patient of data.patients) {
    const r = predictPatient(model, patient);
    if ('reason' in r) {
      skipped.push({ patient_id: patient.patientId, reason: r.reason });
      continue;
    }
    const p = r.prediction;
    predictions.push({ patient_id: patient.patientId, landmark_day: p.landmarkDay, horizon_day: p.horizonDay, p_recovered: round(p.chance), p_low: round(p.low), p_high: round(p.high) });
    for (const f of p.flags) flagged.push({ patient_id: patient.patientId, flag: f });
    for (const c of p.course) course.push({ patient_id: patient.patientId, day: c.day, predicted_grade: c.grade, band_low: c.low, band_high: c.high });
  }
  for (const p of data.problems.filter((q) => q.scope === 'patient' && q.patientId)) skipped.push({ patient_id: p.patientId, reason: `rejected on reading: row ${p.row}, ${p.column} "${p.value}": ${p.reason}` });

  mkdirSync(outDir, { recursive: true });
  const csv = (rows: Record<string, unknown>[], columns: string[]) => tableArtifact('x', rows, columns, { markdown: false, latex: false, untrustedText: true }).csv;
  writeFileSync(join(outDir, 'predictions.csv'), csv(predictions, ['patient_id', 'landmark_day', 'horizon_day', 'p_recovered', 'p_low', 'p_high']));
  writeFileSync(join(outDir, 'course.csv'), csv(course, ['patient_id', 'day', 'predicted_grade', 'band_low', 'band_high']));
  writeFileSync(join(outDir, 'out-of-range.csv'), csv(flagged, ['patient_id', 'flag']));
  writeFileSync(join(outDir, 'not-predicted.csv'), csv(skipped, ['patient_id', 'reason']));
  writeErr(`predict: ${predictions.length} patients predicted (chance of grade ≤ II by day ${model.horizonDay}), ${flagged.length} out-of-range flags (out-of-range.csv), ${skipped.length} not predicted (not-predicted.csv); wrote ${outDir}\n`);
  return 0;
}

const csvOf = (rows: Record<string, unknown>[], columns: string[]) => tableArtifact('x', rows, columns, { markdown: false, latex: false, untrustedText: true }).csv;

/** A window-level model: the windows the training notebook would build from these visits, each predicted. */
async function predictWindowModel(model: WindowModelFile, data: LoadedCohort, outDir: string, modelName: string): Promise<number> {
  const windows = modelWindows(data.patients, model);
  const rows = model.subset === 'persistent' ? (model.kind === 'lstm' ? windows.regression : windows.classification).filter((w) => w.persistent === 1) : model.kind === 'lstm' ? windows.regression : windows.classification;
  if (rows.length === 0) {
    const reasons = [...new Set(windows.skipped.map((s) => s.reason))].slice(0, 5);
    writeErr(`error: --model ${modelName}: no ${model.subset === 'persistent' ? 'persistent-subset ' : ''}window could be built from ${data.patients.length} patients of the data with the model's windowing settings${reasons.length ? ` (e.g. ${reasons.join('; ')})` : ''}\n`);
    return 2;
  }
  // The backend the network was evaluated on (a cpu run is predicted on cpu).
  if (model.kind === 'lstm') await setupTfBackend(model.backend === 'cpu' ? 'cpu' : 'wasm', { quiet: true });
  const predictions = await predictWindows(model, windows);
  mkdirSync(outDir, { recursive: true });
  const value = model.kind === 'lstm' ? 'predicted_grade' : 'p_recovered';
  const actual = model.kind === 'lstm' ? 'observed_grade' : 'recovered';
  writeFileSync(join(outDir, 'predictions.csv'), csvOf(predictions.map((p) => ({ patient_id: p.patient_id, window: p.window, present_day: p.present_day, ...(model.kind === 'lstm' ? { day: p.day } : { outcome_day: p.day }), [value]: p.prediction, [actual]: p.actual })), ['patient_id', 'window', 'present_day', model.kind === 'lstm' ? 'day' : 'outcome_day', value, actual]));
  const predicted = new Set(predictions.map((p) => p.patient_id));
  const skipped = [
    ...windows.skipped,
    ...(model.subset === 'persistent' ? [...new Set(windows.classification.filter((w) => w.persistent === 0).map((w) => w.patient_id))].filter((id) => !predicted.has(id)).map((id) => ({ patient_id: id, reason: 'not in the persistent subset (recovered by the end of the early window)' })) : []),
  ];
  writeFileSync(join(outDir, 'not-predicted.csv'), csvOf(skipped, ['patient_id', 'reason']));
  const what = model.kind === 'lstm' ? 'predicted House–Brackmann grades (window × later visit)' : `probabilities of recovery (${model.kind === 'svm' ? 'SVM, Platt sigmoid' : 'logistic regression'})`;
  writeErr(`predict: ${model.kind} model of step "${model.provenance.cellId}" (${model.subset === 'all' ? 'all subjects' : 'persistent subset'}): ${predictions.length} ${what} for ${predicted.size} patients; ${skipped.length} patients not predicted (not-predicted.csv); wrote ${outDir}\n`);
  return 0;
}

void runMain(USAGE, main);
