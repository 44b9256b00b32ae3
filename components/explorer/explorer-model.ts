/**
 * The feature-set explorer's model, without React: which cell a run varies and which it
 * compares, the derived notebook a run is (lib/notebook/derive.ts), what a run's status and
 * result are, the features a run may choose (the built-in ones and the notebook's derived
 * features that reach the model), and the rows and figures of the comparison. The component
 * (FeatureExplorer.tsx) holds the state and renders; everything it decides is here, tested in
 * Node (tests/unit/components/explorer-model.test.ts).
 */
import { registry } from '@/lib/cells';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import {
  featureSetName,
  LSTM_PRESETS,
  LSTM_STATIC_FEATURES,
  lstmComparisonRows,
  SVM_FEATURES,
  SVM_PRESETS,
  svmComparisonRows,
  type ComparisonRow,
  type FeatureSetPreset,
  type ModelFamily,
} from '@/lib/explorer/feature-sets';
import { captionAs } from '@/lib/figures/compose-figure';
import { gradeGroups, predictedByGrade } from '@/lib/figures/predicted-by-grade';
import { resolveParams, type Artifact } from '@/lib/notebook/define-cell';
import type { DeriveSpec } from '@/lib/notebook/derive';
import { isComputeCell, type ComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import type { NotebookRuntime } from '@/lib/notebook/runtime';
import type { NotebookState } from '@/lib/notebook/state';

/** What is kept of a run between visits (this browser only): enough to rebuild it from the cache. */
export interface SavedRun {
  id: number;
  family: ModelFamily;
  features: string[];
  subset: 'all' | 'persistent';
  /** The cell whose output this run compares (an evaluation or an LSTM cell of the derived notebook). */
  target: string;
  notebook: Notebook;
  /** Cache keys of the feature cell's inputs when the run started (data and upstream parameters). */
  basis: string;
  /** The result's cache key once it finished: found again after a reload, even after the data changed. */
  resultKey?: string;
}

/** One explorer run: a derived notebook (the notebook with one cell's features changed), run by its own runtime. */
export interface ExplorerRun extends SavedRun {
  runtime: NotebookRuntime;
  /** A result restored from the cache by `resultKey` that the current data no longer give. */
  earlier?: unknown;
}

export type RunStatus = 'running' | 'done' | 'error' | 'cancelled' | 'waiting';

/** A derived feature a run may choose: its code name and its reader's label. */
export interface DerivedChoice {
  name: string;
  label: string;
}

const FEATURE_LABEL: Record<string, string> = {
  sex: 'sex',
  age: 'age',
  hypertension: 'hypertension',
  diabetes: 'diabetes',
  delayed_treatment: 'delayed treatment',
};

export const paramsOf = (cell: ComputeCell) => resolveParams(registry.get(cell.kind), cell.params) as Record<string, unknown>;

/** The cell of the notebook whose features a run of this family and subset varies. */
export function featureCellOf(cells: readonly ComputeCell[], family: ModelFamily, subset: 'all' | 'persistent'): ComputeCell | undefined {
  return cells.find((c) => {
    // Hidden cells (the audit's variants) are not the notebook's own steps.
    if (c.hidden) return false;
    const fs = registry.get(c.kind).featureSet;
    return fs?.family === family && (family === 'svm' || paramsOf(c).subset === subset);
  });
}

/**
 * The derived features that reach a feature cell: the derived-feature steps on the chain of its
 * `windows` input (each step's windows come from the one before), earliest first. Only these can
 * be chosen: another derived-feature step of the notebook does not feed this model's windows.
 */
export function derivedChoices(cells: readonly ComputeCell[], featureCell: ComputeCell | undefined): DerivedChoice[] {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const chain: DerivedChoice[] = [];
  const seen = new Set<string>();
  let from = featureCell?.inputs.windows;
  while (from !== undefined && !seen.has(from)) {
    seen.add(from);
    const cell = byId.get(from);
    if (!cell || cell.kind !== 'derived-feature') break;
    const p = paramsOf(cell);
    chain.unshift({ name: String(p.name), label: String(p.label) });
    from = cell.inputs.windows;
  }
  return chain;
}

/** The features a run of this family offers: the built-in ones, then the derived ones that reach its cell. */
export function featureOptions(family: ModelFamily, derived: readonly DerivedChoice[]): string[] {
  return [...(family === 'svm' ? SVM_FEATURES : LSTM_STATIC_FEATURES), ...derived.map((d) => d.name)];
}

/** A checkbox's label: the built-in feature's words, or a derived feature's own label. */
export function optionLabel(feature: string, derived: readonly DerivedChoice[]): string {
  return derived.find((d) => d.name === feature)?.label ?? FEATURE_LABEL[feature] ?? feature;
}

export const presetsOf = (family: ModelFamily): readonly FeatureSetPreset<string>[] => (family === 'svm' ? SVM_PRESETS : LSTM_PRESETS);

/** A run's feature set in words: a preset's name, or the features, derived ones by their labels. */
export function runFeatureName(family: ModelFamily, features: readonly string[], derived: readonly DerivedChoice[] = []): string {
  const named = featureSetName(presetsOf(family), features);
  if (!features.some((f) => derived.some((d) => d.name === f))) return named;
  return features.map((f) => derived.find((d) => d.name === f)?.label ?? f).join(', ');
}

/** Cache keys of a cell's inputs (data and upstream parameters): a run made on others is "earlier". */
export function basisOf(state: NotebookState, cellId: string): string {
  const cell = state.graph.cells.get(cellId);
  return cell ? Object.values(cell.inputs).map((from) => `${from}:${state.cells[from]?.status === 'fresh' ? state.cells[from]!.key : '-'}`).join('|') : '';
}

/**
 * The derived notebook of a run: the feature cell's features replaced by `features`, targeting
 * the cell itself (LSTM) or the SVM evaluations downstream of it (SVM). A derived feature among
 * `features` must reach the cell (derivedChoices): the split or network refuses an unknown name.
 */
export function runSpec(state: NotebookState, id: number, family: ModelFamily, featureCell: ComputeCell, features: readonly string[]): { spec: DeriveSpec; target: string } {
  const def = registry.get(featureCell.kind);
  const targets = family === 'lstm' ? [featureCell.id] : state.graph.downstreamClosure(featureCell.id).filter((c) => registry.get(state.graph.cells.get(c)!.kind).evaluates === 'svm');
  return {
    spec: { id: `${state.notebook.id}-explorer-${id}`, targets, params: { [featureCell.id]: { [def.featureSet!.param]: [...features] } } },
    target: targets[0]!,
  };
}

/** The run's status as its target cell in its runtime says. */
export function statusOf(run: ExplorerRun): RunStatus {
  const cells = run.runtime.getState().cells;
  if (Object.values(cells).some((c) => c.status === 'running')) return 'running';
  const target = cells[run.target];
  if (target?.status === 'fresh') return 'done';
  const failed = Object.values(cells).find((c) => c.status === 'error');
  if (failed) return 'error';
  if (run.earlier !== undefined) return 'done';
  return target?.status === 'stale' ? 'cancelled' : 'waiting';
}

export function outputOf(run: ExplorerRun): unknown {
  const target = run.runtime.getState().cells[run.target];
  return target?.status === 'fresh' ? target.output : run.earlier;
}

/** The derived features a run's own notebook lets its feature cell choose (labels for its rows and figures). */
function runDerived(run: SavedRun): DerivedChoice[] {
  const cells = run.notebook.cells.filter(isComputeCell);
  return derivedChoices(cells, featureCellOf(cells, run.family, run.subset));
}

/**
 * The comparison's rows: the notebook's own fresh evaluations first (the reference rows), then
 * each finished run. Every SVM row is paired with the notebook's first fresh SVM evaluation.
 */
export function comparisonRows(state: NotebookState, finished: readonly ExplorerRun[], runLabel: (r: ExplorerRun) => string): { svmRows: ComparisonRow[]; lstmRows: ComparisonRow[] } {
  const svmRows: ComparisonRow[] = [];
  const lstmRows: ComparisonRow[] = [];
  const cells = state.notebook.cells.filter(isComputeCell);
  let reference: ClassificationEvalOutput | undefined;
  for (const cell of cells) {
    const run = state.cells[cell.id];
    if (!cell.hidden && run?.status === 'fresh' && run.output !== undefined && registry.get(cell.kind).evaluates === 'svm') {
      reference = run.output as ClassificationEvalOutput;
      break;
    }
  }
  for (const cell of cells) {
    const run = state.cells[cell.id];
    const evaluates = registry.get(cell.kind).evaluates;
    if (cell.hidden || run?.status !== 'fresh' || run.output === undefined || !evaluates) continue;
    if (evaluates === 'svm') {
      const split = featureCellOf(cells, 'svm', 'all');
      const f = split ? (paramsOf(split).features as string[]) : [...SVM_FEATURES];
      svmRows.push(...svmComparisonRows(`notebook: ${cell.id}`, runFeatureName('svm', f, derivedChoices(cells, split)), run.output as ClassificationEvalOutput, reference));
    } else {
      const out = run.output as LstmRegressionOutput;
      lstmRows.push(...lstmComparisonRows(`notebook: ${cell.id}`, runFeatureName('lstm', out.staticFeatures, out.derived ?? []), out));
    }
  }
  for (const r of finished) {
    const out = outputOf(r);
    if (r.family === 'svm') svmRows.push(...svmComparisonRows(runLabel(r), runFeatureName('svm', r.features, runDerived(r)), out as ClassificationEvalOutput, reference));
    else lstmRows.push(...lstmComparisonRows(runLabel(r), runFeatureName('lstm', (out as LstmRegressionOutput).staticFeatures, runDerived(r)), out as LstmRegressionOutput));
  }
  return { svmRows, lstmRows };
}

/** Each finished run's figure: the SVM evaluation's (captioned as the run), or the LSTM's predicted-by-grade panel. */
export function runFigures(finished: readonly ExplorerRun[]): { run: ExplorerRun; artifact: Extract<Artifact, { type: 'figure' }> }[] {
  return finished.flatMap((r): { run: ExplorerRun; artifact: Extract<Artifact, { type: 'figure' }> }[] => {
    const out = outputOf(r);
    const name = runFeatureName(r.family, r.features, runDerived(r));
    if (r.family === 'svm') {
      const cell = r.notebook.cells.find((c) => c.id === r.target) as ComputeCell;
      const def = registry.get(cell.kind);
      const fig = def.artifacts?.(out, resolveParams(def, cell.params), {}).find((a) => a.type === 'figure');
      // Captioned as this run, not as the paper's Fig. 4 it is drawn like.
      const caption = captionAs(`Explorer run ${r.id} (${name})`, fig?.caption);
      return fig?.type === 'figure' ? [{ run: r, artifact: { ...fig, name: `explorer-${r.id}-classification`, caption } }] : [];
    }
    const lstm = out as LstmRegressionOutput;
    const title = `Explorer ${r.id}: ${name}, ${lstm.subset === 'all' ? 'all subjects' : 'persistent'} (test)`;
    return [
      {
        run: r,
        artifact: {
          type: 'figure',
          name: `explorer-${r.id}-predicted-by-grade`,
          widthPx: 440,
          caption: `Explorer run ${r.id} (${name}, ${lstm.subset === 'all' ? 'all subjects' : 'persistent palsy subset'}). Predicted against actual grade at the outcome visit on the test part: mean prediction ± 1 SD per actual grade.`,
          render: (document) => predictedByGrade(gradeGroups(lstm.testPredictions), { document, title }) as unknown as Element,
        },
      },
    ];
  });
}

/** A run's own feature set in words, for its list entry and figure heading. */
export const runName = (r: SavedRun) => runFeatureName(r.family, r.features, runDerived(r));
