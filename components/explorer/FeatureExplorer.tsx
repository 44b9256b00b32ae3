'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { registry } from '@/lib/cells';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import {
  featureSetName,
  LSTM_COMPARISON_COLUMNS,
  LSTM_PRESETS,
  LSTM_STATIC_FEATURES,
  lstmComparisonRows,
  matchingPreset,
  SVM_COMPARISON_COLUMNS,
  SVM_COMPARISON_HEADERS,
  svmComparisonCaption,
  SVM_FEATURES,
  SVM_PRESETS,
  svmComparisonRows,
  type ComparisonRow,
  type ModelFamily,
} from '@/lib/explorer/feature-sets';
import { EXPLORER_PAIRED_RESAMPLES, EXPLORER_PAIRED_SEED } from '@/lib/explorer/svm-compare';
import { captionAs } from '@/lib/figures/compose-figure';
import { gradeGroups, predictedByGrade } from '@/lib/figures/predicted-by-grade';
import { resolveParams, type Artifact } from '@/lib/notebook/define-cell';
import { isComputeCell, type ComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import type { NotebookRuntime } from '@/lib/notebook/runtime';
import type { NotebookState } from '@/lib/notebook/state';
import { tableArtifact } from '@/lib/tables/table-artifact';
import { FigureView, TableView } from '@/components/notebook/ArtifactView';
import type { NotebookSession } from '@/components/notebook/session';

/** What is kept of a run between visits (this browser only): enough to rebuild it from the cache. */
interface SavedRun {
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
interface ExplorerRun extends SavedRun {
  runtime: NotebookRuntime;
  /** A result restored from the cache by `resultKey` that the current data no longer give. */
  earlier?: unknown;
}

const FEATURE_LABEL: Record<string, string> = {
  sex: 'sex',
  age: 'age',
  hypertension: 'hypertension',
  diabetes: 'diabetes',
  delayed_treatment: 'delayed treatment',
};

const paramsOf = (cell: ComputeCell) => resolveParams(registry.get(cell.kind), cell.params) as Record<string, unknown>;

/** The cell of the notebook whose features a run of this family and subset varies. */
function featureCellOf(cells: readonly ComputeCell[], family: ModelFamily, subset: 'all' | 'persistent'): ComputeCell | undefined {
  return cells.find((c) => {
    // Hidden cells (the audit's variants) are not the notebook's own steps.
    if (c.hidden) return false;
    const fs = registry.get(c.kind).featureSet;
    return fs?.family === family && (family === 'svm' || paramsOf(c).subset === subset);
  });
}

function basisOf(state: NotebookState, cellId: string): string {
  const cell = state.graph.cells.get(cellId);
  return cell ? Object.values(cell.inputs).map((from) => `${from}:${state.cells[from]?.status === 'fresh' ? state.cells[from]!.key : '-'}`).join('|') : '';
}

/** The run's status as its target cell in its runtime says. */
function statusOf(run: ExplorerRun): 'running' | 'done' | 'error' | 'cancelled' | 'waiting' {
  const cells = run.runtime.getState().cells;
  if (Object.values(cells).some((c) => c.status === 'running')) return 'running';
  const target = cells[run.target];
  if (target?.status === 'fresh') return 'done';
  const failed = Object.values(cells).find((c) => c.status === 'error');
  if (failed) return 'error';
  if (run.earlier !== undefined) return 'done';
  return target?.status === 'stale' ? 'cancelled' : 'waiting';
}

function outputOf(run: ExplorerRun): unknown {
  const target = run.runtime.getState().cells[run.target];
  return target?.status === 'fresh' ? target.output : run.earlier;
}

/**
 * The feature-set explorer: the SVM or the LSTM on any subset of features, run beside the
 * notebook as a derived notebook (lib/notebook/derive.ts) on the same worker pool and result
 * cache: what the notebook already computed (the data, the windows, a model with the same
 * features) comes from the cache, so a run with the paper's features trains nothing and repeats
 * the notebook's numbers. Runs are compared in one table with 95% CIs and their figures side by
 * side; the notebook's own fresh results are the reference rows.
 */
export function FeatureExplorer({ state, session }: { state: NotebookState; session: NotebookSession }) {
  const [family, setFamily] = useState<ModelFamily>('lstm');
  const [svmFeatures, setSvmFeatures] = useState<string[]>([...SVM_FEATURES]);
  const [lstmFeatures, setLstmFeatures] = useState<string[]>([...LSTM_PRESETS[0]!.features]);
  const [subset, setSubset] = useState<'all' | 'persistent'>('all');
  const [runs, setRuns] = useState<ExplorerRun[]>([]);
  // Bumped whenever a run's runtime changes state: the list and the comparison re-render.
  const [version, setVersion] = useState(0);
  const nextId = useRef(1);
  const restored = useRef(false);

  const attach = (run: ExplorerRun) => {
    run.runtime.subscribe((_s, action) => {
      if (action.type === 'run-progress') return setVersion((v) => v + 1);
      if (action.type === 'run-finished' && action.cellId === run.target) run.resultKey = run.runtime.getState().cells[run.target]?.key;
      setVersion((v) => v + 1);
    });
    return run;
  };

  const cells = state.notebook.cells.filter(isComputeCell);
  const dataReady = cells.filter((c) => registry.get(c.kind).usesSource).every((c) => state.cells[c.id]?.status === 'fresh');

  // Finished runs come back after a reload, once the data are loaded: rebuilt from their derived
  // notebooks, their results from the cache (the current data's, or else the result they had,
  // labelled as earlier).
  useEffect(() => {
    if (!dataReady || restored.current) return;
    let cancelled = false;
    void (session.explorerStorage.load() as Promise<SavedRun[] | undefined>)
      .then(async (saved) => {
        if (cancelled || !saved?.length) return;
        const back: ExplorerRun[] = [];
        for (const r of saved) {
          const run = attach({ ...r, runtime: session.runtimeFor(r.notebook) });
          run.earlier = r.resultKey ? await session.cache.get(r.resultKey) : undefined;
          void run.runtime.start();
          back.push(run);
        }
        if (cancelled) return;
        setRuns((list) => [...back.filter((r) => !list.some((x) => x.id === r.id)), ...list]);
        nextId.current = Math.max(nextId.current, ...saved.map((r) => r.id + 1));
      })
      .catch(() => undefined)
      .finally(() => (restored.current = true));
    return () => {
      cancelled = true;
    };
  }, [session, dataReady]);

  const features = family === 'svm' ? svmFeatures : lstmFeatures;
  const presets = family === 'svm' ? SVM_PRESETS : LSTM_PRESETS;
  const options: readonly string[] = family === 'svm' ? SVM_FEATURES : LSTM_STATIC_FEATURES;
  const setFeatures = family === 'svm' ? setSvmFeatures : setLstmFeatures;
  const selectedPreset = matchingPreset(presets, features)?.id;
  const featureCell = featureCellOf(cells, family, subset);
  const ready = featureCell ? state.graph.upstream(featureCell.id).every((up) => state.cells[up]?.status === 'fresh') : false;
  const basisNow = (r: { notebook: Notebook; target: string; family: ModelFamily; subset: 'all' | 'persistent' }) => {
    const cell = featureCellOf(cells, r.family, r.subset);
    return cell ? basisOf(state, cell.id) : '';
  };

  const start = () => {
    if (!featureCell || !ready) return;
    const def = registry.get(featureCell.kind);
    const id = nextId.current++;
    const targets =
      family === 'lstm' ? [featureCell.id] : state.graph.downstreamClosure(featureCell.id).filter((c) => registry.get(state.graph.cells.get(c)!.kind).evaluates === 'svm');
    const runtime = session.derive({ id: `${state.notebook.id}-explorer-${id}`, targets, params: { [featureCell.id]: { [def.featureSet!.param]: [...features] } } });
    const run = attach({ id, family, features: [...features], subset, target: targets[0]!, notebook: runtime.getState().notebook, runtime, basis: basisOf(state, featureCell.id) });
    setRuns((list) => [...list, run]);
    void runtime.runAll();
  };

  // Saved when a run finishes or is removed.
  const finished = runs.filter((r) => statusOf(r) === 'done');
  const finishedKey = finished.map((r) => `${r.id}:${r.resultKey ?? ''}`).join(',');
  useEffect(() => {
    if (!restored.current) return;
    const saved: SavedRun[] = finished.map(({ id, family, features, subset, target, notebook, basis, resultKey }) => ({ id, family, features, subset, target, notebook, basis, resultKey }));
    void session.explorerStorage.save(saved).catch(() => undefined);
    // Saved when the set of finished runs changes.
  }, [finishedKey]);

  const referenceKey = cells
    .filter((c) => registry.get(c.kind).evaluates && !c.hidden)
    .map((c) => `${c.id}:${state.cells[c.id]?.status}:${state.cells[c.id]?.key}`)
    .join('|');
  const stateRef = useRef(state);
  stateRef.current = state;
  // A run made on other data or other upstream settings than the notebook's now is labelled so.
  const isEarlier = (r: ExplorerRun) => r.basis !== basisNow(r) || (r.earlier !== undefined && r.runtime.getState().cells[r.target]?.status !== 'fresh');
  const runLabel = (r: ExplorerRun) => `explorer ${r.id}${isEarlier(r) ? ' (earlier data or settings)' : ''}`;
  const labelsKey = finished.map((r) => runLabel(r)).join('|');
  const { svmRows, lstmRows } = useMemo(() => {
    const state = stateRef.current;
    const svmRows: ComparisonRow[] = [];
    const lstmRows: ComparisonRow[] = [];
    // The notebook's first fresh SVM evaluation is the reference every SVM row is paired with.
    let reference: ClassificationEvalOutput | undefined;
    for (const cell of state.notebook.cells.filter(isComputeCell)) {
      const run = state.cells[cell.id];
      if (!cell.hidden && run?.status === 'fresh' && run.output !== undefined && registry.get(cell.kind).evaluates === 'svm') {
        reference = run.output as ClassificationEvalOutput;
        break;
      }
    }
    for (const cell of state.notebook.cells.filter(isComputeCell)) {
      const run = state.cells[cell.id];
      const evaluates = registry.get(cell.kind).evaluates;
      if (cell.hidden || run?.status !== 'fresh' || run.output === undefined || !evaluates) continue;
      if (evaluates === 'svm') {
        const split = featureCellOf(state.notebook.cells.filter(isComputeCell), 'svm', 'all');
        const f = split ? (paramsOf(split).features as string[]) : [...SVM_FEATURES];
        svmRows.push(...svmComparisonRows(`notebook: ${cell.id}`, featureSetName(SVM_PRESETS, f), run.output as ClassificationEvalOutput, reference));
      } else {
        const out = run.output as LstmRegressionOutput;
        lstmRows.push(...lstmComparisonRows(`notebook: ${cell.id}`, featureSetName(LSTM_PRESETS, out.staticFeatures), out));
      }
    }
    for (const r of finished) {
      const out = outputOf(r);
      if (r.family === 'svm') svmRows.push(...svmComparisonRows(runLabel(r), featureSetName(SVM_PRESETS, r.features), out as ClassificationEvalOutput, reference));
      else lstmRows.push(...lstmComparisonRows(runLabel(r), featureSetName(LSTM_PRESETS, (out as LstmRegressionOutput).staticFeatures), out as LstmRegressionOutput));
    }
    return { svmRows, lstmRows };
    // Keyed by the results (cache keys) and the labels on purpose: the state itself changes with every progress message.
  }, [referenceKey, finishedKey, labelsKey]);

  // Figures and tables are rebuilt only when their runs or results change.
  const lstmTable = useMemo(
    () =>
      tableArtifact('explorer_lstm_comparison', lstmRows, LSTM_COMPARISON_COLUMNS, {
        caption: 'LSTM runs: mean absolute error in grades with bootstrap 95% CI; linear and last-grade-carried-forward baselines on the same rows',
      }),
    [lstmRows],
  );
  const svmTable = useMemo(
    () => tableArtifact('explorer_svm_comparison', svmRows, SVM_COMPARISON_COLUMNS, { headers: SVM_COMPARISON_HEADERS, caption: svmComparisonCaption(EXPLORER_PAIRED_RESAMPLES, EXPLORER_PAIRED_SEED) }),
    [svmRows],
  );
  const figures = useMemo(
    () =>
      finished.flatMap((r): { run: ExplorerRun; artifact: Extract<Artifact, { type: 'figure' }> }[] => {
        const out = outputOf(r);
        if (r.family === 'svm') {
          const cell = r.notebook.cells.find((c) => c.id === r.target) as ComputeCell;
          const def = registry.get(cell.kind);
          const fig = def.artifacts?.(out, resolveParams(def, cell.params), {}).find((a) => a.type === 'figure');
          // Captioned as this run, not as the paper's Fig. 4 it is drawn like.
          const caption = captionAs(`Explorer run ${r.id} (${featureSetName(SVM_PRESETS, r.features)})`, fig?.caption);
          return fig?.type === 'figure' ? [{ run: r, artifact: { ...fig, name: `explorer-${r.id}-classification`, caption } }] : [];
        }
        const lstm = out as LstmRegressionOutput;
        const title = `Explorer ${r.id}: ${featureSetName(LSTM_PRESETS, lstm.staticFeatures)}, ${lstm.subset === 'all' ? 'all subjects' : 'persistent'} (test)`;
        return [
          {
            run: r,
            artifact: {
              type: 'figure',
              name: `explorer-${r.id}-predicted-by-grade`,
              widthPx: 440,
              caption: `Explorer run ${r.id} (${featureSetName(LSTM_PRESETS, lstm.staticFeatures)}, ${lstm.subset === 'all' ? 'all subjects' : 'persistent palsy subset'}). Predicted against actual grade at the outcome visit on the test part: mean prediction ± 1 SD per actual grade.`,
              render: (document) => predictedByGrade(gradeGroups(lstm.testPredictions), { document, title }) as unknown as Element,
            },
          },
        ];
      }),
    // Keyed by the finished runs: a finished run's result never changes.
    [finishedKey],
  );
  void version;

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
          <button type="button" className="button primary" data-testid="explorer-run" disabled={!ready || (family === 'svm' && features.length === 0)} onClick={start}>
            Run this feature set
          </button>
          {!ready && <span className="cell-meta">Waiting for the steps before the model to be fresh.</span>}
        </div>
      </div>

      {runs.length > 0 && (
        <ul className="explorer-runs" aria-label="Explorer runs">
          {runs.map((r) => {
            const status = statusOf(r);
            const cells = r.runtime.getState().cells;
            const running = Object.entries(cells).find(([, c]) => c.status === 'running');
            const failed = Object.values(cells).find((c) => c.status === 'error');
            const fraction = running?.[1].progress?.fraction ?? 0;
            return (
              <li key={r.id} data-testid={`explorer-run-${r.id}`} data-status={status}>
                <strong>Explorer {r.id}</strong>
                {status === 'done' && isEarlier(r) && <span className="cell-meta"> (earlier data or settings)</span>} · {r.family === 'svm' ? 'SVM' : `LSTM, ${r.subset === 'all' ? 'all subjects' : 'persistent'}`} ·{' '}
                {featureSetName(r.family === 'svm' ? SVM_PRESETS : LSTM_PRESETS, r.features)}{' '}
                <span className={`badge ${status === 'done' ? 'fresh' : status === 'cancelled' || status === 'waiting' ? 'stale' : status}`}>{status}</span>
                {status === 'done' && cells[r.target]?.fromCache && <span className="cell-meta" data-testid={`explorer-cached-${r.id}`}> from cache (nothing retrained)</span>}
                {status === 'running' && (
                  <>
                    <span className="cell-meta" data-testid={`explorer-progress-${r.id}`}> {running?.[0]}: {running?.[1].progress?.message ?? 'starting'}</span>
                    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
                      <span style={{ width: `${Math.round(fraction * 100)}%` }} />
                    </div>
                    <button type="button" className="button small" onClick={() => r.runtime.cancelAll()} data-testid={`explorer-cancel-${r.id}`}>
                      Cancel
                    </button>
                  </>
                )}
                {status === 'error' && failed && <div className="error-box" role="alert">{failed.error}</div>}
                {status !== 'running' && (
                  <button type="button" className="button small" onClick={() => setRuns((list) => list.filter((x) => x.id !== r.id))}>
                    Remove
                  </button>
                )}
              </li>
            );
          })}
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
