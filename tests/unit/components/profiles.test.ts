import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { parseNotebook } from '@/lib/notebook/notebook-schema';
import { choiceFor, profileChoices } from '@/components/notebook/profiles';
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
