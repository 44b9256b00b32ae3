import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, DEFAULT_HISTORY_LIMIT, emptyHistory, recordEdit, redoEdit, redoLabel, undoEdit, undoLabel, type EditHistory } from '@/lib/notebook/edit-history';

/** Edits a "document" (a string) and records it, as the session does. */
function edit(history: EditHistory<string>, current: string, next: string, label: string): [EditHistory<string>, string] {
  return [recordEdit(history, current, label), next];
}

describe('edit history', () => {
  it('starts empty: nothing to undo or redo', () => {
    const h = emptyHistory<string>();
    expect(canUndo(h)).toBe(false);
    expect(canRedo(h)).toBe(false);
    expect(undoEdit(h, 'a')).toBeUndefined();
    expect(redoEdit(h, 'a')).toBeUndefined();
    expect(undoLabel(h)).toBeUndefined();
    expect(redoLabel(h)).toBeUndefined();
    expect(h.limit).toBe(DEFAULT_HISTORY_LIMIT);
  });

  it('undoes back to each earlier document and redoes forward, with the edit’s words', () => {
    let h = emptyHistory<string>();
    let doc = 'v0';
    [h, doc] = edit(h, doc, 'v1', 'Move “Split” up');
    [h, doc] = edit(h, doc, 'v2', 'Delete “Split”');
    expect(undoLabel(h)).toBe('Delete “Split”');

    const u1 = undoEdit(h, doc)!;
    expect(u1).toMatchObject({ state: 'v1', label: 'Delete “Split”' });
    expect(redoLabel(u1.history)).toBe('Delete “Split”');
    expect(undoLabel(u1.history)).toBe('Move “Split” up');
    const u2 = undoEdit(u1.history, u1.state)!;
    expect(u2).toMatchObject({ state: 'v0', label: 'Move “Split” up' });
    expect(canUndo(u2.history)).toBe(false);

    const r1 = redoEdit(u2.history, u2.state)!;
    expect(r1).toMatchObject({ state: 'v1', label: 'Move “Split” up' });
    const r2 = redoEdit(r1.history, r1.state)!;
    expect(r2).toMatchObject({ state: 'v2', label: 'Delete “Split”' });
    expect(canRedo(r2.history)).toBe(false);
    expect(undoLabel(r2.history)).toBe('Delete “Split”');
  });

  it('a new edit after an undo forgets what was undone', () => {
    let h = emptyHistory<string>();
    let doc = 'v0';
    [h, doc] = edit(h, doc, 'v1', 'one');
    const u = undoEdit(h, doc)!;
    expect(canRedo(u.history)).toBe(true);
    const h2 = recordEdit(u.history, u.state, 'other');
    expect(canRedo(h2)).toBe(false);
    expect(undoEdit(h2, 'w1')).toMatchObject({ state: 'v0', label: 'other' });
  });

  it('keeps at most `limit` edits, forgetting the oldest (also when redo adds one back)', () => {
    let h = emptyHistory<string>(3);
    let doc = 'v0';
    for (let i = 1; i <= 5; i++) [h, doc] = edit(h, doc, `v${i}`, `edit ${i}`);
    expect(h.done.map((e) => e.label)).toEqual(['edit 3', 'edit 4', 'edit 5']);
    let state = doc;
    const labels: string[] = [];
    for (let step = undoEdit(h, state); step; step = undoEdit(h, state)) {
      labels.push(step.label);
      h = step.history;
      state = step.state;
    }
    expect(labels).toEqual(['edit 5', 'edit 4', 'edit 3']);
    expect(state).toBe('v2'); // as far back as the bound allows
    // Redo all three, then one edit more: still three to undo.
    for (let step = redoEdit(h, state); step; step = redoEdit(h, state)) {
      h = step.history;
      state = step.state;
    }
    expect(state).toBe('v5');
    h = recordEdit(h, state, 'edit 6');
    expect(h.done.map((e) => e.label)).toEqual(['edit 4', 'edit 5', 'edit 6']);
  });

  it('is immutable: an undo leaves the history it came from as it was', () => {
    const h = recordEdit(emptyHistory<string>(), 'v0', 'one');
    const before = JSON.stringify(h);
    undoEdit(h, 'v1');
    expect(JSON.stringify(h)).toBe(before);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => emptyHistory(0)).toThrow(/positive whole number/);
    expect(() => emptyHistory(1.5)).toThrow(/positive whole number/);
    expect(() => emptyHistory(Number.NaN)).toThrow(/positive whole number/);
  });
});
