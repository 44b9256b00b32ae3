import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The compute worker fetches every chunk a cell loads lazily right after it starts, so that the
// workbench keeps working with the network cut (e2e: the paper notebook runs offline). A cell
// that gains a dynamic import() must be added to that list; this test names the one missing.
describe('compute worker preload list', () => {
  it('holds every module a cell imports lazily', () => {
    const worker = readFileSync('workers/compute.worker.ts', 'utf8');
    const preloaded = new Set([...worker.matchAll(/import\('\.\.\/lib\/([^']+)'\)/g)].map((m) => m[1]!.replace(/\/index$/, '')));
    const lazy = new Set<string>();
    for (const file of readdirSync('lib/cells').filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(`lib/cells/${file}`, 'utf8');
      for (const m of text.matchAll(/import\('\.\.\/([^']+)'\)/g)) lazy.add(m[1]!.replace(/\/index$/, ''));
    }
    expect(lazy.size).toBeGreaterThan(0);
    expect([...lazy].filter((path) => !preloaded.has(path)).sort()).toEqual([]);
  });
});
