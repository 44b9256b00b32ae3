import { canonicalJson } from '@/lib/notebook/canonical-json';
import { resolveParams } from '@/lib/notebook/define-cell';
import { sha256Hex } from '@/lib/notebook/hash';
import { applyProfile, isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import type { CellRegistry } from '@/lib/notebook/registry';

/** One entry of the profile list: a distinct set of settings, under one name. */
export interface ProfileChoice {
  /** The profile's name ('' for the cells' own parameters). */
  value: string;
  name: string;
  description?: string;
  /** The parameters every cell will run with under it (canonical JSON): equal text, equal settings. */
  settingsKey: string;
  /** A short hash of `settingsKey` (the page marks each entry with it). */
  settingsHash: string;
}

const hashOf = (key: string) => sha256Hex(new TextEncoder().encode(key)).slice(0, 12);

/** Every cell's resolved parameters under a profile (what the runs will use), as one comparable text. */
export function resolvedSettingsKey(notebook: Notebook, registry: CellRegistry): string {
  const byCell: Record<string, unknown> = {};
  for (const cell of notebook.cells) {
    if (!isComputeCell(cell)) continue;
    try {
      byCell[cell.id] = resolveParams(registry.get(cell.kind), cell.params);
    } catch {
      byCell[cell.id] = cell.params; // invalid: compared as written
    }
  }
  return canonicalJson(byCell);
}

/**
 * The profiles a user can choose between: one entry per distinct set of resolved settings, so
 * two names for the same run never both appear. The cells' own parameters ("notebook defaults")
 * are an entry only when no profile already runs exactly them.
 */
export function profileChoices(notebook: Notebook, registry: CellRegistry): ProfileChoice[] {
  const choices: ProfileChoice[] = [];
  const seen = new Set<string>();
  for (const name of Object.keys(notebook.profiles)) {
    const settingsKey = resolvedSettingsKey(applyProfile(notebook, name), registry);
    if (seen.has(settingsKey)) continue;
    seen.add(settingsKey);
    choices.push({ value: name, name, description: notebook.profileDescriptions[name], settingsKey, settingsHash: hashOf(settingsKey) });
  }
  const defaults = resolvedSettingsKey(notebook, registry);
  if (!seen.has(defaults)) choices.push({ value: '', name: 'notebook defaults', description: "each step's own parameters", settingsKey: defaults, settingsHash: hashOf(defaults) });
  return choices;
}

/** The entry a session's profile shows as (no profile: the entry that runs the cells' own parameters). */
export function choiceFor(choices: readonly ProfileChoice[], profile: string | undefined, notebook: Notebook, registry: CellRegistry): ProfileChoice | undefined {
  if (profile) {
    const named = choices.find((c) => c.value === profile);
    if (named) return named;
    const key = resolvedSettingsKey(applyProfile(notebook, profile), registry);
    return choices.find((c) => c.settingsKey === key);
  }
  const key = resolvedSettingsKey(notebook, registry);
  return choices.find((c) => c.settingsKey === key);
}
