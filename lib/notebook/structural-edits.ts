/**
 * Edits of a notebook's structure, as pure functions: add a cell, move, duplicate or delete one,
 * change a Markdown cell's text. Each returns the new document with a label for the edit history
 * and the page's announcement ("Delete “Split”"), or a problem in words, and never a document the
 * runtime would refuse: every result is checked as `NotebookRuntime.replaceNotebook` checks one
 * (ids, the graph, each input fed by a kind its cell accepts), so a refused edit changes nothing.
 *
 * Cells the page does not show (hidden steps: an audit's variants) are not edited here: they
 * belong to the step that reports them, and a notebook file may only keep the built-in ones.
 */
import { checkInputs, FREE_INPUT_NAME } from './check-inputs';
import { buildGraph } from './graph';
import { effectiveParams, isComputeCell, parseNotebook, type ComputeCell, type MarkdownCell, type Notebook, type NotebookCell } from './notebook-schema';
import type { CellRegistry } from './registry';

export type StructuralEdit =
  /** `cellId`: the cell the page should bring into view and focus afterwards (the new one, the moved one). */
  | { ok: true; notebook: Notebook; label: string; cellId?: string }
  | { ok: false; problem: string };

/** The kind of cell a user's own feature is (lib/cells/derived-feature.ts) and the kind it reads its windows from. */
export const DERIVED_FEATURE_KIND = 'derived-feature';
export const WINDOWING_KIND = 'windowing';
/** The expression a new derived feature starts from (the cell's own default): something that runs, for the user to change. */
const NEW_FEATURE_NAME = 'grade_change';
const NEW_FEATURE_EXPRESSION = 'last_grade - first_grade';

const refused = (problem: string): StructuralEdit => ({ ok: false, problem });

/** A shown cell: Markdown, or a step that is not hidden. Moves step over hidden cells, as the page never shows them. */
const isShown = (cell: NotebookCell) => !isComputeCell(cell) || cell.hidden !== true;

/** The first words of a Markdown cell, for labels: its first line without Markdown marks, at most 40 characters. */
function noteWords(text: string): string {
  const line = text.split('\n').map((l) => l.replace(/^[#>*\-+\s]+/, '').replace(/[*_`[\]]/g, '').trim()).find(Boolean);
  if (!line) return '';
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

/** A cell's name as the page shows it: a step's title (its own or its kind's), or a note's first words. */
export function cellTitle(notebook: Notebook, registry: CellRegistry, cellId: string): string {
  const cell = notebook.cells.find((c) => c.id === cellId);
  if (!cell) return cellId;
  if (!isComputeCell(cell)) {
    const words = noteWords(cell.text);
    return words ? `note “${words}”` : 'empty note';
  }
  return `“${cell.title ?? (registry.has(cell.kind) ? registry.get(cell.kind).title : cell.kind)}”`;
}

/**
 * Why the runtime would refuse the document (duplicate or malformed ids, an input from a cell
 * that is not there, a cycle, an input fed by a kind its cell does not accept), undefined when
 * it would take it.
 */
export function notebookProblem(notebook: Notebook, registry: CellRegistry): string | undefined {
  try {
    parseNotebook(notebook);
    for (const cell of notebook.cells) if (isComputeCell(cell)) registry.get(cell.kind);
    buildGraph(notebook);
    checkInputs(notebook, registry);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The edited document, if the runtime would take it; the problem otherwise (a bug here, not the user's doing). */
function checked(notebook: Notebook, registry: CellRegistry, label: string, cellId?: string): StructuralEdit {
  const problem = notebookProblem(notebook, registry);
  return problem ? refused(`The notebook was left as it was: ${label.charAt(0).toLowerCase()}${label.slice(1)} would give a notebook that cannot run (${problem})`) : { ok: true, notebook, label, cellId };
}

/** An id no cell of the notebook has: `base`, else `base-2`, `base-3`, … */
export function uniqueCellId(notebook: Notebook, base: string): string {
  const taken = new Set(notebook.cells.map((c) => c.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function find(notebook: Notebook, cellId: string): { index: number; cell: NotebookCell } | undefined {
  const index = notebook.cells.findIndex((c) => c.id === cellId);
  return index < 0 ? undefined : { index, cell: notebook.cells[index]! };
}

function insertAt(cells: readonly NotebookCell[], at: number, cell: NotebookCell): NotebookCell[] {
  return [...cells.slice(0, at), cell, ...cells.slice(at)];
}

/** A position to add at: 0 (before the first cell) to the number of cells (after the last). */
function positionProblem(notebook: Notebook, at: number): string | undefined {
  return Number.isInteger(at) && at >= 0 && at <= notebook.cells.length ? undefined : `There is no position ${at} in the notebook (0 to ${notebook.cells.length})`;
}

/** Adds a Markdown cell at `at` (an index into the cells: 0 = first, the number of cells = last). */
export function addMarkdownCell(notebook: Notebook, registry: CellRegistry, at: number, text = ''): StructuralEdit {
  const bad = positionProblem(notebook, at);
  if (bad) return refused(bad);
  const cell: MarkdownCell = { id: uniqueCellId(notebook, 'note'), kind: 'markdown', text };
  return checked({ ...notebook, cells: insertAt(notebook.cells, at, cell) }, registry, 'Add a Markdown note', cell.id);
}

/** The notebook's windowing step (the first shown one), which a derived feature reads. */
export function windowingCell(notebook: Notebook): ComputeCell | undefined {
  return notebook.cells.find((c): c is ComputeCell => isComputeCell(c) && c.kind === WINDOWING_KIND && c.hidden !== true);
}

/** The feature names the notebook's derived-feature steps define, in notebook order (the forms list them so). */
export function derivedFeatureNames(notebook: Notebook): string[] {
  return notebook.cells.flatMap((c) => (isComputeCell(c) && c.kind === DERIVED_FEATURE_KIND && typeof c.params.name === 'string' ? [c.params.name] : []));
}

/** A feature name no derived-feature step of the notebook defines: `base`, else `base_2`, … (40 characters at most, the names' limit). */
function uniqueFeatureName(notebook: Notebook, base: string): string {
  const taken = new Set(derivedFeatureNames(notebook));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const name = `${base.slice(0, 40 - suffix.length)}${suffix}`;
    if (!taken.has(name)) return name;
  }
}

/** Why a derived-feature step cannot be added at `at`; undefined when it can. */
export function derivedFeatureProblem(notebook: Notebook, registry: CellRegistry, at: number): string | undefined {
  const bad = positionProblem(notebook, at);
  if (bad) return bad;
  if (!registry.has(DERIVED_FEATURE_KIND)) return 'This workbench has no derived-feature step';
  const windows = windowingCell(notebook);
  if (!windows) return 'A derived feature is computed on the windows of a windowing step, and this notebook has none';
  const windowsAt = notebook.cells.indexOf(windows);
  const dataAt = notebook.cells.findIndex((c) => c.id === windows.inputs.data);
  // Read top to bottom, a step comes after the steps whose results it uses.
  if (at <= Math.max(windowsAt, dataAt)) return `A derived feature reads the windows of ${cellTitle(notebook, registry, windows.id)}: add it below that step`;
  return undefined;
}

/**
 * The end of the windows chain: the windowing step, or the last derived-feature step after it (a
 * derived-feature step passes the windows on with its own column added).
 */
function windowsChainEnd(notebook: Notebook, windowsId: string): ComputeCell {
  let end = notebook.cells.find((c): c is ComputeCell => isComputeCell(c) && c.id === windowsId)!;
  for (let guard = 0; guard < notebook.cells.length; guard++) {
    const next = notebook.cells.find((c): c is ComputeCell => isComputeCell(c) && c.kind === DERIVED_FEATURE_KIND && c.inputs.windows === end.id);
    if (!next) break;
    end = next;
  }
  return end;
}

/** Whether `cell`'s input `name` may be fed by a cell of `kind` (the kind's declared inputs). */
function accepts(registry: CellRegistry, cell: ComputeCell, name: string, kind: string): boolean {
  if (!registry.has(cell.kind)) return false;
  const declared = registry.get(cell.kind).inputs as Record<string, readonly string[]>;
  return declared[name]?.includes(kind) ?? false;
}

/**
 * Adds a derived-feature step, inserted into the windows chain: it reads the windows at the end
 * of the chain (the windowing step, or the last derived feature) and the steps that read those
 * windows (the SVM and LSTM splits and networks) now read its windows, so their feature lists and
 * the explorer offer the new feature at once. The steps from those readers on are out of date
 * (their input changed) and run again; Undo brings the earlier results back from the cache. It is
 * placed at `at`, or just above the first step that now reads it, so the notebook still reads top
 * to bottom. Its name is one no other derived-feature step
 * defines, with the cell's default expression.
 */
export function addDerivedFeatureCell(notebook: Notebook, registry: CellRegistry, at: number): StructuralEdit {
  const problem = derivedFeatureProblem(notebook, registry, at);
  if (problem) return refused(problem);
  const windows = windowingCell(notebook)!;
  const data = windows.inputs.data;
  if (!data) return refused(`${cellTitle(notebook, registry, windows.id)} reads no data step, so a derived feature has none to read`);
  const end = windowsChainEnd(notebook, windows.id);
  const id = uniqueCellId(notebook, 'feature');
  const cell: ComputeCell = {
    id,
    kind: DERIVED_FEATURE_KIND,
    inputs: { data, windows: end.id },
    params: { name: uniqueFeatureName(notebook, NEW_FEATURE_NAME), expression: NEW_FEATURE_EXPRESSION },
  };
  const rewired = notebook.cells.map((c) => {
    if (!isComputeCell(c)) return c;
    const names = Object.entries(c.inputs).filter(([name, from]) => from === end.id && accepts(registry, c, name, DERIVED_FEATURE_KIND)).map(([name]) => name);
    return names.length ? { ...c, inputs: { ...c.inputs, ...Object.fromEntries(names.map((n) => [n, id])) } } : c;
  });
  const endAt = rewired.findIndex((c) => c.id === end.id);
  const firstReader = rewired.findIndex((c, i) => i > endAt && c !== notebook.cells[i]);
  const place = Math.max(endAt + 1, firstReader >= 0 ? Math.min(at, firstReader) : at);
  return checked({ ...notebook, cells: insertAt(rewired, place, cell) }, registry, 'Add a derived feature', cell.id);
}

/** A shown cell (the only ones edited here), or why not. */
function shownCell(notebook: Notebook, registry: CellRegistry, cellId: string): { index: number; cell: NotebookCell } | string {
  const found = find(notebook, cellId);
  if (!found) return `There is no cell "${cellId}" in the notebook`;
  if (!isShown(found.cell)) return `${cellTitle(notebook, registry, cellId)} is a hidden step: it is part of the step that reports it and is not edited on its own`;
  return found;
}

/** The compute cells that take `cellId`'s output as an input, or its parameters (`inheritParams`). */
function dependentsOf(notebook: Notebook, cellId: string): ComputeCell[] {
  return notebook.cells.filter(
    (c): c is ComputeCell => isComputeCell(c) && c.id !== cellId && (Object.values(c.inputs).includes(cellId) || (c.inheritParams === true && (c.stream ?? c.id) === cellId)),
  );
}

/** Names for a list of steps: the shown ones by title, hidden ones counted ("“Grid search”, “Evaluation” and 2 hidden steps"). */
function stepList(notebook: Notebook, registry: CellRegistry, cells: readonly ComputeCell[]): string {
  const shown = cells.filter((c) => c.hidden !== true).map((c) => cellTitle(notebook, registry, c.id));
  const hidden = cells.length - shown.length;
  const parts = hidden > 0 ? [...shown, `${hidden} hidden step${hidden === 1 ? '' : 's'} of an audit`] : shown;
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * Moves a shown cell above the shown cell before it (`up`) or below the one after it (`down`),
 * over any hidden cells between. Refused at either end, and when the move would put a step above
 * a step whose results it uses, or below one that uses its results: the notebook reads top to
 * bottom (the runtime would not mind; a reader would).
 */
export function moveCell(notebook: Notebook, registry: CellRegistry, cellId: string, direction: 'up' | 'down'): StructuralEdit {
  const found = shownCell(notebook, registry, cellId);
  if (typeof found === 'string') return refused(found);
  const { index, cell } = found;
  const name = cellTitle(notebook, registry, cellId);
  const cells = notebook.cells;
  let target = -1;
  if (direction === 'up') {
    for (let i = index - 1; i >= 0; i--) if (isShown(cells[i]!)) { target = i; break; }
    if (target < 0) return refused(`${capital(name)} is already the first cell`);
  } else {
    for (let i = index + 1; i < cells.length; i++) if (isShown(cells[i]!)) { target = i; break; }
    if (target < 0) return refused(`${capital(name)} is already the last cell`);
  }
  const passed = direction === 'up' ? cells.slice(target, index) : cells.slice(index + 1, target + 1);
  if (isComputeCell(cell)) {
    const used = passed.filter((c): c is ComputeCell => isComputeCell(c) && (Object.values(cell.inputs).includes(c.id) || (cell.inheritParams === true && (cell.stream ?? cell.id) === c.id)));
    if (direction === 'up' && used.length) return refused(`${capital(name)} uses the results of ${stepList(notebook, registry, used)}, so it stays below ${used.length === 1 ? 'it' : 'them'}`);
    const dependents = new Set(dependentsOf(notebook, cell.id));
    const users = passed.filter((c): c is ComputeCell => isComputeCell(c) && dependents.has(c));
    if (direction === 'down' && users.length) return refused(`${capital(name)}’s results are used by ${stepList(notebook, registry, users)}, so it stays above ${users.length === 1 ? 'it' : 'them'}`);
  }
  const without = cells.filter((c) => c.id !== cellId);
  // Up: before the shown cell above, at its index. Down: after the shown cell below, whose index
  // in `without` is target - 1: at target too.
  const moved = insertAt(without, target, cell);
  return checked({ ...notebook, cells: moved }, registry, `Move ${name} ${direction}`, cellId);
}

const capital = (s: string) => (s.startsWith('“') ? `${s.slice(0, 2).toUpperCase()}${s.slice(2)}` : `${s.charAt(0).toUpperCase()}${s.slice(1)}`);

/**
 * A copy of a shown cell, right below it, with a fresh id. A step's copy reads the same inputs,
 * has the same parameters and the original's random stream (so it repeats the original's result,
 * served from the cache, until its parameters are changed: a change then shows that change's
 * effect alone) and no dependents: whatever used the original still does. A derived feature's copy
 * defines a feature name of its own, so the two can be told apart where features are chosen.
 */
export function duplicateCell(notebook: Notebook, registry: CellRegistry, cellId: string): StructuralEdit {
  const found = shownCell(notebook, registry, cellId);
  if (typeof found === 'string') return refused(found);
  const { index, cell } = found;
  const name = cellTitle(notebook, registry, cellId);
  const id = uniqueCellId(notebook, `${cellId}-copy`);
  let copy: NotebookCell;
  if (!isComputeCell(cell)) copy = { ...cell, id };
  else {
    const params = structuredClone(cell.params);
    if (cell.kind === DERIVED_FEATURE_KIND && typeof params.name === 'string') {
      params.name = uniqueFeatureName(notebook, params.name);
      if (typeof params.label === 'string' && params.label.trim()) params.label = `${params.label.trim()} (copy)`.slice(0, 120);
    }
    const title = cell.title ?? (registry.has(cell.kind) ? registry.get(cell.kind).title : cell.kind);
    copy = { ...cell, id, title: `${title} (copy)`, stream: cell.stream ?? cell.id, inputs: { ...cell.inputs }, params };
  }
  return checked({ ...notebook, cells: insertAt(notebook.cells, index + 1, copy) }, registry, `Duplicate ${name}`, id);
}

/**
 * Deletes a shown cell. Refused, naming them, while other steps use its results or its
 * parameters (deleting it would leave them without an input), and for the step that reads the
 * data file (the upload and "Use the bundled cohort" set its settings).
 */
export function deleteCell(notebook: Notebook, registry: CellRegistry, cellId: string): StructuralEdit {
  const found = shownCell(notebook, registry, cellId);
  if (typeof found === 'string') return refused(found);
  const { cell } = found;
  const name = cellTitle(notebook, registry, cellId);
  if (isComputeCell(cell) && cell.kind === DERIVED_FEATURE_KIND && cell.inputs.windows) {
    // A link of the windows chain is taken out of it: its readers read the windows it read,
    // unless one of them selects its feature (then that selection goes first).
    const feature = typeof cell.params.name === 'string' ? cell.params.name : undefined;
    const dependents = dependentsOf(notebook, cellId);
    const selecting = feature ? dependents.filter((d) => JSON.stringify(effectiveParams(notebook, d)).includes(JSON.stringify(feature))) : [];
    if (selecting.length) {
      return refused(`${capital(name)} was not deleted: ${stepList(notebook, registry, selecting)} ${selecting.length === 1 ? 'selects' : 'select'} its feature “${feature}”. Untick it there first.`);
    }
    const from = cell.inputs.windows;
    const cells = notebook.cells
      .filter((c) => c.id !== cellId)
      .map((c) => (isComputeCell(c) && Object.values(c.inputs).includes(cellId) ? { ...c, inputs: Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, v === cellId ? from : v])) } : c));
    return checked({ ...notebook, cells }, registry, `Delete ${name}`);
  }
  if (isComputeCell(cell)) {
    const dependents = dependentsOf(notebook, cellId);
    if (dependents.length) {
      return refused(`${capital(name)} was not deleted: ${stepList(notebook, registry, dependents)} ${dependents.length === 1 ? 'uses' : 'use'} its results. Delete ${dependents.length === 1 ? 'that step' : 'those steps'} first, or keep this one.`);
    }
    if (registry.has(cell.kind) && registry.get(cell.kind).fileSettings) return refused(`${capital(name)} was not deleted: it reads the data file, and the notebook needs it`);
  }
  return checked({ ...notebook, cells: notebook.cells.filter((c) => c.id !== cellId) }, registry, `Delete ${name}`);
}

/** Sets a Markdown cell's text. An unchanged text is refused, so the history records no edit that did nothing. */
export function editMarkdownText(notebook: Notebook, registry: CellRegistry, cellId: string, text: string): StructuralEdit {
  const found = find(notebook, cellId);
  if (!found) return refused(`There is no cell "${cellId}" in the notebook`);
  if (isComputeCell(found.cell)) return refused(`${capital(cellTitle(notebook, registry, cellId))} is a step, not a Markdown note`);
  if (found.cell.text === text) return refused('The text is unchanged');
  const cells = notebook.cells.map((c) => (c.id === cellId ? { ...found.cell, text } : c));
  const before = cellTitle(notebook, registry, cellId);
  return checked({ ...notebook, cells }, registry, `Edit ${before === 'empty note' ? 'the new note' : before}`, cellId);
}

/** The history's words for a change of a step's parameters: one parameter by its key, or all of them. */
export function paramsEditLabel(notebook: Notebook, registry: CellRegistry, cellId: string, key?: string): string {
  const name = cellTitle(notebook, registry, cellId);
  return key ? `Change ${name} › ${key}` : `Change the parameters of ${name}`;
}

/** The kind of a JavaScript code step (lib/cells/code-cell.ts), whose inputs the notebook names. */
export const CODE_KIND = 'code';
/** The kinds whose output is the windows a code step is most often given first. */
const WINDOWS_KINDS: readonly string[] = [WINDOWING_KIND, DERIVED_FEATURE_KIND];
/** The file name a new code step exports its result under (the cell's own default). */
const NEW_CODE_RESULT_NAME = 'code_result';

/** A name for a code step's result that no other code step exports: `base`, else `base_2`, … (60 characters at most). */
function uniqueCodeResultName(notebook: Notebook): string {
  const taken = new Set(notebook.cells.flatMap((c) => (isComputeCell(c) && c.kind === CODE_KIND && typeof c.params.name === 'string' ? [c.params.name] : [])));
  if (!taken.has(NEW_CODE_RESULT_NAME)) return NEW_CODE_RESULT_NAME;
  for (let n = 2; ; n++) if (!taken.has(`${NEW_CODE_RESULT_NAME}_${n}`)) return `${NEW_CODE_RESULT_NAME}_${n}`;
}

/**
 * The steps `cellId` may read (the shown steps above it, in notebook order) with their titles,
 * for a code step's input choices (setCellInputs takes these). Hidden steps (an audit's
 * variants) are left out, as the page never shows them. None for a cell that is not there.
 */
export function inputChoices(notebook: Notebook, registry: CellRegistry, cellId: string): { id: string; title: string }[] {
  const at = notebook.cells.findIndex((c) => c.id === cellId);
  return notebook.cells
    .slice(0, Math.max(0, at))
    .filter((c): c is ComputeCell => isComputeCell(c) && c.hidden !== true)
    .map((c) => ({ id: c.id, title: c.title ?? (registry.has(c.kind) ? registry.get(c.kind).title : c.kind) }));
}

/**
 * Why `inputs` cannot be the free inputs of a cell at `at` (its id `cellId` once it is there):
 * a name that is not a variable name, a step that is not there, hidden, the cell itself, below
 * it, or one that uses its results (a cycle). Undefined when they can.
 */
function freeInputsProblem(notebook: Notebook, registry: CellRegistry, at: number, inputs: Record<string, string>, cellId?: string): string | undefined {
  for (const [name, from] of Object.entries(inputs)) {
    if (!FREE_INPUT_NAME.test(name)) return `“${name}” cannot name an input: use letters, digits and _ (not starting with a digit, at most 64 characters)`;
    if (from === cellId) return `The input “${name}” cannot be the step itself`;
    const source = find(notebook, from);
    if (!source || !isComputeCell(source.cell)) return `The input “${name}” reads “${from}”, which is not a step of the notebook`;
    if (source.cell.hidden === true) return `The input “${name}” reads ${cellTitle(notebook, registry, from)}, a hidden step of an audit`;
    if (source.index >= at) return `The input “${name}” reads ${cellTitle(notebook, registry, from)}, which comes later: a step reads only the steps above it`;
    if (cellId && upstreamOf(notebook, from).has(cellId)) return `The input “${name}” reads ${cellTitle(notebook, registry, from)}, which uses this step’s results: that would be a loop`;
  }
  return undefined;
}

/** Every cell `cellId` reads, directly or not (its inputs, theirs, …). */
function upstreamOf(notebook: Notebook, cellId: string): Set<string> {
  const byId = new Map(notebook.cells.filter(isComputeCell).map((c) => [c.id, c]));
  const seen = new Set<string>();
  const stack = [cellId];
  while (stack.length) {
    for (const from of Object.values(byId.get(stack.pop()!)?.inputs ?? {})) {
      if (!seen.has(from)) {
        seen.add(from);
        stack.push(from);
      }
    }
  }
  return seen;
}

/**
 * Adds a JavaScript code step at `at` with the cell's default code and a result name no other
 * code step exports. Its inputs are `inputs` or, by default, the windows of the nearest
 * windowing or derived-feature step above it (`windows`), or none where there is none. It runs
 * only when the user presses Run (a heavy step) and, in a file from someone else, only with
 * their consent.
 */
export function addCodeCell(notebook: Notebook, registry: CellRegistry, at: number, inputs?: Record<string, string>): StructuralEdit {
  const bad = positionProblem(notebook, at);
  if (bad) return refused(bad);
  if (!registry.has(CODE_KIND)) return refused('This workbench has no code step');
  const windows = notebook.cells
    .slice(0, at)
    .findLast((c): c is ComputeCell => isComputeCell(c) && c.hidden !== true && WINDOWS_KINDS.includes(c.kind));
  const chosen = inputs ?? (windows ? { windows: windows.id } : {});
  const problem = freeInputsProblem(notebook, registry, at, chosen);
  if (problem) return refused(problem);
  const params = registry.get(CODE_KIND).params.parse({}) as Record<string, unknown>;
  const cell: ComputeCell = { id: uniqueCellId(notebook, CODE_KIND), kind: CODE_KIND, title: 'Code', inputs: { ...chosen }, params: { ...params, name: uniqueCodeResultName(notebook) } };
  return checked({ ...notebook, cells: insertAt(notebook.cells, at, cell) }, registry, 'Add a code step', cell.id);
}

/**
 * Sets the inputs of a step whose kind lets the notebook name them (a code step): each name is
 * a variable of its code, each value the id of a shown step above it. Refused for a name that
 * is not a variable name, a step that is not there, hidden, below it or the step itself, a
 * loop, a step of any other kind, and for unchanged inputs (no edit that did nothing).
 */
export function setCellInputs(notebook: Notebook, registry: CellRegistry, cellId: string, inputs: Record<string, string>): StructuralEdit {
  const found = shownCell(notebook, registry, cellId);
  if (typeof found === 'string') return refused(found);
  const { index, cell } = found;
  const name = cellTitle(notebook, registry, cellId);
  if (!isComputeCell(cell)) return refused(`${capital(name)} is a Markdown note: it has no inputs`);
  if (!registry.has(cell.kind) || !registry.get(cell.kind).freeInputs) return refused(`The inputs of ${name} are fixed by its kind of step`);
  const problem = freeInputsProblem(notebook, registry, index, inputs, cellId);
  if (problem) return refused(problem);
  const same = Object.keys(inputs).length === Object.keys(cell.inputs).length && Object.entries(inputs).every(([k, v]) => cell.inputs[k] === v);
  if (same) return refused('The inputs are unchanged');
  const cells = notebook.cells.map((c) => (c.id === cellId ? { ...cell, inputs: { ...inputs } } : c));
  return checked({ ...notebook, cells }, registry, `Change the inputs of ${name}`, cellId);
}
