/**
 * The model files of a run (`npm run reproduce` writes them under DIR/models/, the page offers
 * each from its cell): for every trained-model cell that ran, its file(s) with the provenance the
 * notebook gives (cell parameters, the inclusion and windowing steps that built its windows).
 * Audit copies (hidden variant cells) write none: they report through the cell they feed.
 */
import type { BaselineModelsOutput } from '../cells/baseline-models';
import type { ClassificationEvalOutput } from '../cells/classification-eval';
import type { LstmRegressionOutput } from '../cells/lstm-regression';
import type { LstmSplitOutput } from '../cells/lstm-split';
import type { SvmSplitOutput } from '../cells/svm-split';
import type { WindowsOutput } from '../cells/windowing';
import type { CellRegistry } from '../notebook/registry';
import { isComputeCell, isVariantCopy, type ComputeCell, type Notebook } from '../notebook/notebook-schema';
import { logisticModelFile, lstmModelFile, svmModelFile, type ModelProvenance, type WindowModelFile } from './model-file';
import { windowCaseMix, type WindowCaseMix } from './window-case-mix';

export const WINDOW_MODEL_KINDS = ['classification-eval', 'baseline-models', 'lstm-regression'] as const;

export interface RunModelFile {
  /** models/<fileName> */
  fileName: string;
  cellId: string;
  model: WindowModelFile;
}

export interface ModelFileOptions {
  dataSha256: string;
  createdAt?: string | null;
  workbench?: string;
  /** The SVM's support vectors are training rows: written only when asked for. */
  includeSupportVectors: boolean;
}

type Outputs = (cellId: string) => unknown;

/** The cell's parameters as the run resolved them (defaults filled). */
function resolvedParams(registry: CellRegistry, cell: ComputeCell): Record<string, unknown> {
  const parsed = registry.get(cell.kind).params.safeParse(cell.params ?? {});
  return (parsed.success ? parsed.data : (cell.params ?? {})) as Record<string, unknown>;
}

/** Provenance of a model cell: its parameters and those of the inclusion and windowing steps upstream. */
export function modelProvenance(notebook: Notebook, registry: CellRegistry, cellId: string, o: Omit<ModelFileOptions, 'includeSupportVectors'>): ModelProvenance {
  const cells = notebook.cells.filter(isComputeCell);
  const byId = new Map(cells.map((c) => [c.id, c]));
  const cell = byId.get(cellId);
  if (!cell) throw new Error(`no step "${cellId}" in notebook "${notebook.id}"`);
  // Walk the inputs up to the windowing step and its inclusion step.
  const find = (from: ComputeCell, kind: string, seen = new Set<string>()): ComputeCell | undefined => {
    for (const id of Object.values(from.inputs ?? {}) as string[]) {
      if (seen.has(id)) continue;
      seen.add(id);
      const c = byId.get(id);
      if (!c) continue;
      if (c.kind === kind) return c;
      const up = find(c, kind, seen);
      if (up) return up;
    }
    return undefined;
  };
  const windowing = find(cell, 'windowing');
  const inclusion = windowing ? find(windowing, 'cohort-inclusion') : undefined;
  if (!windowing || !inclusion) throw new Error(`step "${cellId}" is not fed by a windowing step and its inclusion step`);
  return {
    notebookId: notebook.id,
    cellId,
    cellKind: cell.kind,
    parameters: resolvedParams(registry, cell),
    seed: notebook.seed,
    dataSha256: o.dataSha256,
    windows: { inclusion: resolvedParams(registry, inclusion), windowing: resolvedParams(registry, windowing) },
    ...(o.createdAt !== undefined ? { createdAt: o.createdAt } : {}),
    ...(o.workbench !== undefined ? { workbench: o.workbench } : {}),
  };
}

/** The summary of a classifier's training windows: the split's training rows of the subset, as the split numbered them. */
export function svmTrainingCaseMix(windows: WindowsOutput, split: SvmSplitOutput, subset: 'all' | 'persistent'): WindowCaseMix {
  const rows = subset === 'all' ? windows.classification : windows.classification.filter((s) => s.persistent === 1);
  return windowCaseMix(split[subset].train.map((i) => rows[i]!), split[subset].features);
}

/** The model files of one cell (none for a kind that trains no window-level model). */
export function cellModelFiles(notebook: Notebook, registry: CellRegistry, cellId: string, outputOf: Outputs, o: ModelFileOptions): RunModelFile[] {
  const cell = notebook.cells.find((c): c is ComputeCell => isComputeCell(c) && c.id === cellId);
  const output = outputOf(cellId);
  if (!cell || output === undefined || !(WINDOW_MODEL_KINDS as readonly string[]).includes(cell.kind)) return [];
  const p = modelProvenance(notebook, registry, cellId, o);
  const name = (subset: 'all' | 'persistent') => (subset === 'all' ? `${cellId}.json` : `${cellId}-persistent.json`);
  const inputsOf = (c: ComputeCell) => (c.inputs ?? {}) as Record<string, string>;
  const cellById = (id: string | undefined) => notebook.cells.find((c): c is ComputeCell => isComputeCell(c) && c.id === id);
  if (cell.kind === 'classification-eval' || cell.kind === 'baseline-models') {
    const splitId = inputsOf(cell).split;
    const split = outputOf(splitId!) as SvmSplitOutput | undefined;
    const splitCell = cellById(splitId);
    const windows = splitCell ? (outputOf(inputsOf(splitCell).windows!) as WindowsOutput | undefined) : undefined;
    const development = (subset: 'all' | 'persistent') => (split && windows ? svmTrainingCaseMix(windows, split, subset) : undefined);
    // Derived features: their definitions travel with the file (the windows that fed the split define them).
    const derived = windows?.derived ?? split?.derived ?? [];
    if (cell.kind === 'classification-eval') {
      const out = output as ClassificationEvalOutput;
      return (['all', 'persistent'] as const).map((subset) => ({ fileName: name(subset), cellId, model: svmModelFile(out, subset, { ...p, development: development(subset), derived }, { includeSupportVectors: o.includeSupportVectors }) }));
    }
    if (!split) return [];
    const out = output as BaselineModelsOutput;
    return (['all', 'persistent'] as const).flatMap((subset) => {
      const model = logisticModelFile(out, subset, split[subset].scaler, split[subset].features, { ...p, development: development(subset), derived });
      return model ? [{ fileName: name(subset), cellId, model }] : [];
    });
  }
  const lstm = output as LstmRegressionOutput;
  const windows = outputOf(inputsOf(cell).windows!) as WindowsOutput | undefined;
  const lstmSplit = outputOf(inputsOf(cell).split!) as LstmSplitOutput | undefined;
  // The LSTM split numbers rows of windows.regression directly.
  const development = windows && lstmSplit ? windowCaseMix(lstmSplit[lstm.subset].train.map((i) => windows.regression[i]!), lstm.trained.encoding.staticFeatures) : undefined;
  // Derived static features: their definitions travel with the file, so predict and the external validation recompute them.
  const derived = lstm.derived ?? windows?.derived ?? [];
  return [{ fileName: `${cellId}.json`, cellId, model: lstmModelFile(lstm, { ...p, development, derived }) }];
}

/** Every model file of a run: the trained-model cells that ran, audit copies left out. */
export function runModelFiles(notebook: Notebook, registry: CellRegistry, outputOf: Outputs, o: ModelFileOptions): RunModelFile[] {
  return notebook.cells
    .filter((c): c is ComputeCell => isComputeCell(c) && !isVariantCopy(c) && (WINDOW_MODEL_KINDS as readonly string[]).includes(c.kind))
    .flatMap((c) => cellModelFiles(notebook, registry, c.id, outputOf, o));
}

/** A model file's bytes: the same model and run give the same bytes. */
export function modelFileText(model: object): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
