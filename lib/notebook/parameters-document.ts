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

type SchemaNode = { properties?: Record<string, SchemaNode>; additionalProperties?: unknown; anyOf?: SchemaNode[]; items?: SchemaNode };
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every object with named fields closed (`additionalProperties: false`): a zod object strips
 * keys it does not know, so `"foo": 1` or a typo (`"fold"` for `"folds"`) would be accepted and
 * do nothing. Closed, Monaco marks the key and `unknownParameters` refuses it. Records (free
 * keys, e.g. value maps) keep their own `additionalProperties`.
 */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeObjects);
  if (!isRecord(node)) return;
  if (isRecord(node.properties) && node.additionalProperties === undefined) node.additionalProperties = false;
  for (const value of Object.values(node)) closeObjects(value);
}

/** A cell kind's parameter schema as JSON Schema (the form and the JSON editors read it). */
export function paramsJsonSchema(def: AnyCellDefinition): Record<string, unknown> {
  const schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  closeObjects(schema);
  return schema;
}

/**
 * Keys of `value` that the cell kind's parameters do not have, as dot paths ("fold",
 * "lstm.epoch"): where a closed object of the schema meets a key it does not list. Own keys
 * only, so `__proto__` is a key like any other. In a union a key any branch has is known.
 */
export function unknownParameters(def: AnyCellDefinition, value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: SchemaNode, v: unknown, path: string[]) => {
    const branches = node.anyOf ?? [node];
    if (!isRecord(v)) return;
    const objects = branches.filter((b) => isRecord(b.properties));
    if (objects.length === 0) return;
    for (const key of Object.keys(v)) {
      const owner = objects.find((b) => Object.hasOwn(b.properties!, key));
      if (owner) walk(owner.properties![key]!, v[key], [...path, key]);
      else if (objects.every((b) => b.additionalProperties === false)) found.push([...path, key].join('.'));
    }
  };
  walk(paramsJsonSchema(def) as SchemaNode, value, []);
  return found;
}

/** One message for a cell's unknown keys, naming the step by its title; undefined when there are none. */
export function unknownParametersMessage(def: AnyCellDefinition, value: unknown, title = def.title): string | undefined {
  const unknown = unknownParameters(def, value);
  if (!unknown.length) return undefined;
  const known = Object.keys((paramsJsonSchema(def) as SchemaNode).properties ?? {});
  return `“${title}” has no parameter ${unknown.map((k) => `"${k}"`).join(', ')} (its parameters: ${known.join(', ') || 'none'})`;
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
 * A reader's name for a place in the parameters document: `["cells", "grid", "size"]` →
 * `“SVM grid search” (grid) › size`; the seed by name. Used to list an editor's problems by step.
 */
export function parametersPathName(notebook: Notebook, registry: CellRegistry, path: readonly (string | number)[]): string {
  const [top, id, ...rest] = path;
  if (top === 'seed') return 'the seed';
  if (top !== 'cells') return 'the document';
  if (id === undefined) return 'the cells';
  const cell = notebook.cells.find((c) => c.id === id);
  const title = cell && isComputeCell(cell) ? (cell.title ?? (registry.has(cell.kind) ? registry.get(cell.kind).title : cell.kind)) : undefined;
  const step = title ? `“${title}” (${id})` : `the step "${id}", which this notebook does not have`;
  return rest.length ? `${step} › ${rest.join('.')}` : step;
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
    const def = registry.get(cell.kind);
    const title = cell.title ?? def.title;
    const unknown = unknownParametersMessage(def, shape.data.cells[cell.id], title);
    if (unknown) problems.push(`cells.${cell.id}: ${unknown}`);
    const parsed = def.params.safeParse(shape.data.cells[cell.id]);
    if (!parsed.success) for (const i of parsed.error.issues) problems.push(`cells.${cell.id}${i.path.length ? `.${i.path.join('.')}` : ''} (“${title}”): ${i.message}`);
    return { ...cell, params: shape.data.cells[cell.id]! };
  });
  if (problems.length) return { ok: false, error: problems.join('; ') };
  return { ok: true, notebook: { ...notebook, seed: shape.data.seed, cells } };
}
