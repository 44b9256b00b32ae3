/**
 * Two tabs on one notebook each keep the whole session (parameters, profile, file) in this
 * browser. Each save carries a revision and the tab that wrote it; a tab saves only over the
 * revision it last read or wrote itself. A save over a newer revision from another tab is
 * refused (not silently written over) and the tab says so, offering a reload to get the other
 * tab's work.
 */

/** What a saved session carries for this check (absent on sessions saved before it existed). */
export interface SessionStamp {
  revision?: number;
  tab?: string;
}

export type SaveDecision = { ok: true; revision: number } | { ok: false; theirs: number; tab: string | undefined };

/**
 * Whether this tab may write its session over the stored one: yes when nothing is stored, when
 * this tab wrote the stored one, or when the stored revision is not newer than the one this tab
 * based its session on. The revision written is one past both.
 */
export function decideSave(stored: SessionStamp | undefined, mine: { tab: string; basedOn: number }): SaveDecision {
  const theirs = typeof stored?.revision === 'number' && Number.isFinite(stored.revision) ? stored.revision : 0;
  if (stored && stored.tab !== undefined && stored.tab !== mine.tab && theirs > mine.basedOn) return { ok: false, theirs, tab: stored.tab };
  return { ok: true, revision: Math.max(theirs, mine.basedOn) + 1 };
}

/** The revision a tab starts from: the stored session's (whether it restores it or starts over). */
export function revisionOf(stored: unknown): number {
  const revision = typeof stored === 'object' && stored !== null ? (stored as SessionStamp).revision : undefined;
  return typeof revision === 'number' && Number.isFinite(revision) ? revision : 0;
}

/** An id for this tab's saves (not secret; only tells tabs apart). */
export function newTabId(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export const TAB_CONFLICT_MESSAGE =
  'This notebook was changed in another tab since this one loaded it. Your latest change here was not saved, so the other tab’s work is not overwritten. Reload to get the other tab’s work (this tab’s unsaved change is then lost).';
