// The columnar codec must be lossless: whatever plain data tree goes in, decode(encode(x)) is
// indistinguishable from x for the code that reads it. The comparer below is stricter than
// vitest's toStrictEqual on the points that matter here: -0 vs 0, NaN, key order, a key set
// to undefined vs a missing key, holes, and a plain Array vs a typed array.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COLUMNAR_MIN_LENGTH,
  COLUMNAR_TAG,
  columnarStats,
  decodeColumnar,
  decodeColumnarInSlices,
  encodeColumnar,
  isColumnarEncoded,
} from '@/lib/notebook/columnar-codec';

/** The first difference between a and b as a path and a reason, or undefined when they are indistinguishable. */
function difference(a: unknown, b: unknown, path = '$', passThroughByIdentity = true): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : `${path}: ${show(a)} vs ${show(b)}`;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: array vs non-array`;
    if (Object.getPrototypeOf(b) !== Array.prototype) return `${path}: not a plain Array`;
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      if (i in a !== i in b) return `${path}[${i}]: hole vs value`;
      const d = difference(a[i], b[i], `${path}[${i}]`, passThroughByIdentity);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (a.constructor !== b.constructor) return `${path}: ${a.constructor.name} vs ${b.constructor.name}`;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path}: typed length ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}]: ${x[i]} vs ${y[i]}`;
    return undefined;
  }
  const protoA: unknown = Object.getPrototypeOf(a);
  const protoB: unknown = Object.getPrototypeOf(b);
  const plainA = protoA === Object.prototype || protoA === null;
  if (!plainA) {
    if (passThroughByIdentity) return a === b ? undefined : `${path}: a passed-through object was replaced`;
    return protoA === protoB ? undefined : `${path}: prototype changed`;
  }
  if (protoB !== Object.prototype) return `${path}: decoded object is not a plain object`;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.join('\u0001') !== keysB.join('\u0001')) return `${path}: keys [${keysA.join(',')}] vs [${keysB.join(',')}]`;
  for (const key of keysA) {
    const d = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, passThroughByIdentity);
    if (d !== undefined) return d;
  }
  return undefined;
}

function show(v: unknown): string {
  if (typeof v === 'object' && v !== null) return Object.prototype.toString.call(v);
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function expectRoundTrip(x: unknown, options?: { minLength?: number }): unknown {
  const encoded = encodeColumnar(x, options);
  expect(difference(x, decodeColumnar(encoded))).toBeUndefined();
  return encoded;
}

/** A plain object from entries in order; "__proto__" becomes an own key, as JSON.parse makes it. */
function objectFrom(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (value === MISSING) continue;
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
const MISSING = Symbol('missing key');

const MIN = 4; // a small threshold, so that generated arrays cross it often
const numberArb = fc.oneof(
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER),
);
const stringArb = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('F', 'M', '', '2024-01-02', COLUMNAR_TAG));
const keyArb = fc.oneof(
  fc.constantFrom('a', 'b', 'grade', 'day', '__proto__', 'constructor', '0', '10', 'x y', COLUMNAR_TAG, 'root'),
  fc.string({ maxLength: 3 }),
);
const primitiveArb = fc.oneof(numberArb, stringArb, fc.boolean(), fc.constant(null), fc.constant(undefined));

type ColumnKind = 'num' | 'num?' | 'str' | 'str?' | 'bool' | 'numList' | 'recordList' | 'nested' | 'optional' | 'any';
const columnKinds: ColumnKind[] = ['num', 'num?', 'str', 'str?', 'bool', 'numList', 'recordList', 'nested', 'optional', 'any'];
const visitArb = fc.record({ day: fc.integer({ min: 0, max: 400 }), grade: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(null)) });

function cellFor(kind: ColumnKind, tree: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'num':
      return numberArb;
    case 'num?':
      return fc.oneof(numberArb, fc.constant(null), fc.constant(undefined));
    case 'str':
      return stringArb;
    case 'str?':
      return fc.oneof(stringArb, fc.constant(null), fc.constant(undefined));
    case 'bool':
      return fc.boolean();
    case 'numList':
      return fc.array(numberArb, { maxLength: 3 });
    case 'recordList':
      return fc.array(visitArb, { maxLength: 3 });
    case 'nested':
      return visitArb;
    case 'optional':
      return fc.oneof(numberArb, fc.constant(MISSING)); // some rows lack the key: not one shape
    case 'any':
      return tree;
  }
}

function recordsArb(tree: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.uniqueArray(keyArb, { maxLength: 4 }), fc.integer({ min: MIN - 1, max: MIN + 6 }))
    .chain(([keys, n]) =>
      fc.tuple(...keys.map(() => fc.constantFrom(...columnKinds))).chain((kinds) =>
        fc
          .array(fc.tuple(...kinds.map((kind) => cellFor(kind, tree))), { minLength: n, maxLength: n })
          .map((rows) => rows.map((cells) => objectFrom(keys.map((key, c) => [key, cells[c]] as const)))),
      ),
    );
}

const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'tree' },
    primitiveArb,
    fc.array(fc.tuple(keyArb, tie('tree')), { maxLength: 4 }).map(objectFrom),
    fc.array(tie('tree'), { maxLength: MIN + 3 }),
    recordsArb(tie('tree')),
    fc.array(numberArb, { minLength: MIN - 1, maxLength: MIN + 4 }),
    fc.array(fc.array(numberArb, { maxLength: 4 }), { minLength: MIN, maxLength: MIN + 3 }),
    fc.array(fc.oneof(stringArb, fc.constant(null)), { minLength: MIN, maxLength: MIN + 3 }),
    fc.sparseArray(numberArb, { maxLength: MIN + 3 }),
    fc.oneof(fc.float64Array({ maxLength: 4 }), fc.int32Array({ maxLength: 4 }), fc.constant(new Date(0)), fc.constant(new Map([[1, 2]]))),
  ),
}));

describe('the strict comparer', () => {
  it('tells apart what the codec must keep', () => {
    expect(difference(-0, 0)).toBeDefined();
    expect(difference(NaN, NaN)).toBeUndefined();
    expect(difference({ a: undefined }, {})).toBeDefined();
    expect(difference({ a: 1, b: 2 }, { b: 2, a: 1 })).toBeDefined();
    expect(difference([1, 2], new Float64Array([1, 2]))).toBeDefined();
    expect(difference([1, , 3], [1, undefined, 3])).toBeDefined();
  });
});

describe('encodeColumnar / decodeColumnar round trip', () => {
  it('generated plain data trees come back indistinguishable (600 cases)', () => {
    fc.assert(
      fc.property(tree, (x) => {
        const decoded = decodeColumnar(encodeColumnar(x, { minLength: MIN }));
        const d = difference(x, decoded);
        if (d !== undefined) throw new Error(d);
      }),
      { numRuns: 600 },
    );
  });

  it('generated record arrays come back indistinguishable after structuredClone of the encoded form (300 cases)', () => {
    fc.assert(
      fc.property(recordsArb(tree), (x) => {
        const decoded = decodeColumnar(structuredClone(encodeColumnar(x, { minLength: MIN })));
        const d = difference(x, decoded, '$', false);
        if (d !== undefined) throw new Error(d);
      }),
      { numRuns: 300 },
    );
  });

  it('at the default threshold, generated trees come back indistinguishable too (200 cases)', () => {
    fc.assert(
      fc.property(tree, (x) => {
        const d = difference(x, decodeColumnar(encodeColumnar(x)));
        if (d !== undefined) throw new Error(d);
      }),
      { numRuns: 200 },
    );
  });

  it('decodes arrays and objects into fresh ones, so the decoded value does not alias the encoded one', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ v: [i, i + 1] }));
    const encoded = encodeColumnar(rows);
    const first = decodeColumnar(encoded) as { v: number[] }[];
    first[0]!.v.push(99);
    const second = decodeColumnar(encoded) as { v: number[] }[];
    expect(second[0]!.v).toEqual([0, 1]);
  });
});

describe('encoded form', () => {
  const n = 10_000;
  const visits = Array.from({ length: n }, (_, i) => ({
    patient_id: `P${String(i % 700).padStart(6, '0')}`,
    day: i % 180,
    grade: i % 17 === 0 ? null : (i % 6) + 1,
    date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
    improved: i % 3 === 0,
  }));

  it('a 10,000-row records array becomes typed-array columns, and survives structuredClone', () => {
    const encoded = expectRoundTrip(visits) as Record<string, unknown>;
    expect(isColumnarEncoded(encoded)).toBe(true);
    const node = encoded.value as Record<string, unknown>;
    expect(node[COLUMNAR_TAG]).toBe('records');
    expect(node.keys).toEqual(['patient_id', 'day', 'grade', 'date', 'improved']);
    const [id, day, grade, date, improved] = node.columns as Record<string, unknown>[];
    expect(day![COLUMNAR_TAG]).toBe('f64');
    expect(day!.data).toBeInstanceOf(Uint8Array); // whole days 0–179: one byte each
    expect(grade![COLUMNAR_TAG]).toBe('f64n');
    expect(grade!.tags).toBeInstanceOf(Uint8Array);
    expect(id![COLUMNAR_TAG]).toBe('dict');
    expect(id!.codes).toBeInstanceOf(Uint16Array); // 700 distinct ids do not fit 8 bits
    // Only strings: packed into one string and where each ends (two memory copies to clone).
    expect(id!.ends).toBeInstanceOf(Uint32Array);
    expect((id!.ends as Uint32Array).length).toBe(700);
    expect(typeof id!.text).toBe('string');
    expect(date!.codes).toBeInstanceOf(Uint8Array);
    expect(improved![COLUMNAR_TAG]).toBe('bool');
    expect(difference(visits, decodeColumnar(structuredClone(encoded)))).toBeUndefined();
    expect(columnarStats(encoded)).toMatchObject({ recordRows: n, nodes: { root: 1, records: 1, f64: 1, f64n: 1, dict: 2, bool: 1 } });
  });

  it('arrays shorter than the threshold stay plain arrays', () => {
    const short = visits.slice(0, COLUMNAR_MIN_LENGTH - 1);
    const encoded = expectRoundTrip(short) as { value: unknown };
    expect(Array.isArray(encoded.value)).toBe(true);
    expect((encoded.value as object[])[0]).toEqual(short[0]);
  });

  it('big number and string arrays become one typed array or dictionary but decode to plain Arrays', () => {
    const numbers = Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? -0 : i / 7));
    const strings = Array.from({ length: 1000 }, (_, i) => `s${i % 3}`);
    const encoded = expectRoundTrip({ numbers, strings }) as { value: Record<string, Record<string, unknown>> };
    expect(encoded.value.numbers![COLUMNAR_TAG]).toBe('f64');
    expect(encoded.value.strings![COLUMNAR_TAG]).toBe('dict');
    const decoded = decodeColumnar(encoded) as { numbers: number[] };
    expect(Array.isArray(decoded.numbers)).toBe(true);
    expect(decoded.numbers.map((v) => v * 2).length).toBe(1000);
  });

  it('mixed rows (a key missing in some) fall back to a plain array of walked objects, whose big arrays are still encoded', () => {
    const rows = Array.from({ length: 300 }, (_, i) => (i === 7 ? { a: 1 } : { a: i, series: Array.from({ length: 300 }, (_, j) => j) }));
    const encoded = expectRoundTrip(rows) as { value: Record<string, unknown>[] };
    expect(Array.isArray(encoded.value)).toBe(true);
    expect((encoded.value[0]!.series as Record<string, unknown>)[COLUMNAR_TAG]).toBe('f64');
  });

  it('a column that fits no encoding is a plain array of its values, typed arrays passing through untouched', () => {
    const typed = new Int16Array([1, 2, 3]);
    const rows = Array.from({ length: 300 }, (_, i) => ({ v: i % 2 === 0 ? 'x' : i, t: typed }));
    const encoded = expectRoundTrip(rows) as { value: { columns: unknown[] } };
    expect(Array.isArray(encoded.value.columns[0])).toBe(true);
    expect((encoded.value.columns[1] as unknown[])[0]).toBe(typed);
  });
});

describe('realistic shapes', () => {
  it('patients with nested visit arrays: visits become one flat records node', () => {
    const patients = Array.from({ length: 2000 }, (_, p) => ({
      id: `P${String(p).padStart(5, '0')}`,
      sex: p % 2 === 0 ? 'F' : 'M',
      age: p % 11 === 0 ? null : 20 + (p % 60),
      visits: Array.from({ length: p % 9 }, (_, v) => ({
        day: v * 7,
        grade: (p + v) % 13 === 0 ? null : ((p + v) % 6) + 1,
        date: `2024-02-${String((v % 28) + 1).padStart(2, '0')}`,
      })),
    }));
    const encoded = expectRoundTrip(patients) as { value: { columns: Record<string, unknown>[] } };
    const visitsColumn = encoded.value.columns[3]!;
    expect(visitsColumn[COLUMNAR_TAG]).toBe('lists');
    expect((visitsColumn.items as Record<string, unknown>)[COLUMNAR_TAG]).toBe('records');
    expect(difference(patients, decodeColumnar(structuredClone(encoded)))).toBeUndefined();
  });

  it('number[][] feature matrices become offsets and one Float64Array', () => {
    const matrix = Array.from({ length: 5000 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i * 6 + j) / 3 - 100));
    const encoded = expectRoundTrip({ X: matrix, y: matrix.map((row) => row[0]! > 0) }) as { value: { X: Record<string, unknown> } };
    expect(encoded.value.X[COLUMNAR_TAG]).toBe('lists');
    expect((encoded.value.X.items as Record<string, unknown>).data).toBeInstanceOf(Float64Array);
  });
});

describe('edge cases', () => {
  it('an input object with the tag key is escaped and round-trips, even one that looks like a node', () => {
    const lookalike = { [COLUMNAR_TAG]: 'f64', data: new Float64Array([1]) };
    const root = { [COLUMNAR_TAG]: 'root', version: 1, value: 3 };
    const encoded = expectRoundTrip({ lookalike, root, rows: Array.from({ length: 300 }, () => ({ [COLUMNAR_TAG]: 1 })) });
    expect(isColumnarEncoded(root)).toBe(true); // a raw lookalike is not told apart; encoded ones are escaped:
    expect(((encoded as { value: Record<string, Record<string, unknown>> }).value.root!)[COLUMNAR_TAG]).toBe('object');
  });

  it('undefined-valued keys, "__proto__" keys and holes keep their meaning', () => {
    const proto = JSON.parse('{"__proto__": 5, "b": 1}') as Record<string, unknown>;
    const rows = Array.from({ length: 300 }, (_, i) => JSON.parse(`{"__proto__": ${i}, "x": [${i}]}`) as object);
    const holes = [1, , 3, ...Array.from({ length: 300 }, (_, i) => i)];
    const decoded = decodeColumnar(expectRoundTrip({ u: { a: undefined }, proto, rows, holes })) as { rows: object[] };
    expect(Object.getPrototypeOf(decoded.rows[5])).toBe(Object.prototype);
    expect(Object.keys(decoded.rows[5]!)).toEqual(['__proto__', 'x']);
  });

  it('a cycle throws a clear error instead of recursing forever', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    expect(() => encodeColumnar(a)).toThrow(/cycle/);
    const list: unknown[] = [1, 2];
    list.push(list);
    expect(() => encodeColumnar(list)).toThrow(/cycle/);
    const rows: Record<string, unknown>[] = Array.from({ length: 8 }, (_, i) => ({ i }));
    for (const row of rows) row.self = row; // through columns: nested records of the same rows
    expect(() => encodeColumnar(rows, { minLength: 4 })).toThrow(/cycle/);
    const withParent: Record<string, unknown>[] = Array.from({ length: 8 }, (_, i) => ({ i }));
    for (const row of withParent) row.parent = withParent;
    expect(() => encodeColumnar(withParent, { minLength: 4 })).toThrow(/cycle/);
  });

  it('shared references are encoded as copies (outputs are plain data trees)', () => {
    const shared = { k: 1 };
    const decoded = decodeColumnar(encodeColumnar({ a: shared, b: shared })) as { a: object; b: object };
    expect(decoded.a).toEqual(decoded.b);
    expect(decoded.a).not.toBe(decoded.b);
  });

  it('refuses what it did not write and a bad threshold', () => {
    expect(() => decodeColumnar({ a: 1 })).toThrow(/not a columnar-encoded envelope/);
    expect(() => decodeColumnar({ [COLUMNAR_TAG]: 'root', version: 99, value: 1 })).toThrow(/version 99/);
    expect(() => decodeColumnar({ [COLUMNAR_TAG]: 'root', version: 1, value: { [COLUMNAR_TAG]: 'zip' } })).toThrow(/unknown node kind 'zip'/);
    expect(() => encodeColumnar([], { minLength: 0 })).toThrow(/minLength/);
    expect(isColumnarEncoded({ a: 1 })).toBe(false);
  });
});

describe('number columns in the narrowest exact typed array', () => {
  const column = (values: number[]) => ((encodeColumnar(values) as Record<string, Record<string, unknown>>).value!.data as object).constructor.name;
  const pad = (xs: number[]) => Array.from({ length: 300 }, (_, i) => xs[i % xs.length]!);
  it.each([
    [[0, 1, 255], 'Uint8Array'],
    [[0, 300, 65535], 'Uint16Array'],
    [[-5, 7, 70000], 'Int32Array'],
    [[1.5, 2], 'Float64Array'],
    [[-0, 1], 'Float64Array'],
    [[2 ** 40, 1], 'Float64Array'],
    [[NaN, 1], 'Float64Array'],
    [[Infinity, 1], 'Float64Array'],
  ])('%j → %s, and back exactly', (xs, kind) => {
    const values = pad(xs);
    expect(column(values)).toBe(kind);
    expect(difference(values, decodeColumnar(structuredClone(encodeColumnar(values))))).toBeUndefined();
  });
});

describe('decoding in slices (for the page: a pause between slices of rows)', () => {
  // A clock that moves 1 ms per reading: with a 2 ms budget the decoder pauses every slice or two.
  const ticking = () => {
    let t = 0;
    return () => (t += 1);
  };
  it('gives the value decodeColumnar gives, for generated trees, pausing along the way (300 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(tree, async (x) => {
        const encoded = structuredClone(encodeColumnar(x, { minLength: MIN }));
        const d = difference(decodeColumnar(encoded), await decodeColumnarInSlices(encoded, { pause: async () => {}, sliceMs: 2, now: ticking() }), '$', false);
        if (d !== undefined) throw new Error(d);
      }),
      { numRuns: 300 },
    );
  });

  it('patients with their visits, in slices: equal to the whole, with pauses between slices', async () => {
    const patients = Array.from({ length: 5000 }, (_, i) => ({
      patientId: `P${i}`,
      age: i % 9 === 0 ? null : 20 + (i % 60),
      visits: Array.from({ length: (i % 7) + 1 }, (_, j) => ({ day: j * 3, grade: j % 6 === 5 ? null : (j % 6) + 1, date: `2024-02-${String((j % 27) + 1).padStart(2, '0')}` })),
    }));
    const encoded = encodeColumnar({ fileName: 'f.csv', patients });
    let pauses = 0;
    const decoded = await decodeColumnarInSlices(encoded, { pause: async () => void pauses++, sliceMs: 2, now: ticking() });
    expect(difference({ fileName: 'f.csv', patients }, decoded)).toBeUndefined();
    expect(pauses).toBeGreaterThan(3);
  });

  it('strings of any UTF-16 content survive the packed dictionary (emoji, lone surrogates, empty)', () => {
    const odd = ['', 'a', '\uD83D\uDE00', '\uD800', 'x\uDC00y', 'é', '\u0000', 'P1'];
    const rows = Array.from({ length: 400 }, (_, i) => ({ s: odd[i % odd.length]! + (i % 3 === 0 ? '' : String(i % 5)) }));
    expect(difference(rows, decodeColumnar(structuredClone(encodeColumnar(rows))))).toBeUndefined();
  });

  it('refuses a packed dictionary whose ends do not match its text', () => {
    const encoded = encodeColumnar(Array.from({ length: 300 }, (_, i) => `id${i}`)) as Record<string, Record<string, unknown>>;
    encoded.value!.text = 'short';
    expect(() => decodeColumnar(encoded)).toThrow(/malformed 'dict'/);
  });
});
