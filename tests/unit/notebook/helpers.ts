import { z } from 'zod';
import { defineCell, type AnyCellDefinition } from '@/lib/notebook/define-cell';
import { throwIfCancelled } from '@/lib/notebook/errors';
import { createRegistry } from '@/lib/notebook/registry';
import { parseNotebook } from '@/lib/notebook/notebook-schema';

/** A controllable heavy cell: each run waits until the test releases it. */
export function gate() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

export const calls: string[] = [];

export const sourceCell = defineCell({
  kind: 't-source',
  version: 1,
  title: 'Source',
  description: 'A number from params',
  inputs: {},
  params: z.object({ value: z.number().default(1) }),
  heavy: false,
  async *run(_inputs, params) {
    calls.push('source');
    return params.value;
  },
});

export const doubleCell = defineCell<{ x: unknown }, { factor: number }, number>({
  kind: 't-double',
  version: 1,
  title: 'Double',
  description: 'Multiplies',
  inputs: { x: ['t-source', 't-double', 't-heavy'] },
  params: z.object({ factor: z.number().default(2) }),
  heavy: false,
  async *run(inputs, params) {
    calls.push('double');
    const x = inputs.x as number | { total: number };
    return (typeof x === 'number' ? x : x.total) * params.factor;
  },
});

export let heavyGate = gate();
export function resetHeavyGate() {
  heavyGate = gate();
}

export const heavyCell = defineCell<{ x: unknown }, { epochs: number }, { total: number; draw: number }>({
  kind: 't-heavy',
  version: 1,
  title: 'Heavy',
  description: 'Trains',
  inputs: { x: ['t-source', 't-double'] },
  params: z.object({ epochs: z.number().int().default(3) }),
  heavy: true,
  async *run(inputs, params, ctx) {
    calls.push('heavy');
    const g = heavyGate;
    for (let e = 0; e < params.epochs; e++) {
      yield { fraction: e / params.epochs, message: `epoch ${e + 1}` };
      throwIfCancelled(ctx.signal);
    }
    await g.promise;
    return { total: (inputs.x as number) * params.epochs, draw: ctx.rng.uniform() };
  },
});

export const failingCell = defineCell({
  kind: 't-fail',
  version: 1,
  title: 'Fail',
  description: 'Always throws',
  inputs: { x: ['t-source'] },
  params: z.object({}),
  heavy: false,
  async *run() {
    throw new Error('boom: column "age" row 3 value "abc"');
  },
});

export const registry = createRegistry([sourceCell, doubleCell, heavyCell, failingCell] as AnyCellDefinition[]);

export function chainNotebook() {
  return parseNotebook({
    id: 'chain',
    title: 'Chain',
    seed: 7,
    cells: [
      { id: 'intro', kind: 'markdown', text: '# Hello' },
      { id: 'a', kind: 't-source', params: { value: 3 } },
      { id: 'b', kind: 't-double', inputs: { x: 'a' } },
      { id: 'h', kind: 't-heavy', inputs: { x: 'b' } },
      { id: 'c', kind: 't-double', inputs: { x: 'h' }, params: {} },
    ],
  });
}
