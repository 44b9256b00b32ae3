/**
 * "Share the recipe, not the data": a notebook's recipe (its id, the profile and the
 * parameters changed from that profile) as the fragment of a link, `#recipe=<base64url of
 * compact JSON>`. The fragment never leaves the browser that opens the link (it is not sent
 * to the server), and what goes into it is limited by construction:
 *
 * - no data, no file name, nothing read from the uploaded file: the steps that describe the
 *   file (`fileSettings`: the column mapping, value maps, sheet, date format) are left out
 *   whole, since a value map holds values from the file; hidden variant copies are left out
 *   (they follow their original);
 * - of the other parameters only numbers, yes/no values, choices the schema lists, dates
 *   (yyyy-mm-dd) and lists and groups of those: free text (a patient id in a figure's list, a
 *   model file's text) is left out and named, never encoded.
 *
 * Opening a link is decoding untrusted text: every failure is a message (`{ ok: false }`),
 * never an exception, and a link is accepted only when every parameter in it is one the
 * notebook has and the merged parameters pass the cell's schema with its bounds.
 * Pure: no DOM, shared by the page and the tests.
 */
import { canonicalJson } from './canonical-json';
import type { AnyCellDefinition } from './define-cell';
import { applyProfile, isComputeCell, isVariantCopy, type ComputeCell, type Notebook } from './notebook-schema';
import { paramsJsonSchema } from './parameters-document';
import type { CellRegistry } from './registry';

/** The fragment's key: `#recipe=…`. */
export const RECIPE_KEY = 'recipe';
export const RECIPE_VERSION = 1;
/** Longest payload accepted (characters of base64url). A real recipe is a few hundred. */
export const MAX_RECIPE_CHARS = 8192;

/** What a link carries. `cells`: cell id -> the changed parameters, as a nested part of the cell's parameters. */
export interface Recipe {
  notebook: string;
  profile?: string;
  seed?: number;
  cells: Record<string, Record<string, unknown>>;
}

/** One changed parameter, for the page's sentences: the step's title, the parameter's path and its value. */
export interface RecipeChange {
  cellId: string;
  title: string;
  path: string;
  value: unknown;
}

export interface EncodedRecipe {
  /** `recipe=…`, to put after `#`. */
  fragment: string;
  recipe: Recipe;
  /** The changed parameters in the link. */
  changes: RecipeChange[];
  /** Changed parameters that were left out, each with why ("free text", "describes your file"). */
  leftOut: string[];
}

export type DecodedRecipe = { ok: true; recipe: Recipe; changes: RecipeChange[] } | { ok: false; error: string };

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const FREE_TEXT = 'free text cannot come from a link';
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
/** Longest list a link may set (the schemas' own bounds are lower: four layers, eleven features). */
const MAX_ITEMS = 64;

// ---------------------------------------------------------------------------------------------
// base64url (RFC 4648 §5, no padding), strict: a character outside the alphabet, an impossible
// length or non-zero spare bits is not a recipe.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

export function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += ALPHABET[a >> 2]!;
    out += ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    if (b !== undefined) out += ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    if (c !== undefined) out += ALPHABET[c & 63]!;
  }
  return out;
}

/** The bytes, or undefined when the text is not canonical unpadded base64url. */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (const ch of text) {
    const v = INDEX.get(ch);
    if (v === undefined) return undefined;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (value >> bits) & 255;
      value &= (1 << bits) - 1;
    }
  }
  if (value !== 0) return undefined; // spare bits set: not what an encoder writes
  return out.subarray(0, n);
}

// ---------------------------------------------------------------------------------------------
// What a parameter may take from a link: checked against the cell's parameter schema (as JSON
// Schema, the one the forms and the JSON editor read).

type JsonSchema = Json;

function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  return typeof t === 'string' ? [t] : Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Why `value` cannot be set from a link at `path` (undefined: it can). Only declared
 * properties, numbers, booleans, listed choices, dates and lists and groups of those.
 */
function linkProblem(schema: unknown, value: unknown, path: string): string | undefined {
  if (!isRecord(schema)) return `${path}: not a parameter that can be set from a link`;
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) {
    const problems = branches.map((b) => linkProblem(b, value, path));
    return problems.every((p) => p !== undefined) ? problems[0] ?? `${path}: not a value this parameter takes` : undefined;
  }
  if (Array.isArray(schema.enum)) return schema.enum.some((e) => e === value) ? undefined : `${path}: not one of the choices (${schema.enum.map((e) => JSON.stringify(e)).join(', ')})`;
  if ('const' in schema) return schema.const === value ? undefined : `${path}: not a value this parameter takes`;
  const types = typesOf(schema);
  if (value === null) return types.includes('null') ? undefined : `${path}: not a value this parameter takes`;
  switch (typeof value) {
    case 'boolean':
      return types.includes('boolean') ? undefined : `${path}: not a value this parameter takes`;
    case 'number':
      return Number.isFinite(value) && (types.includes('number') || types.includes('integer')) ? undefined : `${path}: not a value this parameter takes`;
    case 'string':
      if (!types.includes('string')) return `${path}: not a value this parameter takes`;
      // A date (the cohort's cut-off) is a setting; any other text may come from the file.
      return (schema.format === 'date' || typeof schema.pattern === 'string') && ISO_DATE.test(value) ? undefined : `${path}: ${FREE_TEXT}`;
    case 'object':
      if (Array.isArray(value)) {
        if (!types.includes('array') || !isRecord(schema.items)) return `${path}: not a value this parameter takes`;
        if (value.length > MAX_ITEMS) return `${path}: a list of ${value.length} values (at most ${MAX_ITEMS})`;
        for (let i = 0; i < value.length; i++) {
          const p = linkProblem(schema.items, value[i], `${path}.${i}`);
          if (p) return p;
        }
        return undefined;
      }
      if (!types.includes('object') || !isRecord(schema.properties)) return `${path}: not a group of parameters`;
      for (const [key, v] of Object.entries(value as Json)) {
        if (UNSAFE_KEYS.has(key) || !Object.hasOwn(schema.properties, key)) return `${path}: no parameter ${JSON.stringify(clip(key))}`;
        const p = linkProblem(schema.properties[key], v, `${path}.${key}`);
        if (p) return p;
      }
      return undefined;
    default:
      return `${path}: not a value this parameter takes`;
  }
}

const schemas = new WeakMap<AnyCellDefinition, JsonSchema>();
/** A cell kind's parameter schema as JSON Schema, made once per kind. */
function schemaOf(def: AnyCellDefinition): JsonSchema {
  let schema = schemas.get(def);
  if (!schema) schemas.set(def, (schema = paramsJsonSchema(def)));
  return schema;
}

/** The schema of the parameter at `path` (object properties, through unions), if it is one. */
function schemaAt(schema: unknown, path: readonly string[]): unknown {
  let s: unknown = schema;
  for (const key of path) {
    if (!isRecord(s)) return undefined;
    const branches = (s.anyOf ?? s.oneOf) as unknown;
    const candidates = Array.isArray(branches) ? branches : [s];
    const next = candidates.find((b): b is JsonSchema => isRecord(b) && isRecord(b.properties) && Object.hasOwn(b.properties, key));
    if (!next) return undefined;
    s = (next.properties as Json)[key];
  }
  return s;
}

// ---------------------------------------------------------------------------------------------

/** Cells a link may set: compute cells that are not an audit's copy and do not describe the file. */
function shareableCells(notebook: Notebook, registry: CellRegistry): Map<string, { cell: ComputeCell; def: AnyCellDefinition }> {
  const out = new Map<string, { cell: ComputeCell; def: AnyCellDefinition }>();
  for (const cell of notebook.cells) {
    if (!isComputeCell(cell) || isVariantCopy(cell) || !registry.has(cell.kind)) continue;
    const def = registry.get(cell.kind);
    if (def.fileSettings) continue;
    out.set(cell.id, { cell, def });
  }
  return out;
}

function resolved(def: AnyCellDefinition, params: unknown): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  const parsed = def.params.safeParse(params ?? {});
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(parameters)'}: ${i.message}`) };
}

/** Leaves that differ between two resolved parameter sets: [path, value now]; removals apart. */
function changedLeaves(base: unknown, now: unknown, path: string[], out: [string[], unknown][], removed: string[][]): void {
  if (isRecord(base) && isRecord(now)) {
    for (const key of Object.keys(now)) {
      if (now[key] === undefined) continue;
      if (!Object.hasOwn(base, key) || base[key] === undefined) out.push([[...path, key], now[key]]);
      else changedLeaves(base[key], now[key], [...path, key], out, removed);
    }
    for (const key of Object.keys(base)) if (base[key] !== undefined && (!Object.hasOwn(now, key) || now[key] === undefined)) removed.push([...path, key]);
    return;
  }
  if (canonicalJson(base) !== canonicalJson(now)) out.push([path, now]);
}

function setPath(target: Json, path: readonly string[], value: unknown): void {
  let t = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) t[key] = value;
    else {
      if (!isRecord(t[key])) t[key] = {};
      t = t[key] as Json;
    }
  });
}

/** `patch` merged into `base`: groups merged key by key, anything else replaced. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const out: Json = isRecord(base) ? { ...base } : {};
  for (const [key, v] of Object.entries(patch)) {
    if (UNSAFE_KEYS.has(key)) continue;
    Object.defineProperty(out, key, { value: merge(out[key], v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function leaves(value: unknown, path: string[], out: [string, unknown][]): void {
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  else out.push([path.join('.'), value]);
}

function changesOf(notebook: Notebook, registry: CellRegistry, cells: Recipe['cells']): RecipeChange[] {
  const byId = shareableCells(notebook, registry);
  return Object.entries(cells).flatMap(([cellId, partial]) => {
    const entry = byId.get(cellId);
    const title = entry ? (entry.cell.title ?? entry.def.title) : cellId;
    const out: [string, unknown][] = [];
    leaves(partial, [], out);
    return out.map(([path, value]) => ({ cellId, title, path, value }));
  });
}

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The profile's document: the base a recipe's changes are made against. */
function baseOf(shipped: Notebook, profile: string | undefined): Notebook {
  return profile && Object.hasOwn(shipped.profiles, profile) ? applyProfile(shipped, profile) : shipped;
}

/**
 * The recipe of the notebook as it is now: the profile and, for each cell a link may set, the
 * parameters that differ from that profile's. What cannot go into a link is named in `leftOut`.
 */
export function encodeRecipe(shipped: Notebook, registry: CellRegistry, current: Notebook, profile: string | undefined): EncodedRecipe {
  const known = profile !== undefined && Object.hasOwn(shipped.profiles, profile) ? profile : undefined;
  const base = baseOf(shipped, known);
  const baseCells = shareableCells(base, registry);
  const cells: Recipe['cells'] = {};
  const leftOut: string[] = [];
  // A link carries parameter values only: steps and notes the user added, and a changed order
  // or deleted steps, are named here so that nothing is dropped without a word (Save notebook
  // keeps them).
  const shippedIds = base.cells.map((c) => c.id);
  const currentIds = current.cells.map((c) => c.id);
  for (const cell of current.cells) {
    if (!shippedIds.includes(cell.id)) leftOut.push(`${isComputeCell(cell) ? (cell.title ?? (registry.has(cell.kind) ? registry.get(cell.kind).title : cell.kind)) : 'A note'}: a step or note you added (Save notebook keeps it)`);
  }
  const editedNotes = current.cells.filter((c) => !isComputeCell(c) && base.cells.some((b) => b.id === c.id && !isComputeCell(b) && b.text !== c.text));
  if (editedNotes.length) leftOut.push(`${editedNotes.length === 1 ? 'a note' : `${editedNotes.length} notes`} whose text you edited (Save notebook keeps ${editedNotes.length === 1 ? 'it' : 'them'})`);
  const deleted = base.cells.filter((c) => !currentIds.includes(c.id) && !(isComputeCell(c) && c.hidden));
  if (deleted.length) leftOut.push(`${deleted.length === 1 ? 'a deleted step or note' : `${deleted.length} deleted steps or notes`} (the link opens the notebook with ${deleted.length === 1 ? 'it' : 'them'}; Save notebook keeps the deletion)`);
  const kept = currentIds.filter((id) => shippedIds.includes(id));
  if (kept.join('\n') !== shippedIds.filter((id) => currentIds.includes(id)).join('\n')) leftOut.push('the order of the steps (Save notebook keeps it)');
  for (const cell of current.cells) {
    if (!isComputeCell(cell)) continue;
    const shippedCell = base.cells.find((c): c is ComputeCell => isComputeCell(c) && c.id === cell.id);
    if (!shippedCell || !registry.has(cell.kind)) continue;
    const def = registry.get(cell.kind);
    const title = cell.title ?? def.title;
    if (!baseCells.has(cell.id)) {
      if (!isVariantCopy(cell) && canonicalJson(cell.params) !== canonicalJson(shippedCell.params)) {
        leftOut.push(`${title}: every setting (it describes your file: column mapping, value maps and the like may hold values from it)`);
      }
      continue;
    }
    const before = resolved(def, shippedCell.params);
    const now = resolved(def, cell.params);
    if (!before.ok) continue; // the shipped notebook is checked by its own tests
    if (!now.ok) {
      leftOut.push(`${title}: its parameters are not valid now (${now.problems[0]})`);
      continue;
    }
    const changed: [string[], unknown][] = [];
    const removed: string[][] = [];
    changedLeaves(before.value, now.value, [], changed, removed);
    const schema = schemaOf(def);
    const partial: Json = {};
    for (const [path, value] of changed) {
      const problem = linkProblem(schemaAt(schema, path), value, path.join('.'));
      if (problem) leftOut.push(`${title}: ${problem.endsWith(FREE_TEXT) ? `${path.join('.')} (free text, which may hold values from your file)` : problem}`);
      else setPath(partial, path, value);
    }
    for (const path of removed) leftOut.push(`${title}: ${path.join('.')} (a removed value cannot be shared)`);
    if (Object.keys(partial).length) cells[cell.id] = partial;
  }
  const recipe: Recipe = { notebook: shipped.id, ...(known ? { profile: known } : {}), ...(current.seed !== shipped.seed ? { seed: current.seed } : {}), cells };
  const json = JSON.stringify({ v: RECIPE_VERSION, n: recipe.notebook, ...(recipe.profile ? { p: recipe.profile } : {}), ...(recipe.seed !== undefined ? { s: recipe.seed } : {}), c: cells });
  return { fragment: `${RECIPE_KEY}=${base64UrlEncode(new TextEncoder().encode(json))}`, recipe, changes: changesOf(shipped, registry, cells), leftOut };
}

/** The payload of a `#recipe=…` fragment (with or without the `#`), or undefined when the fragment is something else. */
export function recipePayload(hash: string): string | undefined {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  return h.startsWith(`${RECIPE_KEY}=`) ? h.slice(RECIPE_KEY.length + 1) : undefined;
}

/**
 * Reads and checks a link's payload against this notebook. Anything it does not accept is a
 * sentence saying why; it never throws.
 */
export function decodeRecipe(payload: string, shipped: Notebook, registry: CellRegistry): DecodedRecipe {
  try {
    return decodeChecked(payload, shipped, registry);
  } catch (err) {
    return { ok: false, error: `the link could not be read (${clip(String((err as Error)?.message ?? err), 120)})` };
  }
}

function decodeChecked(payload: string, shipped: Notebook, registry: CellRegistry): DecodedRecipe {
  const fail = (error: string): DecodedRecipe => ({ ok: false, error });
  if (typeof payload !== 'string' || payload.length === 0) return fail('the link holds no recipe');
  if (payload.length > MAX_RECIPE_CHARS) return fail(`the link is longer than any recipe (${payload.length} characters; at most ${MAX_RECIPE_CHARS})`);
  const bytes = base64UrlDecode(payload);
  if (!bytes) return fail('the recipe in the link is damaged (not base64url text); copy the whole link again');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('the recipe in the link is damaged (not UTF-8 text)');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('the recipe in the link is damaged (not JSON)');
  }
  if (!isRecord(json)) return fail('the link does not hold a recipe');
  for (const key of Object.keys(json)) if (!['v', 'n', 'p', 's', 'c'].includes(key)) return fail(`the recipe has a field this workbench does not know (${JSON.stringify(clip(key))})`);
  if (json.v !== RECIPE_VERSION) return fail(typeof json.v === 'number' && json.v > RECIPE_VERSION ? 'the recipe was made by a newer version of the workbench' : 'the link does not hold a recipe of this workbench (no version 1)');
  if (typeof json.n !== 'string') return fail('the recipe names no notebook');
  if (json.n !== shipped.id) return fail(`the recipe is for notebook ${JSON.stringify(clip(json.n))}, not "${shipped.id}"${/^[a-z0-9][a-z0-9-]{0,60}$/.test(json.n) ? ` (open the link at /notebooks/${json.n})` : ''}`);
  let profile: string | undefined;
  if (json.p !== undefined) {
    if (typeof json.p !== 'string' || !Object.hasOwn(shipped.profiles, json.p)) {
      const known = Object.keys(shipped.profiles);
      return fail(`the recipe's profile ${JSON.stringify(typeof json.p === 'string' ? clip(json.p) : json.p)} is not one of this notebook's${known.length ? ` (${known.join(', ')})` : ' (it has none)'}`);
    }
    profile = json.p;
  }
  let seed: number | undefined;
  if (json.s !== undefined) {
    if (typeof json.s !== 'number' || !Number.isInteger(json.s) || json.s < 0 || json.s > 4294967295) return fail('the recipe\'s seed is not a whole number from 0 to 4294967295');
    seed = json.s;
  }
  const c = json.c ?? {};
  if (!isRecord(c)) return fail('the recipe\'s parameters are not a list of steps');
  const base = baseOf(shipped, profile);
  const byId = shareableCells(base, registry);
  const cells: Recipe['cells'] = {};
  const problems: string[] = [];
  for (const [cellId, partial] of Object.entries(c)) {
    const entry = byId.get(cellId);
    if (!entry) {
      const fileStep = base.cells.some((x) => isComputeCell(x) && x.id === cellId && registry.has(x.kind) && registry.get(x.kind).fileSettings);
      problems.push(fileStep ? `${cellId}: the settings that describe a file cannot come from a link` : `no step ${JSON.stringify(clip(cellId))} in this notebook that a link can set`);
      continue;
    }
    const title = entry.cell.title ?? entry.def.title;
    if (!isRecord(partial)) {
      problems.push(`${title}: its parameters are not a group of parameters`);
      continue;
    }
    const problem = linkProblem(schemaOf(entry.def), partial, cellId);
    if (problem) {
      problems.push(`${title}: ${problem}`);
      continue;
    }
    const check = resolved(entry.def, merge(entry.cell.params, partial));
    if (!check.ok) {
      problems.push(...check.problems.map((p) => `${title}: ${cellId}.${p}`));
      continue;
    }
    if (Object.keys(partial).length) cells[cellId] = merge({}, partial) as Json;
  }
  if (problems.length) return fail(`${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`);
  const recipe: Recipe = { notebook: shipped.id, ...(profile ? { profile } : {}), ...(seed !== undefined ? { seed } : {}), cells };
  return { ok: true, recipe, changes: changesOf(shipped, registry, cells) };
}

/**
 * The notebook a decoded recipe describes: the shipped notebook under its profile, its seed, and
 * its changed parameters merged over the profile's. Cells that describe the file keep the
 * parameters they have in `current` (the loaded file's mapping stays with the loaded file).
 */
export function applyRecipe(shipped: Notebook, registry: CellRegistry, recipe: Recipe, current?: Notebook): Notebook {
  const base = baseOf(shipped, recipe.profile);
  return {
    ...base,
    seed: recipe.seed ?? shipped.seed,
    cells: base.cells.map((cell) => {
      if (!isComputeCell(cell)) return cell;
      if (registry.has(cell.kind) && registry.get(cell.kind).fileSettings) {
        const kept = current?.cells.find((c): c is ComputeCell => isComputeCell(c) && c.id === cell.id);
        return kept ? { ...cell, params: kept.params } : cell;
      }
      const partial = Object.hasOwn(recipe.cells, cell.id) ? recipe.cells[cell.id] : undefined;
      return partial ? { ...cell, params: merge(cell.params, partial) as Json } : cell;
    }),
  };
}

/** A changed parameter in words: "LSTM M1, all subjects: lstm.maxEpochs = 3". */
export function describeChange(change: RecipeChange): string {
  return `${change.title}: ${change.path} = ${typeof change.value === 'string' ? change.value : JSON.stringify(change.value)}`;
}
