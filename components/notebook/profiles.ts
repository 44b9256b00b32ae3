import { canonicalJson } from '@/lib/notebook/canonical-json';
import { resolveParams } from '@/lib/notebook/define-cell';
import { sha256Hex } from '@/lib/notebook/hash';
import { applyProfile, isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import type { CellRegistry } from '@/lib/notebook/registry';
import { formatDuration, formatRange } from './time-left';

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

/**
 * The machine the reference timings below were measured on. An estimate scales them by this
 * machine's cores against its cores (the work runs on a pool of workers, one per core).
 */
export const REFERENCE_MACHINE = {
  name: '2-core reference machine',
  detail: '2 × AMD EPYC vCPU, 24 GiB, Linux; headless Chromium 156, `next start` (BENCHMARKS.md)',
  cores: 2,
} as const;

/**
 * What a whole Run all of a profile took on the reference machine, in ms: from a quiet machine
 * (load average 2–3) to a busy one (load average 3–6), each measured in headless Chromium
 * (`cli/bench-browser.ts`, 2026-12-01, and the first-use walk of issue 30). The one committed
 * place for these numbers: the profile list's estimate before a profile was timed here.
 */
export const REFERENCE_RUN_ALL_MS: Readonly<Record<string, Readonly<Record<string, { low: number; high: number }>>>> = {
  // quick: 20.3 s quiet (BENCHMARKS.md, targets), 48–55 s at load 3–6 (issue 30).
  // paper: 47.9 s, the leakage audit included (BENCHMARKS.md, whole paper profile; load 3–6).
  'han-2026': { quick: { low: 20_300, high: 55_000 }, paper: { low: 47_900, high: 47_900 } },
};

/**
 * A reference timing scaled to a machine with `cores` cores: fewer cores take proportionally
 * longer, more cores help at most twofold (the steps of a run depend on each other).
 */
export function scaledReferenceMs(reference: { low: number; high: number }, cores: number | undefined): { low: number; high: number } {
  const c = cores !== undefined && Number.isFinite(cores) && cores >= 1 ? cores : REFERENCE_MACHINE.cores;
  const factor = REFERENCE_MACHINE.cores / Math.min(c, REFERENCE_MACHINE.cores * 2);
  return { low: reference.low * factor, high: reference.high * factor };
}

/**
 * How long a profile's Run all takes, for the profile list: measured here once it was timed
 * here ("Run all took about 48 s here"); before that an estimate from the reference machine,
 * said to be one ("about 20–55 s (estimated from a 2-core reference machine)"); with neither,
 * "not timed here yet".
 */
export function profileTimeText(
  notebookId: string,
  profile: string,
  measuredRunAllMs: number | undefined,
  cores: number | undefined,
): string {
  if (measuredRunAllMs !== undefined) return `Run all took ${formatDuration(measuredRunAllMs / 1000)} here`;
  const reference = Object.hasOwn(REFERENCE_RUN_ALL_MS, notebookId) && Object.hasOwn(REFERENCE_RUN_ALL_MS[notebookId]!, profile) ? REFERENCE_RUN_ALL_MS[notebookId]![profile]! : undefined;
  if (!reference) return 'not timed here yet';
  const scaled = scaledReferenceMs(reference, cores);
  const scaledNote = cores !== undefined && cores !== REFERENCE_MACHINE.cores ? `, scaled to ${cores} core${cores > 1 ? 's' : ''}` : '';
  return `${formatRange(scaled.low / 1000, scaled.high / 1000)} (estimated from a ${REFERENCE_MACHINE.name}${scaledNote})`;
}
