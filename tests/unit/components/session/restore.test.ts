/** What a page load does with the kept session (components/notebook/session/restore.ts), in Node. */
import { describe, expect, it } from 'vitest';
import { notebooks } from '@/notebooks';
import { MAX_UNFINISHED_RESTORES, planRestore, profileFromSearch, shippedProfile } from '@/components/notebook/session/restore';

const paper = notebooks.find((n) => n.id === 'han-2026')!;
const profiles = Object.keys(paper.profiles);
const other = profiles.find((p) => p !== paper.defaultProfile)!;
const never = () => Promise.reject(new Error('not asked'));

describe('profileFromSearch', () => {
  it('takes only the notebook’s own profiles', () => {
    expect(profileFromSearch(`?profile=${other}`, paper)).toBe(other);
    expect(profileFromSearch('?profile=constructor', paper)).toBeUndefined();
    expect(profileFromSearch('', paper)).toBeUndefined();
  });
  it('the shipped profile is the default one', () => {
    expect(shippedProfile(paper)).toBe(paper.defaultProfile);
    expect(shippedProfile({ ...paper, defaultProfile: 'gone' })).toBeUndefined();
  });
});

describe('planRestore', () => {
  const saved = { notebook: paper, profile: other, savedAt: 1 };
  it('opens as shipped when nothing was kept, or the address asks for another profile', async () => {
    expect(await planRestore(undefined, paper, undefined, never)).toEqual({ kind: 'fresh', profile: paper.defaultProfile });
    const asked = profiles.find((p) => p !== other)!;
    expect(await planRestore(saved, paper, asked, never)).toEqual({ kind: 'fresh', profile: asked });
  });
  it('replays a good record', async () => {
    const plan = await planRestore(saved, paper, other, never);
    expect(plan).toMatchObject({ kind: 'restore', session: { profile: other, upload: undefined }, profile: other });
  });
  it('sets aside a damaged record with the reason', async () => {
    expect(await planRestore({ notebook: { id: 'x' } }, paper, undefined, never)).toMatchObject({ kind: 'set-aside', reason: expect.stringMatching(/do not read as this notebook/) });
    expect(await planRestore('junk', paper, undefined, never)).toMatchObject({ kind: 'set-aside', reason: 'the saved record is not a session' });
  });
  it('sets aside a file whose replays never finished, counting only when a file is replayed', async () => {
    const withFile = { ...saved, upload: { name: 'big.csv', bytes: new Uint8Array([1]) } };
    expect(await planRestore(withFile, paper, undefined, () => Promise.resolve(MAX_UNFINISHED_RESTORES - 1))).toMatchObject({ kind: 'restore' });
    expect(await planRestore(withFile, paper, undefined, () => Promise.resolve(MAX_UNFINISHED_RESTORES))).toEqual({
      kind: 'set-aside',
      reason: `the last ${MAX_UNFINISHED_RESTORES} loads stopped while reading the saved file big.csv (the tab was closed or crashed)`,
      profile: paper.defaultProfile,
    });
  });
});
