/**
 * The reproduce CLI's flags as changes to a notebook: the load step's file settings
 * (--date-format, --sheet, --map, --value-map), any cell parameter (--set) and where to stop
 * (--until). Each function returns a new notebook and throws a UsageError naming the flag.
 */
import type { z } from 'zod';
import { LOAD_PARAM_PHRASES } from '../lib/cells/load-cohort';
import { DATE_FORMATS } from '../lib/data/detect-date-format';
import { CANONICAL_COLUMNS } from '../lib/data/types';
import { isComputeCell, type ComputeCell, type Notebook } from '../lib/notebook/notebook-schema';
import { UsageError } from './args';

export interface DataFlags {
  dateFormat?: string;
  sheet?: string;
  /** `field=column` */
  map?: string[];
  /** `field.raw=value` */
  valueMap?: string[];
  /** ISO date for the future-visit check. */
  today?: string;
  strict?: boolean;
}

const LOAD_KIND = 'load-cohort';

/** The ids of the notebook's load-cohort cells (where the file settings go). */
export function loadCells(notebook: Notebook): string[] {
  return notebook.cells.filter((c) => isComputeCell(c) && c.kind === LOAD_KIND).map((c) => c.id);
}

/** Applies the file flags to every load-cohort cell of the notebook. */
export function applyDataFlags(notebook: Notebook, flags: DataFlags): Notebook {
  const params: Record<string, unknown> = {};
  if (flags.dateFormat !== undefined) {
    const allowed = ['auto', ...DATE_FORMATS];
    if (!allowed.includes(flags.dateFormat)) throw new UsageError(`--date-format must be one of ${allowed.join(', ')}, got "${flags.dateFormat}"`);
    params.dateFormat = flags.dateFormat;
  }
  if (flags.sheet !== undefined) params.sheet = flags.sheet;
  if (flags.map?.length) {
    const mapping: Record<string, string> = {};
    for (const entry of flags.map) {
      const at = entry.indexOf('=');
      const field = entry.slice(0, at).trim();
      const column = entry.slice(at + 1);
      if (at <= 0 || column === '') throw new UsageError(`--map takes field=column (e.g. --map "patient_id=Pt No"), got "${entry}"`);
      if (!isCanonical(field)) throw new UsageError(`--map: unknown field "${field}" (fields: ${CANONICAL_COLUMNS.join(', ')})`);
      if (mapping[field] !== undefined) throw new UsageError(`--map: ${field} is mapped twice ("${mapping[field]}" and "${column}")`);
      mapping[field] = column;
    }
    params.mapping = mapping;
  }
  if (flags.valueMap?.length) {
    const maps: Record<string, Record<string, string>> = {};
    for (const entry of flags.valueMap) {
      const dot = entry.indexOf('.');
      const eq = entry.indexOf('=', dot + 1);
      const field = entry.slice(0, dot);
      if (dot <= 0 || eq < 0) throw new UsageError(`--value-map takes field.raw=value (e.g. --value-map sex.1=M), got "${entry}"`);
      if (!isCanonical(field)) throw new UsageError(`--value-map: unknown field "${field}" (fields: ${CANONICAL_COLUMNS.join(', ')})`);
      (maps[field] ??= {})[entry.slice(dot + 1, eq)] = entry.slice(eq + 1);
    }
    params.valueMaps = maps;
  }
  if (flags.today !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(flags.today)) throw new UsageError(`--today must be a date yyyy-mm-dd, got "${flags.today}"`);
    params.today = flags.today;
  }
  if (flags.strict) params.plausibility = 'reject';
  if (Object.keys(params).length === 0) return notebook;
  const ids = loadCells(notebook);
  if (ids.length === 0) {
    const used = ['--date-format', '--sheet', '--map', '--value-map'].filter((_, i) => [flags.dateFormat, flags.sheet, flags.map?.length, flags.valueMap?.length][i]);
    if (used.length > 0) throw new UsageError(`${used.join(', ')}: notebook "${notebook.id}" has no ${LOAD_KIND} cell to apply it to`);
    return notebook;
  }
  return mapCells(notebook, (cell) => (ids.includes(cell.id) ? { ...cell, params: { ...cell.params, ...params } } : cell));
}

/**
 * `--set cell.param=value` for any parameter of any cell; a dotted path reaches into objects
 * (`--set lstm-all-m1.lstm.maxEpochs=3`). The value is read as JSON when it parses (numbers,
 * booleans, arrays), else as text. The caller validates the result through each cell's schema.
 *
 * `paramsSchema` (the cell kind's parameter schema) lets a parameter the cell does not have be
 * an error here: a schema strips unknown keys, so `--set split.fold=3` (for folds) would
 * otherwise pass its check and change nothing.
 */
export function applySets(notebook: Notebook, sets: readonly string[], paramsSchema?: (kind: string) => z.ZodType | undefined): Notebook {
  let out = notebook;
  for (const entry of sets) {
    const eq = entry.indexOf('=');
    const path = entry.slice(0, Math.max(eq, 0)).split('.');
    const [cellId, ...keys] = path;
    if (eq < 0 || !cellId || keys.length === 0 || keys.some((k) => k === '')) {
      throw new UsageError(`--set takes cell.param=value (e.g. --set split.folds=5), got "${entry}"`);
    }
    const cell = out.cells.find((c) => c.id === cellId);
    if (!cell || !isComputeCell(cell)) {
      throw new UsageError(`--set: no cell "${cellId}" (cells with parameters: ${out.cells.filter(isComputeCell).map((c) => c.id).join(', ')})`);
    }
    const schema = paramsSchema?.(cell.kind);
    const unknown = schema ? unknownParam(schema, keys) : undefined;
    if (unknown) {
      const where = unknown.at.length ? `"${unknown.at.join('.')}" of cell "${cellId}" has no field` : `cell "${cellId}" (${cell.kind}) has no parameter`;
      const known = unknown.known.length ? unknown.known.join(', ') : 'none';
      throw new UsageError(`--set ${path.join('.')}: ${where} "${unknown.key}" (known: ${known})`);
    }
    const raw = entry.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // plain text
    }
    out = mapCells(out, (c) => (c.id === cellId ? { ...c, params: setPath(c.params, keys, value) } : c));
  }
  return out;
}

/** What `unknownParam` found: the key no object at `at` has, and the keys it has. */
export interface UnknownParam {
  at: string[];
  key: string;
  known: string[];
}

// The zod 4 definition fields the walk reads (wrappers, pipes, objects, unions).
interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/**
 * The first key of `keys` (a parameter path, `['lstm', 'maxEpochs']`) that the schema's objects
 * do not have, with the keys they do; undefined when the path is known or goes where any key is
 * taken (a record, a loose object) or into a value that is not an object (the schema's own check
 * then says what is wrong with the value). Wrappers (optional, default, transforms) are looked
 * through; in a union a key any branch has is known. Own properties only: `__proto__` and
 * `constructor` are unknown like any other name.
 */
export function unknownParam(schema: z.ZodType, keys: readonly string[]): UnknownParam | undefined {
  const walk = (node: z.ZodType, i: number): UnknownParam | undefined => {
    let def = defOf(node);
    for (let guard = 0; guard < 100; guard++) {
      const next = def.type === 'pipe' ? def.in : def.type === 'lazy' ? def.getter?.() : def.innerType;
      if (!next) break;
      def = defOf(next);
    }
    if (i >= keys.length) return undefined;
    const key = keys[i]!;
    if (def.type === 'object' && def.shape) {
      if (Object.hasOwn(def.shape, key)) return walk(def.shape[key]!, i + 1);
      if (def.catchall && defOf(def.catchall).type !== 'never') return undefined;
      return { at: keys.slice(0, i), key, known: Object.keys(def.shape) };
    }
    const branches = def.type === 'union' ? (def.options ?? []) : def.type === 'intersection' ? [def.left!, def.right!] : [];
    if (branches.length === 0) return undefined;
    const found = branches.map((b) => walk(b, i));
    if (found.some((f) => f === undefined)) return undefined;
    const deepest = found.reduce((a, b) => (b!.at.length > a!.at.length ? b : a))!;
    const known = [...new Set(found.filter((f) => f!.at.length === deepest.at.length).flatMap((f) => f!.known))];
    return { ...deepest, known };
  };
  return walk(schema, 0);
}

/**
 * The notebook cut at `cellId`: that cell and the cells it needs (its inputs, their inputs, …),
 * with the prose before it. Cells that do not feed it are dropped, so `--until lstm-split` runs
 * no SVM and `--until data` only reads and checks the file.
 */
export function untilCell(notebook: Notebook, cellId: string): Notebook {
  const at = notebook.cells.findIndex((c) => c.id === cellId);
  const cells = () => notebook.cells.filter(isComputeCell).map((c) => c.id).join(', ');
  if (at < 0) throw new UsageError(`--until: no cell "${cellId}" (cells: ${cells()})`);
  if (!isComputeCell(notebook.cells[at]!)) throw new UsageError(`--until: cell "${cellId}" is prose, nothing to run (cells: ${cells()})`);
  const byId = new Map(notebook.cells.filter(isComputeCell).map((c) => [c.id, c]));
  const needed = new Set<string>();
  const visit = (id: string) => {
    if (needed.has(id)) return;
    needed.add(id);
    for (const input of Object.values(byId.get(id)?.inputs ?? {})) visit(input);
  };
  visit(cellId);
  return { ...notebook, cells: notebook.cells.slice(0, at + 1).filter((c) => !isComputeCell(c) || needed.has(c.id)) };
}

/** The cell messages' names for the load step's parameters, replaced by this CLI's flags. */
export function cliWording(message: string): string {
  return message
    .replaceAll(LOAD_PARAM_PHRASES.dateFormat, '--date-format')
    .replaceAll(LOAD_PARAM_PHRASES.mapping, '--map field=column')
    .replaceAll(LOAD_PARAM_PHRASES.sheet, '--sheet')
    .replaceAll(LOAD_PARAM_PHRASES.valueMaps, '--value-map field.raw=value')
    // The page's worker pool runs `--threads`: its messages name the page's remedies.
    .replace("a new worker has taken the stopped one's place; Retry runs it again.", 'the steps that need it were not run; run again, with fewer --threads if memory ran out.')
    .replace(/No compute worker could start in this browser \(each failed to load (\d+) times in a row\); reload the page\./, 'No worker thread could start (each failed $1 times in a row); run without --threads.');
}

function isCanonical(field: string): boolean {
  return (CANONICAL_COLUMNS as readonly string[]).includes(field);
}

function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = keys;
  const copy = { ...target };
  if (rest.length === 0) copy[key!] = value;
  else {
    const inner = copy[key!];
    copy[key!] = setPath(inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {}, rest, value);
  }
  return copy;
}

function mapCells(notebook: Notebook, f: (cell: ComputeCell) => ComputeCell): Notebook {
  return { ...notebook, cells: notebook.cells.map((c) => (isComputeCell(c) ? f(c) : c)) };
}
