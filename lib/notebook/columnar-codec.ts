/**
 * A lossless columnar codec for cell outputs that cross the worker boundary or go into
 * IndexedDB. Both use structured clone, which walks millions of small plain objects (visits,
 * window samples, patients, feature rows) slowly on the page's main thread, while a typed array
 * clones as one memory copy. So big arrays of same-shaped plain objects become columns of typed
 * arrays, big arrays of numbers become one Float64Array, and decoding rebuilds the plain data.
 *
 * What round-trips: a tree of plain objects (prototype Object.prototype or null) and plain
 * Arrays over numbers (NaN, -0 and ±Infinity included), strings, booleans, null and undefined,
 * with own-key presence (`{a: undefined}` is not `{}`), key order and array holes kept.
 * Anything else (typed arrays, ArrayBuffer, Map, Set, Date, class instances…) passes through
 * untouched, for structured clone to handle as before.
 *
 * What does not: outputs are treated as plain data trees. Shared references come back as
 * separate copies, null-prototype objects come back with Object.prototype (as structured
 * clone gives them), and extra non-index properties on arrays are not carried. A cycle throws.
 *
 * Encoded nodes are plain objects with the own key COLUMNAR_TAG (no real data uses a key
 * starting with a NUL character); an input object that does have that key is escaped, so it
 * still round-trips. Decoding assigns keys in a loop into `{}`: no eval or `new Function`,
 * which the page's CSP forbids.
 */

import { factorize } from '../stats/factorize';
import { lazyArray } from './lazy-array';

/** The key that marks an encoded node. */
export const COLUMNAR_TAG = '\u0000columnar';
/** Arrays shorter than this are walked element by element, not turned into columns. */
export const COLUMNAR_MIN_LENGTH = 256;
/** Format version written in the root envelope; decodeColumnar refuses any other. */
export const COLUMNAR_VERSION = 1;
/**
 * Deeper nesting than this is taken for a cycle through columns (cycles through objects and
 * arrays walked one by one are caught exactly, by an ancestor set).
 */
export const COLUMNAR_MAX_DEPTH = 512;

export interface ColumnarOptions {
  /** Shortest array turned into columns (default COLUMNAR_MIN_LENGTH; at least 1). */
  minLength?: number;
}

export type ColumnarNodeKind = 'root' | 'f64' | 'f64n' | 'bool' | 'dict' | 'lists' | 'records' | 'object';

/** Encodes `value`; the result is the envelope `{[COLUMNAR_TAG]: 'root', version, value}`. */
export function encodeColumnar(value: unknown, options: ColumnarOptions = {}): unknown {
  const minLength = options.minLength ?? COLUMNAR_MIN_LENGTH;
  if (!Number.isInteger(minLength) || minLength < 1) {
    throw new Error(`encodeColumnar: minLength must be a whole number of at least 1, got ${String(minLength)}`);
  }
  const ctx: EncodeContext = { minLength, ancestors: new Set(), forInIsOwnKeys: !objectPrototypeHasEnumerableKeys() };
  return { [COLUMNAR_TAG]: 'root', version: COLUMNAR_VERSION, value: encodeValue(value, ctx, 0) };
}

/** Whether `x` is an envelope written by encodeColumnar (e.g. to tell encoded stored outputs from older ones). */
export function isColumnarEncoded(x: unknown): boolean {
  return isPlainObject(x) && Object.hasOwn(x, COLUMNAR_TAG) && (x as Record<string, unknown>)[COLUMNAR_TAG] === 'root';
}

/** Decodes an envelope written by encodeColumnar (also after structured clone) into fresh plain data. */
export function decodeColumnar(encoded: unknown): unknown {
  if (!isColumnarEncoded(encoded)) throw new Error('decodeColumnar: the value is not a columnar-encoded envelope');
  const env = encoded as Record<string, unknown>;
  if (env.version !== COLUMNAR_VERSION) {
    throw new Error(`decodeColumnar: format version ${String(env.version)} is not the supported version ${COLUMNAR_VERSION}`);
  }
  return decodeValue(env.value);
}

export interface ColumnarStats {
  /** Encoded nodes by kind (the root envelope included). */
  nodes: Partial<Record<ColumnarNodeKind, number>>;
  /** Rows held in records nodes, nested ones included. */
  recordRows: number;
  /** Bytes held in the typed arrays the codec made (typed arrays passing through not counted). */
  typedArrayBytes: number;
}

/**
 * Calls `visit` on every columnar node of an encoded value (through plain arrays and objects,
 * and through a node's nested parts: value, items, columns, values), parents before children.
 */
function forEachColumnarNode(encoded: unknown, visit: (node: Record<string, unknown>) => void): void {
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const item of x) walk(item);
      return;
    }
    if (!isPlainObject(x)) return;
    const o = x as Record<string, unknown>;
    if (!Object.hasOwn(o, COLUMNAR_TAG)) {
      for (const key of Object.keys(o)) walk(o[key]);
      return;
    }
    visit(o);
    for (const key of ['value', 'items', 'columns', 'values'] as const) walk(o[key]);
  };
  walk(encoded);
}

/** Counts what an encoded value holds, e.g. for a log line or a benchmark. */
export function columnarStats(encoded: unknown): ColumnarStats {
  const stats: ColumnarStats = { nodes: {}, recordRows: 0, typedArrayBytes: 0 };
  forEachColumnarNode(encoded, (o) => {
    const kind = o[COLUMNAR_TAG] as ColumnarNodeKind;
    stats.nodes[kind] = (stats.nodes[kind] ?? 0) + 1;
    if (kind === 'records') stats.recordRows += o.length as number;
    for (const key of ['data', 'tags', 'codes', 'offsets'] as const) {
      const t = o[key];
      if (ArrayBuffer.isView(t)) stats.typedArrayBytes += t.byteLength;
    }
  });
  return stats;
}

/**
 * The ArrayBuffers of the typed arrays the codec made in an encoded value (its columns: data,
 * tags, codes, offsets, ends), each once: what a worker can transfer with the value instead of
 * copying it, since nothing else holds them. Typed arrays that were part of the input (passed
 * through untouched) are not listed: the sender may still use them.
 */
export function codecBuffers(encoded: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  if (!isColumnarEncoded(encoded)) return [];
  forEachColumnarNode(encoded, (o) => {
    for (const key of ['data', 'tags', 'codes', 'offsets', 'ends'] as const) {
      const t = o[key];
      if (ArrayBuffer.isView(t) && t.buffer instanceof ArrayBuffer) buffers.add(t.buffer);
    }
  });
  return [...buffers];
}

// ---------------------------------------------------------------------------------------------
// Encoding

interface EncodeContext {
  minLength: number;
  /** Objects and arrays being encoded right now (cycle detection). */
  ancestors: Set<object>;
  /** A for-in loop yields exactly the own enumerable keys (nothing enumerable on Object.prototype). */
  forInIsOwnKeys: boolean;
}

// One bit per kind of value, OR-ed over a column to choose its encoding in one pass.
const NUM = 1;
const STR = 2;
const BOOL = 4;
const NUL = 8;
const UNDEF = 16;
const ARR = 32;
const OBJ = 64;
const OTHER = 128;
const DICT_KINDS = STR | BOOL | NUL | UNDEF;
const NULLABLE_NUM = NUM | NUL | UNDEF;

// Row tags of an 'f64n' column.
const TAG_NUMBER = 0;
const TAG_NULL = 1;
const TAG_UNDEFINED = 2;

function kindBit(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return NUM;
    case 'string':
      return STR;
    case 'boolean':
      return BOOL;
    case 'undefined':
      return UNDEF;
    case 'object':
      if (v === null) return NUL;
      if (isPlainArray(v)) return ARR;
      if (isPlainObject(v)) return OBJ;
      return OTHER;
    default:
      return OTHER;
  }
}

function isPlainObject(v: unknown): v is object {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isPlainArray(v: unknown): v is unknown[] {
  return Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype;
}

function objectPrototypeHasEnumerableKeys(): boolean {
  for (const _key in {}) return true;
  return false;
}

/** Own-property write that also works for the key "__proto__" (plain assignment would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function enter(ctx: EncodeContext, container: object, depth: number): void {
  if (ctx.ancestors.has(container)) throw new Error('encodeColumnar: the value contains a cycle (an object or array inside itself)');
  if (depth > COLUMNAR_MAX_DEPTH) {
    throw new Error(`encodeColumnar: nesting deeper than ${COLUMNAR_MAX_DEPTH} levels (a cycle, or data that is not a plain tree)`);
  }
  ctx.ancestors.add(container);
}

function encodeValue(v: unknown, ctx: EncodeContext, depth: number): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (isPlainArray(v)) return encodeArray(v, ctx, depth);
  if (isPlainObject(v)) return encodeObject(v as Record<string, unknown>, ctx, depth);
  return v;
}

function encodeObject(obj: Record<string, unknown>, ctx: EncodeContext, depth: number): unknown {
  enter(ctx, obj, depth);
  const keys = Object.keys(obj);
  let out: Record<string, unknown>;
  if (Object.hasOwn(obj, COLUMNAR_TAG)) {
    // Escaped: the input's own key would read as a node tag, so keys and values go as lists.
    const values = new Array<unknown>(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = encodeValue(obj[keys[i]!], ctx, depth + 1);
    out = { [COLUMNAR_TAG]: 'object', keys, values };
  } else {
    out = {};
    for (const key of keys) setOwn(out, key, encodeValue(obj[key], ctx, depth + 1));
  }
  ctx.ancestors.delete(obj);
  return out;
}

function encodeArray(arr: unknown[], ctx: EncodeContext, depth: number): unknown {
  enter(ctx, arr, depth);
  let out: unknown;
  if (arr.length >= ctx.minLength) {
    let mask = 0;
    for (let i = 0; i < arr.length; i++) mask |= kindBit(arr[i]);
    if ((mask & UNDEF) !== 0 && hasHoles(arr)) out = encodeElements(arr, ctx, depth);
    else out = encodeColumn(arr, mask, ctx, depth) ?? encodeElements(arr, ctx, depth);
  } else {
    out = encodeElements(arr, ctx, depth);
  }
  ctx.ancestors.delete(arr);
  return out;
}

function hasHoles(arr: unknown[]): boolean {
  for (let i = 0; i < arr.length; i++) if (arr[i] === undefined && !(i in arr)) return true;
  return false;
}

/** The array as a plain array of encoded elements, holes kept. */
function encodeElements(arr: unknown[], ctx: EncodeContext, depth: number): unknown[] {
  const n = arr.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (v !== undefined || i in arr) out[i] = encodeValue(v, ctx, depth + 1);
  }
  return out;
}

/**
 * A column node for `values` (no holes; `mask` is the OR of their kind bits), or undefined
 * when no column encoding fits and the values go element by element.
 */
/**
 * The same numbers in the narrowest typed array that holds each exactly: whole numbers (not -0)
 * in 8, 16 or 32 bits, else the Float64Array. Grades, days and 0/1 flags take a byte, not
 * eight, so a million-row column crosses to a worker as 1 MB. Decoding reads `data[i]` from
 * whichever array it is: the same number comes back.
 */
function narrowed(data: Float64Array): Float64Array | Uint8Array | Uint16Array | Int32Array {
  let min = 0;
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isInteger(v) || Object.is(v, -0)) return data;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  if (min >= 0 && max <= 0xff) return Uint8Array.from(data);
  if (min >= 0 && max <= 0xffff) return Uint16Array.from(data);
  if (min >= -0x80000000 && max <= 0x7fffffff) return Int32Array.from(data);
  return data;
}

function encodeColumn(values: unknown[], mask: number, ctx: EncodeContext, depth: number): unknown {
  const n = values.length;
  if (depth > COLUMNAR_MAX_DEPTH) {
    throw new Error(`encodeColumnar: nesting deeper than ${COLUMNAR_MAX_DEPTH} levels (a cycle, or data that is not a plain tree)`);
  }
  if (mask === NUM) {
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = values[i] as number;
    return { [COLUMNAR_TAG]: 'f64', data: narrowed(data) };
  }
  if ((mask & NUM) !== 0 && (mask & ~NULLABLE_NUM) === 0) {
    const data = new Float64Array(n);
    const tags = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v === 'number') data[i] = v;
      else tags[i] = v === null ? TAG_NULL : TAG_UNDEFINED;
    }
    return { [COLUMNAR_TAG]: 'f64n', data: narrowed(data), tags };
  }
  if (mask === BOOL) {
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = values[i] ? 1 : 0;
    return { [COLUMNAR_TAG]: 'bool', data };
  }
  if ((mask & ~DICT_KINDS) === 0) return encodeDictionary(values);
  if (mask === ARR) return encodeLists(values as unknown[][], ctx, depth);
  if (mask === OBJ) return encodeRecords(values as Record<string, unknown>[], ctx, depth);
  return undefined;
}

/** Strings (and booleans, null, undefined) as codes into a list of distinct values. */
function encodeDictionary(values: unknown[]): unknown {
  const { levels: dict, codes: codes32 } = factorize(values.length, (i) => values[i]);
  // The narrowest code width that holds every code.
  const codes = dict.length <= 0x100 ? Uint8Array.from(codes32) : dict.length <= 0x10000 ? Uint16Array.from(codes32) : codes32;
  if (dict.every((v) => typeof v === 'string')) {
    // Only strings (patient ids, dates): one string and where each ends, so the dictionary of a
    // large cohort clones as two memory copies rather than as a few hundred thousand strings.
    const ends = new Uint32Array(dict.length);
    let at = 0;
    for (let i = 0; i < dict.length; i++) ends[i] = at += (dict[i] as string).length;
    return { [COLUMNAR_TAG]: 'dict', codes, text: (dict as string[]).join(''), ends };
  }
  return { [COLUMNAR_TAG]: 'dict', codes, values: dict };
}

/** Arrays as offsets into their concatenation, which is encoded in turn (number[][] becomes one Float64Array). */
function encodeLists(lists: unknown[][], ctx: EncodeContext, depth: number): unknown {
  const n = lists.length;
  const offsets = new Uint32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const list = lists[i]!;
    if (ctx.ancestors.has(list)) throw new Error('encodeColumnar: the value contains a cycle (an array inside itself)');
    total += list.length;
    if (total > 0xffffffff) return undefined;
    offsets[i + 1] = total;
  }
  const items = new Array<unknown>(total);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const list = lists[i]!;
    for (let j = 0; j < list.length; j++) {
      const v = list[j];
      if (v === undefined && !(j in list)) return undefined; // a hole: keep it by going element by element
      items[k++] = v;
    }
  }
  return { [COLUMNAR_TAG]: 'lists', offsets, items: encodeArray(items, ctx, depth + 1) };
}

/** The keys shared, in the same order, by every row; undefined when the rows differ. */
function sharedKeys(rows: Record<string, unknown>[], ctx: EncodeContext): string[] | undefined {
  const keys = Object.keys(rows[0]!);
  const m = keys.length;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (ctx.forInIsOwnKeys) {
      // for-in over same-shaped objects runs off V8's enum cache, without a keys array per row.
      let j = 0;
      for (const key in row) {
        if (j >= m || key !== keys[j]) return undefined;
        j++;
      }
      if (j !== m) return undefined;
    } else {
      const own = Object.keys(row);
      if (own.length !== m) return undefined;
      for (let j = 0; j < m; j++) if (own[j] !== keys[j]) return undefined;
    }
  }
  return keys;
}

/** Same-shaped plain objects as one column per key. */
function encodeRecords(rows: Record<string, unknown>[], ctx: EncodeContext, depth: number): unknown {
  const keys = sharedKeys(rows, ctx);
  if (keys === undefined) return undefined;
  const n = rows.length;
  const columns = new Array<unknown>(keys.length);
  const values = new Array<unknown>(n);
  for (let c = 0; c < keys.length; c++) {
    const key = keys[c]!;
    let mask = 0;
    for (let i = 0; i < n; i++) {
      const v = rows[i]![key];
      values[i] = v;
      mask |= kindBit(v);
    }
    // A column that fits no encoding is a plain array of its encoded values (big arrays inside still get encoded).
    columns[c] = encodeColumn(values, mask, ctx, depth + 1) ?? encodeElements(values, ctx, depth + 1);
  }
  return { [COLUMNAR_TAG]: 'records', length: n, keys, columns };
}

// ---------------------------------------------------------------------------------------------
// Decoding

function decodeValue(x: unknown): unknown {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) return decodeElements(x);
  if (!isPlainObject(x)) return x;
  const o = x as Record<string, unknown>;
  if (Object.hasOwn(o, COLUMNAR_TAG)) return decodeNode(o);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) setOwn(out, key, decodeValue(o[key]));
  return out;
}

function decodeElements(arr: unknown[]): unknown[] {
  const n = arr.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (v !== undefined || i in arr) out[i] = decodeValue(v);
  }
  return out;
}

function badNode(kind: unknown, what: string): Error {
  return new Error(`decodeColumnar: malformed '${String(kind)}' node (${what})`);
}

function decodeNode(node: Record<string, unknown>): unknown {
  const kind = node[COLUMNAR_TAG];
  if (kind === 'object') {
    const keys = node.keys as string[];
    const values = node.values as unknown[];
    if (!Array.isArray(keys) || !Array.isArray(values) || keys.length !== values.length) throw badNode(kind, 'keys and values differ');
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) setOwn(out, keys[i]!, decodeValue(values[i]));
    return out;
  }
  // Every other node is a column or records: decoded into a fresh plain array.
  return decodeRange(node, 0, columnLength(node));
}

function columnLength(node: Record<string, unknown>): number {
  switch (node[COLUMNAR_TAG]) {
    case 'f64':
    case 'f64n':
    case 'bool':
      return (node.data as Float64Array | Uint8Array).length;
    case 'dict':
      return (node.codes as Uint8Array).length;
    case 'lists':
      return (node.offsets as Uint32Array).length - 1;
    case 'records':
      return node.length as number;
    default:
      throw new Error(`decodeColumnar: unknown node kind '${String(node[COLUMNAR_TAG])}'`);
  }
}

/** Elements `from` to `to` (exclusive) of a column or records node, as a fresh plain array. */
function decodeRange(node: Record<string, unknown>, from: number, to: number): unknown[] {
  if (node[COLUMNAR_TAG] === 'records') return decodeRecordsRange(node, from, to);
  const out = new Array<unknown>(to - from);
  fillColumn(node, from, to, out, undefined);
  return out;
}

function checkRecords(node: Record<string, unknown>): void {
  const n = node.length as number;
  const keys = node.keys as string[];
  const columns = node.columns as unknown[];
  if (!Number.isInteger(n) || !Array.isArray(keys) || !Array.isArray(columns) || keys.length !== columns.length) {
    throw badNode('records', 'length, keys or columns');
  }
}

function decodeRecordsRange(node: Record<string, unknown>, from: number, to: number): Record<string, unknown>[] {
  checkRecords(node);
  const n = node.length as number;
  const keys = node.keys as string[];
  const columns = node.columns as unknown[];
  const rows = new Array<Record<string, unknown>>(to - from);
  for (let i = 0; i < rows.length; i++) rows[i] = {};
  // Column after column: every row gets its keys in the same order, so rows share one shape.
  for (let c = 0; c < keys.length; c++) {
    const key = keys[c]!;
    const column = columns[c];
    if (Array.isArray(column)) {
      if (column.length !== n) throw badNode('records', `column '${key}' has ${column.length} values for ${n} rows`);
      if (key === '__proto__') for (let i = from; i < to; i++) setOwn(rows[i - from]!, key, decodeValue(column[i]));
      else for (let i = from; i < to; i++) rows[i - from]![key] = decodeValue(column[i]);
    } else {
      if (!isPlainObject(column) || !Object.hasOwn(column, COLUMNAR_TAG)) throw badNode('records', `column '${key}'`);
      const col = column as Record<string, unknown>;
      if (columnLength(col) !== n) throw badNode('records', `column '${key}' has ${columnLength(col)} values for ${n} rows`);
      fillColumn(col, from, to, rows, key);
    }
  }
  return rows;
}

/** A dictionary's distinct values: the packed strings (text + ends) or the plain list. */
function dictionaryValues(node: Record<string, unknown>): unknown[] {
  if (Array.isArray(node.values)) return node.values;
  const text = node.text;
  const ends = node.ends as Uint32Array;
  if (typeof text !== 'string' || !(ends instanceof Uint32Array) || (ends.length > 0 && ends[ends.length - 1] !== text.length)) throw badNode('dict', 'values');
  const values = new Array<string>(ends.length);
  let at = 0;
  for (let i = 0; i < ends.length; i++) values[i] = text.slice(at, (at = ends[i]!));
  return values;
}

/** Decoded dictionaries, so a column decoded in slices unpacks its strings once. */
const unpacked = new WeakMap<object, unknown[]>();

/**
 * Writes values `from` to `to` (exclusive) of column `node` into `target`, value i at
 * `target[i - from]`: as elements when `key` is undefined, else as property `key` of those
 * rows. One loop per kind, no closures.
 */
function fillColumn(node: Record<string, unknown>, from: number, to: number, target: unknown[], key: string | undefined): void {
  const kind = node[COLUMNAR_TAG];
  if (key === '__proto__') {
    // Rare: decode to an array first, then define the property row by row.
    const values = new Array<unknown>(to - from);
    fillColumn(node, from, to, values, undefined);
    for (let i = 0; i < values.length; i++) setOwn(target[i] as Record<string, unknown>, key, values[i]);
    return;
  }
  const rows = target as Record<string, unknown>[];
  switch (kind) {
    case 'f64': {
      const data = node.data as Float64Array;
      if (key === undefined) for (let i = from; i < to; i++) target[i - from] = data[i];
      else for (let i = from; i < to; i++) rows[i - from]![key] = data[i];
      return;
    }
    case 'f64n': {
      const data = node.data as Float64Array;
      const tags = node.tags as Uint8Array;
      if (tags.length !== data.length) throw badNode(kind, 'tags and data differ');
      if (key === undefined) {
        for (let i = from; i < to; i++) {
          const t = tags[i];
          target[i - from] = t === TAG_NUMBER ? data[i] : t === TAG_NULL ? null : undefined;
        }
      } else {
        for (let i = from; i < to; i++) {
          const t = tags[i];
          rows[i - from]![key] = t === TAG_NUMBER ? data[i] : t === TAG_NULL ? null : undefined;
        }
      }
      return;
    }
    case 'bool': {
      const data = node.data as Uint8Array;
      if (key === undefined) for (let i = from; i < to; i++) target[i - from] = data[i] === 1;
      else for (let i = from; i < to; i++) rows[i - from]![key] = data[i] === 1;
      return;
    }
    case 'dict': {
      const codes = node.codes as Uint32Array;
      let dict = unpacked.get(node);
      if (!dict) unpacked.set(node, (dict = dictionaryValues(node)));
      if (key === undefined) for (let i = from; i < to; i++) target[i - from] = dict[codes[i]!];
      else for (let i = from; i < to; i++) rows[i - from]![key] = dict[codes[i]!];
      return;
    }
    case 'lists': {
      const offsets = node.offsets as Uint32Array;
      const n = offsets.length - 1;
      const flat = node.items as Record<string, unknown>;
      const first = offsets[from]!;
      const last = offsets[to]!;
      if (isPlainObject(flat) && flat[COLUMNAR_TAG] === 'f64') {
        // number[][]: each row straight from the Float64Array, without a flat plain array between.
        const data = flat.data as Float64Array;
        if (data.length !== offsets[n]) throw badNode(kind, 'items and offsets differ');
        for (let i = from; i < to; i++) {
          const start = offsets[i]!;
          const len = offsets[i + 1]! - start;
          const list: number[] = [];
          for (let j = 0; j < len; j++) list.push(data[start + j]!);
          if (key === undefined) target[i - from] = list;
          else rows[i - from]![key] = list;
        }
        return;
      }
      // Only the items of these rows: a slice of the concatenation.
      let items: unknown[];
      if (Array.isArray(flat)) {
        if (flat.length !== offsets[n]) throw badNode(kind, 'items and offsets differ');
        items = decodeElements(flat.slice(first, last));
      } else {
        if (!isPlainObject(flat) || !Object.hasOwn(flat, COLUMNAR_TAG) || flat[COLUMNAR_TAG] === 'object') throw badNode(kind, 'items');
        if (columnLength(flat) !== offsets[n]) throw badNode(kind, 'items and offsets differ');
        items = decodeRange(flat, first, last);
      }
      if (key === undefined) for (let i = from; i < to; i++) target[i - from] = items.slice(offsets[i]! - first, offsets[i + 1]! - first);
      else for (let i = from; i < to; i++) rows[i - from]![key] = items.slice(offsets[i]! - first, offsets[i + 1]! - first);
      return;
    }
    case 'records': {
      const nested = decodeRecordsRange(node, from, to);
      if (key === undefined) for (let i = 0; i < nested.length; i++) target[i] = nested[i];
      else for (let i = 0; i < nested.length; i++) rows[i]![key] = nested[i];
      return;
    }
    default:
      throw new Error(`decodeColumnar: unknown node kind '${String(kind)}'`);
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding in slices

export interface DecodeInSlicesOptions {
  /** Called between slices; resolves when the caller's thread may go on (e.g. after other tasks ran). */
  pause: () => Promise<void>;
  /** Work between two pauses, ms (default 30). */
  sliceMs?: number;
  /** A clock, ms (default performance.now or Date.now). */
  now?: () => number;
  /**
   * Column and records nodes of at least this many elements are not decoded but become lazy
   * arrays (lib/notebook/lazy-array.ts), built at the first read of their elements. Default: never.
   */
  lazyFrom?: number;
}

/**
 * decodeColumnar, for a thread that must stay responsive (the page's): the same value, but a
 * long column or records node is decoded a slice of rows at a time, with `pause()` between
 * slices once `sliceMs` has passed. A slice of patients takes their visits along (the nested
 * lists decode by row range), so no single step grows with the whole cohort.
 */
export async function decodeColumnarInSlices(encoded: unknown, options: DecodeInSlicesOptions): Promise<unknown> {
  if (!isColumnarEncoded(encoded)) throw new Error('decodeColumnar: the value is not a columnar-encoded envelope');
  const env = encoded as Record<string, unknown>;
  if (env.version !== COLUMNAR_VERSION) {
    throw new Error(`decodeColumnar: format version ${String(env.version)} is not the supported version ${COLUMNAR_VERSION}`);
  }
  const now = options.now ?? (typeof performance !== 'undefined' ? () => performance.now() : () => Date.now());
  const sliceMs = options.sliceMs ?? 30;
  let since = now();
  const maybePause = async () => {
    if (now() - since < sliceMs) return;
    await options.pause();
    since = now();
  };
  const value = async (x: unknown): Promise<unknown> => {
    if (typeof x !== 'object' || x === null) return x;
    if (Array.isArray(x)) {
      const out = new Array<unknown>(x.length);
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        if (v !== undefined || i in x) out[i] = await value(v);
      }
      return out;
    }
    if (!isPlainObject(x)) return x;
    const o = x as Record<string, unknown>;
    if (!Object.hasOwn(o, COLUMNAR_TAG)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(o)) setOwn(out, key, await value(o[key]));
      return out;
    }
    if (o[COLUMNAR_TAG] === 'object') return decodeNode(o);
    const n = columnLength(o);
    if (options.lazyFrom !== undefined && n >= options.lazyFrom) return lazyArray(n, () => decodeRange(o, 0, n));
    const out = new Array<unknown>(n);
    // Rows per slice grow while a slice stays well inside the budget.
    let rows = 1024;
    for (let from = 0; from < n; ) {
      const to = Math.min(n, from + rows);
      const t = now();
      const part = decodeRange(o, from, to);
      for (let i = 0; i < part.length; i++) out[from + i] = part[i];
      if (now() - t < sliceMs / 4 && rows < 1 << 20) rows *= 2;
      from = to;
      await maybePause();
    }
    return out;
  };
  return value(env.value);
}
