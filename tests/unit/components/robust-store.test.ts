import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { findNotebook } from '@/notebooks';
import { indexedDbCache, layeredCache, loadSession, saveSessionChecked, setAsideSession } from '@/components/notebook/local-store';

const notebook = findNotebook('han-2026')!;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('two tabs saving one notebook', () => {
  it('the slower tab\'s save over the other tab\'s newer one is refused, and nothing of it is written', async () => {
    const a = await saveSessionChecked(notebook.id, { notebook, profile: 'quick', savedAt: 1 }, { tab: 'A', basedOn: 0 });
    expect(a).toEqual({ ok: true, revision: 1 });
    // Tab B loaded before A saved (revision 0) and now saves its own edit.
    const b = await saveSessionChecked(notebook.id, { notebook, profile: 'paper', savedAt: 2 }, { tab: 'B', basedOn: 0 });
    expect(b).toEqual({ ok: false, theirs: 1, tab: 'A' });
    expect((await loadSession(notebook.id))?.profile).toBe('quick');
    // A tab that read revision 1 saves over it.
    expect(await saveSessionChecked(notebook.id, { notebook, profile: 'paper', savedAt: 3 }, { tab: 'B', basedOn: 1 })).toEqual({ ok: true, revision: 2 });
    expect(await loadSession(notebook.id)).toMatchObject({ profile: 'paper', revision: 2, tab: 'B' });
  });
});

describe('the saved session\'s stamp (its revision and tab, kept beside it so a save need not read the session)', () => {
  /** Puts a record straight into the sessions store, as an older page (before stamps) left it. */
  const putRaw = (key: string, value: unknown) =>
    new Promise<void>((resolve) => {
      const req = indexedDB.open('palsy-workbench', 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore('sessions');
        req.result.createObjectStore('results');
      };
      req.onsuccess = () => {
        const t = req.result.transaction('sessions', 'readwrite');
        t.objectStore('sessions').put(value, key);
        t.oncomplete = () => {
          req.result.close();
          resolve();
        };
      };
    });

  it('a session saved before stamps existed is read for its revision once, then the stamp answers', async () => {
    await putRaw(notebook.id, { notebook, profile: 'quick', savedAt: 1, revision: 5, tab: 'A' });
    expect(await saveSessionChecked(notebook.id, { notebook, profile: 'paper', savedAt: 2 }, { tab: 'B', basedOn: 0 })).toEqual({ ok: false, theirs: 5, tab: 'A' });
    expect(await saveSessionChecked(notebook.id, { notebook, profile: 'paper', savedAt: 2 }, { tab: 'B', basedOn: 5 })).toEqual({ ok: true, revision: 6 });
    expect(await saveSessionChecked(notebook.id, { notebook, profile: 'quick', savedAt: 3 }, { tab: 'A', basedOn: 5 })).toEqual({ ok: false, theirs: 6, tab: 'B' });
    expect(await loadSession(notebook.id)).toMatchObject({ profile: 'paper', revision: 6, tab: 'B' });
  });

  it('a session set aside takes its stamp with it: the next save, from any tab, starts over', async () => {
    expect(await saveSessionChecked(notebook.id, { notebook, profile: 'quick', savedAt: 1 }, { tab: 'A', basedOn: 0 })).toEqual({ ok: true, revision: 1 });
    await setAsideSession(notebook.id, 'damaged');
    expect(await saveSessionChecked(notebook.id, { notebook, profile: 'paper', savedAt: 2 }, { tab: 'B', basedOn: 0 })).toEqual({ ok: true, revision: 1 });
  });

  it('a session gone without its stamp (deleted by hand) does not block a save', async () => {
    expect(await saveSessionChecked(notebook.id, { notebook, profile: 'quick', savedAt: 1 }, { tab: 'A', basedOn: 0 })).toEqual({ ok: true, revision: 1 });
    await new Promise<void>((resolve) => {
      const req = indexedDB.open('palsy-workbench');
      req.onsuccess = () => {
        const t = req.result.transaction('sessions', 'readwrite');
        t.objectStore('sessions').delete(notebook.id);
        t.oncomplete = () => {
          req.result.close();
          resolve();
        };
      };
    });
    expect(await saveSessionChecked(notebook.id, { notebook, profile: 'paper', savedAt: 2 }, { tab: 'B', basedOn: 0 })).toEqual({ ok: true, revision: 1 });
  });
});

describe('a damaged cached result in IndexedDB', () => {
  it('is dropped and said, and the cache answers that it has nothing', async () => {
    const damaged: string[] = [];
    const cache = layeredCache(indexedDbCache({ onDamaged: (key) => damaged.push(key) }));
    await cache.set('k', { regression: { rmse: 1 } });
    // Write an entry the wire decoder refuses (a columnar envelope of an unknown version).
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('palsy-workbench', 1);
      req.onsuccess = () => {
        const tx = req.result.transaction('results', 'readwrite');
        tx.objectStore('results').put({ '\u0000columnar': 'root', version: -1, value: null }, 'bad');
        tx.oncomplete = () => (req.result.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    });
    const value = await cache.get('bad');
    expect(value).toBeUndefined();
    expect(damaged).toEqual(['bad']);
    // Dropped from the store: a second read finds nothing and says nothing more.
    expect(await indexedDbCache().get('bad')).toBeUndefined();
    expect(damaged).toEqual(['bad']);
    await cache.delete!('k');
    expect(await cache.get('k')).toBeUndefined();
  });
});
