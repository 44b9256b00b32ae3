/**
 * What the workbench keeps in this browser (IndexedDB), and nowhere else: per notebook its
 * document (parameters, mapping), chosen profile and the last loaded file, and the explorer's
 * finished runs; and finished cell results by cache key. "Clear local data" deletes the whole database.
 */
import type { ResultCache } from '@/lib/notebook/runtime';
import type { Notebook } from '@/lib/notebook/notebook-schema';

const DB_NAME = 'palsy-workbench';
const VERSION = 1;

export interface SavedSession {
  notebook: Notebook;
  profile?: string;
  /** The user's file; absent when the bundled cohort is in use. */
  upload?: { name: string; bytes: Uint8Array };
  savedAt: number;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('sessions')) db.createObjectStore('sessions');
      if (!db.objectStoreNames.contains('results')) db.createObjectStore('results');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = fn(db.transaction(store, mode).objectStore(store));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

export const loadSession = (notebookId: string) => tx<SavedSession | undefined>('sessions', 'readonly', (s) => s.get(notebookId));
export const saveSession = (notebookId: string, session: SavedSession) => tx('sessions', 'readwrite', (s) => s.put(session, notebookId)).then(() => undefined);

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

/** Results by cache key; a failed write (quota) only costs a re-run later. */
export function indexedDbCache(): ResultCache {
  return {
    get: (key) => tx<unknown>('results', 'readonly', (s) => s.get(key)).catch(() => undefined),
    set: (key, value) => tx('results', 'readwrite', (s) => s.put(value, key)).then(() => undefined, () => undefined),
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
  };
}

export function clearLocalData(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve();
  });
}
