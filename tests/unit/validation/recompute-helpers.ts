// What the honest-recompute tests share: the statistics written out independently of lib/stats
// (numpy-linear percentiles, AUC by pairs) and a step's exported table parsed as a re-analyst
// would read it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Papa from 'papaparse';
import { registry } from '@/lib/cells';
import { resolveParams, type Artifact } from '@/lib/notebook/define-cell';
import { effectiveParams, isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { cellInputs, type NotebookState } from '@/lib/notebook/state';

export const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));

/** numpy's default (linear) percentile of unsorted values. */
export function percentile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}
export const interval = (values: readonly number[]) => [percentile(values, 0.025), percentile(values, 0.975)] as const;

/** Mann–Whitney AUC by pairs (ties ½); NaN with one outcome only. */
export function pairAuc(y: readonly number[], s: readonly number[]): number {
  let won = 0, pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      won += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return pairs ? won / pairs : NaN;
}

/** A step's exported table, through the step's own artifacts, parsed with ids as text and the rest as numbers. */
export function exported<R>(state: NotebookState, notebook: Notebook, cellId: string, name: string): R[] {
  const cell = notebook.cells.find((c) => c.id === cellId)!;
  if (!isComputeCell(cell)) throw new Error(`${cellId} is a compute cell`);
  const def = registry.get(cell.kind);
  const artifacts = (def.artifacts?.(state.cells[cellId]!.output as never, resolveParams(def, effectiveParams(notebook, cell)) as never, cellInputs(state, cellId) as never) ?? []) as Artifact[];
  const table = artifacts.find((a) => a.type === 'table' && a.name === name);
  if (!table || table.type !== 'table') throw new Error(`${name} not exported by ${cellId}`);
  return Papa.parse<R>(table.csv.trim(), { header: true, dynamicTyping: (field) => field !== 'patient_id' }).data;
}
