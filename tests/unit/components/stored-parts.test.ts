import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeColumnar, encodeColumnar } from '@/lib/notebook/columnar-codec';
import { indexedDbCache } from '@/components/notebook/local-store';
import { joinFromStorage, partsNeeded, splitForStorage } from '@/components/notebook/stored-parts';
import { fromWire } from '@/workers/wire-values';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory(); // a fresh, empty database per test
});

/** Rows whose columns become typed arrays of several sizes (8, 16, 32-bit and float), and a dictionary. */
function rows(n: number) {
  return {
    name: 'cohort',
    rows: Array.from({ length: n }, (_, i) => ({ id: `P${i % 5000}`, grade: (i % 6) + 1, day: i % 40_000, big: i * 70_000, x: i / 7, flag: i % 3 === 0 })),
    small: [1, 2, 3],
    nested: { series: Array.from({ length: n }, (_, i) => Math.sin(i)) },
  };
}

describe('large results are stored in parts', () => {
  it('splits the big typed arrays into parts and joins them back byte for byte, leaving the value untouched', () => {
    const value = rows(3000);
    const wire = encodeColumnar(value);
    const before = structuredClone(wire);
    const split = splitForStorage(wire, { partBytes: 1000, minBytes: 256 })!;
    expect(split.count).toBeGreaterThan(20);
    expect(wire).toEqual(before); // the skeleton copies, the value is not changed
    const parts = Array.from({ length: split.count }, (_, i) => split.part(i));
    expect(parts.slice(0, -1).every((p) => p.length === 1000)).toBe(true);
    // As the store gives them back: structured clones.
    const skeleton = structuredClone(split.skeleton);
    expect(partsNeeded(skeleton, 1000)).toBe(split.count);
    const joined = joinFromStorage(skeleton, parts.map((p) => structuredClone(p)), 1000);
    expect(joined).toEqual(before);
    expect(decodeColumnar(joined)).toEqual(value);
  });

  it('leaves values without a big typed array, and values that are not in columns, in one piece', () => {
    expect(splitForStorage(encodeColumnar({ a: [1, 2, 3] }))).toBeUndefined();
    expect(splitForStorage({ data: new Float64Array(1 << 20) })).toBeUndefined();
    expect(partsNeeded(encodeColumnar({ a: [1, 2, 3] }))).toBe(0);
  });

  it('a missing or short part makes the entry damaged', () => {
    const split = splitForStorage(encodeColumnar(rows(3000)), { partBytes: 1000, minBytes: 256 })!;
    const parts = Array.from({ length: split.count }, (_, i) => split.part(i));
    expect(() => joinFromStorage(structuredClone(split.skeleton), parts.slice(0, -1), 1000)).toThrow(/missing or short/);
    expect(() => joinFromStorage(structuredClone(split.skeleton), [...parts.slice(0, -1), new Uint8Array(1)], 1000)).toThrow(/missing or short/);
  });

  it('through IndexedDB: written in parts, read back equal, replaced and removed with its parts', async () => {
    const keys = async () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('palsy-workbench');
        open.onsuccess = () => {
          const req = open.result.transaction('results').objectStore('results').getAllKeys();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result as string[]);
          };
        };
      });
    const cache = indexedDbCache();
    const big = rows(400_000); // columns of 0.4–3.2 MB: several parts
    // As the page holds a worker's result: decoded, with the columns it came in.
    const received = fromWire(encodeColumnar(big));
    await cache.set('k', received);
    const first = await keys();
    expect(first.length).toBeGreaterThan(3);
    expect(first.filter((k) => k.startsWith('k\0')).length).toBe(first.length - 1);
    expect(await cache.get('k')).toEqual(big);

    // Written again: the earlier write's parts go.
    await cache.set('k', received);
    const second = await keys();
    expect(second.length).toBe(first.length);
    expect(second.filter((k) => first.includes(k))).toEqual(['k']);
    // A small value under the same key: one record, no parts left.
    await cache.set('k', { a: 1 });
    expect(await keys()).toEqual(['k']);
    expect(await cache.get('k')).toEqual({ a: 1 });

    await cache.set('k', received);
    await cache.delete!('k');
    expect(await keys()).toEqual([]);
  });

  it('through IndexedDB: a part lost is a damaged entry, dropped and said', async () => {
    const damaged: string[] = [];
    const cache = indexedDbCache({ onDamaged: (key) => damaged.push(key) });
    await cache.set('k', fromWire(encodeColumnar(rows(200_000))));
    await new Promise<void>((resolve) => {
      const open = indexedDB.open('palsy-workbench');
      open.onsuccess = () => {
        const t = open.result.transaction('results', 'readwrite');
        const store = t.objectStore('results');
        const req = store.getAllKeys();
        req.onsuccess = () => store.delete((req.result as string[]).find((k) => k !== 'k')!);
        t.oncomplete = () => {
          open.result.close();
          resolve();
        };
      };
    });
    expect(await cache.get('k')).toBeUndefined();
    expect(damaged).toEqual(['k']);
  });
});
