import { canRedo, canUndo, emptyHistory, recordEdit, redoEdit, redoLabel, undoEdit, undoLabel, type EditHistory, type HistoryStep } from '@/lib/notebook/edit-history';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import type { StructuralEdit } from '@/lib/notebook/structural-edits';
import type { EditsSnapshot } from './snapshot';

/** What undo and redo go back and forth between: the document and the profile it was made under. */
export interface EditedState {
  notebook: Notebook;
  profile: string | undefined;
}

/** What the edits need of the session: the document now, and the ways to change it. */
export interface EditsHost {
  /** The document and its profile now (undefined while the notebook loads). */
  edited(): EditedState | undefined;
  /** Makes `notebook` the document; throws (synchronously) when the runtime refuses it. */
  replace(notebook: Notebook): Promise<void>;
  /** Makes `notebook` the document under another profile. */
  switchProfile(profile: string | undefined, notebook: Notebook): Promise<void>;
  /** The page's view of the edits changed. */
  publish(edits: EditsSnapshot): void;
}

/**
 * Undo and redo of the document's edits (parameters, profile, the cells), in this tab's memory,
 * and what the page says about them. Every edit a view makes goes through here before it
 * reaches the runtime: `remember` records the state before a parameter or profile edit,
 * `apply` checks and applies a structural edit, `undo` / `redo` go back and forth.
 */
export class DocumentEdits {
  private history: EditHistory<EditedState> = emptyHistory();
  private announcements = 0;
  private last: EditsSnapshot | undefined;

  constructor(private readonly host: EditsHost) {}

  get snapshot(): EditsSnapshot | undefined {
    return this.last;
  }

  /**
   * Records the state before an edit (now, or `before` when the caller took it before changing
   * anything), with the edit's words (said by the Undo button). The last announcement is
   * cleared, or kept with `keep` (opening a file: the page says other things).
   */
  remember(label: string, options: { before?: EditedState; keep?: boolean } = {}): void {
    const before = options.before ?? this.host.edited();
    if (before) this.history = recordEdit(this.history, before, label);
    this.announce('done', options.keep ? undefined : null);
  }

  /** Forgets every edit (a new data file: earlier documents hold the earlier file's load settings). */
  forget(): void {
    if (!canUndo(this.history) && !canRedo(this.history)) return;
    this.history = emptyHistory();
    this.announce('done', null);
  }

  /** The page's `edits`, from the history, with a new announcement (text), none (null) or the one before (undefined). */
  announce(kind: 'done' | 'refused', text: string | null | undefined): void {
    const h = this.history;
    const announcement = text === undefined ? this.last?.announcement : text === null ? undefined : { id: ++this.announcements, kind, text };
    this.last = { canUndo: canUndo(h), canRedo: canRedo(h), undoLabel: undoLabel(h), redoLabel: redoLabel(h), announcement };
    this.host.publish(this.last);
  }

  /** Applies a structural edit's outcome: the new document (recorded, announced) or the refusal, said. Returns the outcome. */
  apply(make: (notebook: Notebook) => StructuralEdit): StructuralEdit {
    const before = this.host.edited();
    if (!before) return this.refuse('The notebook is still loading: try again in a moment.');
    const edit = make(before.notebook);
    if (!edit.ok) return this.refuse(edit.problem);
    try {
      void this.host.replace(edit.notebook).catch((err: unknown) => this.announce('refused', (err as Error).message));
    } catch (err) {
      // The runtime refused the document (structural-edits checks as it does, so this is a bug): nothing changed.
      return this.refuse((err as Error).message);
    }
    this.history = recordEdit(this.history, before, edit.label);
    this.announce('done', `Done: ${edit.label}. Ctrl+Z (⌘Z on a Mac) undoes it.`);
    return edit;
  }

  private refuse(problem: string): StructuralEdit {
    this.announce('refused', problem);
    return { ok: false, problem };
  }

  /** Undoes the last edit: the document (and profile) before it; the cells it brings back show their cached results. */
  undo(): Promise<void> {
    const now = this.host.edited();
    const step = now ? undoEdit(this.history, now) : undefined;
    return step && now ? this.goTo(step, now, 'Undone') : Promise.resolve();
  }

  redo(): Promise<void> {
    const now = this.host.edited();
    const step = now ? redoEdit(this.history, now) : undefined;
    return step && now ? this.goTo(step, now, 'Redone') : Promise.resolve();
  }

  private goTo(step: HistoryStep<EditedState>, now: EditedState, verb: 'Undone' | 'Redone'): Promise<void> {
    let done: Promise<void>;
    try {
      done = step.state.profile !== now.profile ? this.host.switchProfile(step.state.profile, step.state.notebook) : this.host.replace(step.state.notebook);
    } catch (err) {
      this.announce('refused', `${verb === 'Undone' ? 'Undo' : 'Redo'} of “${step.label}” failed: ${(err as Error).message}`);
      return Promise.resolve();
    }
    this.history = step.history;
    this.announce('done', `${verb}: ${step.label}`);
    return done;
  }
}
