/**
 * How cell outputs cross between the page and its workers, and go into IndexedDB: in columns
 * (lib/notebook/columnar-codec.ts). Structured clone walks every object of a million-visit
 * cohort on the page's main thread, on the way in, on the way out and into the store; a
 * column of a typed array is one memory copy.
 *
 * A worker encodes its result (the walk runs there). The page decodes it once and keeps its
 * columns beside it, so the same output posted to another worker as an input, or written to the
 * store, goes as those columns: nothing is encoded on the page. Outputs are treated as
 * immutable, which is what makes the kept columns stay true.
 */
import { codecBuffers, COLUMNAR_TAG, decodeColumnar, decodeColumnarInSlices, encodeColumnar, isColumnarEncoded } from '../lib/notebook/columnar-codec';
import { materialize } from '../lib/notebook/lazy-array';

const columnsOf = new WeakMap<object, unknown>();

/** Keeps the columns a decoded value came in, for the way back (see toWire). */
function remembered(decoded: unknown, columns: unknown): unknown {
  if (typeof decoded === 'object' && decoded !== null) columnsOf.set(decoded, columns);
  return decoded;
}

/** A value from a worker or the store: decoded when it came in columns, remembering them for the way back. */
export function fromWire(value: unknown): unknown {
  return isColumnarEncoded(value) ? remembered(decodeColumnar(value), value) : value;
}

/**
 * Arrays this long stay in their columns on the page until something reads their elements
 * (lib/notebook/lazy-array.ts): a million-visit upload's visits, windows and feature rows,
 * which the views only count. Far above the bundled cohort's sizes (a few thousand rows).
 */
export const LAZY_FROM = 50_000;

/** Lets the thread's other tasks run (input, rendering): scheduler.yield where the browser has it, else a timer. */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * fromWire for the page's main thread: the same value, decoded a slice of rows at a time with
 * the thread given back between slices (a million visits would otherwise be one long task).
 */
export async function fromWireInSlices(value: unknown): Promise<unknown> {
  if (!isColumnarEncoded(value)) return value;
  // The message's own task (receiving it) ends first.
  await yieldToEventLoop();
  return remembered(await decodeColumnarInSlices(value, { pause: yieldToEventLoop, sliceMs: 30, lazyFrom: LAZY_FROM }), value);
}

/**
 * What to post or store for a value (on the page): the columns it arrived in, if it did; else
 * the value itself, with any lazy array in it built (a part of an output: structured clone
 * refuses a lazy array), which leaves a value holding none untouched.
 */
export function toWire(value: unknown): unknown {
  return typeof value === 'object' && value !== null && columnsOf.has(value) ? columnsOf.get(value) : materialize(value);
}

/** The columns a value on the page arrived in (see fromWire), or undefined: nothing is built or walked. */
export function keptColumns(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? columnsOf.get(value) : undefined;
}

/**
 * Inputs whose columns hold at least this many bytes are posted as a copy made beforehand in
 * slices, its buffers transferred (see copyColumnsInSlices): posting them as they are would
 * copy them all in one task (a million-row upload's windows, 47 MB: 150–300 ms).
 */
export const SLICED_POST_BYTES = 8 * 2 ** 20;

/** How many bytes an encoded value's own columns hold (lib/notebook/columnar-codec.ts codecBuffers). */
export function columnBytes(encoded: unknown): number {
  return codecBuffers(encoded).reduce((a, b) => a + b.byteLength, 0);
}

/**
 * A copy of an encoded value whose columns (the typed arrays the codec made) are fresh copies,
 * made on this thread with it given back (`pause`) after every `sliceBytes` copied, so the copy
 * can be posted with its buffers transferred (codecBuffers) while the page keeps its own. The
 * rest (node objects, key lists, dictionary strings) is left to structured clone as before.
 */
export async function copyColumnsInSlices(encoded: unknown, options: { pause?: () => Promise<void>; sliceBytes?: number } = {}): Promise<unknown> {
  const pause = options.pause ?? yieldToEventLoop;
  const sliceBytes = options.sliceBytes ?? 4 * 2 ** 20;
  let sincePause = 0;
  const copy = async (x: unknown): Promise<unknown> => {
    if (Array.isArray(x)) {
      const out = new Array<unknown>(x.length);
      for (let i = 0; i < x.length; i++) if (i in x) out[i] = await copy(x[i]);
      return out;
    }
    if (typeof x !== 'object' || x === null || Object.getPrototypeOf(x) !== Object.prototype) return x;
    const o = x as Record<string, unknown>;
    const node = Object.hasOwn(o, COLUMNAR_TAG);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(o)) {
      const v = o[key];
      if (node && ArrayBuffer.isView(v) && !(v instanceof DataView) && (key === 'data' || key === 'tags' || key === 'codes' || key === 'offsets' || key === 'ends')) {
        // Copied a slice of at most sliceBytes at a time, so a column of 28 MB is not one task.
        const from = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        const to = new Uint8Array(v.byteLength);
        for (let at = 0; at < from.length; ) {
          if (sincePause >= sliceBytes) {
            await pause();
            sincePause = 0;
          }
          const end = Math.min(from.length, at + Math.max(1, sliceBytes - sincePause));
          to.set(from.subarray(at, end), at);
          sincePause += end - at;
          at = end;
        }
        const Ctor = v.constructor as new (buffer: ArrayBuffer) => ArrayBufferView;
        out[key] = new Ctor(to.buffer);
      } else if (key === '__proto__') {
        Object.defineProperty(out, key, { value: await copy(v), enumerable: true, writable: true, configurable: true });
      } else {
        out[key] = await copy(v);
      }
    }
    return out;
  };
  return copy(encoded);
}

/** In a worker: a result in columns. A value the codec cannot take (a cycle) goes as it is. */
export function encodeForWire(value: unknown): unknown {
  try {
    return encodeColumnar(value);
  } catch {
    return value;
  }
}

/**
 * Every input of a request, decoded (in a worker). Their columns are not remembered: a worker
 * never posts its inputs back, and an input it keeps for later runs (workers/input-cache.ts)
 * would otherwise hold its columns alive beside the decoded value.
 */
export function inputsFromWire(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, isColumnarEncoded(v) ? decodeColumnar(v) : v]));
}

/** Every input of a request as it should be posted (on the page): see toWire. */
export function inputsToWire(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, toWire(v)]));
}
