import { describe, expect, it } from 'vitest';
import { checkSavedSession, setAsideMessage } from '@/components/notebook/restore-session';
import { findNotebook } from '@/notebooks';

const notebook = findNotebook('han-2026')!;
const bytes = new TextEncoder().encode('patient_id,visit_date\n1,2024-01-01\n');

describe('which saved sessions can be replayed', () => {
  it('replays a sound session: its document, profile and file', () => {
    const check = checkSavedSession({ notebook, profile: 'quick', upload: { name: 'clinic.csv', bytes }, savedAt: 1 }, notebook);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.value.document.id).toBe(notebook.id);
    expect(check.value.profile).toBe('quick');
    expect(check.value.upload?.bytes).toBe(bytes);
  });

  it.each([
    ['not an object', 'corrupt', /not a session/],
    ['an array', [], /not a session/],
    ['a document that is not a notebook', { notebook: { cells: 'nope' }, savedAt: 1 }, /do not read as this notebook/],
    ['another notebook', { notebook: { ...notebook, id: 'other' }, savedAt: 1 }, /belongs to notebook "other"/],
    ['an unknown profile', { notebook, profile: 'gone', savedAt: 1 }, /profile "gone"/],
    ['a profile that is not a name', { notebook, profile: 7, savedAt: 1 }, /profile 7/],
    ['a file without bytes', { notebook, upload: { name: 'x.csv', bytes: 'text' }, savedAt: 1 }, /saved file is damaged/],
    ['a file without a name', { notebook, upload: { bytes }, savedAt: 1 }, /saved file is damaged/],
  ])('sets aside %s, saying why', (_what, stored, reason) => {
    const check = checkSavedSession(stored, notebook);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.reason).toMatch(reason);
    expect(setAsideMessage(check.reason)).toContain('set aside (it will not be replayed)');
  });

  it('does not take a profile name from the prototype chain', () => {
    expect(checkSavedSession({ notebook, profile: 'toString', savedAt: 1 }, notebook).ok).toBe(false);
  });
});
