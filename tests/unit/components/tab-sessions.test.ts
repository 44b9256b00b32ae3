import { describe, expect, it } from 'vitest';
import { decideSave, revisionOf } from '@/components/notebook/tab-sessions';

describe('per-tab sessions: a save never silently overwrites another tab\'s newer one', () => {
  it('saves when nothing is stored, and when the stored session predates revisions', () => {
    expect(decideSave(undefined, { tab: 'a', basedOn: 0 })).toEqual({ ok: true, revision: 1 });
    expect(decideSave({}, { tab: 'a', basedOn: 0 })).toEqual({ ok: true, revision: 1 });
  });

  it('saves over its own saves, and over the revision it read', () => {
    expect(decideSave({ revision: 4, tab: 'a' }, { tab: 'a', basedOn: 1 })).toEqual({ ok: true, revision: 5 });
    expect(decideSave({ revision: 4, tab: 'b' }, { tab: 'a', basedOn: 4 })).toEqual({ ok: true, revision: 5 });
  });

  it('refuses a save over a newer revision written by another tab', () => {
    // Tab A and tab B both loaded revision 3; B saved 4; A's next save is refused.
    expect(decideSave({ revision: 4, tab: 'b' }, { tab: 'a', basedOn: 3 })).toEqual({ ok: false, theirs: 4, tab: 'b' });
  });

  it('two tabs in turn: the second save of the slower tab is the one refused', () => {
    let stored: { revision?: number; tab?: string } | undefined;
    const tabs = { a: 0, b: 0 };
    const save = (tab: 'a' | 'b') => {
      const d = decideSave(stored, { tab, basedOn: tabs[tab] });
      if (d.ok) {
        stored = { revision: d.revision, tab };
        tabs[tab] = d.revision;
      }
      return d.ok;
    };
    expect(save('a')).toBe(true);
    expect(save('a')).toBe(true);
    expect(save('b')).toBe(false);
  });

  it('reads the revision of whatever was stored', () => {
    expect(revisionOf({ revision: 7 })).toBe(7);
    expect(revisionOf({ revision: 'x' })).toBe(0);
    expect(revisionOf(null)).toBe(0);
    expect(revisionOf(undefined)).toBe(0);
  });
});
