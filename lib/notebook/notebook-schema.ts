import { z } from 'zod';
import { codeFromLines } from './code-lines';

/** A Markdown (prose) cell: no inputs, no run. */
export const markdownCellSchema = z.object({
  id: z.string().min(1),
  kind: z.literal('markdown'),
  text: z.string(),
});

export const computeCellSchema = z.object({
  id: z.string().min(1).regex(/^[A-Za-z][\w-]*$/, 'cell ids start with a letter and use letters, digits, - and _'),
  kind: z.string().min(1),
  title: z.string().optional(),
  /**
   * The label the cell's random stream is forked from; default its id. A copy of a cell (a
   * derived notebook's variant) keeps the original's label, so that with equal parameters it
   * has the original's cache key and draws the same numbers.
   */
  stream: z.string().min(1).optional(),
  /** Computed for other cells (an audit's variants) but not shown as a step of its own. */
  hidden: z.boolean().optional(),
  /**
   * A variant written as a difference: its parameters are those of the cell named by `stream`
   * (as they are now: its profile, its edits) with this cell's own merged over them. Editing
   * that cell makes this one stale too.
   */
  inheritParams: z.boolean().optional(),
  inputs: z.record(z.string(), z.string()).default({}),
  params: z.record(z.string(), z.unknown()).default({}),
});

export const notebookSchema = z.object({
  id: z.string().min(1).regex(/^[a-z0-9][a-z0-9-]*$/, 'notebook ids are kebab-case'),
  title: z.string().min(1),
  description: z.string().default(''),
  seed: z.number().int().default(42),
  /**
   * How the page shows the notebook: `analysis` (every step with its parameters) or `teaching`
   * (the steps' views in large type, model steps and parameters behind "show the method").
   */
  presentation: z.enum(['analysis', 'teaching']).default('analysis'),
  /** Said by every export of the notebook (the manifest's `label`, and a LABEL.txt beside it). */
  exportLabel: z.string().min(1).optional(),
  /** Parameter overrides per profile: profile -> cellId -> params merged over the cell's own. */
  profiles: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))).default({}),
  /** What each profile runs, in a line a user reads when choosing one (profile -> text). */
  profileDescriptions: z.record(z.string(), z.string()).default({}),
  /** The profile a first visit opens on (none: the cells' own parameters). */
  defaultProfile: z.string().optional(),
  cells: z.array(z.union([markdownCellSchema, computeCellSchema])),
});

export type MarkdownCell = z.infer<typeof markdownCellSchema>;
export type ComputeCell = z.infer<typeof computeCellSchema>;
export type NotebookCell = MarkdownCell | ComputeCell;
export type Notebook = z.infer<typeof notebookSchema>;

export function isComputeCell(cell: NotebookCell): cell is ComputeCell {
  return cell.kind !== 'markdown';
}

/**
 * A hidden copy of another cell (an audit's variant): hidden, with the stream of a cell other
 * than itself. It reports through the cell it feeds: no headline or export of its own.
 */
export function isVariantCopy(cell: ComputeCell): boolean {
  return cell.hidden === true && cell.stream !== undefined && cell.stream !== cell.id;
}

/** The random-stream label of a compute cell (see `stream`). */
export function streamOf(cell: ComputeCell): string {
  return cell.stream ?? cell.id;
}

/**
 * The parameters a cell runs with: its own, or for a cell with `inheritParams` those of the
 * cell it copies (`stream`) with its own merged over them.
 */
export function effectiveParams(notebook: Notebook, cell: ComputeCell): Record<string, unknown> {
  if (!cell.inheritParams) return cell.params;
  const original = notebook.cells.find((c): c is ComputeCell => isComputeCell(c) && c.id === streamOf(cell) && c.id !== cell.id);
  if (!original) throw new Error(`Cell "${cell.id}" inherits the parameters of "${streamOf(cell)}", which is not a compute cell of the notebook`);
  return { ...effectiveParams(notebook, original), ...cell.params };
}

/** Cells whose parameters follow `cellId`'s (directly or through another inheriting cell). */
export function inheritorsOf(notebook: Notebook, cellId: string): string[] {
  const out: string[] = [];
  const visit = (id: string) => {
    for (const c of notebook.cells) {
      if (isComputeCell(c) && c.inheritParams && c.id !== id && streamOf(c) === id && !out.includes(c.id)) {
        out.push(c.id);
        visit(c.id);
      }
    }
  };
  visit(cellId);
  return out;
}

/**
 * Parses and normalizes a notebook document: defaults filled, duplicate ids rejected.
 * Throws an Error whose message lists every problem with its path.
 */
export function parseNotebook(raw: unknown): Notebook {
  // A code step's code may be written as lines (saved files and gallery notebooks: see code-lines.ts).
  const parsed = notebookSchema.safeParse(codeFromLines(raw));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new Error(`Invalid notebook:\n${problems}`);
  }
  const seen = new Set<string>();
  for (const cell of parsed.data.cells) {
    if (seen.has(cell.id)) throw new Error(`Invalid notebook "${parsed.data.id}": duplicate cell id "${cell.id}"`);
    seen.add(cell.id);
  }
  return parsed.data;
}

/** The notebook with one profile's parameter overrides applied (unknown profile: an error). */
export function applyProfile(notebook: Notebook, profile: string | undefined): Notebook {
  if (!profile) return notebook;
  const overrides = notebook.profiles[profile];
  if (!overrides) {
    const known = Object.keys(notebook.profiles);
    throw new Error(`Unknown profile "${profile}" for notebook "${notebook.id}"${known.length ? ` (known: ${known.join(', ')})` : ' (it defines no profiles)'}`);
  }
  return {
    ...notebook,
    cells: notebook.cells.map((cell) =>
      isComputeCell(cell) && overrides[cell.id] ? { ...cell, params: { ...cell.params, ...overrides[cell.id] } } : cell,
    ),
  };
}
