import { describe, expect, it } from 'vitest';
import { neutralizeFormula, tableArtifact } from '@/lib/tables/table-artifact';

describe('table artifacts', () => {
  it('writes CSV, Markdown and booktabs LaTeX with the given column order', () => {
    const t = tableArtifact('t', [{ b: 'x,y', a: 1.5 }, { a: 2, b: 'z' }], ['a', 'b'], { caption: 'A & B' });
    expect(t.csv).toBe('a,b\n1.5,"x,y"\n2,z\n');
    expect(t.markdown).toContain('| a | b |');
    expect(t.latex).toContain('\\caption{A \\& B}');
    expect(t.latex).toContain('1.5 & x,y \\\\');
  });

  it('neutralizes formula-like text so a spreadsheet never runs it, leaving numbers alone', () => {
    expect(neutralizeFormula("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormula('-3.5')).toBe('-3.5');
    expect(neutralizeFormula(-3)).toBe(-3);
  });

  it('neutralizes text from the user\'s file on request only: our own "-18.35 ± 7.12" stays as written', () => {
    expect(tableArtifact('t', [{ v: '=1+1' }, { v: '-18.35 ± 7.12' }], ['v'], { untrustedText: true }).csv).toBe("v\n'=1+1\n'-18.35 ± 7.12\n");
    expect(tableArtifact('t', [{ v: '-18.35 ± 7.12' }], ['v']).csv).toBe('v\n-18.35 ± 7.12\n');
  });

  it('writes a header-only table for no rows', () => {
    expect(tableArtifact('e', [], ['x', 'y']).csv).toBe('x,y\n');
  });
});

describe('tableArtifact CSV (written row by row, without copying the rows)', () => {
  it('is byte-identical to arquero toCSV on awkward values', async () => {
    const aq = await import('arquero');
    const rows = [
      { a: 'plain', b: 1.5, c: null, d: true, e: new Date(Date.UTC(2024, 0, 5)) },
      { a: 'comma, "quote"', b: -0, c: undefined, d: false, e: new Date(Date.UTC(2024, 0, 5, 13, 4, 5)) },
      { a: 'line\nbreak\r', b: Number.NaN, c: '', d: null, e: null },
      { a: '=1+1', b: 1e21, c: 'x', e: 'text' },
      { a: 'ms', e: new Date(Date.UTC(2024, 11, 31, 0, 0, 0, 7)) },
      { a: 'seconds', e: new Date(Date.UTC(1999, 1, 2, 0, 0, 9)) },
      { a: 'minutes', e: new Date(Date.UTC(2024, 5, 6, 0, 30)) },
      { a: 'far future', e: new Date(Date.UTC(12345, 0, 1)) },
      { a: 'before year 0', e: new Date(Date.UTC(-50, 2, 3, 4)) },
      { a: 'invalid', e: new Date(Number.NaN) },
    ];
    const columns = ['a', 'b', 'c', 'd', 'e', 'missing'];
    const expected = aq.toCSV(aq.from(rows.map((r) => Object.fromEntries(columns.map((c) => [c, (r as Record<string, unknown>)[c] ?? null])))), { columns });
    expect(tableArtifact('t', rows, columns, { markdown: false, latex: false }).csv).toBe(expected);
    expect(tableArtifact('t', rows, columns).csv).toBe(expected);
  });

  it('is byte-identical to arquero toCSV across its chunks of a thousand lines', async () => {
    const aq = await import('arquero');
    for (const n of [998, 999, 1000, 1001, 2500]) {
      const rows = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, x: i / 7, note: i % 97 === 0 ? 'a, "b"' : null }));
      const gen = function* () {
        yield* rows;
      };
      const expected = aq.toCSV(aq.from(rows), { columns: ['id', 'x', 'note'] });
      expect(tableArtifact('t', gen(), ['id', 'x', 'note'], { markdown: false, latex: false }).csv, `${n} rows`).toBe(expected);
    }
  });
});

describe('tableArtifact with lazy rows (a large CSV-only table)', () => {
  const rows = [
    { id: 'P1', n: 1 },
    { id: 'P2, "x"', n: null },
  ];
  it('writes its CSV only when read, once, identical to the eager table', () => {
    let calls = 0;
    const lazy = tableArtifact('t', () => (calls++, rows), ['id', 'n'], { markdown: false, latex: false, preview: false, rowCount: rows.length });
    expect(calls).toBe(0);
    expect(lazy.rowCount).toBe(2);
    const eager = tableArtifact('t', rows, ['id', 'n'], { markdown: false, latex: false, preview: false });
    expect(lazy.csv).toBe(eager.csv);
    expect(lazy.csv).toBe(eager.csv);
    expect(calls).toBe(1);
    expect(eager.rowCount).toBe(2);
    expect(lazy.markdown).toBeUndefined();
  });
  it('refuses lazy rows for a table that also wants Markdown or LaTeX', () => {
    expect(() => tableArtifact('t', () => rows, ['id', 'n'])).toThrow(/lazy rows are for CSV-only tables/);
  });
});
