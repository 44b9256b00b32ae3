'use client';
import type { NotebookSession, SessionSnapshot } from './session';

/**
 * Beside the own-data banner: back to the bundled cohort without clearing anything else (the
 * parameters and profile are kept; the load step's file settings return to the bundled file's).
 */
export function OwnDataActions({ session, snapshot }: { session: NotebookSession | null | undefined; snapshot: SessionSnapshot }) {
  if (!session || !snapshot.data || snapshot.data.isBundled) return null;
  return (
    <button type="button" className="button small" data-testid="own-data-use-bundled" onClick={() => void session.useBundled()}>
      Use the bundled cohort
    </button>
  );
}
