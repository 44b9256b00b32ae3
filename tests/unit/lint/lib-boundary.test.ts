import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints fixture files as if they were in lib/, with the project's own eslint.config.mjs: the
// same rules `npm run lint` applies to lib/.
async function lintAsLib(fixture: string) {
  const eslint = new ESLint({ cwd: process.cwd() });
  const code = readFileSync(`tests/fixtures/lint/${fixture}`, 'utf8');
  const [result] = await eslint.lintText(code, { filePath: `lib/__boundary_fixture__/${fixture}` });
  return result!.messages.filter((m) => m.severity === 2);
}

describe('the boundary of lib/', () => {
  it('fails lint when lib/ imports React', async () => {
    const errors = await lintAsLib('imports-react.ts');
    expect(errors.map((e) => e.ruleId)).toContain('no-restricted-imports');
    expect(errors.find((e) => e.ruleId === 'no-restricted-imports')!.message).toMatch(/no React/);
  });

  it('fails lint for fs, next/*, Monaco, components/ and Math.random in lib/', async () => {
    const messages = (await lintAsLib('imports-fs-and-next.ts')).map((e) => `${e.ruleId}: ${e.message}`);
    expect(messages.filter((m) => m.startsWith('no-restricted-imports'))).toHaveLength(4);
    expect(messages.some((m) => /file system/.test(m))).toBe(true);
    expect(messages.some((m) => /Next\.js/.test(m))).toBe(true);
    expect(messages.some((m) => /Monaco/.test(m))).toBe(true);
    expect(messages.some((m) => /UI code/.test(m))).toBe(true);
    expect(messages.some((m) => m.startsWith('no-restricted-properties') && /seeded RNG/.test(m))).toBe(true);
  });

  it('allows the same imports outside lib/', async () => {
    const eslint = new ESLint({ cwd: process.cwd() });
    const code = readFileSync('tests/fixtures/lint/imports-react.ts', 'utf8');
    const [result] = await eslint.lintText(code, { filePath: 'components/__fixture__.tsx' });
    expect(result!.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});
