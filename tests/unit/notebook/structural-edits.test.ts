// The session's tests below keep the edited document in (fake) IndexedDB, as the page does.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { registry as cells } from '@/lib/cells';
import { emptyHistory, recordEdit, redoEdit, undoEdit } from '@/lib/notebook/edit-history';
import { isComputeCell, parseNotebook, type ComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { memoryCache, NotebookRuntime } from '@/lib/notebook/runtime';
import {
  addDerivedFeatureCell,
  addMarkdownCell,
  cellTitle,
  deleteCell,
  derivedFeatureProblem,
  duplicateCell,
  editMarkdownText,
  moveCell,
  notebookProblem,
  uniqueCellId,
  type StructuralEdit,
} from '@/lib/notebook/structural-edits';
import { notebooks } from '@/notebooks';
import { calls, chainNotebook, heavyGate, registry, resetHeavyGate } from './helpers';

const ids = (nb: Notebook) => nb.cells.map((c) => c.id);
const ok = (edit: StructuralEdit): Notebook => {
  if (!edit.ok) throw new Error(`expected the edit to pass: ${edit.problem}`);
  return edit.notebook;
};
const problem = (edit: StructuralEdit): string => {
  if (edit.ok) throw new Error(`expected a refusal, got "${edit.label}"`);
  return edit.problem;
};
const statuses = (rt: NotebookRuntime) => Object.fromEntries(Object.entries(rt.getState().cells).map(([id, c]) => [id, c.status]));
const tickUntil = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!check()) throw new Error('condition never held');
};

/** The chain notebook with a second branch off `a` and a hidden cell, for moves over hidden cells. */
function branchy(): Notebook {
  return parseNotebook({
    id: 'branchy',
    title: 'Branchy',
    cells: [
      { id: 'intro', kind: 'markdown', text: '# Hello *there*' },
      { id: 'a', kind: 't-source', title: 'Source A' },
      { id: 'b', kind: 't-double', inputs: { x: 'a' }, title: 'Double B' },
      { id: 'hid', kind: 't-double', inputs: { x: 'a' }, hidden: true, stream: 'b' },
      { id: 'note', kind: 'markdown', text: 'Between' },
      { id: 'd', kind: 't-double', inputs: { x: 'a' }, title: 'Double D' },
    ],
  });
}

beforeEach(() => {
  calls.length = 0;
  resetHeavyGate();
});

describe('adding cells', () => {
  it('adds a Markdown note at a position with a fresh id, and refuses positions outside the notebook', () => {
    const nb = chainNotebook();
    const first = addMarkdownCell(nb, registry, 0, 'A note');
    expect(first).toMatchObject({ ok: true, label: 'Add a Markdown note', cellId: 'note' });
    const one = ok(first);
    expect(ids(one)).toEqual(['note', 'intro', 'a', 'b', 'h', 'c']);
    const two = ok(addMarkdownCell(one, registry, one.cells.length));
    expect(ids(two).at(-1)).toBe('note-2');
    for (const at of [-1, 99, 1.5, Number.NaN]) expect(problem(addMarkdownCell(nb, registry, at))).toMatch(/no position/);
    expect(nb.cells).toHaveLength(5); // the original is never changed
  });

  it('adds a derived-feature step into the windows chain: it reads the windowing step, and the steps that read those windows now read its', () => {
    const nb = notebooks.find((n) => n.id === 'han-2026')!;
    const readers = nb.cells.filter((c): c is ComputeCell => isComputeCell(c) && Object.values(c.inputs).includes('windows') && c.kind !== 'derived-feature');
    const svmSplit = readers.find((c) => c.kind === 'svm-split')!;
    const windowsAt = nb.cells.findIndex((c) => c.id === 'windows');
    // Asked for at the end, it goes just above the first step that now reads it.
    const next = ok(addDerivedFeatureCell(nb, cells, nb.cells.length));
    const at = next.cells.findIndex((c) => c.id === 'feature');
    const added = next.cells[at] as ComputeCell;
    expect(added).toMatchObject({ id: 'feature', kind: 'derived-feature', inputs: { data: 'data', windows: 'windows' }, params: { name: 'grade_change' } });
    expect(at).toBeGreaterThan(windowsAt);
    const firstReader = next.cells.findIndex((c) => isComputeCell(c) && Object.values(c.inputs).includes('feature') && c.id !== 'feature');
    expect(at).toBe(firstReader - 1);
    expect((next.cells.find((c) => c.id === svmSplit.id) as ComputeCell).inputs.windows).toBe('feature');
    expect(notebookProblem(next, cells)).toBeUndefined();
    expect(() => cells.get('derived-feature').params.parse(added.params)).not.toThrow();
    // A second one defines a name of its own and joins the chain after the first.
    const again = ok(addDerivedFeatureCell(next, cells, next.cells.length));
    expect(again.cells.find((c) => c.id === 'feature-2')).toMatchObject({ inputs: { windows: 'feature' }, params: { name: 'grade_change_2' } });
    expect((again.cells.find((c) => c.id === svmSplit.id) as ComputeCell).inputs.windows).toBe('feature-2');
    // Deleting a link takes it out of the chain; one whose feature a step selects is refused, naming it.
    const out = ok(deleteCell(again, cells, 'feature'));
    expect(out.cells.find((c) => c.id === 'feature-2')).toMatchObject({ inputs: { windows: 'windows' } });
    expect(notebookProblem(out, cells)).toBeUndefined();
    const selecting = {
      ...again,
      cells: again.cells.map((c) => (c.id === svmSplit.id && isComputeCell(c) ? { ...c, params: { ...c.params, features: ['age', 'grade_change_2'] } } : c)),
    };
    expect(problem(deleteCell(selecting, cells, 'feature-2'))).toMatch(/“Train\/test split and balance check”.* selects? its feature “grade_change_2”/);
    expect(ok(deleteCell(ok(deleteCell(again, cells, 'feature-2')), cells, 'feature')).cells).toEqual(nb.cells);
  });

  it('refuses a derived feature above its windowing step, and in a notebook without one', () => {
    const nb = notebooks.find((n) => n.id === 'han-2026')!;
    expect(problem(addDerivedFeatureCell(nb, cells, 0))).toMatch(/add it below that step/);
    expect(derivedFeatureProblem(nb, cells, nb.cells.length)).toBeUndefined();
    const demo = notebooks.find((n) => n.id === 'demo')!;
    expect(problem(addDerivedFeatureCell(demo, cells, demo.cells.length))).toMatch(/has none/);
  });

  it('picks ids no cell has', () => {
    const nb = chainNotebook();
    expect(uniqueCellId(nb, 'a')).toBe('a-2');
    expect(uniqueCellId(nb, 'zz')).toBe('zz');
  });
});

describe('moving cells', () => {
  it('moves a cell up and down among the shown cells, over hidden ones', () => {
    const nb = branchy();
    const up = moveCell(nb, registry, 'note', 'up');
    expect(up).toMatchObject({ ok: true, label: 'Move note “Between” up', cellId: 'note' });
    expect(ids(ok(up))).toEqual(['intro', 'a', 'note', 'b', 'hid', 'd']); // over the hidden cell and B
    const down = ok(moveCell(nb, registry, 'b', 'down'));
    expect(ids(down)).toEqual(['intro', 'a', 'hid', 'note', 'b', 'd']);
    // Up then down is below B again (the hidden cell, never shown, may now be above it).
    expect(ids(ok(moveCell(ok(up), registry, 'note', 'down')))).toEqual(['intro', 'a', 'b', 'note', 'hid', 'd']);
  });

  it('refuses to move the first cell up or the last one down', () => {
    const nb = branchy();
    expect(problem(moveCell(nb, registry, 'intro', 'up'))).toBe('Note “Hello there” is already the first cell');
    expect(problem(moveCell(nb, registry, 'd', 'down'))).toBe('“Double D” is already the last cell');
  });

  it('keeps a step below the steps it uses and above those that use it', () => {
    const nb = branchy();
    expect(problem(moveCell(nb, registry, 'b', 'up'))).toBe('“Double B” uses the results of “Source A”, so it stays below it');
    expect(problem(moveCell(nb, registry, 'a', 'down'))).toBe('“Source A”’s results are used by “Double B”, so it stays above it');
  });

  it('refuses unknown and hidden cells', () => {
    const nb = branchy();
    expect(problem(moveCell(nb, registry, 'nope', 'up'))).toMatch(/no cell "nope"/);
    expect(problem(moveCell(nb, registry, 'hid', 'up'))).toMatch(/hidden step/);
    expect(problem(duplicateCell(nb, registry, 'hid'))).toMatch(/hidden step/);
    expect(problem(deleteCell(nb, registry, 'hid'))).toMatch(/hidden step/);
  });
});

describe('duplicating cells', () => {
  it('puts a copy with a fresh id right below, reading the same inputs, with no dependents', () => {
    const nb = chainNotebook();
    const edit = duplicateCell(nb, registry, 'b');
    expect(edit).toMatchObject({ ok: true, label: 'Duplicate “Double”', cellId: 'b-copy' });
    const next = ok(edit);
    expect(ids(next)).toEqual(['intro', 'a', 'b', 'b-copy', 'h', 'c']);
    expect(next.cells[3]).toMatchObject({ kind: 't-double', inputs: { x: 'a' }, title: 'Double (copy)', stream: 'b' });
    // Whatever used the original still does.
    expect((next.cells.find((c) => c.id === 'h') as ComputeCell).inputs).toEqual({ x: 'b' });
    // Its parameters are its own: changing the copy's leaves the original's.
    (next.cells[3] as ComputeCell).params.factor = 9;
    expect((nb.cells.find((c) => c.id === 'b') as ComputeCell).params).toEqual({});
  });

  it('never reuses an id, however many copies there are', () => {
    let nb = chainNotebook();
    nb = ok(duplicateCell(nb, registry, 'b'));
    nb = ok(duplicateCell(nb, registry, 'b'));
    nb = ok(duplicateCell(nb, registry, 'b-copy'));
    expect(ids(nb)).toEqual(['intro', 'a', 'b', 'b-copy-2', 'b-copy', 'b-copy-copy', 'h', 'c']);
    expect(new Set(ids(nb)).size).toBe(nb.cells.length);
    expect(notebookProblem(nb, registry)).toBeUndefined();
    // A Markdown cell can be copied too.
    expect(ok(duplicateCell(nb, registry, 'intro')).cells[1]).toMatchObject({ id: 'intro-copy', kind: 'markdown', text: '# Hello' });
  });

  it('gives a derived feature’s copy a feature name of its own', () => {
    const nb = notebooks.find((n) => n.id === 'han-2026')!;
    const withFeature = ok(addDerivedFeatureCell(nb, cells, nb.cells.findIndex((c) => c.id === 'windows') + 1));
    const copy = ok(duplicateCell(withFeature, cells, 'feature')).cells.find((c) => c.id === 'feature-copy') as ComputeCell;
    expect(copy.params.name).toBe('grade_change_2');
    expect(copy.inputs).toEqual({ data: 'data', windows: 'windows' });
  });
});

describe('deleting cells', () => {
  it('deletes a cell no step uses', () => {
    const nb = chainNotebook();
    const edit = deleteCell(nb, registry, 'c');
    expect(edit).toMatchObject({ ok: true, label: 'Delete “Double”' });
    expect(ids(ok(edit))).toEqual(['intro', 'a', 'b', 'h']);
    expect(ids(ok(deleteCell(nb, registry, 'intro')))).toEqual(['a', 'b', 'h', 'c']);
  });

  it('refuses to delete a step whose results other steps use, naming them', () => {
    const nb = branchy();
    expect(problem(deleteCell(nb, registry, 'a'))).toBe('“Source A” was not deleted: “Double B”, “Double D” and 1 hidden step of an audit use its results. Delete those steps first, or keep this one.');
    expect(problem(deleteCell(chainNotebook(), registry, 'h'))).toBe('“Heavy” was not deleted: “Double” uses its results. Delete that step first, or keep this one.');
  });

  it('refuses to delete the step that reads the data file', () => {
    const demo = notebooks.find((n) => n.id === 'demo')!;
    expect(problem(deleteCell(demo, cells, 'data'))).toMatch(/reads the data file/);
  });

  it('refuses unknown ids', () => {
    expect(problem(deleteCell(chainNotebook(), registry, 'ghost'))).toMatch(/no cell "ghost"/);
    expect(problem(duplicateCell(chainNotebook(), registry, 'ghost'))).toMatch(/no cell "ghost"/);
  });
});

describe('Markdown text', () => {
  it('edits a note’s text; refuses steps, unknown ids and unchanged text', () => {
    const nb = chainNotebook();
    const edit = editMarkdownText(nb, registry, 'intro', '# Bye');
    expect(edit).toMatchObject({ ok: true, label: 'Edit note “Hello”' });
    expect(ok(edit).cells[0]).toMatchObject({ id: 'intro', text: '# Bye' });
    expect(problem(editMarkdownText(nb, registry, 'a', 'x'))).toMatch(/is a step/);
    expect(problem(editMarkdownText(nb, registry, 'nope', 'x'))).toMatch(/no cell/);
    expect(problem(editMarkdownText(nb, registry, 'intro', '# Hello'))).toMatch(/unchanged/);
  });

  it('names cells as the page shows them', () => {
    const nb = branchy();
    expect(cellTitle(nb, registry, 'intro')).toBe('note “Hello there”');
    expect(cellTitle(nb, registry, 'b')).toBe('“Double B”');
    expect(cellTitle(ok(addMarkdownCell(nb, registry, 0)), registry, 'note-2')).toBe('empty note');
  });
});

describe('the shipped notebooks', () => {
  it('read top to bottom: no step is above a step whose results it uses (the rule moves keep)', () => {
    for (const nb of notebooks) {
      const at = new Map(nb.cells.map((c, i) => [c.id, i]));
      for (const cell of nb.cells.filter(isComputeCell)) for (const from of Object.values(cell.inputs)) expect(at.get(from)!, `${nb.id}: ${cell.id} reads ${from}`).toBeLessThan(at.get(cell.id)!);
    }
  });
});

describe('with the runtime (Node): structural edits keep results, and undo brings them back from the cache', () => {
  it('delete + undo restores a cell fresh with its output, without running it again', async () => {
    const cache = memoryCache();
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry, cache });
    heavyGate.release();
    await rt.runAll();
    expect(statuses(rt)).toEqual({ a: 'fresh', b: 'fresh', h: 'fresh', c: 'fresh' });
    const heavyOut = rt.getState().cells.h!.output;
    const cOut = rt.getState().cells.c!.output;
    calls.length = 0;

    let history = emptyHistory<Notebook>();
    // Delete c, then h (c used h's results, so h goes second).
    for (const id of ['c', 'h']) {
      const before = rt.getState().notebook;
      const edit = deleteCell(before, registry, id);
      if (!edit.ok) throw new Error(edit.problem);
      history = recordEdit(history, before, edit.label);
      await rt.replaceNotebook(edit.notebook);
    }
    expect(statuses(rt)).toEqual({ a: 'fresh', b: 'fresh' });

    for (let i = 0; i < 2; i++) {
      const step = undoEdit(history, rt.getState().notebook)!;
      history = step.history;
      await rt.replaceNotebook(step.state);
    }
    await tickUntil(() => rt.getState().cells.h?.status === 'fresh' && rt.getState().cells.c?.status === 'fresh');
    expect(ids(rt.getState().notebook)).toEqual(['intro', 'a', 'b', 'h', 'c']);
    expect(rt.getState().cells.h).toMatchObject({ status: 'fresh', fromCache: true });
    expect(rt.getState().cells.h!.output).toEqual(heavyOut);
    expect(rt.getState().cells.c).toMatchObject({ status: 'fresh', fromCache: true, output: cOut });
    expect(calls).toEqual([]); // nothing executed again

    // Redo deletes again (the last undone first); the cells upstream keep their results.
    const redo = redoEdit(history, rt.getState().notebook)!;
    expect(redo.label).toBe('Delete “Double”');
    await rt.replaceNotebook(redo.state);
    expect(statuses(rt)).toEqual({ a: 'fresh', b: 'fresh', h: 'fresh' });
  });

  it('a duplicate shows the original’s result at once (same stream and key), and moves keep every result', async () => {
    const cache = memoryCache();
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry, cache });
    await rt.start();
    calls.length = 0;
    await rt.replaceNotebook(ok(duplicateCell(rt.getState().notebook, registry, 'b')));
    expect(rt.getState().cells['b-copy']).toMatchObject({ status: 'fresh', output: 6, key: rt.getState().cells.b!.key });
    await rt.replaceNotebook(ok(moveCell(rt.getState().notebook, registry, 'b-copy', 'down')));
    expect(ids(rt.getState().notebook)).toEqual(['intro', 'a', 'b', 'h', 'b-copy', 'c']);
    expect(calls).toEqual([]);
    // The copy's own parameters: only it runs again.
    await rt.editParams('b-copy', { factor: 5 });
    expect(calls).toEqual(['double']);
    expect(rt.getState().cells['b-copy']!.output).toBe(15);
    expect(rt.getState().cells.b!.output).toBe(6);
  });

  it('adding a note while a heavy step runs does not stop it; deleting a running step stops only that run', async () => {
    const rt = new NotebookRuntime({ notebook: chainNotebook(), registry });
    await rt.start();
    const run = rt.runCell('h');
    await tickUntil(() => rt.getState().cells.h!.status === 'running');
    // Not awaited: the runtime's promise ends when nothing runs, and the heavy run waits for its gate.
    const added = rt.replaceNotebook(ok(addMarkdownCell(rt.getState().notebook, registry, 1, 'A note')));
    expect(rt.getState().cells.h!.status).toBe('running');
    heavyGate.release();
    await Promise.all([added, run]);
    expect(rt.getState().cells.h!.status).toBe('fresh');

    resetHeavyGate();
    await rt.editParams('h', { epochs: 2 });
    const again = rt.runCell('h');
    await tickUntil(() => rt.getState().cells.h!.status === 'running');
    const withoutC = ok(deleteCell(rt.getState().notebook, registry, 'c'));
    const withoutH = ok(deleteCell(withoutC, registry, 'h'));
    const deleted = rt.replaceNotebook(withoutH);
    heavyGate.release();
    await Promise.all([deleted, again]);
    expect(statuses(rt)).toEqual({ a: 'fresh', b: 'fresh' });
  });
});

describe('through the session (components/notebook/session.ts): edits are recorded, announced, undone and kept in this browser', () => {
  /** A session on an in-process "pool", fake IndexedDB and a bundled cohort that cannot be fetched (so nothing runs). */
  async function session(id: string) {
    const { NotebookSession } = await import('@/components/notebook/session');
    const { inProcessExecutor } = await import('@/lib/notebook/executor');
    const executor = inProcessExecutor(cells, { host: 'node' });
    const pool = { size: 2, execute: executor.execute, terminate() {}, inspect: () => Promise.reject(new Error('no')) };
    const g = globalThis as unknown as { window?: unknown; fetch: typeof fetch };
    g.window ??= { location: { search: '' } };
    g.fetch = (() => Promise.resolve(new Response('', { status: 404, statusText: 'Not Found' }))) as typeof fetch;
    const s = new NotebookSession(notebooks.find((n) => n.id === id)!, pool as never);
    await s.start();
    await tickUntil(() => s.snapshot.state !== undefined);
    return s;
  }
  const doc = (s: { snapshot: { state?: { notebook: Notebook } } }) => s.snapshot.state!.notebook;

  it('records structural and parameter edits, says what happened or why not, and undoes and redoes them', async () => {
    const s = await session('demo');
    expect(s.snapshot.edits?.canUndo ?? false).toBe(false);
    const added = s.addMarkdownCell(doc(s).cells.length);
    expect(added.ok).toBe(true);
    s.editMarkdown('note', '# Mine');
    s.moveCell('note', 'up');
    expect(ids(doc(s))).toEqual(['intro', 'dataset', 'note', 'data']);
    expect(s.snapshot.edits).toMatchObject({ canUndo: true, canRedo: false, undoLabel: 'Move note “Mine” up', announcement: { kind: 'done', text: expect.stringContaining('Move note “Mine” up') } });

    // Refused: nothing changes, nothing is recorded, the reason is said.
    expect(s.deleteCell('data').ok).toBe(false);
    expect(s.snapshot.edits).toMatchObject({ undoLabel: 'Move note “Mine” up', announcement: { kind: 'refused', text: expect.stringContaining('reads the data file') } });
    expect(ids(doc(s))).toEqual(['intro', 'dataset', 'note', 'data']);

    // A parameter edit goes through the session too, and is undone like the rest.
    const sheetEdit = `Change “${cells.get('load-cohort').title}” › sheet`;
    await s.editParams('data', { sheet: 'Visits' }, 'sheet');
    expect(s.snapshot.edits?.undoLabel).toBe(sheetEdit);
    await s.undo();
    expect((doc(s).cells.find((c) => c.id === 'data') as ComputeCell).params).toEqual({});
    await s.undo();
    expect(ids(doc(s))).toEqual(['intro', 'dataset', 'data', 'note']);
    expect(s.snapshot.edits?.announcement?.text).toBe('Undone: Move note “Mine” up');
    await s.redo();
    expect(ids(doc(s))).toEqual(['intro', 'dataset', 'note', 'data']);
    expect(s.snapshot.edits).toMatchObject({ canRedo: true, redoLabel: sheetEdit });

    // Kept in this browser as every edit is: the saved document is the edited one (saves are asynchronous).
    const { loadSession } = await import('@/components/notebook/local-store');
    let saved: Notebook | undefined;
    for (let i = 0; i < 200; i++) {
      saved = (await loadSession('demo'))?.notebook;
      if (saved && ids(saved).join() === 'intro,dataset,note,data') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(saved && ids(saved)).toEqual(['intro', 'dataset', 'note', 'data']);
    expect(saved?.cells[2]).toMatchObject({ kind: 'markdown', text: '# Mine' });
    s.dispose();
  });

  it('a change of profile keeps the cells the user added, and is undone with them', async () => {
    const s = await session('han-2026');
    const at = doc(s).cells.findIndex((c) => c.id === 'windows') + 1;
    expect(s.addDerivedFeature(at).ok).toBe(true);
    const before = doc(s);
    expect(s.snapshot.profile).toBe('quick'); // the notebook's default profile
    await s.setProfile('paper');
    expect(s.snapshot.profile).toBe('paper');
    expect(ids(doc(s))).toEqual(ids(before)); // the derived feature is still there
    expect(doc(s)).not.toBe(before);
    expect(s.snapshot.edits?.undoLabel).toMatch(/^Choose profile “/);
    await s.undo();
    expect(s.snapshot.profile).toBe('quick');
    expect(doc(s)).toBe(before);
    await s.undo();
    expect(doc(s).cells.some((c) => c.id === 'feature')).toBe(false);
    s.dispose();
  });
});
