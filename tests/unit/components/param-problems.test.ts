import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { resolveParams } from '@/lib/notebook/define-cell';
import { ParamsError } from '@/lib/notebook/errors';
import { plainProblem, problemsByPath, withPathsFrom, withoutPaths } from '@/components/notebook/param-problems';

const problemsOf = (kind: string, raw: unknown) => {
  try {
    resolveParams(registry.get(kind), raw);
  } catch (err) {
    if (err instanceof ParamsError) return err.problems;
    throw err;
  }
  return [];
};

describe('parameter problems in plain words', () => {
  it('says what a value must be, from the schema messages the cells really give', () => {
    expect(problemsByPath(problemsOf('svm-split', { testFraction: 1.5 }))).toEqual({ testFraction: 'must be below 1' });
    expect(problemsByPath(problemsOf('svm-split', { testFraction: 'x' }))).toEqual({ testFraction: 'must be a number' });
    expect(problemsByPath(problemsOf('svm-split', { folds: 1 }))).toEqual({ folds: 'must be 2 or more' });
    expect(problemsByPath(problemsOf('lstm-regression', { model: 'M9', lstm: { units: [], dropout: 2 } }))).toEqual({
      model: 'must be one of M1, M2, M3',
      'lstm.units': 'at least 1 value',
      'lstm.dropout': 'must be below 1',
    });
    expect(plainProblem('Too big: expected number to be <=20')).toBe('must be 20 or less');
    expect(plainProblem('Too small: expected number to be >0')).toBe('must be above 0');
  });

  it('resolves the valid rest of a form and keeps the invalid entry as typed', () => {
    const raw = { testFraction: 1.5, folds: 7, nested: { a: 1, b: 2 } };
    expect(withoutPaths(raw, ['testFraction', 'nested.b'])).toEqual({ folds: 7, nested: { a: 1 } });
    expect(raw.testFraction).toBe(1.5); // not mutated
    const valid = resolveParams(registry.get('svm-split'), withoutPaths({ testFraction: 1.5, folds: 7 }, ['testFraction'])) as Record<string, unknown>;
    const shown = withPathsFrom(valid, { testFraction: 1.5, folds: 7 }, ['testFraction']);
    expect(shown).toMatchObject({ testFraction: 1.5, folds: 7, splitSeed: 42, foldSeed: 42 });
    expect((shown.features as string[]).length).toBeGreaterThan(0);
  });
});
