'use client';
import type { NotebookSession, SessionSnapshot } from './session';
import { TAB_CONFLICT_MESSAGE } from './tab-sessions';

/**
 * Shown while another tab's newer save of this notebook is known (`snapshot.tabConflict`): this
 * tab no longer saves, and offers a reload to get the other tab's work. Mount it beside the
 * page message (NotebookView).
 */
export function TabConflictNote({ session, snapshot }: { session: NotebookSession | null | undefined; snapshot: SessionSnapshot }) {
  if (!snapshot.tabConflict) return null;
  return (
    <div className="warning-box" role="alert" data-testid="tab-conflict">
      <p>{TAB_CONFLICT_MESSAGE}</p>
      <div className="toolbar">
        <button type="button" className="button primary" data-testid="tab-conflict-reload" onClick={() => (session ? session.reloadForOtherTab() : window.location.reload())}>
          Reload to get the other tab&apos;s work
        </button>
      </div>
    </div>
  );
}
