import { canonicalJson } from '@/lib/notebook/canonical-json';
import { checkInputs } from '@/lib/notebook/check-inputs';
import { codeAsLines } from '@/lib/notebook/code-lines';
import { buildGraph } from '@/lib/notebook/graph';
import type { CellRegistry } from '@/lib/notebook/registry';
import { isComputeCell, parseNotebook, type ComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { reportNotebookText } from '@/lib/report/report-notebook-block';
import { notebooks as defaultNotebookList } from '@/notebooks';

const defaultNotebooks = (): readonly Notebook[] => defaultNotebookList;

const FORMAT = 'palsy-workbench-notebook';

/**
 * A saved notebook: the document with every parameter and the mapping, the profile, the seed and
 * the data's hash. Code steps' code is written as lines (readable, and diffable in git).
 */
export function notebookFileText(notebook: Notebook, profile: string | undefined, data: { name: string; sha256: string } | undefined): string {
  return `${JSON.stringify(
    { format: FORMAT, version: 1, savedAt: new Date().toISOString(), profile: profile ?? null, seed: notebook.seed, data: data ? { name: data.name, sha256: data.sha256 } : null, notebook: codeAsLines(notebook) },
    null,
    2,
  )}\n`;
}

/**
 * Hidden cells of a notebook file that the built-in notebook does not have as they are (same id,
 * same kind, same inputs, hidden there too). A hidden cell is never shown but runs on Run all and
 * writes exports, so a file may only keep the built-in notebook's own.
 */
export function foreignHiddenCells(notebook: Notebook, builtIn: Notebook): ComputeCell[] {
  const own = new Map(builtIn.cells.filter(isComputeCell).map((c) => [c.id, c]));
  const cells = new Map(notebook.cells.filter(isComputeCell).map((c) => [c.id, c]));
  // A derived feature the user added sits in the windows chain: the audit's hidden copies of the
  // split read its windows, as the split does (they inherit its feature list). Looked through,
  // such an input is the shipped one. Only shown derived-feature steps are looked through.
  const throughDerived = (from: string): string => {
    let id = from;
    for (let guard = 0; guard < cells.size; guard++) {
      const cell = cells.get(id);
      if (!cell || cell.kind !== 'derived-feature' || cell.hidden === true || !cell.inputs.windows) break;
      id = cell.inputs.windows;
    }
    return id;
  };
  return notebook.cells.filter(isComputeCell).filter((cell) => {
    if (cell.hidden !== true) return false;
    const shipped = own.get(cell.id);
    const inputs = Object.fromEntries(Object.entries(cell.inputs).map(([name, from]) => [name, throughDerived(from)]));
    return !shipped || shipped.hidden !== true || shipped.kind !== cell.kind || canonicalJson(shipped.inputs) !== canonicalJson(inputs);
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a saved notebook (or the one inside an HTML report); throws a message for the user when it is not one, is another notebook,
 * names a profile the notebook does not have, or adds hidden steps (`builtIn`: the notebook as
 * shipped, whose profiles and hidden steps are the only ones a file may name).
 */
export function readNotebookFile(text: string, expectedId: string, builtIn?: Notebook) {
  // An HTML report ("Export report") carries the saved notebook in a data block: it opens as that file.
  const fromReport = /^\s*</.test(text) ? reportNotebookText(text) : undefined;
  if (/^\s*</.test(text) && fromReport === undefined) throw new Error('That file is HTML without a notebook in it: choose a notebook saved with "Save notebook" or a report saved with "Export report".');
  let json: unknown;
  try {
    json = JSON.parse(fromReport ?? text);
  } catch {
    throw new Error('That file is not JSON: choose a notebook saved with "Save notebook".');
  }
  if (!isRecord(json) || json.format !== FORMAT) throw new Error('That file is not a saved workbench notebook (no "format" field).');
  const notebook = parseNotebook(json.notebook);
  if (notebook.id !== expectedId) throw new Error(`That file holds notebook "${notebook.id}"; open it from its own page (/notebooks/${notebook.id}).`);
  const rawProfile = json.profile;
  let profile: string | undefined;
  if (rawProfile !== undefined && rawProfile !== null) {
    const profiles = (builtIn ?? notebook).profiles;
    const known = Object.keys(profiles);
    if (typeof rawProfile !== 'string') throw new Error(`That notebook file's "profile" is not a profile name (${JSON.stringify(rawProfile)?.slice(0, 40) ?? typeof rawProfile}); this notebook's profiles are ${known.join(', ') || 'none'}.`);
    if (!Object.prototype.hasOwnProperty.call(profiles, rawProfile)) throw new Error(`That notebook file names profile "${rawProfile.slice(0, 40)}", which this notebook does not have (its profiles: ${known.join(', ') || 'none'}).`);
    profile = rawProfile;
  }
  if (builtIn) {
    const foreign = foreignHiddenCells(notebook, builtIn);
    if (foreign.length > 0) {
      const names = foreign.map((c) => `"${c.id}" (${c.kind})`).join(', ');
      throw new Error(
        `That notebook file has hidden steps this notebook does not have: ${names}. Hidden steps run on Run all and write exports without being shown, so the file was not opened.`,
      );
    }
  }
  // A damaged "data" entry says nothing about the data: it is ignored, not shown raw.
  const data = isRecord(json.data) && typeof json.data.name === 'string' && typeof json.data.sha256 === 'string' ? { name: json.data.name, sha256: json.data.sha256 } : undefined;
  return {
    notebook,
    profile,
    /** The data it was saved with (name and hash), when the file says. */
    data,
    /** The parameters apply to any data; say so when the loaded file is not the one it was saved with. */
    dataWarning: (currentSha?: string) =>
      data && currentSha && data.sha256 !== currentSha
        ? `Parameters restored. The notebook was saved with ${data.name} (sha256 ${data.sha256.slice(0, 12)}…); the loaded data differ, so results will differ too.`
        : undefined,
  };
}

/**
 * A notebook file read and checked as the runtime would take it (no cycle, every kind known,
 * every input fed by a kind its cell accepts), before anything of the session changes.
 */
export function openNotebookFile(text: string, builtIn: Notebook, registry: CellRegistry) {
  const opened = readNotebookFile(text, builtIn.id, builtIn);
  buildGraph(opened.notebook);
  checkInputs(opened.notebook, registry);
  return opened;
}

/** `--notebook` names a file (a path or a .json/.html name) rather than a built-in notebook id. */
export function isNotebookFilePath(value: string): boolean {
  return /[\\/]/.test(value) || /\.(json|html?)$/i.test(value);
}

/**
 * A notebook file saved from the page, opened without knowing its notebook first (the CLI): the
 * built-in notebook it names is looked up, and the file checked against it exactly as the page's
 * "Open notebook…" does (schema, known kinds, wiring, profiles, hidden steps).
 */
export function openSavedNotebook(text: string, registry: CellRegistry, builtIns: readonly Notebook[] = defaultNotebooks()) {
  let id: unknown;
  try {
    const fromReport = /^\s*</.test(text) ? reportNotebookText(text) : undefined;
    id = (JSON.parse(fromReport ?? text) as { notebook?: { id?: unknown } })?.notebook?.id;
  } catch {
    // readNotebookFile says what is wrong with the file.
  }
  const builtIn = typeof id === 'string' ? builtIns.find((n) => n.id === id) : undefined;
  if (typeof id === 'string' && !builtIn) throw new Error(`That file holds notebook "${id.slice(0, 60)}", which this workbench does not have (its notebooks: ${builtIns.map((n) => n.id).join(', ')}).`);
  return openNotebookFile(text, builtIn ?? builtIns[0]!, registry);
}
