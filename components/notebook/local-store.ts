/**
 * What the workbench keeps in this browser (IndexedDB), and nowhere else: per notebook its
 * document (parameters, mapping), chosen profile and the last loaded file, and the explorer's
 * finished runs; and finished cell results by cache key. "Clear local data" deletes the whole database.
 */
import type { ResultCache } from '@/lib/notebook/runtime';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import { fromWireInSlices, toWire, yieldToEventLoop } from '@/workers/wire-values';
import { joinFromStorage, partsNeeded, splitForStorage, STORED_WRITE } from './stored-parts';
import { decideSave, type SaveDecision, type SessionStamp } from './tab-sessions';

const DB_NAME = 'palsy-workbench';
const VERSION = 1;

export interface SavedSession {
  notebook: Notebook;
  profile?: string;
  /** The user's file; absent when the bundled cohort is in use. */
  upload?: { name: string; bytes: Uint8Array };
  savedAt: number;
  /** Which save this is, and the tab that wrote it (see tab-sessions.ts). */
  revision?: number;
  tab?: string;
}

/**
 * Whether this browser keeps what the workbench stores. IndexedDB can be missing (some private
 * modes), refuse to open, or run out of quota; the workbench then runs on, in memory, and says
 * that nothing will be kept. Every failed open or write is reported here; the session listens.
 */
export type StorageProblem = { kind: 'unavailable' | 'full'; detail: string };

const storageListeners = new Set<(problem: StorageProblem) => void>();

export function onStorageProblem(listener: (problem: StorageProblem) => void): () => void {
  storageListeners.add(listener);
  return () => storageListeners.delete(listener);
}

/** What a failed open or write means for the user: no storage at all, or no room left. */
export function classifyStorageError(err: unknown): StorageProblem {
  const name = err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err) ? String((err as { name: unknown }).name) : '';
  const message = err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err) ? String((err as { message: unknown }).message) : String(err);
  if (name === 'QuotaExceededError') return { kind: 'full', detail: 'the browser has no room left for this site (storage quota exceeded)' };
  return { kind: 'unavailable', detail: `this browser does not let the page keep data (${message || name || 'IndexedDB unavailable'})` };
}

function report(err: unknown): never {
  // A value that cannot be stored is our bug, not the browser's storage: it is not announced.
  const name = typeof err === 'object' && err !== null && 'name' in err ? (err as { name: unknown }).name : '';
  if (name !== 'DataCloneError') {
    const problem = classifyStorageError(err);
    for (const l of storageListeners) l(problem);
  }
  throw err;
}

function open(): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined' || indexedDB === null) throw new Error('IndexedDB is not available');
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('sessions')) db.createObjectStore('sessions');
      if (!db.objectStoreNames.contains('results')) db.createObjectStore('results');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  }).catch(report);
}

/**
 * One request in its own transaction. A write counts only once its transaction commits: a
 * quota failure aborts the transaction after the request itself succeeded.
 */
async function tx<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(store, mode);
      const req = fn(transaction.objectStore(store));
      transaction.oncomplete = () => resolve(req.result);
      transaction.onabort = () => reject(transaction.error ?? req.error ?? new Error('the IndexedDB transaction was aborted'));
      transaction.onerror = () => reject(transaction.error ?? req.error);
    }).catch(report);
  } finally {
    db.close();
  }
}

export const loadSession = (notebookId: string) => tx<SavedSession | undefined>('sessions', 'readonly', (s) => s.get(notebookId));

/** A saved session that failed to restore, kept aside (never replayed) with why. */
export interface AsideSession {
  session: unknown;
  reason: string;
  at: number;
  /** The page has told the user once. */
  announced: boolean;
}

const asideKey = (notebookId: string) => `aside:${notebookId}`;
/** The saved session's revision and the tab that wrote it, kept beside it (see saveSessionChecked). */
const stampKey = (notebookId: string) => `stamp:${notebookId}`;

/**
 * Moves the notebook's saved session out of the way, in one transaction: the next load starts
 * from the notebook as shipped and the bundled cohort, and says why. The record is kept (under
 * its own key) rather than deleted; "Clear local data" removes it with the rest.
 */
export async function setAsideSession(notebookId: string, reason: string): Promise<void> {
  const db = await open();
  try {
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction('sessions', 'readwrite');
      const store = transaction.objectStore('sessions');
      const get = store.get(notebookId);
      get.onsuccess = () => {
        // Nothing saved (or already set aside): keep the copy set aside earlier as it is.
        if (get.result === undefined) return;
        const aside: AsideSession = { session: get.result, reason, at: Date.now(), announced: false };
        store.put(aside, asideKey(notebookId));
        store.delete(notebookId);
        store.delete(stampKey(notebookId));
      };
      transaction.oncomplete = () => resolve();
      transaction.onabort = () => reject(transaction.error ?? new Error('the IndexedDB transaction was aborted'));
    }).catch(report);
  } finally {
    db.close();
  }
}

const restoringKey = (notebookId: string) => `restoring:${notebookId}`;

/**
 * Marks the start of a replay of the saved session and returns how many earlier replays never
 * finished (the tab was closed, or crashed, while reading the saved file). The session sets the
 * saved session aside when that count says a replay keeps killing the tab.
 */
export async function beginRestore(notebookId: string): Promise<number> {
  const before = (await tx<{ unfinished: number } | undefined>('sessions', 'readonly', (s) => s.get(restoringKey(notebookId))))?.unfinished ?? 0;
  await tx('sessions', 'readwrite', (s) => s.put({ unfinished: before + 1, at: Date.now() }, restoringKey(notebookId)));
  return before;
}

/** The replay finished (or was set aside): no unfinished replay to count. */
export const endRestore = (notebookId: string) => tx('sessions', 'readwrite', (s) => s.delete(restoringKey(notebookId))).then(() => undefined);

/** The set-aside session the user has not been told about yet (marked as told), if any. */
export async function takeAsideNotice(notebookId: string): Promise<AsideSession | undefined> {
  const aside = await tx<AsideSession | undefined>('sessions', 'readonly', (s) => s.get(asideKey(notebookId)));
  if (!aside || aside.announced) return undefined;
  await tx('sessions', 'readwrite', (s) => s.put({ ...aside, announced: true }, asideKey(notebookId)));
  return aside;
}
/**
 * Saves the session unless another tab saved a newer one since this tab read or wrote it (one
 * transaction: read, decide, write). Returns the decision: the revision written, or the other
 * tab's newer revision (nothing written).
 */
export async function saveSessionChecked(notebookId: string, session: SavedSession, mine: { tab: string; basedOn: number }): Promise<SaveDecision> {
  const db = await open();
  try {
    return await new Promise<SaveDecision>((resolve, reject) => {
      const transaction = db.transaction('sessions', 'readwrite');
      const store = transaction.objectStore('sessions');
      let decision: SaveDecision | undefined;
      const decide = (stored: SessionStamp | undefined) => {
        decision = decideSave(stored, mine);
        if (!decision.ok) return;
        store.put({ ...session, revision: decision.revision, tab: mine.tab }, notebookId);
        store.put({ revision: decision.revision, tab: mine.tab } satisfies SessionStamp, stampKey(notebookId));
      };
      // The stored session's revision and tab come from its stamp, a small record written with
      // it: reading the session itself would clone an uploaded file's bytes (53 MB for a
      // million visits: ~0.1 s on the page's main thread) on every save. Whether a session is
      // there at all is counted, not read. A session saved before stamps existed is read once.
      const count = store.count(notebookId);
      const stamp = store.get(stampKey(notebookId));
      stamp.onsuccess = () => {
        if (count.result === 0) decide(undefined);
        else if (stamp.result !== undefined) decide(stamp.result as SessionStamp);
        else {
          const get = store.get(notebookId);
          get.onsuccess = () => decide(get.result as SessionStamp | undefined);
        }
      };
      transaction.oncomplete = () => resolve(decision!);
      transaction.onabort = () => reject(transaction.error ?? new Error('the IndexedDB transaction was aborted'));
    }).catch(report);
  } finally {
    db.close();
  }
}

export const saveSession = (notebookId: string, session: SavedSession) =>
  tx('sessions', 'readwrite', (s) => {
    s.put({ revision: session.revision, tab: session.tab } satisfies SessionStamp, stampKey(notebookId));
    return s.put(session, notebookId);
  }).then(() => undefined);

/** The feature-set explorer's finished runs for a notebook (kept with the sessions). */
export function explorerStore<T>(notebookId: string): { load(): Promise<T[] | undefined>; save(runs: T[]): Promise<void> } {
  const key = `explorer:${notebookId}`;
  return {
    load: () => tx<T[] | undefined>('sessions', 'readonly', (s) => s.get(key)),
    save: (runs) => tx('sessions', 'readwrite', (s) => s.put(runs, key)).then(() => undefined),
  };
}

/** Measured run times on this machine, per profile: each step's last computed run and the last whole Run all. */
export interface ProfileTimings {
  /** cell id -> wall time of its last run that computed (not served from the cache), ms */
  cells: Record<string, number>;
  /** Wall time of the last Run all that computed every step, ms. */
  runAllMs?: number;
  measuredAt: number;
}

export function timingsStore(notebookId: string): { load(): Promise<Record<string, ProfileTimings> | undefined>; save(t: Record<string, ProfileTimings>): Promise<void> } {
  const key = `timings:${notebookId}`;
  return {
    load: () => tx<Record<string, ProfileTimings> | undefined>('sessions', 'readonly', (s) => s.get(key)),
    save: (t) => tx('sessions', 'readwrite', (s) => s.put(t, key)).then(() => undefined),
  };
}

/**
 * Results by cache key; a failed write (quota) only costs a re-run later. A result that came
 * from a worker is stored in the columns it came in (workers/wire-values.ts), so writing a
 * million-visit cohort is a few memory copies, not a walk over its objects on the page.
 */
export function indexedDbCache(options: { onDamaged?: (key: string, reason: string) => void } = {}): ResultCache {
  // A result's parts (stored-parts.ts) are keyed `${key}\0${write}\0${i}`: all of them sort
  // between `${key}\0` and `${key}\u0001`, those of one write between `…${write}\0` and
  // `…${write}\u0001` (write ids are base-36 text).
  const allParts = (key: string) => IDBKeyRange.bound(`${key}\0`, `${key}\u0001`, false, true);
  const partKey = (key: string, write: string, i: number) => `${key}\0${write}\0${i}`;
  const remove = (key: string) =>
    tx('results', 'readwrite', (s) => {
      s.delete(allParts(key));
      return s.delete(key);
    }).then(() => undefined, () => undefined);
  /**
   * The stored value with its parts put back. Only a value written in parts names its write
   * (nothing else is walked); its parts are read in one transaction, so they are the ones of
   * that write even if another tab writes the key meanwhile (each read is its own event).
   */
  const withParts = async (key: string, stored: unknown): Promise<unknown> => {
    const write = typeof stored === 'object' && stored !== null ? (stored as { [STORED_WRITE]?: unknown })[STORED_WRITE] : undefined;
    if (write === undefined) return stored;
    if (typeof write !== 'string') throw new Error('a stored result in parts does not say which write they are');
    const count = partsNeeded(stored);
    const db = await open();
    try {
      const parts = await new Promise<Uint8Array[]>((resolve, reject) => {
        const transaction = db.transaction('results', 'readonly');
        const store = transaction.objectStore('results');
        const out: Uint8Array[] = [];
        for (let i = 0; i < count; i++) {
          const req = store.get(partKey(key, write, i));
          req.onsuccess = () => void (out[i] = req.result as Uint8Array);
        }
        transaction.oncomplete = () => resolve(out);
        transaction.onabort = () => reject(transaction.error ?? new Error('the IndexedDB transaction was aborted'));
      });
      return joinFromStorage(stored, parts);
    } finally {
      db.close();
    }
  };
  return {
    get: (key) =>
      tx<unknown>('results', 'readonly', (s) => s.get(key)).then(
        // Unreadable (damaged, a part missing, or another format version): dropped, said, and computed again.
        (stored) =>
          withParts(key, stored)
            .then(fromWireInSlices)
            .catch(async (err: unknown) => {
              await remove(key);
              options.onDamaged?.(key, `it could not be decoded (${err instanceof Error ? err.message : String(err)})`);
              return undefined;
            }),
        () => undefined,
      ),
    set: async (key, value) => {
      try {
        const wire = toWire(value);
        const split = splitForStorage(wire);
        if (!split) {
          await tx('results', 'readwrite', (s) => {
            s.delete(allParts(key));
            return s.put(wire, key);
          });
          return;
        }
        // A large result: its big arrays' bytes first, one part per write and task (an
        // IndexedDB put clones its value on this thread), then the rest under its key, in the
        // same transaction that drops the parts of any earlier write of that key.
        const write = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
        for (let i = 0; i < split.count; i++) {
          const part = split.part(i);
          await tx('results', 'readwrite', (s) => s.put(part, partKey(key, write, i)));
          await yieldToEventLoop();
        }
        await tx('results', 'readwrite', (s) => {
          s.delete(IDBKeyRange.bound(`${key}\0`, `${key}\0${write}\0`, false, true));
          s.delete(IDBKeyRange.bound(`${key}\0${write}\u0001`, `${key}\u0001`, false, true));
          return s.put({ ...(split.skeleton as object), [STORED_WRITE]: write }, key);
        });
      } catch {
        // Not stored (quota, a value that cannot be cloned): a re-run later. Parts written
        // before the failure go with the next write or removal of this key, or "Clear local data".
      }
    },
    delete: remove,
  };
}

/**
 * A small in-memory layer over another cache: the results this tab touched last (derived
 * notebooks, the explorer and the upload check ask for the same upstream results again and
 * again) without a round trip to IndexedDB, and without keeping every result in memory.
 */
export function layeredCache(below: ResultCache, capacity = 48): ResultCache {
  const recent = new Map<string, unknown>();
  const remember = (key: string, value: unknown) => {
    recent.delete(key);
    recent.set(key, value);
    if (recent.size > capacity) recent.delete(recent.keys().next().value!);
  };
  return {
    get: async (key) => {
      if (recent.has(key)) {
        const value = recent.get(key);
        remember(key, value);
        return value;
      }
      const value = await below.get(key);
      if (value !== undefined) remember(key, value);
      return value;
    },
    set: async (key, value) => {
      remember(key, value);
      await below.set(key, value);
    },
    delete: async (key) => {
      recent.delete(key);
      await below.delete?.(key);
    },
  };
}

/** Forgets every computed result (they are computed again on demand); sessions are kept. */
export const clearResults = () => tx('results', 'readwrite', (s) => s.clear()).then(() => undefined);

export function clearLocalData(): Promise<void> {
  return new Promise((resolve, reject) => {
    // Nothing was ever kept where there is no IndexedDB.
    if (typeof indexedDB === 'undefined' || indexedDB === null) return resolve();
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve();
  });
}
