import { parseNotebook, type Notebook } from '@/lib/notebook/notebook-schema';

const FORMAT = 'palsy-workbench-notebook';

/** A saved notebook: the document with every parameter and the mapping, the profile, the seed and the data's hash. */
export function notebookFileText(notebook: Notebook, profile: string | undefined, data: { name: string; sha256: string } | undefined): string {
  return `${JSON.stringify(
    { format: FORMAT, version: 1, savedAt: new Date().toISOString(), profile: profile ?? null, seed: notebook.seed, data: data ? { name: data.name, sha256: data.sha256 } : null, notebook },
    null,
    2,
  )}\n`;
}

/** Reads a saved notebook; throws a message for the user when it is not one, or is another notebook. */
export function readNotebookFile(text: string, expectedId: string) {
  let json: { format?: string; profile?: string | null; data?: { name: string; sha256: string } | null; notebook?: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('That file is not JSON: choose a notebook saved with "Save notebook".');
  }
  if (json.format !== FORMAT) throw new Error('That file is not a saved workbench notebook (no "format" field).');
  const notebook = parseNotebook(json.notebook);
  if (notebook.id !== expectedId) throw new Error(`That file holds notebook "${notebook.id}"; open it from its own page (/notebooks/${notebook.id}).`);
  return {
    notebook,
    profile: json.profile ?? undefined,
    /** The data it was saved with (name and hash), when the file says. */
    data: json.data ?? undefined,
    /** The parameters apply to any data; say so when the loaded file is not the one it was saved with. */
    dataWarning: (currentSha?: string) =>
      json.data && currentSha && json.data.sha256 !== currentSha
        ? `Parameters restored. The notebook was saved with ${json.data.name} (sha256 ${json.data.sha256.slice(0, 12)}…); the loaded data differ, so results will differ too.`
        : undefined,
  };
}
