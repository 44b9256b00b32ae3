/**
 * Consent to a notebook's code (issue #27), as pure logic: which code steps a notebook has, a
 * hash of everything about them that decides what runs, and the page's list of hashes the user
 * has trusted. A notebook file from someone else runs its code only after the user has seen it
 * and said yes (TrustDialog.tsx); the same code, reading the same steps, is not asked about
 * again, and any change to either asks again.
 */
import { DEFAULT_CODE } from '@/lib/cells/code-cell';
import { canonicalJson } from '@/lib/notebook/canonical-json';
import { sha256Hex } from '@/lib/notebook/hash';
import { effectiveParams, isComputeCell, type ComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { CODE_CELL_KINDS } from '@/lib/sandbox/trust';

export interface CodeStep {
  id: string;
  title: string;
  /** Variable name → the id of the step it reads. */
  inputs: Record<string, string>;
  /** The code it runs with the notebook's own parameters. */
  code: string;
  /** Other code a profile of the notebook runs in its place (a profile may override any parameter). */
  variants: { profile: string; code: string }[];
}

const isCodeCell = (cell: Notebook['cells'][number]): cell is ComputeCell => isComputeCell(cell) && CODE_CELL_KINDS.includes(cell.kind);
/** The parameters a cell runs with; its own where it inherits from a cell that is not there (the notebook is refused then anyway). */
function paramsOf(notebook: Notebook, cell: ComputeCell): Record<string, unknown> {
  try {
    return effectiveParams(notebook, cell);
  } catch {
    return cell.params;
  }
}
const codeText = (params: Record<string, unknown>) => (typeof params.code === 'string' ? params.code : DEFAULT_CODE);

/** The notebook's code steps (hidden ones too: they run all the same), in notebook order. */
export function codeCellsOf(notebook: Notebook): CodeStep[] {
  return notebook.cells.filter(isCodeCell).map((cell) => {
    const params = paramsOf(notebook, cell);
    const code = codeText(params);
    const variants = Object.entries(notebook.profiles).flatMap(([profile, overrides]) => {
      const own = overrides[cell.id];
      const text = own && 'code' in own ? codeText({ ...params, ...own }) : code;
      return text === code ? [] : [{ profile, code: text }];
    });
    return { id: cell.id, title: cell.title ?? 'Code', inputs: { ...cell.inputs }, code, variants };
  });
}

/**
 * SHA-256 (hex) of what the code steps run and read: each one's id, kind, inputs and
 * parameters (as it runs them, a parent's included where it inherits them), and every
 * profile's overrides of them. Other steps' parameters are not part of it: changing a split's
 * ratio is no new code.
 */
export function codeTrustHash(notebook: Notebook): string {
  const cells = notebook.cells.filter(isCodeCell).map((cell) => ({
    id: cell.id,
    kind: cell.kind,
    inputs: cell.inputs,
    params: paramsOf(notebook, cell),
    profiles: Object.fromEntries(Object.entries(notebook.profiles).flatMap(([profile, overrides]) => (overrides[cell.id] ? [[profile, overrides[cell.id]]] : []))),
  }));
  return sha256Hex(canonicalJson({ codeCells: cells }));
}

/** Where the page keeps the hashes of the code the user trusted (localStorage). */
export const TRUSTED_CODE_KEY = 'palsy-workbench.trusted-code';
/** The most hashes kept: the most recently trusted ones. */
export const TRUSTED_CODE_LIMIT = 200;

export interface TrustedCode {
  has(hash: string): boolean;
  /** Remembers `hash` as trusted (the most recent); false when the storage refused it (it is then trusted for this page only). */
  add(hash: string): boolean;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * The trusted hashes in `storage`, read afresh at every question (another tab may have added
 * one). Damaged JSON or a storage that throws (private browsing, storage turned off, quota)
 * counts as none stored: the user is asked again, which is never unsafe. What the storage
 * refuses to keep is remembered in memory for this store's life.
 */
export function trustedCode(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): TrustedCode {
  const inMemory = new Set<string>();
  const read = (): string[] => {
    try {
      const parsed: unknown = JSON.parse(storage?.getItem(TRUSTED_CODE_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((h): h is string => typeof h === 'string' && HASH.test(h)) : [];
    } catch {
      return [];
    }
  };
  return {
    has: (hash) => inMemory.has(hash) || read().includes(hash),
    add: (hash) => {
      inMemory.add(hash);
      const kept = [...read().filter((h) => h !== hash), hash].slice(-TRUSTED_CODE_LIMIT);
      try {
        if (!storage) return false;
        storage.setItem(TRUSTED_CODE_KEY, JSON.stringify(kept));
        return true;
      } catch {
        return false;
      }
    },
  };
}
