import { describe, expect, it } from 'vitest';
import { initialState, notebookReducer, type NotebookAction, type NotebookState } from '@/lib/notebook/state';
import { chainNotebook } from './helpers';

const reduce = (actions: NotebookAction[], start: NotebookState = initialState(chainNotebook())) => actions.reduce(notebookReducer, start);
const snapshot = (s: NotebookState) => Object.entries(s.cells).map(([id, c]) => `${id}:${c.status}${c.runId ? `#${c.runId}` : ''}`).join(' ');

describe('notebook reducer', () => {
  it('starts every compute cell idle (markdown cells have no run state)', () => {
    expect(snapshot(initialState(chainNotebook()))).toBe('a:idle b:idle h:idle c:idle');
  });

  it('goes idle -> running -> fresh, storing output, key and timing', () => {
    const s = reduce([
      { type: 'run-started', cellId: 'a', runId: 1, key: 'k1' },
      { type: 'run-progress', cellId: 'a', runId: 1, progress: { fraction: 0.5 } },
    ]);
    expect(snapshot(s)).toBe('a:running#1 b:idle h:idle c:idle');
    expect(s.cells.a!.progress).toEqual({ fraction: 0.5 });
    const done = notebookReducer(s, { type: 'run-finished', cellId: 'a', runId: 1, output: 3, ms: 12, at: 100 });
    expect(done.cells.a).toEqual({ status: 'fresh', output: 3, key: 'k1', lastRunMs: 12, finishedAt: 100, fromCache: false });
  });

  it('edit: the cell and its downstream go stale, the document holds the new params', () => {
    let s = reduce([
      { type: 'run-started', cellId: 'a', runId: 1, key: 'ka' },
      { type: 'run-finished', cellId: 'a', runId: 1, output: 3, ms: 1, at: 1 },
      { type: 'run-started', cellId: 'b', runId: 2, key: 'kb' },
      { type: 'run-finished', cellId: 'b', runId: 2, output: 6, ms: 1, at: 1 },
      { type: 'run-started', cellId: 'h', runId: 3, key: 'kh' },
    ]);
    s = notebookReducer(s, { type: 'edit-params', cellId: 'b', params: { factor: 3 } });
    expect(snapshot(s)).toBe('a:fresh b:stale h:stale c:idle');
    expect(s.notebook.cells.find((c) => c.id === 'b')).toMatchObject({ params: { factor: 3 } });
    // the run of h that was in flight is superseded
    expect(notebookReducer(s, { type: 'run-finished', cellId: 'h', runId: 3, output: 'late', ms: 1, at: 1 })).toBe(s);
  });

  it('failure: error on the cell, downstream results invalidated', () => {
    const s = reduce([
      { type: 'run-started', cellId: 'b', runId: 1, key: 'kb' },
      { type: 'run-finished', cellId: 'b', runId: 1, output: 6, ms: 1, at: 1 },
      { type: 'run-started', cellId: 'h', runId: 2, key: 'kh' },
      { type: 'run-finished', cellId: 'h', runId: 2, output: 1, ms: 1, at: 1 },
      { type: 'run-started', cellId: 'b', runId: 3, key: 'kb2' },
      { type: 'run-failed', cellId: 'b', runId: 3, error: 'bad' },
    ]);
    expect(snapshot(s)).toBe('a:idle b:error h:stale c:idle');
    expect(s.cells.b).toEqual({ status: 'error', error: 'bad', isInputError: false });
  });

  it('cancel: back to stale with the previous output kept and no error', () => {
    const s = reduce([
      { type: 'run-started', cellId: 'h', runId: 1, key: 'k' },
      { type: 'run-finished', cellId: 'h', runId: 1, output: 'old', ms: 1, at: 1 },
      { type: 'run-started', cellId: 'h', runId: 2, key: 'k2' },
      { type: 'run-cancelled', cellId: 'h', runId: 2 },
    ]);
    expect(s.cells.h).toMatchObject({ status: 'stale', output: 'old', key: 'k' });
    expect(s.cells.h!.error).toBeUndefined();
  });

  it('cancel: the cell keeps where it was stopped until it runs again', () => {
    const progress = { fraction: 0.4, message: 'Epoch 12 of 500' };
    const s = reduce([
      { type: 'run-started', cellId: 'h', runId: 1, key: 'k' },
      { type: 'run-progress', cellId: 'h', runId: 1, progress },
      { type: 'run-cancelled', cellId: 'h', runId: 1 },
    ]);
    expect(s.cells.h).toMatchObject({ status: 'stale', cancelled: { progress } });
    expect(s.cells.h!.progress).toBeUndefined();
    // A late progress message of the stopped run changes nothing.
    expect(notebookReducer(s, { type: 'run-progress', cellId: 'h', runId: 1, progress: { fraction: 0.5 } })).toBe(s);
    const again = notebookReducer(s, { type: 'run-started', cellId: 'h', runId: 2, key: 'k' });
    expect(again.cells.h!.cancelled).toBeUndefined();
    const done = notebookReducer(again, { type: 'run-finished', cellId: 'h', runId: 2, output: 1, ms: 1, at: 1 });
    expect(done.cells.h!.cancelled).toBeUndefined();
  });

  it('a run superseded by an edit is not reported as cancelled by the user', () => {
    let s = reduce([{ type: 'run-started', cellId: 'h', runId: 1, key: 'k' }]);
    s = notebookReducer(s, { type: 'edit-params', cellId: 'h', params: {} });
    s = notebookReducer(s, { type: 'run-cancelled', cellId: 'h', runId: 1 });
    expect(s.cells.h!.cancelled).toBeUndefined();
  });

  it('source change: readers and their downstream go stale', () => {
    const s = reduce([
      { type: 'run-started', cellId: 'a', runId: 1, key: 'ka' },
      { type: 'run-finished', cellId: 'a', runId: 1, output: 3, ms: 1, at: 1 },
      { type: 'source-changed', cellIds: ['a'] },
    ]);
    expect(snapshot(s)).toBe('a:stale b:idle h:idle c:idle');
  });

  it('replace-notebook keeps results of unchanged cells and invalidates changed ones downstream', () => {
    const nb = chainNotebook();
    let s = reduce([
      { type: 'run-started', cellId: 'a', runId: 1, key: 'ka' },
      { type: 'run-finished', cellId: 'a', runId: 1, output: 3, ms: 1, at: 1 },
      { type: 'run-started', cellId: 'b', runId: 2, key: 'kb' },
      { type: 'run-finished', cellId: 'b', runId: 2, output: 6, ms: 1, at: 1 },
    ]);
    const edited = { ...nb, cells: nb.cells.map((c) => (c.id === 'b' ? { ...c, params: { factor: 5 } } : c)) };
    s = notebookReducer(s, { type: 'replace-notebook', notebook: edited });
    expect(snapshot(s)).toBe('a:fresh b:stale h:idle c:idle');
  });

  it('replace-notebook with another seed or another random stream makes the affected cells stale, not fresh with the old draws', () => {
    const nb = chainNotebook();
    const ran = reduce([
      { type: 'run-started', cellId: 'a', runId: 1, key: 'ka' },
      { type: 'run-finished', cellId: 'a', runId: 1, output: 3, ms: 1, at: 1 },
      { type: 'run-started', cellId: 'b', runId: 2, key: 'kb' },
      { type: 'run-finished', cellId: 'b', runId: 2, output: 6, ms: 1, at: 1 },
    ]);
    expect(snapshot(notebookReducer(ran, { type: 'replace-notebook', notebook: { ...nb, seed: nb.seed + 1 } }))).toBe('a:stale b:stale h:idle c:idle');
    const restreamed = { ...nb, cells: nb.cells.map((c) => (c.id === 'b' ? { ...c, stream: 'other' } : c)) };
    expect(snapshot(notebookReducer(ran, { type: 'replace-notebook', notebook: restreamed }))).toBe('a:fresh b:stale h:idle c:idle');
    expect(snapshot(notebookReducer(ran, { type: 'replace-notebook', notebook: nb }))).toBe('a:fresh b:fresh h:idle c:idle');
  });
});
