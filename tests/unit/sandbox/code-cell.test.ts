/** The code cell (issue #27): its run, its errors and its exports, run in this thread. */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { codeCell, type CodeCellOutput, type CodeCellParams } from '@/lib/cells/code-cell';
import { resolveParams as resolveAny, type AnyCellDefinition } from '@/lib/notebook/define-cell';
import { InputError } from '@/lib/notebook/errors';
import { createRng } from '@/lib/stats/random';

const resolveParams = (_def: unknown, raw: unknown) => resolveAny(codeCell as AnyCellDefinition, raw) as CodeCellParams;

async function runCell(code: string, inputs: Record<string, unknown> = {}, seed = 42, extra: Record<string, unknown> = {}): Promise<CodeCellOutput> {
  const params = resolveParams(codeCell, { code, ...extra });
  const gen = codeCell.run(inputs, params, { rng: createRng(seed).fork('c'), seed, signal: new AbortController().signal, env: { host: 'node' } });
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}

describe('code cell', () => {
  it('is heavy, bounded, and takes free inputs', () => {
    expect(codeCell.heavy).toBe(true);
    expect(codeCell.freeInputs).toBe(true);
    expect(() => resolveParams(codeCell, { code: 'x'.repeat(100_001) })).toThrow(/100000 characters/);
    expect(() => resolveParams(codeCell, { timeLimitSeconds: 10_000 })).toThrow(/600/);
  });

  it('a table becomes a CSV artifact', async () => {
    const out = await runCell(`return aq.from(rows).groupby('g').rollup({ n: op.count() }).orderby('g');`, { rows: [{ g: 'a' }, { g: 'b' }, { g: 'a' }] });
    const params = resolveParams(codeCell, { name: 'counts' });
    const [table] = codeCell.artifacts!(out, params, {});
    expect(table).toMatchObject({ type: 'table', name: 'counts' });
    expect(table!.type === 'table' && table!.csv.trim().split('\n')).toEqual(['g,n', 'a,2', 'b,1']);
  });

  it('a text cell that a spreadsheet would run is neutralized in the CSV', async () => {
    const out = await runCell(`return [{ v: '=HYPERLINK("http://evil")' }];`);
    const [table] = codeCell.artifacts!(out, resolveParams(codeCell, {}), {});
    expect(table!.type === 'table' && table!.csv).toContain(`'=HYPERLINK`);
  });

  it('a figure becomes a figure artifact drawn from the sanitized tree', async () => {
    const out = await runCell(`return Plot.plot({ width: 300, marks: [Plot.dot([{ x: 1, y: 2 }], { x: 'x', y: 'y' })] });`);
    const [figure] = codeCell.artifacts!(out, resolveParams(codeCell, { name: 'dots' }), {});
    if (figure?.type !== 'figure') throw new Error('expected a figure');
    expect(figure.widthPx).toBe(300);
    const { window } = new JSDOM('<!doctype html><body></body>');
    const el = figure.render(window.document as unknown as Document);
    expect(el.tagName).toBe('svg');
    expect(el.querySelectorAll('circle')).toHaveLength(1);
  });

  it('a value becomes a one-cell JSON table', async () => {
    const out = await runCell(`return { a: [1, 2] };`);
    const [table] = codeCell.artifacts!(out, resolveParams(codeCell, {}), {});
    expect(table!.type === 'table' && table!.csv).toContain('"{""a"":[1,2]}"');
  });

  it('errors in the code are InputErrors with the message and the line', async () => {
    await expect(runCell('let x = ;')).rejects.toThrow(InputError);
    await expect(runCell('\nundefinedThing();')).rejects.toThrow(/Code step: ReferenceError \(line 2:\d+\)/);
    await expect(runCell('while (true) {}', {}, 42, { timeLimitSeconds: 0.2 })).rejects.toThrow(/Stopped after 0\.2 s/);
  });

  it('Math.random follows the cell’s stream: same seed, same numbers', async () => {
    const a = await runCell('return Math.random();', {}, 1);
    const b = await runCell('return Math.random();', {}, 1);
    const c = await runCell('return Math.random();', {}, 2);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('code cell outputs cross the worker boundary and the cache', () => {
  it('round-trip through the columnar codec unchanged (tables, figures, values)', async () => {
    const { encodeColumnar, decodeColumnar } = await import('@/lib/notebook/columnar-codec');
    const outputs = [
      await runCell(`return [{ a: 1, b: 'x', c: null }, { a: 2.5, b: 'y', c: true }];`),
      await runCell(`return Plot.plot({ marks: [Plot.dot([{ x: 1, y: 2 }, { x: 3, y: 1 }], { x: 'x', y: 'y' }), Plot.text(['hi'], { x: 0, y: 0 })] });`),
      await runCell(`return { nested: [1, 'two', [3]], n: null };`),
    ];
    for (const out of outputs) expect(decodeColumnar(structuredClone(encodeColumnar(out)))).toEqual(out);
  });
});

describe('a code cell fed by another', () => {
  it('sees its table as records, its value as itself and its figure as SVG text', async () => {
    const table = await runCell(`return [{ a: 1 }, { a: 2 }];`);
    const value = await runCell(`return { n: 3 };`);
    const out = await runCell(`return [aq.from(t).rollup({ s: op.sum('a') }).get('s', 0), v.n, typeof other];`, { t: table, v: value, other: { kind: 'table', rows: [] } });
    expect(out).toMatchObject({ kind: 'value', value: [3, 3, 'object'] });
  });
});
