import type { NotebookState } from '@/lib/notebook/state';
import type { CodeStep } from '../code-trust';
import type { ProfileTimings, StorageProblem } from '../local-store';
import type { EpochTrack } from '../time-left';

/**
 * What the page renders of the session: one immutable object, replaced whenever anything in it
 * changes (React reads it with useSyncExternalStore). The types only; each part is kept by the
 * module that owns its job (run-record.ts, document-edits.ts, …).
 */

/** What the user can do next about a message: go back to the bundled cohort, or open a file. */
export type MessageAction = { kind: 'use-bundled' } | { kind: 'open-data'; name: string };

/** A problem the page shows above the notebook (the bundled data could not load, an export failed). */
export type SessionMessage = { kind: 'error' | 'warning'; text: string; actions?: readonly MessageAction[] };

/** A Run all in progress (or just ended): the steps it set out to run and how they went. */
export interface RunBatch {
  steps: readonly string[];
  startedAt: number;
  finishedAt?: number;
  /** Steps that computed / that came from the cache. */
  computed: number;
  fromCache: number;
  /** The timings entry it is measured under (the profile's name, '' for the cells' own parameters). */
  profileKey: string;
  /** Steps up to date when it ended (kept: later edits do not rewrite what the run did). */
  doneAtEnd?: number;
}

/** A run in flight, as the progress estimates need it: when it started and its epochs so far. */
export interface LiveRun {
  runId: number;
  startedAt: number;
  /** Validation losses reported so far (training cells). */
  epochs?: EpochTrack;
}

/** The data the notebook runs on, as the page describes it. */
export interface DataInfo {
  name: string;
  isBundled: boolean;
  sha256: string;
  bytes: number;
}

/** What the page says about the notebook's edits: whether Undo and Redo can act, on what, and the last edit's outcome. */
export interface EditsSnapshot {
  canUndo: boolean;
  canRedo: boolean;
  /** What Undo / Redo would act on ("Delete “Split”"). */
  undoLabel?: string;
  redoLabel?: string;
  /**
   * The last structural edit, undo or redo in words ("Done: Delete “Split”. …", "Undone: Delete
   * “Split”"), or why an edit was refused; `id` changes with each, so the same words are announced
   * again. A parameter edit clears it (its form shows the change; the words would be stale).
   */
  announcement?: { id: number; kind: 'done' | 'refused'; text: string };
}

/** What the view renders; a new object whenever anything in it changes. */
export interface SessionSnapshot {
  state: NotebookState | undefined;
  profile: string | undefined;
  data: DataInfo | undefined;
  message: SessionMessage | undefined;
  /** Measured times on this machine, by profile (see `ProfileTimings`). */
  timings: Readonly<Record<string, ProfileTimings>>;
  /** The last Run all (in progress while `finishedAt` is absent). */
  batch: RunBatch | undefined;
  /** Runs in flight by cell id. */
  live: Readonly<Record<string, LiveRun>>;
  /** Set when this browser keeps nothing (no IndexedDB, or no room left): the page says so. */
  storage: StorageProblem | undefined;
  /**
   * Another tab saved this notebook's session after this tab read it: this tab's changes are no
   * longer saved (they would overwrite the other tab's work) until it is reloaded.
   */
  tabConflict?: boolean;
  /** Undo and redo of the notebook's edits (absent until the session has said anything about them). */
  edits?: EditsSnapshot;
  /** A notebook file with code waits for the user's consent before it opens (see open-file.ts). */
  pendingTrust?: PendingTrust;
}

/** A notebook file that holds code, shown to the user before any of it may run. */
export interface PendingTrust {
  fileName: string;
  /** The code cells (with any profile's other code): what the trust dialog shows. */
  cells: CodeStep[];
  /** The hash the answer is remembered under (the code cells' ids, inputs and parameters). */
  hash: string;
}
