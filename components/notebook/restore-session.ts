import { parseNotebook, type Notebook } from '@/lib/notebook/notebook-schema';

/** A saved session that can be replayed: its document, profile and the user's file. */
export interface RestorableSession {
  document: Notebook;
  profile: string | undefined;
  upload: { name: string; bytes: Uint8Array } | undefined;
}

export type SavedSessionCheck = { ok: true; value: RestorableSession } | { ok: false; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Decides whether what this browser kept for a notebook can be replayed. Anything it would
 * throw on later (a damaged document, a profile the notebook no longer has, a file that is not
 * bytes) is found here, before the page uses it, with a reason the page shows when it sets the
 * session aside. The record comes from IndexedDB: it is untrusted, whatever wrote it.
 */
export function checkSavedSession(stored: unknown, shipped: Notebook): SavedSessionCheck {
  if (!isRecord(stored)) return { ok: false, reason: 'the saved record is not a session' };
  let document: Notebook;
  try {
    document = parseNotebook(stored.notebook);
  } catch (err) {
    return { ok: false, reason: `its parameters do not read as this notebook (${firstLine((err as Error).message)})` };
  }
  if (document.id !== shipped.id) return { ok: false, reason: `it belongs to notebook "${document.id}", not "${shipped.id}"` };
  const profile = stored.profile;
  if (profile !== undefined && (typeof profile !== 'string' || !Object.hasOwn(shipped.profiles, profile))) {
    return { ok: false, reason: `its profile ${JSON.stringify(profile)} is not one of this notebook's` };
  }
  const upload = stored.upload;
  if (upload !== undefined) {
    if (!isRecord(upload) || typeof upload.name !== 'string' || !(upload.bytes instanceof Uint8Array)) {
      return { ok: false, reason: 'its saved file is damaged (no name or no bytes)' };
    }
    return { ok: true, value: { document, profile, upload: { name: upload.name, bytes: upload.bytes } } };
  }
  return { ok: true, value: { document, profile, upload: undefined } };
}

/** The message the page shows when it has set a saved session aside. */
export function setAsideMessage(reason: string): string {
  return `Your saved session could not be restored and was set aside (it will not be replayed): ${reason}. The notebook opened as shipped, with the bundled cohort; "Clear local data" removes the set-aside copy.`;
}

function firstLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.slice(0, 2).join(' ').slice(0, 200);
}
