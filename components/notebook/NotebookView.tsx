'use client';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { registry } from '@/lib/cells';
import { sha256Hex } from '@/lib/notebook/hash';
import { isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { NotebookRuntime } from '@/lib/notebook/runtime';
import type { NotebookState } from '@/lib/notebook/state';
import { WorkerPool } from '@/workers/worker-pool';
import { CellFrame } from './CellFrame';
import { Markdown } from './Markdown';

const BUNDLED_DATA = { url: '/data/synthetic-cohort.csv', name: 'synthetic-cohort.csv' };

/** The workbench for one notebook: owns the runtime and the worker pool, renders state. */
export function NotebookView({ notebook }: { notebook: Notebook }) {
  const runtimeRef = useRef<NotebookRuntime | null>(null);
  const [loadError, setLoadError] = useState<string>();
  const [dataName, setDataName] = useState<string>();

  if (runtimeRef.current === null && typeof window !== 'undefined') {
    runtimeRef.current = new NotebookRuntime({ notebook, registry, executor: new WorkerPool(), concurrency: 2 });
  }
  const runtime = runtimeRef.current;

  const subscribe = useCallback((onChange: () => void) => (runtime ? runtime.subscribe(onChange) : () => {}), [runtime]);
  const state: NotebookState | undefined = useSyncExternalStore(subscribe, () => runtime?.getState(), () => undefined);

  useEffect(() => {
    if (!runtime) return;
    let cancelled = false;
    fetch(BUNDLED_DATA.url)
      .then((res) => {
        if (!res.ok) throw new Error(`The bundled cohort could not be loaded (${res.status} ${res.statusText}).`);
        return res.arrayBuffer();
      })
      .then((buffer) => {
        if (cancelled) return;
        const bytes = new Uint8Array(buffer);
        const text = new TextDecoder('utf-8').decode(bytes);
        setDataName(BUNDLED_DATA.name);
        void runtime.setSource({ name: BUNDLED_DATA.name, sha256: sha256Hex(bytes), text, bytes });
      })
      .catch((err: Error) => !cancelled && setLoadError(err.message));
    return () => {
      cancelled = true;
    };
  }, [runtime]);

  const cells = notebook.cells;
  return (
    <>
      <h1>{notebook.title}</h1>
      {notebook.description && <p>{notebook.description}</p>}
      <p className="banner synthetic" data-testid="synthetic-banner">
        <strong>Synthetic data.</strong> The bundled cohort is simulated (see data/README.md); no real patient is in it.
        Numbers will differ from the paper&apos;s.
      </p>
      <div className="toolbar">
        <button type="button" className="button primary" data-testid="run-all" onClick={() => void runtime?.runAll()} disabled={!state}>
          Run all
        </button>
        <span className="cell-meta">Data: {dataName ?? 'loading…'}</span>
      </div>
      {loadError && <div className="error-box" role="alert">{loadError}</div>}
      {cells.map((cell) => {
        if (!isComputeCell(cell)) return <Markdown key={cell.id} text={cell.text} />;
        const run = state?.cells[cell.id] ?? { status: 'idle' as const };
        const current = state?.notebook.cells.find((c) => c.id === cell.id);
        return (
          <CellFrame
            key={cell.id}
            cell={current && isComputeCell(current) ? current : cell}
            def={registry.get(cell.kind)}
            run={run}
            onRun={() => void runtime?.runCell(cell.id)}
            onCancel={() => runtime?.cancel(cell.id)}
            onParamChange={(key, value) => {
              if (!runtime || !current || !isComputeCell(current)) return;
              const next: Record<string, unknown> = { ...current.params, [key]: value };
              if (value === undefined) delete next[key];
              void runtime.editParams(cell.id, next);
            }}
          />
        );
      })}
    </>
  );
}
