import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/notebook/graph';
import { parseNotebook } from '@/lib/notebook/notebook-schema';

const nb = (cells: unknown[]) => parseNotebook({ id: 'g', title: 'G', cells });

describe('graph', () => {
  it('orders every cell after its inputs, keeping document order otherwise', () => {
    const g = buildGraph(
      nb([
        { id: 'late', kind: 'k', inputs: { a: 'mid' } },
        { id: 'root', kind: 'k' },
        { id: 'mid', kind: 'k', inputs: { a: 'root' } },
        { id: 'other', kind: 'k' },
      ]),
    );
    expect(g.order).toEqual(['root', 'mid', 'late', 'other']);
    expect(g.downstreamClosure('root')).toEqual(['root', 'mid', 'late']);
    expect(g.upstreamClosure('late')).toEqual(['root', 'mid']);
  });

  it('names the whole loop when cells form a cycle', () => {
    expect(() =>
      buildGraph(
        nb([
          { id: 'a', kind: 'k', inputs: { x: 'c' } },
          { id: 'b', kind: 'k', inputs: { x: 'a' } },
          { id: 'c', kind: 'k', inputs: { x: 'b' } },
        ]),
      ),
    ).toThrow(/Cycle in notebook "g": a -> c -> b -> a/);
  });

  it('names the cell and input that refer to a missing cell', () => {
    expect(() => buildGraph(nb([{ id: 'a', kind: 'k', inputs: { data: 'nope' } }]))).toThrow(/Cell "a" input "data" refers to "nope"/);
  });

  it('rejects a markdown cell as an input', () => {
    expect(() => buildGraph(nb([{ id: 'm', kind: 'markdown', text: '' }, { id: 'a', kind: 'k', inputs: { x: 'm' } }]))).toThrow(/not a compute cell/);
  });
});

describe('notebook schema', () => {
  it('fills defaults and rejects duplicate ids', () => {
    const n = nb([{ id: 'a', kind: 'k' }]);
    expect(n.seed).toBe(42);
    expect(n.cells[0]).toMatchObject({ inputs: {}, params: {} });
    expect(() => nb([{ id: 'a', kind: 'k' }, { id: 'a', kind: 'k' }])).toThrow(/duplicate cell id "a"/);
  });

  it('lists every problem with its path', () => {
    expect(() => parseNotebook({ id: 'Bad Id', cells: [{ kind: 'k' }] })).toThrow(/id:[\s\S]*title:[\s\S]*cells\.0/);
  });
});
