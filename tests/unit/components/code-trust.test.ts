import { describe, expect, it } from 'vitest';
import { DEFAULT_CODE } from '@/lib/cells/code-cell';
import { isComputeCell, parseNotebook, type Notebook } from '@/lib/notebook/notebook-schema';
import { codeCellsOf, codeTrustHash, trustedCode, TRUSTED_CODE_KEY, TRUSTED_CODE_LIMIT } from '@/components/notebook/code-trust';
import demo from '@/notebooks/demo.json';

const withCode = parseNotebook({
  ...demo,
  cells: [
    ...demo.cells,
    { id: 'by-sex', kind: 'code', title: 'Patients by sex', inputs: { data: 'data' }, params: { code: 'return data.patients.length;', name: 'n' } },
    { id: 'plain', kind: 'code', inputs: { table: 'by-sex' } },
  ],
});

/** The notebook with one cell's fields replaced. */
const change = (nb: Notebook, id: string, patch: Record<string, unknown>): Notebook => ({
  ...nb,
  cells: nb.cells.map((c) => (c.id === id && isComputeCell(c) ? { ...c, ...patch } : c)),
});

describe('codeCellsOf', () => {
  it('lists the code steps with their inputs and code (the default where none is set)', () => {
    expect(codeCellsOf(withCode)).toEqual([
      { id: 'by-sex', title: 'Patients by sex', inputs: { data: 'data' }, code: 'return data.patients.length;', variants: [] },
      { id: 'plain', title: 'Code', inputs: { table: 'by-sex' }, code: DEFAULT_CODE, variants: [] },
    ]);
    expect(codeCellsOf(parseNotebook(demo))).toEqual([]);
  });

  it('shows the code a profile runs instead', () => {
    const nb = { ...withCode, profiles: { quick: { 'by-sex': { code: 'return 0;' } }, same: { 'by-sex': { name: 'm' } } } };
    expect(codeCellsOf(nb)[0]!.variants).toEqual([{ profile: 'quick', code: 'return 0;' }]);
  });
});

describe('codeTrustHash', () => {
  const hash = codeTrustHash(withCode);

  it('is a SHA-256, the same for the same notebook', () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(codeTrustHash(parseNotebook(JSON.parse(JSON.stringify(withCode))))).toBe(hash);
  });

  it('changes with the code, the inputs, a code step’s other parameters and profiles', () => {
    expect(codeTrustHash(change(withCode, 'by-sex', { params: { code: 'return 1;', name: 'n' } }))).not.toBe(hash);
    expect(codeTrustHash(change(withCode, 'by-sex', { inputs: { data: 'dataset' } }))).not.toBe(hash);
    expect(codeTrustHash(change(withCode, 'by-sex', { inputs: { rows: 'data' } }))).not.toBe(hash);
    expect(codeTrustHash(change(withCode, 'plain', { params: { timeLimitSeconds: 60 } }))).not.toBe(hash);
    expect(codeTrustHash({ ...withCode, profiles: { quick: { 'by-sex': { code: 'return 0;' } } } })).not.toBe(hash);
  });

  it('does not change with other steps’ parameters, titles or the notebook’s words', () => {
    expect(codeTrustHash(change(withCode, 'data', { params: { anything: 1 } }))).toBe(hash);
    expect(codeTrustHash(change(withCode, 'by-sex', { title: 'Another title' }))).toBe(hash);
    expect(codeTrustHash({ ...withCode, title: 'Renamed', description: 'New words' })).toBe(hash);
    expect(codeTrustHash({ ...withCode, profiles: { quick: { data: { anything: 2 } } } })).toBe(hash);
  });
});

/** A localStorage stand-in. */
function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}
const h = (n: number) => n.toString(16).padStart(64, '0');

describe('trustedCode', () => {
  it('keeps what was trusted, in storage, across stores', () => {
    const storage = memoryStorage();
    const store = trustedCode(storage);
    expect(store.has(h(1))).toBe(false);
    expect(store.add(h(1))).toBe(true);
    expect(store.has(h(1))).toBe(true);
    expect(trustedCode(storage).has(h(1))).toBe(true);
    expect(JSON.parse(storage.items.get(TRUSTED_CODE_KEY)!)).toEqual([h(1)]);
  });

  it('keeps the most recent ones only', () => {
    const storage = memoryStorage();
    const store = trustedCode(storage);
    for (let i = 0; i < TRUSTED_CODE_LIMIT + 5; i++) store.add(h(i));
    store.add(h(3)); // trusted again: the most recent now
    const kept = JSON.parse(storage.items.get(TRUSTED_CODE_KEY)!) as string[];
    expect(kept).toHaveLength(TRUSTED_CODE_LIMIT);
    expect(kept.at(-1)).toBe(h(3));
    expect(trustedCode(storage).has(h(0))).toBe(false);
    expect(trustedCode(storage).has(h(TRUSTED_CODE_LIMIT + 4))).toBe(true);
  });

  it('reads damaged storage as nothing trusted, and starts it again', () => {
    for (const damaged of ['{not json', '{"a":1}', '[1, null, "short"]']) {
      const storage = memoryStorage({ [TRUSTED_CODE_KEY]: damaged });
      const store = trustedCode(storage);
      expect(store.has(h(1))).toBe(false);
      store.add(h(1));
      expect(JSON.parse(storage.items.get(TRUSTED_CODE_KEY)!)).toEqual([h(1)]);
    }
  });

  it('works without storage, or with one that throws, for this page only', () => {
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    for (const storage of [undefined, throwing]) {
      const store = trustedCode(storage);
      expect(store.has(h(2))).toBe(false);
      expect(store.add(h(2))).toBe(false);
      expect(store.has(h(2))).toBe(true);
      expect(trustedCode(storage).has(h(2))).toBe(false);
    }
  });
});
