'use client';
import { Component, useState, type ErrorInfo, type ReactNode } from 'react';
import { clearLocalData, clearResults, setAsideSession } from './local-store';

/**
 * The saved session set aside (if the boundary has not done it yet) and the cached results
 * forgotten: a damaged cached result fails the same way on every load, and results are only
 * ever a re-run away.
 */
async function backToBundled(notebookId: string, error: Error): Promise<void> {
  await setAsideSession(notebookId, `the page failed while showing it (${error.message})`).catch(() => undefined);
  await clearResults().catch(() => undefined);
}

/**
 * What the page shows instead of a notebook that failed while rendering. It needs nothing of
 * the failed tree (no session, no runtime): both ways out work on IndexedDB directly and reload
 * the page, so they stay reachable whatever broke.
 */
export function RecoveryPanel({ notebookId, error }: { notebookId: string; error: Error }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    try {
      await what();
      window.location.reload();
    } catch (err) {
      setProblem((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <section className="recovery" role="alert" data-testid="recovery-panel">
      <h2>This notebook could not be shown</h2>
      <p>
        The page stopped on an error: <code data-testid="recovery-error">{error.message || error.name}</code>
      </p>
      <p>
        What this browser kept for the notebook, if anything (your parameters, profile and file), was set aside, so the next load will not replay it. “Back to the
        bundled cohort” also forgets the cached results (they are computed again); “Clear local data” removes everything, the set-aside copy included.
      </p>
      <div className="toolbar">
        <button type="button" className="button primary" data-testid="recovery-bundled" disabled={busy} onClick={() => void act(() => backToBundled(notebookId, error))}>
          Back to the bundled cohort
        </button>
        <button
          type="button"
          className="button"
          data-testid="recovery-clear"
          disabled={busy}
          onClick={() => {
            if (!window.confirm('Remove everything this workbench keeps in this browser (parameters, your file, cached results)?')) return;
            void act(clearLocalData);
          }}
        >
          Clear local data
        </button>
      </div>
      {problem && <p className="field-error">That did not work either: {problem}</p>}
    </section>
  );
}

/**
 * Keeps a rendering error inside the notebook from taking the page down ("This page couldn't
 * load"): the saved session is set aside at once (a reload would replay it and fail again), and
 * the recovery panel offers the bundled cohort or a clean slate.
 */
export class NotebookErrorBoundary extends Component<{ notebookId: string; children: ReactNode }, { error: Error | undefined }> {
  state: { error: Error | undefined } = { error: undefined };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    const message = error instanceof Error ? error.message : String(error);
    console.error('notebook page failed:', error, info.componentStack);
    void setAsideSession(this.props.notebookId, `the page failed while showing it (${message})`).catch(() => undefined);
  }

  render(): ReactNode {
    return this.state.error ? <RecoveryPanel notebookId={this.props.notebookId} error={this.state.error} /> : this.props.children;
  }
}
