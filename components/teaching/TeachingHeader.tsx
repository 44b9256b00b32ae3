'use client';
import type { NotebookSession, SessionSnapshot } from '@/components/notebook/session';
import { registry } from '@/lib/cells';
import { EDUCATIONAL_LABEL, SYNTHETIC_LABEL } from '@/lib/teaching/clinical-facts';

/**
 * The teaching presentation's bar: the educational label, one button that trains every model,
 * their progress in words, the teacher's own file, and the "show the method" switch.
 */
export function TeachingHeader({
  session,
  snapshot,
  showMethod,
  onToggleMethod,
  onUpload,
}: {
  session: NotebookSession | null;
  snapshot: SessionSnapshot;
  showMethod: boolean;
  onToggleMethod: () => void;
  onUpload: (file: File) => void;
}) {
  const { state, data } = snapshot;
  const heavy = state ? state.notebook.cells.filter((c) => c.kind !== 'markdown' && isHeavy(c.kind)) : [];
  const done = heavy.filter((c) => state?.cells[c.id]?.status === 'fresh').length;
  const running = heavy.find((c) => state?.cells[c.id]?.status === 'running');
  const failed = heavy.find((c) => state?.cells[c.id]?.status === 'error');
  const progress = running ? state?.cells[running.id]?.progress : undefined;
  const ready = heavy.length > 0 && done === heavy.length;
  // The teaching notebook fits one model; a notebook with several heavy steps says "models".
  const one = heavy.length === 1;
  return (
    <div className="teaching-header">
      <p className="banner teaching-label" data-testid="educational-label" role="note">
        <strong>{EDUCATIONAL_LABEL}</strong> {data?.isBundled !== false ? SYNTHETIC_LABEL : `Your data: ${data.name}, read in this tab and not sent anywhere.`}
      </p>
      <div className="toolbar" role="group" aria-label="Teaching">
        <button type="button" className="button primary" data-testid="train-models" disabled={!state || ready || !!running} onClick={() => void session?.runAll()}>
          {ready ? (one ? 'Model ready' : 'Models ready') : running ? (one ? 'Fitting…' : 'Training…') : one ? 'Fit the model' : 'Train the models'}
        </button>
        <span className="teaching-status" role="status" aria-live="polite" data-testid="models-status" data-ready={ready}>
          {failed
            ? `A step failed: ${state?.cells[failed.id]?.error ?? ''}`
            : ready
              ? one
                ? 'Model ready.'
                : `Models ready (${done} of ${heavy.length} steps).`
              : running
                ? `Step ${done + 1} of ${heavy.length}${progress?.message ? `: ${progress.message}` : '…'}`
                : `${done} of ${heavy.length} steps ready.`}
        </span>
        <label className="button">
          Use your clinic’s file…
          <input
            className="visually-hidden"
            type="file"
            data-testid="upload"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) onUpload(file);
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" className="button" aria-pressed={showMethod} data-testid="show-method" onClick={onToggleMethod}>
          {showMethod ? 'Hide the method' : 'Show the method'}
        </button>
      </div>
    </div>
  );
}

function isHeavy(kind: string): boolean {
  try {
    return registry.get(kind).heavy;
  } catch {
    return false;
  }
}
