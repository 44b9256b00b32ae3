/**
 * The paper notebook cut down to one SVM, its LR baseline and one LSTM, with tiny settings, on
 * the first ~60 patients of the bundled cohort: every model kind trains in a few seconds. Shared
 * by the model-file tests, the external-validation tests and the script that makes the R
 * reference's inputs (scripts/reference/make-external-window-inputs.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { registry } from '../../../lib/cells';
import { sha256Hex } from '../../../lib/notebook/hash';
import type { Notebook } from '../../../lib/notebook/notebook-schema';
import { runNotebook } from '../../../lib/notebook/run-notebook';
import type { NotebookState } from '../../../lib/notebook/state';
import { findNotebook } from '../../../notebooks';

export const TINY_CELLS = ['data', 'cohort', 'windows', 'split', 'grid', 'evaluate', 'svm-baselines', 'temporal', 'lstm-split', 'lstm-all-m1'] as const;

export function tinyNotebook(keep: readonly string[] = TINY_CELLS): Notebook {
  const nb = findNotebook('han-2026')!;
  const params: Record<string, Record<string, unknown>> = {
    grid: { size: 2, includePaperPicks: false },
    evaluate: { resamples: 100 },
    'svm-baselines': { resamples: 100 },
    temporal: { resamples: 100 },
    'lstm-all-m1': { bootstrapResamples: 10, courseStepDays: 100, lstm: { units: [4], maxEpochs: 2, engine: 'wasm' } },
  };
  return { ...nb, cells: nb.cells.filter((c) => keep.includes(c.id)).map((c) => (params[c.id] ? { ...c, params: { ...(c as { params?: object }).params, ...params[c.id] } } : c)) } as Notebook;
}

/** The rows of the bundled cohort's first `patients` patients (the file is sorted by patient). */
export function tinySource(patients = 60) {
  const text = readFileSync('data/synthetic-cohort.csv', 'utf8');
  const lines = text.split('\n');
  const header = lines[0]!;
  const idCol = header.split(',').indexOf('patient_id');
  const ids: string[] = [];
  const rows = lines.slice(1).filter((l) => {
    if (!l) return false;
    const id = l.split(',')[idCol]!;
    if (!ids.includes(id)) ids.push(id);
    return ids.indexOf(id) < patients;
  });
  const small = `${[header, ...rows].join('\n')}\n`;
  const bytes = new TextEncoder().encode(small);
  return { name: 'small.csv', sha256: sha256Hex(bytes), text: small, bytes };
}

/** Runs the tiny notebook in Node; throws naming the first failed cell. */
export async function runTiny(notebook: Notebook, source: ReturnType<typeof tinySource>): Promise<NotebookState> {
  const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
  const state = await runNotebook({ notebook, registry, source, env: { host: 'node', libsvmWasmBinary } });
  for (const [id, c] of Object.entries(state.cells)) if (c.status === 'error') throw new Error(`${id}: ${c.error}`);
  return state;
}
