import type { Notebook } from '@/lib/notebook/notebook-schema';
import type { SavedSession } from '../local-store';
import { checkSavedSession, type RestorableSession } from '../restore-session';

/** Replays of a saved file that never finished, in a row, before the session is set aside. */
export const MAX_UNFINISHED_RESTORES = 2;

/** The profile in the address (`?profile=quick`), if the notebook defines it. */
export function profileFromSearch(search: string, notebook: Notebook): string | undefined {
  const requested = new URLSearchParams(search).get('profile') ?? undefined;
  // Own profiles only: `?profile=constructor` names nothing of the notebook's.
  return requested && Object.prototype.hasOwnProperty.call(notebook.profiles, requested) ? requested : undefined;
}

/** The notebook's default profile (the quick one: minutes, not the paper's full run), if it has one. */
export function shippedProfile(notebook: Notebook): string | undefined {
  return notebook.defaultProfile && Object.prototype.hasOwnProperty.call(notebook.profiles, notebook.defaultProfile) ? notebook.defaultProfile : undefined;
}

export type RestorePlan =
  /** Open the notebook as shipped under `profile` (the address's, or the default). */
  | { kind: 'fresh'; profile: string | undefined }
  /** Replay what this browser kept (`profile`: the one to open as shipped if the replay fails). */
  | { kind: 'restore'; session: RestorableSession; profile: string | undefined }
  /** What was kept cannot be replayed: set it aside (never replayed again) and open as shipped. */
  | { kind: 'set-aside'; reason: string; profile: string | undefined };

/**
 * What a page load does with the session this browser kept: replay it, unless the address asks
 * for another profile than the one saved, or it cannot be replayed (a damaged record: the page
 * says why), or replaying its file never finished `unfinished` times in a row (a file that
 * kills the tab would kill every reload).
 */
export async function planRestore(stored: unknown, notebook: Notebook, urlProfile: string | undefined, unfinished: () => Promise<number>): Promise<RestorePlan> {
  const first = urlProfile ?? shippedProfile(notebook);
  const wanted = stored !== undefined && stored !== null && (!urlProfile || (stored as Partial<SavedSession>).profile === urlProfile);
  if (!wanted) return { kind: 'fresh', profile: first };
  const check = checkSavedSession(stored, notebook);
  if (!check.ok) return { kind: 'set-aside', reason: check.reason, profile: first };
  const session = check.value;
  if (session.upload) {
    // Counted only when a file is about to be replayed (the replay's end resets it: endRestore).
    const count = await unfinished();
    if (count >= MAX_UNFINISHED_RESTORES) return { kind: 'set-aside', reason: `the last ${count} loads stopped while reading the saved file ${session.upload.name} (the tab was closed or crashed)`, profile: first };
  }
  return { kind: 'restore', session, profile: first };
}
