import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { buildManifest } from '@/lib/notebook/manifest';
import { initialState } from '@/lib/notebook/state';
import { findNotebook } from '@/notebooks';

const manifestOf = (id: string) =>
  buildManifest(initialState(findNotebook(id)!), registry, { seed: 42, data: { name: 'synthetic-cohort.csv', sha256: 'x', bytes: 1 }, versions: {}, totalMs: 0 });

describe('export label', () => {
  it('every export of the teaching notebook says it is educational and that the bundled data are synthetic', () => {
    const label = manifestOf('teaching').label as string;
    expect(label).toMatch(/^Educational use only: not for decisions about an individual patient\./);
    expect(label).toMatch(/synthetic/);
  });

  it('the paper notebook carries no such label', () => {
    expect(manifestOf('han-2026').label).toBeUndefined();
  });
});
