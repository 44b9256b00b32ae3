import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { isComputeCell, parseNotebook, type ComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { addCodeCell, inputChoices, notebookProblem, setCellInputs, type StructuralEdit } from '@/lib/notebook/structural-edits';
import { DEFAULT_CODE } from '@/lib/cells/code-cell';
import { notebooks } from '@/notebooks';

const ok = (edit: StructuralEdit) => {
  if (!edit.ok) throw new Error(`expected the edit to pass: ${edit.problem}`);
  return edit;
};
const problem = (edit: StructuralEdit): string => {
  if (edit.ok) throw new Error(`expected a refusal, got "${edit.label}"`);
  return edit.problem;
};
const cell = (nb: Notebook, id: string) => nb.cells.find((c): c is ComputeCell => isComputeCell(c) && c.id === id)!;
const at = (nb: Notebook, id: string) => nb.cells.findIndex((c) => c.id === id);
const ownFeature = notebooks.find((n) => n.id === 'own-feature')!;
const han = notebooks.find((n) => n.id === 'han-2026')!;

describe('addCodeCell', () => {
  it('adds a code step reading the nearest windows above it, with the default code', () => {
    const edit = ok(addCodeCell(ownFeature, registry, at(ownFeature, 'about-svm')));
    expect(edit.label).toBe('Add a code step');
    expect(edit.cellId).toBe('code');
    const code = cell(edit.notebook, 'code');
    expect(at(edit.notebook, 'code')).toBe(at(ownFeature, 'about-svm'));
    // The derived feature `early` passes the windows on: it is nearer than `windows`.
    expect(code).toMatchObject({ kind: 'code', title: 'Code', inputs: { windows: 'early' } });
    expect(code.params).toMatchObject({ code: DEFAULT_CODE, name: 'code_result', timeLimitSeconds: 10, memoryLimitMiB: 256 });
    expect(notebookProblem(edit.notebook, registry)).toBeUndefined();
    // Just below the windowing step, the windows are those of the windowing step.
    expect(cell(ok(addCodeCell(ownFeature, registry, at(ownFeature, 'windows') + 1)).notebook, 'code').inputs).toEqual({ windows: 'windows' });
  });

  it('gives a second code step its own id and result name', () => {
    const once = ok(addCodeCell(han, registry, han.cells.length)).notebook;
    const twice = ok(addCodeCell(once, registry, once.cells.length));
    expect(twice.cellId).toBe('code-2');
    expect(cell(twice.notebook, 'code-2').params.name).toBe('code_result_2');
    expect(cell(twice.notebook, 'code-2').inputs).toEqual({ windows: 'windows' });
  });

  it('has no inputs above the windows, and takes the inputs it is given', () => {
    expect(cell(ok(addCodeCell(han, registry, 0)).notebook, 'code').inputs).toEqual({});
    const given = ok(addCodeCell(han, registry, han.cells.length, { data: 'data', split: 'split' }));
    expect(cell(given.notebook, 'code').inputs).toEqual({ data: 'data', split: 'split' });
  });

  it('refuses a position that is not there and inputs it cannot read', () => {
    expect(problem(addCodeCell(han, registry, -1))).toMatch(/no position -1/);
    expect(problem(addCodeCell(han, registry, han.cells.length + 1))).toMatch(/no position/);
    expect(problem(addCodeCell(han, registry, 2, { windows: 'windows' }))).toMatch(/comes later/);
    expect(problem(addCodeCell(han, registry, han.cells.length, { '1st': 'data' }))).toMatch(/cannot name an input/);
    expect(problem(addCodeCell(han, registry, han.cells.length, { x: 'nowhere' }))).toMatch(/not a step/);
    expect(problem(addCodeCell(han, registry, han.cells.length, { x: 'intro' }))).toMatch(/not a step/);
    expect(problem(addCodeCell(han, registry, han.cells.length, { x: 'split--window-paper' }))).toMatch(/hidden step/);
  });
});

describe('setCellInputs', () => {
  const withCode = ok(addCodeCell(han, registry, at(han, 'about-validation'))).notebook;

  it('sets a code step’s inputs, with a label naming the step', () => {
    const edit = ok(setCellInputs(withCode, registry, 'code', { windows: 'windows', evaluation: 'evaluate' }));
    expect(edit.label).toBe('Change the inputs of “Code”');
    expect(edit.cellId).toBe('code');
    expect(cell(edit.notebook, 'code').inputs).toEqual({ windows: 'windows', evaluation: 'evaluate' });
    expect(cell(ok(setCellInputs(edit.notebook, registry, 'code', {})).notebook, 'code').inputs).toEqual({});
  });

  it('refuses bad names, unknown, later and hidden steps, the step itself and unchanged inputs', () => {
    expect(problem(setCellInputs(withCode, registry, 'code', { 'my-data': 'data' }))).toMatch(/“my-data” cannot name an input/);
    expect(problem(setCellInputs(withCode, registry, 'code', { x: 'missing' }))).toMatch(/“missing”, which is not a step/);
    expect(problem(setCellInputs(withCode, registry, 'code', { x: 'calibration' }))).toMatch(/comes later/);
    expect(problem(setCellInputs(withCode, registry, 'code', { x: 'code' }))).toMatch(/the step itself/);
    expect(problem(setCellInputs(withCode, registry, 'code', { x: 'evaluate--window-paper' }))).toMatch(/hidden step/);
    expect(problem(setCellInputs(withCode, registry, 'code', { windows: 'windows' }))).toBe('The inputs are unchanged');
    expect(problem(setCellInputs(withCode, registry, 'nowhere', {}))).toMatch(/no cell "nowhere"/);
  });

  it('refuses a loop: a step above that already reads the code step', () => {
    const nb = parseNotebook({
      id: 'loop',
      title: 'Loop',
      cells: [
        { id: 'first', kind: 'code', inputs: { later: 'second' } },
        { id: 'second', kind: 'code', inputs: {} },
      ],
    });
    expect(notebookProblem(nb, registry)).toBeUndefined();
    expect(problem(setCellInputs(nb, registry, 'second', { earlier: 'first' }))).toMatch(/loop/);
  });

  it('refuses a step whose inputs its kind fixes, and a note', () => {
    expect(problem(setCellInputs(han, registry, 'split', { windows: 'windows' }))).toMatch(/fixed by its kind/);
    expect(problem(setCellInputs(han, registry, 'intro', {}))).toMatch(/Markdown note/);
  });
});

describe('inputChoices', () => {
  it('lists the shown steps above, with their titles, without the cell itself', () => {
    const withCode = ok(addCodeCell(han, registry, at(han, 'about-validation'))).notebook;
    const choices = inputChoices(withCode, registry, 'code');
    expect(choices.map((c) => c.id)).toEqual(['data', 'cohort', 'describe', 'windows', 'split', 'sample-size', 'grid', 'importance', 'evaluate']);
    expect(choices.find((c) => c.id === 'windows')!.title).toBe(registry.get('windowing').title);
    // Every choice is one setCellInputs takes.
    for (const c of choices) expect(setCellInputs(withCode, registry, 'code', { x: c.id }).ok).toBe(true);
    expect(inputChoices(withCode, registry, 'audit').map((c) => c.id)).not.toContain('split--window-paper');
    expect(inputChoices(withCode, registry, 'nowhere')).toEqual([]);
  });
});
