import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { foreignHiddenCells, isNotebookFilePath, notebookFileText, openNotebookFile, openSavedNotebook, readNotebookFile } from '@/components/notebook/notebook-file';
import { applyProfile } from '@/lib/notebook/notebook-schema';
import { addDerivedFeatureCell } from '@/lib/notebook/structural-edits';
import { findNotebook } from '@/notebooks';
import type { Notebook } from '@/lib/notebook/notebook-schema';

const builtIn = findNotebook('han-2026')!;
const file = (notebook: Notebook, profile?: unknown, data: unknown = null) =>
  JSON.stringify({ ...JSON.parse(notebookFileText(notebook, undefined, undefined)), profile, data });

describe('opening a notebook file', () => {
  it('opens the built-in notebook as saved, with its own hidden steps and profile', () => {
    const opened = openNotebookFile(file(builtIn, 'quick'), builtIn, registry);
    expect(opened.profile).toBe('quick');
    expect(opened.notebook.cells.filter((c) => 'hidden' in c && c.hidden).length).toBeGreaterThan(0);
    expect(foreignHiddenCells(opened.notebook, builtIn)).toEqual([]);
  });

  it('refuses a hidden step the notebook does not have, naming it', () => {
    const grid = builtIn.cells.find((c) => c.kind === 'svm-grid' && !('hidden' in c && c.hidden))!;
    const extra = { ...grid, id: 'grid-secret', hidden: true };
    const hostile = { ...builtIn, cells: [...builtIn.cells, extra] };
    expect(() => readNotebookFile(file(hostile), builtIn.id, builtIn)).toThrow(/hidden steps.*"grid-secret" \(svm-grid\)/);
  });

  it('opens a file with a derived feature the page added: the hidden audit copies read its windows, looked through to the shipped ones', () => {
    const added = addDerivedFeatureCell(builtIn, registry, builtIn.cells.findIndex((c) => c.id === 'windows') + 1);
    if (!added.ok) throw new Error(added.problem);
    const rewiredHidden = added.notebook.cells.filter((c) => 'hidden' in c && c.hidden && Object.values(c.inputs).includes('feature'));
    expect(rewiredHidden.length).toBeGreaterThan(0);
    expect(foreignHiddenCells(added.notebook, builtIn)).toEqual([]);
    expect(readNotebookFile(file(added.notebook), builtIn.id, builtIn).notebook.cells.map((c) => c.id)).toEqual(added.notebook.cells.map((c) => c.id));
    // A hidden derived-feature step is not looked through: a file cannot slip one in.
    const sneaky = { ...added.notebook, cells: added.notebook.cells.map((c) => (c.id === 'feature' ? { ...c, hidden: true } : c)) } as Notebook;
    expect(() => readNotebookFile(file(sneaky), builtIn.id, builtIn)).toThrow(/hidden steps/);
  });

  it('refuses a built-in hidden step rewired to other inputs or made another kind', () => {
    const hidden = builtIn.cells.find((c) => 'hidden' in c && c.hidden)!;
    const rewired = { ...builtIn, cells: builtIn.cells.map((c) => (c.id === hidden.id ? { ...c, inputs: { split: 'split' } } : c)) } as Notebook;
    expect(() => readNotebookFile(file(rewired), builtIn.id, builtIn)).toThrow(new RegExp(`"${hidden.id}"`));
    const shown = builtIn.cells.find((c) => c.kind === 'svm-split' && !('hidden' in c && c.hidden))!;
    const hiddenShown = { ...builtIn, cells: builtIn.cells.map((c) => (c.id === shown.id ? { ...c, hidden: true } : c)) } as Notebook;
    expect(() => readNotebookFile(file(hiddenShown), builtIn.id, builtIn)).toThrow(new RegExp(`"${shown.id}"`));
  });

  it.each([
    ['an unknown profile', 'nope', /profile "nope", which this notebook does not have/],
    ['a profile from the prototype chain', 'constructor', /profile "constructor"/],
    ['an object as profile', { quick: 1 }, /"profile" is not a profile name/],
    ['a number as profile', 3, /"profile" is not a profile name/],
  ])('refuses %s with a message', (_what, profile, message) => {
    expect(() => openNotebookFile(file(builtIn, profile), builtIn, registry)).toThrow(message);
  });

  it('refuses a cycle and an unknown kind before anything changes', () => {
    const [a, b] = builtIn.cells.filter((c) => c.kind !== 'markdown').slice(0, 2);
    const cyclic = { ...builtIn, cells: builtIn.cells.map((c) => (c.id === a!.id ? { ...c, inputs: { data: b!.id } } : c)) } as Notebook;
    expect(() => openNotebookFile(file(cyclic), builtIn, registry)).toThrow();
    const unknown = { ...builtIn, cells: builtIn.cells.map((c) => (c.id === b!.id ? { ...c, kind: 'no-such-kind' } : c)) } as Notebook;
    expect(() => openNotebookFile(file(unknown), builtIn, registry)).toThrow(/no-such-kind/);
  });

  it('answers files that are not notebooks with a message, and ignores a damaged data entry', () => {
    expect(() => readNotebookFile('null', builtIn.id, builtIn)).toThrow(/not a saved workbench notebook/);
    const opened = readNotebookFile(file(builtIn, null, { name: 'x.csv', sha256: 5 }), builtIn.id, builtIn);
    expect(opened.data).toBeUndefined();
    expect(opened.dataWarning('abc')).toBeUndefined();
  });
});

describe('opening an HTML report as its notebook', () => {
  const saved = file(builtIn, 'quick');
  const report = (block: string) => `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"></head><body><h1>Report</h1>\n<script type="application/json" id="notebook">\n${block}\n</script></body></html>\n`;

  it('reads the notebook from the report’s data block, as Save notebook wrote it', () => {
    // The report writes "<" as \u003c inside the block; JSON reads it back the same.
    const opened = openNotebookFile(report(saved.replace(/</g, '\\u003c')), builtIn, registry);
    expect(opened.profile).toBe('quick');
    expect(opened.notebook).toEqual(openNotebookFile(saved, builtIn, registry).notebook);
  });

  it('an HTML file without a notebook block, or with a block that is not a notebook, gets a message', () => {
    expect(() => readNotebookFile('<html><body>hello</body></html>', builtIn.id, builtIn)).toThrow(/HTML without a notebook in it/);
    expect(() => readNotebookFile(report('{"format": "something else"}'), builtIn.id, builtIn)).toThrow(/not a saved workbench notebook/);
    expect(() => readNotebookFile(report('not json'), builtIn.id, builtIn)).toThrow(/not JSON/);
  });
});

describe('a saved notebook file run by the CLI (reproduce --notebook path)', () => {
  it('tells a file path from a notebook id', () => {
    expect(isNotebookFilePath('han-2026')).toBe(false);
    expect(isNotebookFilePath('saved.json')).toBe(true);
    expect(isNotebookFilePath('runs/x/report/report.html')).toBe(true);
    expect(isNotebookFilePath('./han-2026')).toBe(true);
  });

  it('finds the built-in notebook the file names and opens it as the page does: its parameters, profile and seed as saved', () => {
    const edited = applyProfile(builtIn, 'quick');
    const windows = edited.cells.find((c) => c.id === 'windows') as { params?: Record<string, unknown> };
    windows.params = { ...windows.params, outcome: 'best' };
    const text = notebookFileText({ ...edited, seed: 9 }, 'quick', { name: 'clinic.csv', sha256: 'ab'.repeat(32) });
    const opened = openSavedNotebook(text, registry);
    expect(opened.profile).toBe('quick');
    expect(opened.notebook.seed).toBe(9);
    expect(opened.notebook).toEqual(openNotebookFile(text, builtIn, registry).notebook);
    expect((opened.notebook.cells.find((c) => c.id === 'windows') as { params?: Record<string, unknown> }).params?.outcome).toBe('best');
    expect(opened.data).toEqual({ name: 'clinic.csv', sha256: 'ab'.repeat(32) });
  });

  it('refuses what "Open notebook…" refuses, and a notebook this workbench does not have', () => {
    expect(() => openSavedNotebook('not json', registry)).toThrow(/not JSON/);
    expect(() => openSavedNotebook(file({ ...builtIn, id: 'elsewhere' }), registry)).toThrow(/notebook "elsewhere", which this workbench does not have \(its notebooks: han-2026, /);
    expect(() => openSavedNotebook(file(builtIn, 'constructor'), registry)).toThrow(/profile "constructor"/);
    const cyclic = { ...builtIn, cells: builtIn.cells.map((c) => (c.id === 'data' ? { ...c, inputs: { x: 'split' } } : c)) } as Notebook;
    expect(() => openSavedNotebook(file(cyclic), registry)).toThrow();
  });
});
