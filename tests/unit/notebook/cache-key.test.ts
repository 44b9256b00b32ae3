import { describe, expect, it } from 'vitest';
import { cacheKey, type CacheKeyParts } from '@/lib/notebook/cache-key';
import { canonicalJson } from '@/lib/notebook/canonical-json';

const base: CacheKeyParts = { kind: 'svm-grid', version: 1, params: { C: [1, 2], folds: 5 }, seed: 42, stream: 'grid', upstream: { windows: 'abc' } };

describe('cache key', () => {
  it('is stable: equal parts in any key order give the same key', () => {
    const reordered: CacheKeyParts = { upstream: { windows: 'abc' }, seed: 42, params: { folds: 5, C: [1, 2] }, stream: 'grid', version: 1, kind: 'svm-grid' };
    expect(cacheKey(base)).toBe(cacheKey(reordered));
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    ['kind', { kind: 'svm-grid2' }],
    ['version', { version: 2 }],
    ['a parameter', { params: { C: [1, 2], folds: 10 } }],
    ['a parameter order inside an array', { params: { C: [2, 1], folds: 5 } }],
    ['the seed', { seed: 43 }],
    ['the random-stream label', { stream: 'grid-copy' }],
    ['an upstream key', { upstream: { windows: 'abd' } }],
    ['the source hash', { source: 'f00' }],
  ])('changes when %s changes', (_what, change) => {
    expect(cacheKey({ ...base, ...change } as CacheKeyParts)).not.toBe(cacheKey(base));
  });

  it('canonical JSON sorts keys at every depth and keeps NaN apart from null', () => {
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: [NaN, null] })).toBe('{"a":["NaN",null],"b":{"c":2,"d":1}}');
  });
});
