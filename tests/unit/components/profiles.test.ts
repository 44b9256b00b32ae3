import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { parseNotebook } from '@/lib/notebook/notebook-schema';
import { choiceFor, profileChoices, profileTimeText, REFERENCE_MACHINE, REFERENCE_RUN_ALL_MS } from '@/components/notebook/profiles';
import { notebooks } from '@/notebooks';

const nb = (profiles: Record<string, Record<string, Record<string, unknown>>>) =>
  parseNotebook({ id: 'p', title: 'P', profiles, cells: [{ id: 'grid', kind: 'svm-grid', inputs: {} }] });

describe('profile choices', () => {
  it('lists no two entries with the same resolved settings, and drops "notebook defaults" when a profile equals it', () => {
    // size 15 is the grid's default: "paper" and "explicit" run the same settings as the cells' own
    const choices = profileChoices(nb({ quick: { grid: { size: 4 } }, paper: {}, explicit: { grid: { size: 15 } } }), registry);
    expect(choices.map((c) => c.name)).toEqual(['quick', 'paper']);
  });

  it('keeps "notebook defaults" when no profile runs the cells as written', () => {
    const notebook = nb({ quick: { grid: { size: 4 } } });
    const choices = profileChoices(notebook, registry);
    expect(choices.map((c) => c.value)).toEqual(['quick', '']);
    expect(choiceFor(choices, undefined, notebook, registry)?.value).toBe('');
  });

  it('shows a session without a profile as the profile that runs the same settings', () => {
    const notebook = nb({ quick: { grid: { size: 4 } }, paper: {} });
    expect(choiceFor(profileChoices(notebook, registry), undefined, notebook, registry)?.value).toBe('paper');
  });

  it('the shipped notebooks have distinct profiles, each described, and their default profile exists', () => {
    for (const notebook of notebooks) {
      const names = Object.keys(notebook.profiles);
      expect(profileChoices(notebook, registry).filter((c) => c.value !== '').length).toBe(names.length);
      for (const name of names) expect(notebook.profileDescriptions[name], `${notebook.id}/${name}`).toBeTruthy();
      if (notebook.defaultProfile) expect(names).toContain(notebook.defaultProfile);
    }
  });
});

describe('how long a profile takes, in the profile list', () => {
  it('before a first run: an estimate from the reference machine, said to be one', () => {
    expect(profileTimeText('han-2026', 'quick', undefined, 2)).toBe('about 20–55 s (estimated from a 2-core reference machine)');
    expect(profileTimeText('han-2026', 'paper', undefined, 2)).toBe('about 48 s (estimated from a 2-core reference machine)');
    expect(profileTimeText('han-2026', 'quick', undefined, undefined)).toBe('about 20–55 s (estimated from a 2-core reference machine)');
  });

  it('scales the estimate by the cores: fewer take longer, more help at most twofold', () => {
    expect(profileTimeText('han-2026', 'paper', undefined, 1)).toBe('about 2 min (estimated from a 2-core reference machine, scaled to 1 core)');
    expect(profileTimeText('han-2026', 'quick', undefined, 4)).toBe('about 10–28 s (estimated from a 2-core reference machine, scaled to 4 cores)');
    expect(profileTimeText('han-2026', 'quick', undefined, 16)).toBe('about 10–28 s (estimated from a 2-core reference machine, scaled to 16 cores)');
  });

  it('once timed here: the measured time, not the estimate', () => {
    expect(profileTimeText('han-2026', 'quick', 48_400, 2)).toBe('Run all took about 48 s here');
  });

  it('without a reference timing (or a name that is no profile): not timed here yet', () => {
    expect(profileTimeText('han-2026', 'honest', undefined, 2)).toBe('not timed here yet');
    expect(profileTimeText('han-2026', 'constructor', undefined, 2)).toBe('not timed here yet');
    expect(profileTimeText('demo', 'quick', undefined, 2)).toBe('not timed here yet');
  });

  it('the reference timings name their machine and belong to profiles the notebooks define', () => {
    expect(REFERENCE_MACHINE.name).toMatch(/2-core/);
    for (const [id, profiles] of Object.entries(REFERENCE_RUN_ALL_MS)) {
      const notebook = notebooks.find((n) => n.id === id);
      expect(notebook, id).toBeDefined();
      for (const [name, t] of Object.entries(profiles)) {
        expect(Object.keys(notebook!.profiles)).toContain(name);
        expect(t.low).toBeLessThanOrEqual(t.high);
      }
    }
  });
});
