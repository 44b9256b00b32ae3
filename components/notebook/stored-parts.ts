/**
 * A large result goes into IndexedDB in parts, so that no one write is a long task on the page.
 *
 * IndexedDB's put clones its value synchronously on the calling thread: for a million-visit
 * upload's SVM split (≈ 100 MB of columns) that was one task of more than a second on the main
 * thread. Here the big typed arrays of an encoded result (workers/wire-values.ts: its columns)
 * are taken out of it and their bytes written as parts of at most PART_BYTES, one write per
 * task; the rest of the result (its skeleton, each big array replaced by a marker saying where
 * its bytes are) is written last, under the result's own key. Reading puts the same arrays
 * back, byte for byte, before the result is decoded: what comes out is what went in.
 *
 * The markers are codec nodes of their own kind ('stored-bytes') inside a codec envelope, where
 * no data object can pose as one (the codec escapes data objects that have its tag key). A
 * reader that does not know them (an older page) fails to decode the entry, which it then drops
 * and computes again, as with any damaged entry.
 */
import { COLUMNAR_TAG, isColumnarEncoded } from '@/lib/notebook/columnar-codec';

/** The most bytes one part holds (one IndexedDB write: a few ms to tens of ms of main thread). */
export const PART_BYTES = 4 * 2 ** 20;
/** Typed arrays smaller than this stay in the skeleton (a handful of bytes to a few hundred KB). */
export const PART_MIN_BYTES = 64 * 2 ** 10;

const MARKER = 'stored-bytes';
/** The key of the stored envelope that names the write its parts belong to (see local-store.ts). */
export const STORED_WRITE = '\u0000stored-write';

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

/** Where a typed array's bytes are: bytes [start, start + byteLength) of the parts laid end to end. */
interface Marker {
  type: TypedArrayName;
  start: number;
  byteLength: number;
}

export interface SplitResult {
  /** The value with each big typed array replaced by a marker; written under the result's key. */
  skeleton: unknown;
  /** How many parts there are. */
  count: number;
  /** Part `i` (0 ≤ i < count), made when asked for (a copy of at most partBytes). */
  part(i: number): Uint8Array;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function typedArrayName(v: unknown): TypedArrayName | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const name = (v as { constructor: { name: string } }).constructor.name;
  return Object.hasOwn(TYPED_ARRAYS, name) && Object.getPrototypeOf(v) === TYPED_ARRAYS[name as TypedArrayName].prototype ? (name as TypedArrayName) : undefined;
}

/**
 * Takes the typed arrays of at least `minBytes` out of an encoded result (a codec envelope);
 * undefined when the value is not one or holds none (it is then written in one piece, as
 * before). The value itself is not changed: the skeleton copies the objects on the way down.
 */
export function splitForStorage(value: unknown, options: { partBytes?: number; minBytes?: number } = {}): SplitResult | undefined {
  const partBytes = options.partBytes ?? PART_BYTES;
  const minBytes = options.minBytes ?? PART_MIN_BYTES;
  if (!isColumnarEncoded(value)) return undefined;
  const arrays: ArrayBufferView[] = [];
  /** Where each array starts in the stream of bytes, for finding those of part i. */
  const starts: number[] = [];
  let total = 0;
  const walk = (x: unknown): unknown => {
    const type = typedArrayName(x);
    if (type !== undefined) {
      const view = x as ArrayBufferView;
      if (view.byteLength < minBytes) return x;
      const marker: Marker = { type, start: total, byteLength: view.byteLength };
      arrays.push(view);
      starts.push(total);
      total += view.byteLength;
      return { [COLUMNAR_TAG]: MARKER, ...marker };
    }
    if (Array.isArray(x) && Object.getPrototypeOf(x) === Array.prototype) {
      let out: unknown[] | undefined;
      for (let i = 0; i < x.length; i++) {
        if (!(i in x)) continue;
        const v = walk(x[i]);
        if (v !== x[i]) (out ??= x.slice())[i] = v;
      }
      return out ?? x;
    }
    if (isPlainObject(x)) {
      let out: Record<string, unknown> | undefined;
      for (const key of Object.keys(x)) {
        const v = walk(x[key]);
        if (v !== x[key]) {
          out ??= Object.assign(Object.create(Object.getPrototypeOf(x) as object | null) as Record<string, unknown>, x);
          Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        }
      }
      return out ?? x;
    }
    return x;
  };
  const skeleton = walk(value);
  if (arrays.length === 0) return undefined;
  const count = Math.ceil(total / partBytes);
  return {
    skeleton,
    count,
    part(i) {
      const from = i * partBytes;
      const to = Math.min(total, from + partBytes);
      const out = new Uint8Array(to - from);
      for (let k = 0; k < arrays.length; k++) {
        const a = arrays[k]!;
        const lo = Math.max(from, starts[k]!);
        const hi = Math.min(to, starts[k]! + a.byteLength);
        if (lo >= hi) continue;
        out.set(new Uint8Array(a.buffer, a.byteOffset + (lo - starts[k]!), hi - lo), lo - from);
      }
      return out;
    },
  };
}

/** How many parts a stored skeleton needs (0: it is a value written in one piece). */
export function partsNeeded(skeleton: unknown, partBytes = PART_BYTES): number {
  let end = 0;
  visitMarkers(skeleton, (m) => (end = Math.max(end, m.start + m.byteLength)));
  return Math.ceil(end / partBytes);
}

function visitMarkers(x: unknown, f: (m: Marker, node: Record<string, unknown>) => void): void {
  if (Array.isArray(x)) {
    for (const v of x) visitMarkers(v, f);
    return;
  }
  if (!isPlainObject(x)) return;
  if (x[COLUMNAR_TAG] === MARKER) {
    f(x as unknown as Marker, x);
    return;
  }
  for (const key of Object.keys(x)) visitMarkers(x[key], f);
}

/**
 * The skeleton with its arrays put back from the parts (as read, in order). Throws when a part
 * is missing or short, or a marker names no typed array: the entry is then damaged.
 */
export function joinFromStorage(skeleton: unknown, parts: readonly Uint8Array[], partBytes = PART_BYTES): unknown {
  const arrayOf = (m: Marker): ArrayBufferView => {
    const Ctor = Object.hasOwn(TYPED_ARRAYS, m.type) ? TYPED_ARRAYS[m.type] : undefined;
    if (!Ctor || !Number.isInteger(m.start) || !Number.isInteger(m.byteLength) || m.start < 0 || m.byteLength < 0 || m.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) {
      throw new Error(`a stored part marker is not valid (${String(m.type)})`);
    }
    const bytes = new Uint8Array(m.byteLength);
    for (let at = m.start; at < m.start + m.byteLength; ) {
      const i = Math.floor(at / partBytes);
      const part = parts[i];
      const offset = at - i * partBytes;
      const take = Math.min(m.start + m.byteLength - at, partBytes - offset);
      if (!(part instanceof Uint8Array) || part.length < offset + take) throw new Error(`stored part ${i} is missing or short`);
      bytes.set(part.subarray(offset, offset + take), at - m.start);
      at += take;
    }
    return new Ctor(bytes.buffer);
  };
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) if (i in x) x[i] = walk(x[i]);
      return x;
    }
    if (!isPlainObject(x)) return x;
    if (x[COLUMNAR_TAG] === MARKER) return arrayOf(x as unknown as Marker);
    for (const key of Object.keys(x)) {
      const v = walk(x[key]);
      if (v !== x[key]) Object.defineProperty(x, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return x;
  };
  // The skeleton is the store's own fresh copy (just read): filled in place.
  return walk(skeleton);
}
