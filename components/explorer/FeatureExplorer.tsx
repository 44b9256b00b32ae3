'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { registry } from '@/lib/cells';
import { LSTM_COMPARISON_COLUMNS, LSTM_PRESETS, matchingPreset, SVM_COMPARISON_COLUMNS, SVM_COMPARISON_HEADERS, svmComparisonCaption, SVM_FEATURES, type ModelFamily } from '@/lib/explorer/feature-sets';
import { EXPLORER_PAIRED_RESAMPLES, EXPLORER_PAIRED_SEED } from '@/lib/explorer/svm-compare';
import { isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import type { NotebookState } from '@/lib/notebook/state';
import { tableArtifact } from '@/lib/tables/table-artifact';
import { FigureView, TableView } from '@/components/notebook/ArtifactView';
import type { NotebookSession } from '@/components/notebook/session';
import {
  basisOf,
  comparisonRows,
  derivedChoices,
  featureCellOf,
  featureOptions,
  optionLabel,
  presetsOf,
  runFigures,
  runName,
  runSpec,
  statusOf,
  type ExplorerRun,
  type SavedRun,
} from './explorer-model';

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
  const presets = presetsOf(family);
  const setFeatures = family === 'svm' ? setSvmFeatures : setLstmFeatures;
  const selectedPreset = matchingPreset(presets, features)?.id;
  const featureCell = featureCellOf(cells, family, subset);
  // The notebook's derived features that reach this model's windows, offered after the built-in ones.
  const derived = derivedChoices(cells, featureCell);
  const options: readonly string[] = featureOptions(family, derived);
  // A derived feature chosen before its step was removed or renamed is not sent.
  const chosen = features.filter((f) => options.includes(f));
  const ready = featureCell ? state.graph.upstream(featureCell.id).every((up) => state.cells[up]?.status === 'fresh') : false;
  const basisNow = (r: { notebook: Notebook; target: string; family: ModelFamily; subset: 'all' | 'persistent' }) => {
    const cell = featureCellOf(cells, r.family, r.subset);
    return cell ? basisOf(state, cell.id) : '';
  };

  const start = () => {
    if (!featureCell || !ready) return;
    const id = nextId.current++;
    const { spec, target } = runSpec(state, id, family, featureCell, chosen);
    const runtime = session.derive(spec);
    const run = attach({ id, family, features: [...chosen], subset, target, notebook: runtime.getState().notebook, runtime, basis: basisOf(state, featureCell.id) });
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
  const { svmRows, lstmRows } = useMemo(
    () => comparisonRows(stateRef.current, finished, runLabel),
    // Keyed by the results (cache keys) and the labels on purpose: the state itself changes with every progress message.
    [referenceKey, finishedKey, labelsKey],
  );

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
    () => runFigures(finished),
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
              {optionLabel(f, derived)}
            </label>
          ))}
        </fieldset>
        <div className="toolbar">
          <button type="button" className="button primary" data-testid="explorer-run" disabled={!ready || (family === 'svm' && chosen.length === 0)} onClick={start}>
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
                {runName(r)}{' '}
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
                Explorer {run.id}: {runName(run)}
              </p>
              <FigureView artifact={artifact} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
