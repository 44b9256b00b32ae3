/**
 * Code steps' code in saved files as lines (lib/notebook/code-lines.ts): the file reads as code,
 * a one-line change is a one-line diff, and both forms parse to the same document.
 */
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { codeAsLines, codeFromLines } from '@/lib/notebook/code-lines';
import { parseNotebook, type Notebook } from '@/lib/notebook/notebook-schema';
import { notebooks } from '@/notebooks';
import { notebookFileText, openNotebookFile } from '@/components/notebook/notebook-file';

const demo = notebooks.find((n) => n.id === 'demo')!;
const code = 'const n = data.patients.length;\nconsole.log(n);\nreturn n;';
const withCode = (c: string): Notebook => ({ ...demo, cells: [...demo.cells, { id: 'mine', kind: 'code', title: 'Mine', inputs: { data: 'data' }, params: { code: c, name: 'n' } }] }) as Notebook;

describe('code as lines', () => {
  it('a saved file writes each line of code on its own line, and opens to the same document', () => {
    const text = notebookFileText(withCode(code), undefined, undefined);
    expect(text).toContain('"code": [\n');
    expect(text).toContain('"const n = data.patients.length;",\n');
    const opened = openNotebookFile(text, demo, registry);
    const cell = opened.notebook.cells.find((c) => c.id === 'mine')!;
    expect('params' in cell && cell.params.code).toBe(code);
  });

  it('one changed line is one changed line of the file', () => {
    const a = notebookFileText(withCode(code), undefined, undefined).split('\n');
    const b = notebookFileText(withCode(code.replace('console.log(n);', 'console.log(n * 2);')), undefined, undefined).split('\n');
    expect(a.length).toBe(b.length);
    const differing = a.filter((line, i) => line !== b[i] && !line.includes('savedAt'));
    expect(differing.map((l) => l.trim())).toEqual(['"console.log(n);",']);
  });

  it('touches only code steps’ code, in cells and profiles; other arrays and strings stay', () => {
    const doc = { id: 'x', cells: [{ id: 'c', kind: 'code', params: { code: 'a\nb', name: 'z' } }, { id: 'd', kind: 'windowing', params: { code: 'not code\nhere' } }], profiles: { p: { c: { code: 'x\ny' }, d: { code: 'q\nr' } } } };
    const lines = codeAsLines(doc);
    expect(lines.cells[0]!.params.code).toEqual(['a', 'b']);
    expect(lines.cells[1]!.params.code).toBe('not code\nhere');
    expect(lines.profiles.p.c.code).toEqual(['x', 'y']);
    expect(lines.profiles.p.d.code).toBe('q\nr');
    expect(codeFromLines(lines)).toEqual(doc);
    // An array that is not all strings is left for the schema to refuse, naming the field.
    const bad = { ...withCode(code), cells: [...demo.cells, { id: 'mine', kind: 'code', inputs: {}, params: { code: ['ok', 3] } }] };
    expect(codeFromLines(bad)).toEqual(bad);
  });

  it('the gallery notebook keeps its code as lines in git and parses to strings', () => {
    const cell = notebooks.find((n) => n.id === 'code-cell')!.cells.find((c) => 'kind' in c && c.kind === 'code')!;
    expect(typeof ('params' in cell && cell.params.code)).toBe('string');
    expect(parseNotebook(codeAsLines(notebooks.find((n) => n.id === 'code-cell')!))).toEqual(notebooks.find((n) => n.id === 'code-cell'));
  });
});
