import { z } from 'zod';
import type { AnyCellDefinition } from './define-cell';
import { isComputeCell, isVariantCopy, type ComputeCell, type Notebook } from './notebook-schema';
import type { CellRegistry } from './registry';

/**
 * Every parameter of a notebook as one JSON document, for editing in one place:
 * `{ "seed": 42, "cells": { "<cell id>": { ...parameters, defaults filled in } } }`.
 * Hidden variant cells are left out: they take their original's parameters (see `editable`).
 */
export interface ParametersDocument {
  seed: number;
  cells: Record<string, Record<string, unknown>>;
}

/** A cell kind's parameter schema as JSON Schema (the form and the JSON editors read it). */
export function paramsJsonSchema(def: AnyCellDefinition): Record<string, unknown> {
  return z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/**
 * Cells a user edits: not the audit's hidden variant copies, which take their original's
 * parameters and change only what the variant is about.
 */
function editable(cell: Notebook['cells'][number]): cell is ComputeCell {
  return isComputeCell(cell) && !isVariantCopy(cell);
}

export function parametersDocument(notebook: Notebook, registry: CellRegistry): ParametersDocument {
  const cells: ParametersDocument['cells'] = {};
  for (const cell of notebook.cells) {
    if (!editable(cell)) continue;
    const parsed = registry.get(cell.kind).params.safeParse(cell.params ?? {});
    // A cell whose saved parameters no longer parse is shown as saved, so the user can fix it.
    cells[cell.id] = (parsed.success ? parsed.data : (cell.params ?? {})) as Record<string, unknown>;
  }
  return { seed: notebook.seed, cells };
}

/** The JSON Schema of the parameters document: one property per cell, each its kind's schema. */
export function parametersDocumentSchema(notebook: Notebook, registry: CellRegistry): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const cell of notebook.cells) {
    if (!editable(cell)) continue;
    const def = registry.get(cell.kind);
    properties[cell.id] = { ...paramsJsonSchema(def), description: `${cell.title ?? def.title} (${cell.kind})` };
  }
  return {
    type: 'object',
    properties: {
      seed: { type: 'integer', description: 'Seed of every random step (folds, permutations, bootstrap, network weights).' },
      cells: { type: 'object', properties, additionalProperties: false },
    },
    required: ['seed', 'cells'],
    additionalProperties: false,
  };
}

/**
 * The notebook with the document's seed and parameters, or every problem found (cell id and
 * parameter path named). Cells the document leaves out keep their parameters.
 */
export function applyParametersDocument(
  notebook: Notebook,
  registry: CellRegistry,
  document: unknown,
): { ok: true; notebook: Notebook } | { ok: false; error: string } {
  const shape = z
    .object({ seed: z.number().int().min(0).max(4294967295), cells: z.record(z.string(), z.record(z.string(), z.unknown())) })
    .strict()
    .safeParse(document);
  if (!shape.success) return { ok: false, error: shape.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ') };
  const ids = new Set(notebook.cells.filter(editable).map((c) => c.id));
  const problems: string[] = [];
  for (const id of Object.keys(shape.data.cells)) if (!ids.has(id)) problems.push(`cells.${id}: no such cell (cells: ${[...ids].join(', ')})`);
  const cells = notebook.cells.map((cell) => {
    if (!editable(cell) || !(cell.id in shape.data.cells)) return cell;
    const parsed = registry.get(cell.kind).params.safeParse(shape.data.cells[cell.id]);
    if (!parsed.success) for (const i of parsed.error.issues) problems.push(`cells.${cell.id}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`);
    return { ...cell, params: shape.data.cells[cell.id]! };
  });
  if (problems.length) return { ok: false, error: problems.join('; ') };
  return { ok: true, notebook: { ...notebook, seed: shape.data.seed, cells } };
}
