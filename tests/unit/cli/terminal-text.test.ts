// Issue #30: a crafted file must not write escape sequences to the user's terminal. The CLIs
// print header cells, file names, values and cell messages that quote them; every such write
// goes through terminalSafe, which shows control characters as visible escapes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '@/cli/terminal-text';

const TITLE = '\x1b]0;pwned\x07'; // OSC: sets the terminal's title
const CLEAR = '\x1b[2J'; // CSI: clears the screen
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const dir = mkdtempSync(join(tmpdir(), 'terminal-text-'));
const [header, ...lines] = readFileSync('data/synthetic-cohort.csv', 'utf8').trim().split('\n') as [string, ...string[]];
const cli = (script: string, args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } });

describe('terminalSafe', () => {
  it('shows C0 and C1 controls, DEL and bidi overrides as escapes, and keeps newlines, tabs and text', () => {
    expect(terminalSafe(`a${TITLE}b${CLEAR}c`)).toBe('a\\x1b]0;pwned\\x07b\\x1b[2Jc');
    expect(terminalSafe('line 1\n\tline 2\r\x00\x7f\x9b')).toBe('line 1\n\tline 2\\x0d\\x00\\x7f\\x9b');
    expect(terminalSafe('abc\u202ecba')).toBe('abc\\u202ecba');
    expect(terminalSafe('Grade ≤ II, Gürbüz, 李')).toBe('Grade ≤ II, Gürbüz, 李');
  });

  it('the CLIs that print user data write only through it', () => {
    for (const name of readdirSync('cli').filter((f) => /^(reproduce|predict|simulate|compare-manifests|args|tf-backend)\.ts$/.test(f))) {
      const source = readFileSync(join('cli', name), 'utf8');
      expect(source, name).not.toMatch(/process\.(stdout|stderr)\.write|console\.(log|error|warn|info)/);
    }
  });
});

describe('a CSV with escape sequences in its name, header and values', () => {
  it('reproduce: the file name and header cells are printed escaped, no raw ESC or BEL byte', () => {
    const cols = header.split(',');
    const evilHeader = [...cols.map((c) => (c === 'patient_id' ? `${CLEAR}pid` : c)), `${TITLE}note`].join(',');
    const path = join(dir, `evil${CLEAR}.csv`);
    writeFileSync(path, [evilHeader, ...lines.slice(0, 50).map((l) => `${l},${TITLE}`)].join('\n'));
    const r = cli('cli/reproduce.ts', ['--notebook', 'han-2026', '--until', 'data', '--data', path, '--out', join(dir, 'out'), '--today', '2026-01-01']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/error: cell "data" failed: No column of the file could be matched to patient_id/);
    expect(r.stderr).toContain('data evil\\x1b[2J.csv');
    expect(r.stderr).toContain('"\\x1b[2Jpid"');
    expect(r.stderr).toContain('"\\x1b]0;pwned\\x07note"');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  }, 120_000);

  it('predict: a rejected value is printed escaped, no raw ESC or BEL byte', () => {
    const teaching = join(dir, 'teaching');
    const model = cli('cli/reproduce.ts', ['--notebook', 'teaching', '--until', 'prognosis', '--set', 'prognosis.bootstrapResamples=40', '--out', teaching, '--quiet']);
    expect(model.status, model.stderr).toBe(0);
    const path = join(dir, 'values.csv');
    writeFileSync(path, [header, ...lines.slice(0, 50).map((l, i) => (i === 3 ? l.replace(/,[^,]*$/, `,${CLEAR}IV${TITLE}`) : l))].join('\n'));
    const r = cli('cli/predict.ts', ['--model', join(teaching, 'models', 'prognosis.json'), '--data', path, '--out', join(dir, 'predict'), '--today', '2026-01-01']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('rejected: row 5, hb_grade "\\x1b[2JIV\\x1b]0;pwned\\x07"');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  }, 120_000);

  it('a usage error quoting an argument is printed escaped', () => {
    const r = cli('cli/reproduce.ts', ['--notebook', `nope${TITLE}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown notebook "nope\\x1b]0;pwned\\x07"');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  }, 60_000);
});
