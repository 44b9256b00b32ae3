/**
 * Undo and redo for the notebook's edits, as a pure, bounded history of whole documents.
 *
 * Whole documents, not inverse operations: every edit (a parameter, a move, a delete) is undone
 * the same way, by going back to the document before it, and the runtime's replaceNotebook keeps
 * the results of every cell whose definition is unchanged. A cell brought back by an undo has its
 * old cache key, so its result is served from the result cache instead of being computed again.
 * The documents share their unchanged cells (edits copy only what they change), so a long history
 * costs little memory; it is bounded all the same.
 *
 * Immutable: each function returns a new history, so a view may hold one in state.
 */

/** An edit that was done: the state before it and what it was, in words ("Delete “Split”"). */
export interface DoneEdit<T> {
  before: T;
  label: string;
}

/** An edit that was undone: the state after it (where redo goes back to) and its words. */
export interface UndoneEdit<T> {
  after: T;
  label: string;
}

export interface EditHistory<T> {
  /** Oldest first; the last one is what Undo undoes. */
  readonly done: readonly DoneEdit<T>[];
  /** The last one is what Redo redoes. */
  readonly undone: readonly UndoneEdit<T>[];
  /** The most edits kept to undo; the oldest are forgotten first. */
  readonly limit: number;
}

/** How many edits can be undone by default: enough for a session's work, bounded for memory. */
export const DEFAULT_HISTORY_LIMIT = 100;

export function emptyHistory<T>(limit: number = DEFAULT_HISTORY_LIMIT): EditHistory<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`emptyHistory: the limit must be a positive whole number (got ${limit})`);
  return { done: [], undone: [], limit };
}

/**
 * Records an edit: `before` is the state the edit started from. A new edit forgets what was
 * undone (redo would replay an edit over a document it was not made on).
 */
export function recordEdit<T>(history: EditHistory<T>, before: T, label: string): EditHistory<T> {
  const done = [...history.done, { before, label }];
  return { ...history, done: done.length > history.limit ? done.slice(done.length - history.limit) : done, undone: [] };
}

export const canUndo = (history: EditHistory<unknown>): boolean => history.done.length > 0;
export const canRedo = (history: EditHistory<unknown>): boolean => history.undone.length > 0;

/** What Undo would undo ("Delete “Split”"), undefined when nothing. */
export const undoLabel = (history: EditHistory<unknown>): string | undefined => history.done.at(-1)?.label;
/** What Redo would redo, undefined when nothing. */
export const redoLabel = (history: EditHistory<unknown>): string | undefined => history.undone.at(-1)?.label;

/** The result of an undo or a redo: the state to show, the history after it, and what was undone or redone. */
export interface HistoryStep<T> {
  state: T;
  history: EditHistory<T>;
  label: string;
}

/** Undoes the last edit; `current` is the state now (where redo comes back to). Undefined when there is nothing to undo. */
export function undoEdit<T>(history: EditHistory<T>, current: T): HistoryStep<T> | undefined {
  const last = history.done.at(-1);
  if (!last) return undefined;
  return {
    state: last.before,
    label: last.label,
    history: { ...history, done: history.done.slice(0, -1), undone: [...history.undone, { after: current, label: last.label }] },
  };
}

/** Redoes the last undone edit; `current` is the state now (where undo comes back to). Undefined when there is nothing to redo. */
export function redoEdit<T>(history: EditHistory<T>, current: T): HistoryStep<T> | undefined {
  const last = history.undone.at(-1);
  if (!last) return undefined;
  const done = [...history.done, { before: current, label: last.label }];
  return {
    state: last.after,
    label: last.label,
    history: { ...history, done: done.length > history.limit ? done.slice(done.length - history.limit) : done, undone: history.undone.slice(0, -1) },
  };
}
