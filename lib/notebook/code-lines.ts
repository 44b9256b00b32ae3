/**
 * Code in notebook files as lines. A code step's code is one string in the document; a saved
 * file (and a gallery notebook in git) writes it as an array of lines instead, so the file
 * reads as code and a one-line change is a one-line diff. `parseNotebook` takes either form.
 */

/** The kinds whose `code` parameter is code that runs (in the sandbox). */
export const CODE_CELL_KINDS: readonly string[] = ['code'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLines = (v: unknown): v is string[] => Array.isArray(v) && v.every((l) => typeof l === 'string');

/** The code cells' ids of a raw document (cells whose kind runs code). */
function codeCellIds(doc: Record<string, unknown>): Set<string> {
  const cells = Array.isArray(doc.cells) ? doc.cells : [];
  return new Set(cells.filter((c): c is Record<string, unknown> => isRecord(c) && typeof c.kind === 'string' && CODE_CELL_KINDS.includes(c.kind) && typeof c.id === 'string').map((c) => c.id as string));
}

/** Applies `change` to the `code` parameter of every code cell and every profile's override of one. */
function mapCode(doc: unknown, change: (code: unknown) => unknown): unknown {
  if (!isRecord(doc)) return doc;
  const ids = codeCellIds(doc);
  if (ids.size === 0) return doc;
  const withCode = (params: unknown) => (isRecord(params) && 'code' in params ? { ...params, code: change(params.code) } : params);
  const cells = (doc.cells as unknown[]).map((c) => (isRecord(c) && ids.has(c.id as string) ? { ...c, params: withCode(c.params) } : c));
  const profiles = isRecord(doc.profiles)
    ? Object.fromEntries(Object.entries(doc.profiles).map(([name, overrides]) => [name, isRecord(overrides) ? Object.fromEntries(Object.entries(overrides).map(([id, p]) => [id, ids.has(id) ? withCode(p) : p])) : overrides]))
    : doc.profiles;
  return { ...doc, cells, ...(doc.profiles !== undefined ? { profiles } : {}) };
}

/** The document with each code cell's code as an array of lines (for a saved file). */
export function codeAsLines<T>(doc: T): T {
  return mapCode(doc, (code) => (typeof code === 'string' ? code.split('\n') : code)) as T;
}

/** The document with code written as lines joined into one string (any other value left for the schema to judge). */
export function codeFromLines(doc: unknown): unknown {
  return mapCode(doc, (code) => (isLines(code) ? code.join('\n') : code));
}
