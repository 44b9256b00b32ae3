import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cellDefinitions, registry } from '@/lib/cells';
import { CELL_SOURCES, cellSource } from '@/lib/cells/cell-sources';
import { cellDetails } from '@/lib/notebook/cell-details';
import { defineCell } from '@/lib/notebook/define-cell';
import { z } from 'zod';

describe('the source file of each built-in step', () => {
  it('names, for every registered kind, a file that exists and declares that kind', () => {
    for (const def of cellDefinitions) {
      const path = cellSource(def.kind);
      expect(path, def.kind).toMatch(/^lib\/cells\/[a-z0-9-]+\.ts$/);
      expect(existsSync(path!), `${def.kind}: ${path}`).toBe(true);
      expect(readFileSync(path!, 'utf8'), `${def.kind}: ${path}`).toContain(`kind: '${def.kind}'`);
    }
  });

  it('lists no kind that is not registered', () => {
    expect(Object.keys(CELL_SOURCES).sort()).toEqual([...registry.kinds].sort());
  });

  it('has no source for a kind that is not built in', () => {
    expect(cellSource('my-own-step')).toBeUndefined();
    expect(cellSource('toString')).toBeUndefined();
  });
});

describe('what a step computes, for its Details', () => {
  const titleOf = (kind: string) => (registry.has(kind) ? registry.get(kind).title : undefined);

  it('says what every built-in step does, what it works on and when it runs, in two sentences', () => {
    for (const def of cellDefinitions) {
      const sentences = cellDetails(def, titleOf);
      expect(sentences, def.kind).toHaveLength(2);
      expect(sentences[0], def.kind).toContain(def.description.trim().replace(/\.$/, ''));
      for (const s of sentences) expect(s, def.kind).toMatch(/[.!?…:]$/);
      expect(sentences[1], def.kind).toMatch(def.heavy ? /heavy step/ : /runs again by itself/);
    }
  });

  it('names the steps it takes results from by their titles, and the data file', () => {
    const grid = cellDetails(registry.get('svm-grid'), titleOf);
    expect(grid[1]).toContain(`“${registry.get('svm-split').title}”`);
    expect(grid[1]).toContain('heavy step');
    const load = cellDetails(registry.get('load-cohort'), titleOf);
    expect(load[1]).toMatch(/^It works on the loaded data file;/);
  });

  it('writes a step with no inputs, optional inputs and untitled kinds in plain words', () => {
    const base = { version: 1, title: 'T', params: z.object({}), heavy: false, async *run() {} };
    const alone = defineCell({ ...base, kind: 'alone', description: 'Shows a table', inputs: {} });
    expect(cellDetails(alone, () => undefined)).toEqual(['Shows a table.', 'It needs no data file and no other step; it is a quick step, so it runs again by itself when its parameters change.']);
    const fed = defineCell<{ a?: unknown; b: unknown }, Record<string, never>, void>({
      ...base,
      kind: 'fed',
      description: 'Compares two results.',
      inputs: { a: ['x', 'y'], b: ['z'] },
      optionalInputs: ['a'],
      heavy: true,
    });
    expect(cellDetails(fed, (k) => (k === 'x' ? 'Step X' : undefined))[1]).toBe(
      'It works on the results of “Step X” or “y” (when there is one) and “z”; it is a heavy step, so it runs only when asked (its Run, Run all, or the Run of a step that needs it).',
    );
  });
});
