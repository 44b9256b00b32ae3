import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findNotebook } from '@/notebooks';
import {
  beginRestore,
  classifyStorageError,
  clearLocalData,
  endRestore,
  indexedDbCache,
  loadSession,
  onStorageProblem,
  saveSession,
  setAsideSession,
  takeAsideNotice,
  type StorageProblem,
} from '@/components/notebook/local-store';

const notebook = findNotebook('han-2026')!;

/** Every problem the store announces during a test. */
let problems: StorageProblem[] = [];
let stop = () => {};
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory(); // a fresh, empty database per test
  problems = [];
  stop = onStorageProblem((p) => problems.push(p));
});
afterEach(() => stop());

describe('a saved session set aside', () => {
  it('is moved out of the way with its reason, announced once, and not loaded again', async () => {
    const session = { notebook, profile: 'quick', upload: { name: 'clinic.csv', bytes: new Uint8Array([1, 2, 3]) }, savedAt: 1 };
    await saveSession(notebook.id, session);
    expect((await loadSession(notebook.id))?.upload?.name).toBe('clinic.csv');

    await setAsideSession(notebook.id, 'its saved file is damaged');
    expect(await loadSession(notebook.id)).toBeUndefined();
    const notice = await takeAsideNotice(notebook.id);
    expect(notice?.reason).toBe('its saved file is damaged');
    expect((notice?.session as typeof session).upload.bytes).toEqual(new Uint8Array([1, 2, 3]));
    // Told once: a second load does not repeat it.
    expect(await takeAsideNotice(notebook.id)).toBeUndefined();
  });

  it('keeps the copy set aside earlier when there is nothing new to set aside', async () => {
    await saveSession(notebook.id, { notebook, profile: 'quick', savedAt: 1 });
    await setAsideSession(notebook.id, 'first failure');
    await setAsideSession(notebook.id, 'second call, nothing saved any more');
    const notice = await takeAsideNotice(notebook.id);
    expect(notice?.reason).toBe('first failure');
    expect((notice?.session as { profile: string }).profile).toBe('quick');
  });

  it('is removed by "Clear local data"', async () => {
    await saveSession(notebook.id, { notebook, savedAt: 1 });
    await setAsideSession(notebook.id, 'x');
    await clearLocalData();
    expect(await takeAsideNotice(notebook.id)).toBeUndefined();
  });
});

describe('replays of a saved file that never finished', () => {
  it('are counted across loads until one finishes', async () => {
    expect(await beginRestore(notebook.id)).toBe(0);
    expect(await beginRestore(notebook.id)).toBe(1); // the first never said it finished
    expect(await beginRestore(notebook.id)).toBe(2);
    await endRestore(notebook.id);
    expect(await beginRestore(notebook.id)).toBe(0);
    expect(await beginRestore('another-notebook')).toBe(0);
  });
});

describe('IndexedDB unavailable or full', () => {
  it('without IndexedDB: reads and writes fail, the problem is announced as "unavailable", the cache answers "not cached", clearing is a no-op', async () => {
    // @ts-expect-error some private modes have no IndexedDB at all
    delete globalThis.indexedDB;
    await expect(loadSession(notebook.id)).rejects.toThrow(/IndexedDB is not available/);
    expect(problems.map((p) => p.kind)).toEqual(['unavailable']);
    const cache = indexedDbCache();
    await expect(cache.set('k', { a: 1 })).resolves.toBeUndefined();
    await expect(cache.get('k')).resolves.toBeUndefined();
    await expect(clearLocalData()).resolves.toBeUndefined();
    expect(problems.every((p) => p.kind === 'unavailable')).toBe(true);
  });

  it('an open that errors (as in a private window) is announced as "unavailable"', async () => {
    const failing = new IDBFactory();
    failing.open = () => {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    };
    globalThis.indexedDB = failing;
    await expect(saveSession(notebook.id, { notebook, savedAt: 1 })).rejects.toThrow(/mutation/);
    expect(problems).toEqual([{ kind: 'unavailable', detail: expect.stringContaining('did not allow mutations') }]);
  });

  it('a write over quota is announced as "full"; the result cache swallows it (a re-run later)', async () => {
    const proto = Object.getPrototypeOf((await openStore()).store) as IDBObjectStore;
    const put = proto.put;
    proto.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      await expect(saveSession(notebook.id, { notebook, savedAt: 1 })).rejects.toThrow(/quota/);
      await expect(indexedDbCache().set('k', 1)).resolves.toBeUndefined();
    } finally {
      proto.put = put;
    }
    expect(problems.map((p) => p.kind)).toEqual(['full', 'full']);
    expect(problems[0]!.detail).toMatch(/no room left/);
    // Reads still work.
    await expect(loadSession(notebook.id)).resolves.toBeUndefined();
  });

  it('classifies by the error name, whatever the message', () => {
    expect(classifyStorageError(new DOMException('x', 'QuotaExceededError')).kind).toBe('full');
    expect(classifyStorageError(new DOMException('x', 'UnknownError')).kind).toBe('unavailable');
    expect(classifyStorageError({ name: 'QuotaExceededError', message: '' }).kind).toBe('full');
  });
});

/** An object store of a throwaway database, to reach the fake's prototypes. */
async function openStore(): Promise<{ store: IDBObjectStore }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = new IDBFactory().open('probe', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('s');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return { store: db.transaction('s', 'readwrite').objectStore('s') };
}
