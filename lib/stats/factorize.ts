/**
 * The distinct values of a sequence in the order they first appear, and each position's code
 * into that list (equality as a Map's: NaN is one value, and 0 and -0 are one). What the
 * permutation importance tabulates per distinct feature value and the columnar codec's
 * dictionaries are both made of.
 *
 * @example
 *   factorize(4, (i) => ['b', 'a', 'b', 'c'][i]) // { levels: ['b', 'a', 'c'], codes: [0, 1, 0, 2] }
 */
export function factorize<T>(n: number, valueAt: (i: number) => T): { levels: T[]; codes: Uint32Array } {
  const codeOf = new Map<T, number>();
  const levels: T[] = [];
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = valueAt(i);
    let c = codeOf.get(v);
    if (c === undefined) {
      c = levels.length;
      codeOf.set(v, c);
      levels.push(v);
    }
    codes[i] = c;
  }
  return { levels, codes };
}
