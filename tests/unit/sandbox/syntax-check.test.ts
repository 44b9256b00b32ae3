import { describe, expect, it } from 'vitest';
import { checkSyntax, inputVariables, SANDBOX_RESERVED_NAMES } from '@/lib/sandbox/syntax-check';

describe('checkSyntax', () => {
  it('accepts valid code, with return at the top (the code is a function body)', () => {
    expect(checkSyntax('const x = 1;\nreturn x + 1;')).toBeUndefined();
    expect(checkSyntax('return aq.from(data).filter((d) => d.grade > 2);', ['data'])).toBeUndefined();
    expect(checkSyntax('')).toBeUndefined();
    expect(checkSyntax('// only a comment')).toBeUndefined();
  });

  it('reports an unclosed brace at the end of the code', () => {
    const code = 'if (true) {\n  return 1;\n';
    // The code's last line is the empty third line: the end is line 3, column 1.
    expect(checkSyntax(code)).toMatchObject({ line: 3, column: 1 });
    expect(checkSyntax('for (const x of [1]) {\n  x;')).toMatchObject({ line: 2, column: 5 });
  });

  it('gives line 1 positions without the wrapper’s offset', () => {
    const p = checkSyntax('x = = 1;');
    expect(p).toMatchObject({ line: 1, column: 5 });
    expect(p!.message).not.toMatch(/\(\d+:\d+\)/);
    expect(checkSyntax('return 1 +* 2;')).toMatchObject({ line: 1, column: 11 });
  });

  it('reports the line and column of an error further down', () => {
    expect(checkSyntax('const a = 1;\nconst b = ;\nreturn a;')).toMatchObject({ line: 2, column: 11 });
  });

  it('is strict, and not async, as the sandbox compiles it', () => {
    expect(checkSyntax('with (Math) { return PI; }')).toBeDefined();
    expect(checkSyntax('const x = await 1;\nreturn x;')?.message).toMatch(/not an async function/);
    expect(checkSyntax('return (async () => await 1)();')).toBeUndefined();
  });

  it('refuses a redeclared input variable, but not a name that is no variable', () => {
    expect(checkSyntax('let data = 1;\nreturn data;', ['data'])).toMatchObject({ line: 1 });
    expect(checkSyntax('let data = 1;\nreturn data;', ['windows'])).toBeUndefined();
    expect(checkSyntax('const aq = 1;\nreturn aq;', ['aq'])).toBeUndefined();
  });

  it('refuses code that closes the function early', () => {
    const p = checkSyntax('return 1;\n}); (function () {');
    expect(p).toMatchObject({ line: 2, column: 1 });
    expect(p!.message).toMatch(/closes more/);
  });
});

describe('inputVariables', () => {
  it('picks the same names as the sandbox', () => {
    const names = [...SANDBOX_RESERVED_NAMES, 'data', 'windows', '_x', '$y', '1a', 'a-b', 'Plot2', 'async', 'of', 'let'];
    expect(inputVariables(names)).toEqual(['$y', 'Plot2', '_x', 'async', 'data', 'of', 'windows']);
    expect(inputVariables(['windows', 'aq', 'data'])).toEqual(['data', 'windows']);
  });
});

describe('checkSyntax messages', () => {
  it('names the unexpected token, and an open brace at the end', () => {
    expect(checkSyntax('const b = ;')?.message).toBe('Unexpected ";"');
    expect(checkSyntax('if (x) {\n  return 1;')?.message).toMatch(/end of the code.*left open/);
  });
});
