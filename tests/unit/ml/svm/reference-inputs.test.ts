import { describe, expect, it } from 'vitest';
import { buildInputs } from '@/scripts/reference/make-inputs';
import { readReference } from './fixtures';

describe('reference inputs', () => {
  it('are exactly what scripts/reference/make-inputs.ts builds now (regenerate both sides if this fails)', () => {
    expect(JSON.parse(JSON.stringify(buildInputs()))).toEqual(readReference('inputs.json'));
  });

  it('resemble the windowed samples: ~690 rows, 11 features, SAG1 constant, mostly recovered', () => {
    const inputs = buildInputs();
    expect(inputs.X.length).toBeGreaterThan(600);
    expect(inputs.X[0]).toHaveLength(11);
    expect(new Set(inputs.X.map((r) => r[3])).size).toBe(1);
    const share = inputs.y.filter((v) => v === 1).length / inputs.y.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.9);
    expect(inputs.split.straddling).toBeGreaterThan(0);
  });
});
