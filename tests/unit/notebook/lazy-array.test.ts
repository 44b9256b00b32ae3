import { describe, expect, it } from 'vitest';
import { decodeColumnar, decodeColumnarInSlices, encodeColumnar } from '@/lib/notebook/columnar-codec';
import { isLazyArray, lazyArray, materialize } from '@/lib/notebook/lazy-array';

describe('lazy arrays (big arrays the page keeps in columns until read)', () => {
  it('says its length without building, and builds once at the first read of an element', () => {
    let builds = 0;
    const a = lazyArray(3, () => (builds++, [10, 20, 30]));
    expect(a.length).toBe(3);
    expect(Array.isArray(a)).toBe(true);
    expect(builds).toBe(0);
    expect(a[1]).toBe(20);
    expect(a.map((x) => x / 10)).toEqual([1, 2, 3]);
    expect([...a]).toEqual([10, 20, 30]);
    expect(a.filter((x) => x > 15).length).toBe(2);
    expect(JSON.stringify({ a })).toBe('{"a":[10,20,30]}');
    expect(Object.keys(a)).toEqual(['0', '1', '2']);
    expect(a).toEqual([10, 20, 30]);
    expect(builds).toBe(1);
    a.push(40);
    expect(a.length).toBe(4);
  });

  it('awaiting it (await looks for a then) does not build it', async () => {
    let builds = 0;
    const a = lazyArray(2, () => (builds++, [1, 2]));
    const same = await Promise.resolve(a);
    expect(same.length).toBe(2);
    expect(builds).toBe(0);
  });

  it('refuses a build of the wrong length', () => {
    const a = lazyArray(2, () => [1]);
    expect(() => a[0]).toThrow(/built 1 elements, expected 2/);
  });

  it('structured clone refuses it; materialize gives a plain copy and leaves what holds none untouched', () => {
    const lazy = lazyArray(2, () => [{ g: 1 }, { g: 2 }]);
    const value = { n: 1, rows: lazy, other: [1, 2], nested: { deep: lazy } };
    expect(() => structuredClone(value)).toThrow();
    const plain = materialize(value) as typeof value;
    expect(isLazyArray(plain.rows)).toBe(false);
    expect(structuredClone(plain)).toEqual({ n: 1, rows: [{ g: 1 }, { g: 2 }], other: [1, 2], nested: { deep: [{ g: 1 }, { g: 2 }] } });
    expect(plain.other).toBe(value.other);
    const untouched = { a: [1, 2, { b: 3 }] };
    expect(materialize(untouched)).toBe(untouched);
  });

  it('decoding in slices with lazyFrom: long columns stay lazy, and read back equal to a full decode', async () => {
    const visits = Array.from({ length: 3000 }, (_, i) => ({ patient_id: `P${i % 400}`, day: i % 90, grade: i % 11 === 0 ? null : (i % 6) + 1 }));
    const value = { fileName: 'f.csv', patients: Array.from({ length: 400 }, (_, i) => ({ id: `P${i}`, visits: visits.filter((v) => v.patient_id === `P${i}`) })), visits, small: [1, 2, 3] };
    const encoded = encodeColumnar(value);
    const lazy = (await decodeColumnarInSlices(encoded, { pause: async () => {}, lazyFrom: 1000 })) as typeof value;
    expect(isLazyArray(lazy.visits)).toBe(true);
    expect(isLazyArray(lazy.patients)).toBe(false); // 400 rows: decoded (their visits are lists, not one long array each)
    expect(isLazyArray(lazy.small)).toBe(false);
    expect(lazy.visits.length).toBe(3000);
    expect(materialize(lazy)).toEqual(decodeColumnar(encoded));
    expect(lazy).toEqual(value);
  });
});
