import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { safeArtifacts } from '@/components/notebook/safe-artifacts';

describe('a step whose input failed', () => {
  const def = registry.get('lstm-split');

  it('the crash the issue saw: the split\'s artifacts read its windows input, gone after the windows step failed', () => {
    expect(() => def.artifacts!({} as never, {} as never, { windows: undefined } as never)).toThrow(/regression/);
  });

  it('safeArtifacts leaves the artifacts out and says why, instead of throwing', () => {
    const result = safeArtifacts(def, {}, {}, { windows: undefined });
    expect(result.artifacts).toEqual([]);
    expect(result.problem).toMatch(/input "windows" has no result/);
  });

  it('a builder that throws is caught; a cell without output or artifacts draws nothing', () => {
    const throwing = { artifacts: () => { throw new Error('boom'); } };
    expect(safeArtifacts(throwing, {}, {}, {}).problem).toMatch(/boom/);
    expect(safeArtifacts(throwing, undefined, {}, {})).toEqual({ artifacts: [], problem: undefined });
    expect(safeArtifacts({}, {}, {}, {})).toEqual({ artifacts: [], problem: undefined });
  });
});
