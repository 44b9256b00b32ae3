/**
 * Inputs stay in the worker that received them (issue 29, item 3). The what-if patient re-runs
 * on every slider edit with the same upstream output; posting that output again each time
 * costs a structured clone on the page's main thread and a decode in the worker, for a value
 * the worker already had. So each worker keeps the decoded inputs it recently received, and the
 * page posts only a key for what a worker holds.
 *
 * Two halves, one per side of the boundary:
 * - `HeldInputs` (the pool, one per worker): which keys that worker holds and their estimated
 *   sizes, least recently used first. The pool alone decides what a worker keeps and drops, so
 *   the worker's store is a mirror of it, kept in step by the order of messages.
 * - `InputStore` (the worker): the decoded values by key; it keeps and drops what it is told.
 *
 * Keys: an output is immutable once made (the runtime hands the very same object to every cell
 * that reads it, and the CLI's in-process executor relies on the same rule), so the identity of
 * the page's object is its key: `keyOfValue`. The same key thus always means the same value;
 * a value the page has again as another object (re-read from IndexedDB) merely misses.
 *
 * If the two halves ever disagree (a worker replaced, a decode that failed), the worker asks for
 * what it lacks and the pool posts it (`need-inputs`): a run never computes on a value other
 * than the one the page passed.
 */

/** The whole pool's budget for kept inputs (estimated decoded bytes), split evenly among its workers. */
export const DEFAULT_INPUT_CACHE_BYTES = 256 * 2 ** 20;

const ids = new WeakMap<object, string>();
let nextId = 1;

/** The key of a value the pool may leave in a worker, or undefined for one that is posted every time (a primitive). */
export function keyOfValue(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let id = ids.get(value);
  if (id === undefined) {
    id = `v${nextId++}`;
    ids.set(value, id);
  }
  return id;
}

/** Walking a value that is not in columns stops here: a plain tree this big is not kept (estimating it would be a long task on the page). */
const MAX_WALK_NODES = 200_000;

/**
 * A rough size of what a wire value (workers/wire-values.ts: columns of typed arrays, or plain
 * data) takes once decoded in a worker: decoded rows are JS objects and numbers, several times
 * the bytes of their columns. Deterministic, so both sides could compute the same figure; only
 * the pool uses it, to keep each worker under its budget. Infinity for what is too big to walk.
 */
export function estimateDecodedBytes(wire: unknown): number {
  let nodes = 0;
  let bytes = 0;
  const stack: unknown[] = [wire];
  while (stack.length > 0) {
    const x = stack.pop();
    if (++nodes > MAX_WALK_NODES) return Infinity;
    if (typeof x === 'string') bytes += 16 + 2 * x.length;
    else if (typeof x !== 'object' || x === null) bytes += 8;
    else if (ArrayBuffer.isView(x)) bytes += 4 * x.byteLength; // a column: its rows decoded as objects / numbers
    else if (x instanceof ArrayBuffer) bytes += x.byteLength;
    else if (Array.isArray(x)) {
      bytes += 16 + 8 * x.length;
      for (const item of x) stack.push(item);
    } else {
      const o = x as Record<string, unknown>;
      // A records node's rows become one object each.
      if (typeof o.length === 'number' && Number.isFinite(o.length)) bytes += 32 * Math.max(0, o.length);
      const keys = Object.keys(o);
      bytes += 32 + 16 * keys.length;
      for (const k of keys) stack.push(o[k]);
    }
  }
  return bytes;
}

/** What the pool posts with a run: the inputs the worker holds (name → key) and those it is to keep. */
export interface InputPlan {
  /** Inputs not posted: the worker takes them from its store. */
  refs: Record<string, string>;
  /** Inputs posted that the worker keeps under these keys after decoding them. */
  keep: Record<string, string>;
  /** Keys the worker drops once it has taken this run's inputs (least recently used beyond the budget). */
  evict: string[];
}

/** The pool's record of one worker's store: keys, estimated sizes, least recently used first. */
export class HeldInputs {
  private readonly sizes = new Map<string, number>();
  private total = 0;

  constructor(private readonly budget: number) {}

  has(key: string): boolean {
    return this.sizes.has(key);
  }

  /** Estimated bytes of these keys this worker holds (the pool's affinity score). */
  heldBytes(keys: readonly string[]): number {
    let sum = 0;
    for (const k of keys) sum += this.sizes.get(k) ?? 0;
    return sum;
  }

  /** Forgets a key the worker turned out not to have (it asked for the value). */
  forget(key: string): void {
    const size = this.sizes.get(key);
    if (size === undefined) return;
    this.sizes.delete(key);
    this.total -= size;
  }

  /** Everything: the worker was replaced, its store is empty. */
  clear(): void {
    this.sizes.clear();
    this.total = 0;
  }

  /**
   * The plan for one run's inputs: which go by key, which are posted and kept, and what to drop
   * to stay within the budget. `sizeOf` is asked only for inputs that are posted.
   */
  plan(inputs: Record<string, unknown>, sizeOf: (name: string) => number): InputPlan {
    const refs: Record<string, string> = {};
    const keep: Record<string, string> = {};
    for (const [name, value] of Object.entries(inputs)) {
      const key = keyOfValue(value);
      if (key === undefined) continue;
      if (this.sizes.has(key)) {
        refs[name] = key;
        this.touch(key);
        continue;
      }
      // Two inputs may be one value: it is posted (and kept) once per name, which is harmless.
      if (Object.values(keep).includes(key)) continue;
      const size = sizeOf(name);
      if (!(size <= this.budget)) continue; // too big to keep: posted every time, as before
      keep[name] = key;
      this.sizes.set(key, size);
      this.total += size;
    }
    // The worker takes this run's inputs before it drops anything, so any key may go.
    const evict: string[] = [];
    for (const [key, size] of this.sizes) {
      if (this.total <= this.budget) break;
      this.sizes.delete(key);
      this.total -= size;
      evict.push(key);
    }
    return { refs, keep, evict };
  }

  private touch(key: string): void {
    const size = this.sizes.get(key)!;
    this.sizes.delete(key);
    this.sizes.set(key, size);
  }

  get bytes(): number {
    return this.total;
  }
}

/** A worker's kept inputs, decoded, by key. It keeps and drops only what the pool tells it. */
export class InputStore {
  private readonly values = new Map<string, unknown>();

  get(key: string): { value: unknown } | undefined {
    return this.values.has(key) ? { value: this.values.get(key) } : undefined;
  }

  set(key: string, value: unknown): void {
    this.values.set(key, value);
  }

  drop(keys: readonly string[]): void {
    for (const k of keys) this.values.delete(k);
  }

  get size(): number {
    return this.values.size;
  }
}
