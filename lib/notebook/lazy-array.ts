/**
 * An array that is made only when something reads it. The page keeps a million-visit cohort's
 * big arrays in the compact columns they arrived in (lib/notebook/columnar-codec.ts) and
 * builds the plain array at the first read that needs its elements; `length` alone does not
 * build it. Views mostly show counts, so most such arrays are never built on the page, which
 * keeps its heap (and its garbage collector's pauses) small.
 *
 * It is a Proxy over an empty array, so `Array.isArray` holds and every array method works
 * (on the built array, at full speed). One thing differs from a plain array: structured clone
 * refuses a Proxy, so a lazy array must not be posted or stored as it is: the page posts and
 * stores the columns it came from (workers/wire-values.ts), or `materialize` a copy first.
 */

const built = new WeakMap<object, () => unknown[]>();

export function lazyArray<T>(length: number, build: () => T[]): T[] {
  let real: T[] | undefined;
  const get = (): T[] => {
    if (!real) {
      real = build();
      if (real.length !== length) throw new Error(`lazyArray: built ${real.length} elements, expected ${length}`);
    }
    return real;
  };
  const proxy = new Proxy<T[]>([], {
    get(_target, key) {
      if (key === 'length' && !real) return length;
      // `await` and Promise.resolve look for a `then` on every object they are given: an array
      // has none, and asking must not build it (the decoder awaits its slices' results).
      if (key === 'then' && !real) return undefined;
      const r = get();
      const value = Reflect.get(r, key, r) as unknown;
      // Methods run on the built array itself (not element by element through this proxy).
      return typeof value === 'function' && key !== 'constructor' ? (value as (...args: unknown[]) => unknown).bind(r) : value;
    },
    has: (_target, key) => (key === 'length' ? true : Reflect.has(get(), key)),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(get(), key),
    set: (_target, key, value) => Reflect.set(get(), key, value),
    deleteProperty: (_target, key) => Reflect.deleteProperty(get(), key),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(get(), key, descriptor),
  });
  built.set(proxy, get);
  return proxy;
}

export function isLazyArray(value: unknown): boolean {
  return typeof value === 'object' && value !== null && built.has(value);
}

/**
 * `value` with every lazy array in it made a plain one (built if it was not), for a place that
 * must structured-clone part of an output. What holds no lazy array is returned as it is (no
 * copy); only the objects and arrays on the way to a lazy one are copied. Plain data only.
 */
export function materialize(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const getter = built.get(value);
  if (getter) return getter().map(materialize);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const m = materialize(v);
      if (m !== v && !copy) copy = value.slice(0, i);
      copy?.push(m);
    }
    return copy ?? value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  const values = keys.map((k) => materialize(source[k]));
  if (values.every((v, i) => v === source[keys[i]!])) return value;
  const out: Record<string, unknown> = {};
  keys.forEach((k, i) => Object.defineProperty(out, k, { value: values[i], enumerable: true, writable: true, configurable: true }));
  return out;
}
