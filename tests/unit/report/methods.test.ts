import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { resolveParams } from '@/lib/notebook/define-cell';
import { methodsMarkdown, methodsSections } from '@/lib/report/methods';
import { splitPhrase, splitRatio } from '@/lib/report/phrases';
import { tripodItems, tripodMarkdown } from '@/lib/report/tripod';
import { exportFixture } from './export-fixture';

const describeWith = (kind: string, params: Record<string, unknown>) => {
  const def = registry.get(kind);
  return def.describe!(resolveParams(def, params));
};

describe('texts follow the parameters', () => {
  it('cell descriptions say the split, folds, permutations and resamples actually set', () => {
    expect(describeWith('svm-split', {})).toContain('8:2 (random over windows, seed 42)');
    expect(describeWith('svm-split', { testFraction: 0.3, splitSeed: 7, split: 'grouped', folds: 10 })).toMatch(/7:3 \(by patient, seed 7\).*10 stratified CV folds/);
    expect(describeWith('permutation-importance', { repeats: 10 })).toContain('10 permutations per feature');
    expect(describeWith('permutation-importance', { repeats: 1 })).toContain('1 permutation per feature');
    expect(describeWith('classification-eval', { resamples: 500 })).toContain('500 bootstrap resamples');
    expect(describeWith('lstm-regression', { lstm: { maxEpochs: 3 } })).toMatch(/at most 3 epochs/);
    expect(describeWith('lstm-split', { testFraction: 0.25, splitSeed: 3 })).toContain('75%:25% (random over samples, seed 3)');
    expect(describeWith('svm-grid', { size: 4 })).toMatch(/a 6 × 5 grid/);
  });

  it('split phrases', () => {
    expect(splitRatio(0.2)).toBe('8:2');
    expect(splitRatio(0.15)).toBe('85%:15%');
    expect(splitPhrase('samples', 0.2, 42)).toBe('8:2 (random over windows, seed 42)');
  });

  it('captions and the methods paragraph come from the run: the quick profile’s 10 permutations, not the paper’s 100', async () => {
    const { state, manifest } = await exportFixture();
    const importance = state.cells.importance!;
    const caption = registry.get('permutation-importance').artifacts!(importance.output, resolveParams(registry.get('permutation-importance'), { repeats: 10 }), {}).find((a) => a.type === 'figure')!.caption!;
    expect(caption).toContain('10 permutations per feature');
    const text = methodsMarkdown(manifest);
    expect(text).toContain('each feature was permuted 10 times');
    expect(text).toContain('200 bootstrap resamples of the test part');
    expect(text).toContain('grid of 4 log-spaced values');
    expect(text).toContain(`seed ${manifest.seed}`);
    expect(text).toContain('Visits on days 0–30 after onset were early');
    expect(text).toContain('split 8:2 (random over samples, seed 42), once per subset');
    for (const t of [text, tripodMarkdown(manifest)]) expect(t).not.toMatch(/undefined|NaN|\[object/);
    // A changed setting changes the sentence.
    const changed = structuredClone(manifest) as Record<string, Record<string, Record<string, unknown>>>;
    changed.parameters!.split!.testFraction = 0.3;
    changed.parameters!.split!.splitSeed = 7;
    expect(methodsSections(changed).find((s) => s.heading.startsWith('Recovery'))!.text).toContain('split 7:3 (random over windows, seed 7)');
  }, 120_000);

  it('TRIPOD+AI: what the notebook knows is filled with its source, the rest is left to the author', async () => {
    const { manifest } = await exportFixture();
    const items = tripodItems(manifest);
    expect(items.length).toBeGreaterThan(40);
    const byId = new Map(items.map((i) => [i.item, i]));
    expect(byId.get('6b')!.answer).toContain('aged 10–100 years');
    expect(byId.get('6b')!.source).toBe('cohort');
    expect(byId.get('17')!.answer).toBeUndefined();
    for (const i of items) if (i.answer) expect(i.source, i.item).toBeTruthy();
    expect(byId.get('17')!.author).toBeTruthy();
    expect(tripodMarkdown(manifest)).toContain('**[author to complete: the ethics committee, approval number and consent]**');
  }, 120_000);
});
