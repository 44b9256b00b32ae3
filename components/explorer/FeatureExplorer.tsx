'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { registry } from '@/lib/cells';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import type { SvmGridOutput } from '@/lib/cells/svm-grid';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import {
  featureSetName,
  LSTM_COMPARISON_COLUMNS,
  LSTM_PRESETS,
  LSTM_STATIC_FEATURES,
  lstmComparisonRows,
  matchingPreset,
  SVM_COMPARISON_COLUMNS,
  SVM_FEATURES,
  SVM_PRESETS,
  svmComparisonRows,
  type ComparisonRow,
  type ModelFamily,
} from '@/lib/explorer/feature-sets';
import { gradeGroups, predictedByGrade } from '@/lib/figures/predicted-by-grade';
import { resolveParams, type Artifact, type Progress } from '@/lib/notebook/define-cell';
import type { CellExecutor } from '@/lib/notebook/executor';
import { isComputeCell, type ComputeCell } from '@/lib/notebook/notebook-schema';
import type { NotebookState } from '@/lib/notebook/state';
import { tableArtifact } from '@/lib/tables/table-artifact';
import { FigureView, TableView } from '@/components/notebook/ArtifactView';
import { runTask } from '@/components/notebook/run-task';

interface ExplorerRun {
  id: number;
  family: ModelFamily;
  features: string[];
  subset: 'all' | 'persistent';
  status: 'running' | 'done' | 'error' | 'cancelled';
  step?: string;
  progress?: Progress;
  error?: string;
  svm?: ClassificationEvalOutput;
  lstm?: LstmRegressionOutput;
  /** The classification-eval parameters the SVM run used (its figure builder reads them). */
  evalParams?: unknown;
  /** Cache key of the windows the run started from (data and upstream parameters). */
  basis?: string;
}

/** Where finished runs are kept between visits (this browser only). */
export interface ExplorerStorage {
  load(): Promise<ExplorerRun[] | undefined>;
  save(runs: ExplorerRun[]): Promise<void>;
}
export type { ExplorerRun };

const FEATURE_LABEL: Record<string, string> = {
  sex: 'sex',
  age: 'age',
  hypertension: 'hypertension',
  diabetes: 'diabetes',
  delayed_treatment: 'delayed treatment',
};

// Hidden cells (the audit's variants) are not the notebook's own steps: never a reference.
const cellOfKind = (cells: readonly ComputeCell[], kind: string) => cells.find((c) => c.kind === kind && !c.hidden);

/**
 * The feature-set explorer: the SVM or the LSTM on any subset of features, run beside the
 * notebook (same data, parameters and seed; the notebook itself is not changed), compared in
 * one table with 95% CIs and with their figures side by side. The paper's own results, when
 * fresh, are in the table as the reference rows.
 */
export function FeatureExplorer({ state, executor, storage }: { state: NotebookState; executor: CellExecutor; storage?: ExplorerStorage }) {
  const [family, setFamily] = useState<ModelFamily>('lstm');
  const [svmFeatures, setSvmFeatures] = useState<string[]>([...SVM_FEATURES]);
  const [lstmFeatures, setLstmFeatures] = useState<string[]>([...LSTM_PRESETS[0]!.features]);
  const [subset, setSubset] = useState<'all' | 'persistent'>('all');
  const [runs, setRuns] = useState<ExplorerRun[]>([]);
  const controllers = useRef(new Map<number, AbortController>());
  const nextId = useRef(1);

  const cells = state.notebook.cells.filter(isComputeCell);
  const windowsCell = cellOfKind(cells, 'windowing');
  const windows = windowsCell && state.cells[windowsCell.id]?.status === 'fresh' ? state.cells[windowsCell.id]!.output : undefined;
  const basis = windowsCell && state.cells[windowsCell.id]?.status === 'fresh' ? state.cells[windowsCell.id]!.key : undefined;

  // Finished runs come back after a reload, and are kept as they finish.
  const restored = useRef(false);
  useEffect(() => {
    if (!storage) return;
    let cancelled = false;
    storage
      .load()
      .then((saved) => {
        if (cancelled || !saved?.length) return;
        setRuns((list) => [...saved.filter((r) => !list.some((x) => x.id === r.id)), ...list]);
        nextId.current = Math.max(nextId.current, ...saved.map((r) => r.id + 1));
      })
      .catch(() => undefined)
      .finally(() => (restored.current = true));
    return () => {
      cancelled = true;
    };
  }, [storage]);
  const features = family === 'svm' ? svmFeatures : lstmFeatures;
  const presets = family === 'svm' ? SVM_PRESETS : LSTM_PRESETS;
  const options: readonly string[] = family === 'svm' ? SVM_FEATURES : LSTM_STATIC_FEATURES;
  const setFeatures = family === 'svm' ? setSvmFeatures : setLstmFeatures;
  const selectedPreset = matchingPreset(presets, features)?.id;

  const update = (id: number, patch: Partial<ExplorerRun>) => setRuns((list) => list.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const paramsOf = (cell: ComputeCell | undefined) => (cell ? (resolveParams(registry.get(cell.kind), cell.params) as Record<string, unknown>) : {});

  const start = async () => {
    if (!windows) return;
    const id = nextId.current++;
    const controller = new AbortController();
    controllers.current.set(id, controller);
    const run: ExplorerRun = { id, family, features: [...features], subset, status: 'running', step: 'starting', basis };
    setRuns((list) => [...list, run]);
    const seed = state.notebook.seed;
    const onProgress = (progress: Progress) => update(id, { progress });
    try {
      if (family === 'svm') {
        const splitParams = { ...paramsOf(cellOfKind(cells, 'svm-split')), features: run.features };
        update(id, { step: 'split' });
        const split = await runTask<SvmSplitOutput>(executor, { kind: 'svm-split', params: splitParams, seed, inputs: { windows }, label: `explorer-${id}` }, controller.signal, onProgress);
        update(id, { step: 'grid search' });
        const grid = await runTask<SvmGridOutput>(executor, { kind: 'svm-grid', params: paramsOf(cellOfKind(cells, 'svm-grid')), seed, inputs: { split }, label: `explorer-${id}` }, controller.signal, onProgress);
        update(id, { step: 'evaluation' });
        const evalParams = paramsOf(cellOfKind(cells, 'classification-eval'));
        const svm = await runTask<ClassificationEvalOutput>(executor, { kind: 'classification-eval', params: evalParams, seed, inputs: { split, grid }, label: `explorer-${id}` }, controller.signal, onProgress);
        update(id, { status: 'done', svm, evalParams, progress: undefined, step: undefined });
      } else {
        // The notebook's own LSTM settings for this subset; only the static features change.
        const base = cells.filter((c) => c.kind === 'lstm-regression' && !c.hidden).map(paramsOf).find((p) => p.subset === run.subset) ?? { subset: run.subset };
        update(id, { step: 'training' });
        const lstm = await runTask<LstmRegressionOutput>(
          executor,
          { kind: 'lstm-regression', params: { ...base, subset: run.subset, staticFeatures: run.features }, seed, inputs: { windows }, label: `explorer-${id}` },
          controller.signal,
          onProgress,
        );
        update(id, { status: 'done', lstm, progress: undefined, step: undefined });
      }
    } catch (err) {
      if (controller.signal.aborted) update(id, { status: 'cancelled', progress: undefined });
      else update(id, { status: 'error', error: (err as Error).message, progress: undefined });
    } finally {
      controllers.current.delete(id);
    }
  };

  // The comparison: the notebook's fresh results first (the reference), then the explorer's runs.
  // Depends on the notebook's evaluation and LSTM results only (by cache key), not on progress.
  const referenceKey = state.notebook.cells
    .filter((c) => (c.kind === 'classification-eval' || c.kind === 'lstm-regression') && !(isComputeCell(c) && c.hidden))
    .map((c) => `${c.id}:${state.cells[c.id]?.status}:${state.cells[c.id]?.key}`)
    .join('|');
  const stateRef = useRef(state);
  stateRef.current = state;
  const finishedRuns = runs.filter((r) => r.svm || r.lstm);
  const finishedKey = finishedRuns.map((r) => r.id).join(',');
  useEffect(() => {
    if (storage && restored.current) void storage.save(finishedRuns.map(({ progress: _p, step: _s, ...r }) => r)).catch(() => undefined);
    // Saved when the set of finished runs changes.
  }, [finishedKey]);
  // A run from other data or other upstream settings than the notebook's now is labelled so.
  const runLabel = (r: ExplorerRun) => `explorer ${r.id}${r.basis !== basis ? ' (earlier data or settings)' : ''}`;
  const { svmRows, lstmRows } = useMemo(() => {
    const state = stateRef.current;
    const svmRows: ComparisonRow[] = [];
    const lstmRows: ComparisonRow[] = [];
    for (const cell of state.notebook.cells.filter(isComputeCell)) {
      const run = state.cells[cell.id];
      if (cell.hidden || run?.status !== 'fresh' || run.output === undefined) continue;
      if (cell.kind === 'classification-eval') {
        const split = cellOfKind(state.notebook.cells.filter(isComputeCell), 'svm-split');
        const f = split ? (resolveParams(registry.get('svm-split'), split.params) as { features: string[] }).features : [...SVM_FEATURES];
        svmRows.push(...svmComparisonRows(`notebook: ${cell.id}`, featureSetName(SVM_PRESETS, f), run.output as ClassificationEvalOutput));
      }
      if (cell.kind === 'lstm-regression') {
        const out = run.output as LstmRegressionOutput;
        lstmRows.push(...lstmComparisonRows(`notebook: ${cell.id}`, featureSetName(LSTM_PRESETS, out.staticFeatures), out));
      }
    }
    for (const r of finishedRuns) {
      if (r.svm) svmRows.push(...svmComparisonRows(runLabel(r), featureSetName(SVM_PRESETS, r.features), r.svm));
      if (r.lstm) lstmRows.push(...lstmComparisonRows(runLabel(r), featureSetName(LSTM_PRESETS, r.lstm.staticFeatures), r.lstm));
    }
    return { svmRows, lstmRows };
    // Keyed by referenceKey, finishedKey and basis on purpose (the state itself changes with every progress message).
  }, [referenceKey, finishedKey, basis]);

  // Figures and tables are rebuilt only when their runs or results change, not on every
  // progress message of a running cell.
  const lstmTable = useMemo(
    () =>
      tableArtifact('explorer_lstm_comparison', lstmRows, LSTM_COMPARISON_COLUMNS, {
        caption: 'LSTM runs: mean absolute error in grades with bootstrap 95% CI; linear and last-grade-carried-forward baselines on the same rows',
      }),
    [lstmRows],
  );
  const svmTable = useMemo(() => tableArtifact('explorer_svm_comparison', svmRows, SVM_COMPARISON_COLUMNS, { caption: 'SVM runs: test-set metrics with bootstrap 95% CI' }), [svmRows]);
  const figures = useMemo(() => finishedRuns.flatMap((r): { run: ExplorerRun; artifact: Extract<Artifact, { type: 'figure' }> }[] => {
    if (r.svm) {
      const fig = registry
        .get('classification-eval')
        .artifacts?.(r.svm, r.evalParams, {})
        .find((a) => a.type === 'figure');
      return fig?.type === 'figure' ? [{ run: r, artifact: { ...fig, name: `explorer-${r.id}-classification` } }] : [];
    }
    if (r.lstm) {
      const out = r.lstm;
      const title = `Explorer ${r.id}: ${featureSetName(LSTM_PRESETS, out.staticFeatures)}, ${out.subset === 'all' ? 'all subjects' : 'persistent'} (test)`;
      return [
        {
          run: r,
          artifact: {
            type: 'figure',
            name: `explorer-${r.id}-predicted-by-grade`,
            widthPx: 440,
            render: (document) => predictedByGrade(gradeGroups(out.testPredictions), { document, title }) as unknown as Element,
          },
        },
      ];
    }
    return [];
    // Keyed by the finished runs: a finished run's result never changes.
  }), [finishedKey]);

  return (
    <section className="explorer" id="explorer" aria-labelledby="explorer-title" data-testid="explorer">
      <h2 id="explorer-title">Feature-set explorer</h2>
      <p className="cell-desc">
        Run the SVM or the LSTM on any set of features, beside the notebook: same data, parameters and seed, so a run with the paper&apos;s features
        repeats the notebook&apos;s numbers. Results are compared below with bootstrap 95% CIs; the notebook&apos;s own fresh results are the reference rows.
      </p>
      <div className="explorer-form">
        <fieldset className="field inline-options">
          <legend>Model</legend>
          <label className="inline">
            <input type="radio" name="explorer-family" checked={family === 'lstm'} onChange={() => setFamily('lstm')} data-testid="explorer-family-lstm" />
            LSTM regression of the later grade
          </label>
          <label className="inline">
            <input type="radio" name="explorer-family" checked={family === 'svm'} onChange={() => setFamily('svm')} data-testid="explorer-family-svm" />
            SVM classification of recovery (both subsets)
          </label>
        </fieldset>
        {family === 'lstm' && (
          <label className="field">
            <span>Subjects</span>
            <select value={subset} onChange={(e) => setSubset(e.target.value as 'all' | 'persistent')} data-testid="explorer-subset">
              <option value="all">all subjects</option>
              <option value="persistent">persistent subset</option>
            </select>
          </label>
        )}
        <div className="presets" role="group" aria-label="Presets">
          <span className="cell-meta">Presets:</span>
          {presets.map((p) => (
            <button
              key={p.id}
              type="button"
              className={`button small${selectedPreset === p.id ? ' selected' : ''}`}
              data-testid={`explorer-preset-${p.id}`}
              aria-pressed={selectedPreset === p.id}
              onClick={() => setFeatures([...p.features])}
            >
              {p.label}
            </button>
          ))}
        </div>
        <fieldset className="field checkboxes">
          <legend>{family === 'svm' ? 'Features' : 'Static features (every LSTM also sees the window’s days and grades)'}</legend>
          {options.map((f) => (
            <label key={f} className="inline">
              <input
                type="checkbox"
                checked={features.includes(f)}
                data-testid={`explorer-feature-${f}`}
                onChange={(e) => setFeatures(e.target.checked ? options.filter((o) => o === f || features.includes(o)) : features.filter((x) => x !== f))}
              />
              {FEATURE_LABEL[f] ?? f}
            </label>
          ))}
        </fieldset>
        <div className="toolbar">
          <button type="button" className="button primary" data-testid="explorer-run" disabled={!windows || (family === 'svm' && features.length === 0)} onClick={() => void start()}>
            Run this feature set
          </button>
          {!windows && <span className="cell-meta">Waiting for the windowing step to be fresh.</span>}
        </div>
      </div>

      {runs.length > 0 && (
        <ul className="explorer-runs" aria-label="Explorer runs">
          {runs.map((r) => (
            <li key={r.id} data-testid={`explorer-run-${r.id}`} data-status={r.status}>
              <strong>Explorer {r.id}</strong>
              {r.status === 'done' && r.basis !== basis && <span className="cell-meta"> (earlier data or settings)</span>} · {r.family === 'svm' ? 'SVM' : `LSTM, ${r.subset === 'all' ? 'all subjects' : 'persistent'}`} ·{' '}
              {featureSetName(r.family === 'svm' ? SVM_PRESETS : LSTM_PRESETS, r.features)}{' '}
              <span className={`badge ${r.status === 'done' ? 'fresh' : r.status === 'cancelled' ? 'stale' : r.status}`}>{r.status}</span>
              {r.status === 'running' && (
                <>
                  <span className="cell-meta"> {r.progress?.message ?? r.step}</span>
                  <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round((r.progress?.fraction ?? 0) * 100)}>
                    <span style={{ width: `${Math.round((r.progress?.fraction ?? 0) * 100)}%` }} />
                  </div>
                  <button type="button" className="button small" onClick={() => controllers.current.get(r.id)?.abort()} data-testid={`explorer-cancel-${r.id}`}>
                    Cancel
                  </button>
                </>
              )}
              {r.status === 'error' && <div className="error-box" role="alert">{r.error}</div>}
              {r.status !== 'running' && (
                <button type="button" className="button small" onClick={() => setRuns((list) => list.filter((x) => x.id !== r.id))}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      {lstmRows.length > 0 && (
        <TableView artifact={lstmTable} maxRows={50} />
      )}
      {svmRows.length > 0 && (
        <TableView artifact={svmTable} maxRows={50} />
      )}
      {figures.length > 0 && (
        <div className="compare-grid" data-testid="explorer-figures">
          {figures.map(({ run, artifact }) => (
            <div key={artifact.name}>
              <p className="table-caption">
                Explorer {run.id}: {featureSetName(run.family === 'svm' ? SVM_PRESETS : LSTM_PRESETS, run.features)}
              </p>
              <FigureView artifact={artifact} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
