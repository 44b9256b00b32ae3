/**
 * Undo and redo of the document's edits (components/notebook/session/document-edits.ts), in
 * Node with a fake host in place of the runtime: what is recorded, what the page is told, and
 * that a refused edit or undo changes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import { DocumentEdits, type EditedState } from '@/components/notebook/session/document-edits';
import type { EditsSnapshot } from '@/components/notebook/session/snapshot';

const doc = (n: number): Notebook => ({ id: 'nb', title: `v${n}`, seed: 1, profiles: {}, cells: [] }) as unknown as Notebook;

function fakeHost(start: EditedState | undefined) {
  let now = start;
  const published: EditsSnapshot[] = [];
  const calls: string[] = [];
  let refuse = false;
  const host = {
    edited: () => now,
    replace: (notebook: Notebook) => {
      if (refuse) throw new Error('the runtime refuses it');
      calls.push(`replace ${notebook.title}`);
      now = { ...now!, notebook };
      return Promise.resolve();
    },
    switchProfile: (profile: string | undefined, notebook: Notebook) => {
      calls.push(`profile ${profile} ${notebook.title}`);
      now = { notebook, profile };
      return Promise.resolve();
    },
    publish: (e: EditsSnapshot) => void published.push(e),
  };
  return { host, published, calls, now: () => now, set: (s: EditedState) => (now = s), refuseNext: (v: boolean) => (refuse = v) };
}

describe('DocumentEdits', () => {
  it('applies a structural edit, says so, and undoes and redoes it', async () => {
    const f = fakeHost({ notebook: doc(1), profile: undefined });
    const edits = new DocumentEdits(f.host);
    const out = edits.apply(() => ({ ok: true, notebook: doc(2), label: 'Delete “Split”' }));
    expect(out.ok).toBe(true);
    expect(f.now()!.notebook.title).toBe('v2');
    expect(edits.snapshot).toMatchObject({ canUndo: true, canRedo: false, undoLabel: 'Delete “Split”', announcement: { kind: 'done', text: 'Done: Delete “Split”. Ctrl+Z (⌘Z on a Mac) undoes it.' } });
    await edits.undo();
    expect(f.now()!.notebook.title).toBe('v1');
    expect(edits.snapshot).toMatchObject({ canUndo: false, canRedo: true, redoLabel: 'Delete “Split”', announcement: { text: 'Undone: Delete “Split”' } });
    await edits.redo();
    expect(f.now()!.notebook.title).toBe('v2');
    expect(edits.snapshot!.announcement!.text).toBe('Redone: Delete “Split”');
    // Each announcement has its own id (the same words are announced again).
    const ids = f.published.map((p) => p.announcement?.id).filter((x) => x !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a refused edit is said and changes nothing; so is a document the runtime refuses', () => {
    const f = fakeHost({ notebook: doc(1), profile: undefined });
    const edits = new DocumentEdits(f.host);
    expect(edits.apply(() => ({ ok: false, problem: 'Step “Split” is used by “Grid”' }))).toEqual({ ok: false, problem: 'Step “Split” is used by “Grid”' });
    expect(edits.snapshot).toMatchObject({ canUndo: false, announcement: { kind: 'refused', text: 'Step “Split” is used by “Grid”' } });
    f.refuseNext(true);
    expect(edits.apply(() => ({ ok: true, notebook: doc(2), label: 'Move' })).ok).toBe(false);
    expect(edits.snapshot).toMatchObject({ canUndo: false, announcement: { kind: 'refused', text: 'the runtime refuses it' } });
    expect(f.now()!.notebook.title).toBe('v1');
  });

  it('refuses while the notebook loads', () => {
    const edits = new DocumentEdits(fakeHost(undefined).host);
    expect(edits.apply(() => ({ ok: true, notebook: doc(2), label: 'x' }))).toEqual({ ok: false, problem: 'The notebook is still loading: try again in a moment.' });
  });

  it('remembers parameter edits (clearing the announcement) and undoes a profile change through the profile', async () => {
    const f = fakeHost({ notebook: doc(1), profile: 'quick' });
    const edits = new DocumentEdits(f.host);
    edits.apply(() => ({ ok: true, notebook: doc(2), label: 'Move' }));
    edits.remember('Choose profile “paper”');
    expect(edits.snapshot).toMatchObject({ undoLabel: 'Choose profile “paper”', announcement: undefined });
    f.set({ notebook: doc(3), profile: 'paper' });
    await edits.undo();
    expect(f.calls.at(-1)).toBe('profile quick v2');
    // `keep` leaves the last announcement; `before` records a state taken earlier.
    edits.apply(() => ({ ok: true, notebook: doc(4), label: 'Add a note' }));
    edits.remember('Open a notebook file', { before: { notebook: doc(9), profile: 'quick' }, keep: true });
    expect(edits.snapshot).toMatchObject({ undoLabel: 'Open a notebook file', announcement: { text: 'Done: Add a note. Ctrl+Z (⌘Z on a Mac) undoes it.' } });
    await edits.undo();
    expect(f.now()!.notebook.title).toBe('v9');
  });

  it('forgets everything for a new data file', () => {
    const f = fakeHost({ notebook: doc(1), profile: undefined });
    const edits = new DocumentEdits(f.host);
    edits.forget();
    expect(f.published).toHaveLength(0);
    edits.apply(() => ({ ok: true, notebook: doc(2), label: 'Move' }));
    edits.forget();
    expect(edits.snapshot).toMatchObject({ canUndo: false, canRedo: false, announcement: undefined });
  });
});
