// Issue #30: a wrong --out or --data path is exit 2 with a message, never a stack trace, and it
// is found before anything runs (no progress line, no model trained). Inputs are stat'ed first
// and only regular files are opened: a FIFO or /dev/zero is refused without reading from it.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES_ENV } from '@/cli/file-checks';

const dir = mkdtempSync(join(tmpdir(), 'file-checks-'));
const aFile = join(dir, 'a-file.txt');
writeFileSync(aFile, 'not a folder\n');
const cli = (script: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_NO_WARNINGS: '1', ...env } });
// han-2026 without --quiet: its first progress line would show that the run had started.
const reproduce = (args: string[], env: Record<string, string> = {}) => cli('cli/reproduce.ts', ['--notebook', 'han-2026', '--until', 'data', ...args], env);
const refusedBeforeRunning = (r: ReturnType<typeof cli>, message: RegExp) => {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
  expect(r.stderr).not.toMatch(/reproduce: notebook/);
};
const isRoot = process.getuid?.() === 0;
const fifo = join(dir, 'visits.fifo');
const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;

describe('reproduce: bad --out paths exit 2 before anything runs', () => {
  it('--out that is an existing file', () => {
    refusedBeforeRunning(reproduce(['--out', aFile]), /error: --out: .*a-file\.txt is a file, not a folder/);
  }, 60_000);

  it('--out under a file', () => {
    refusedBeforeRunning(reproduce(['--out', join(aFile, 'run')]), /error: --out: cannot create .*a-file\.txt\/run: .*a-file\.txt is a file, not a folder/);
  }, 60_000);

  it.skipIf(isRoot)('--out in a read-only folder (skipped as root: root ignores permissions)', () => {
    const readOnly = join(dir, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o500);
    try {
      refusedBeforeRunning(reproduce(['--out', join(readOnly, 'run')]), /error: --out: cannot write to .*read-only .*permission denied/);
      refusedBeforeRunning(reproduce(['--out', readOnly]), /error: --out: cannot write to .*read-only: permission denied/);
    } finally {
      chmodSync(readOnly, 0o700);
    }
  }, 60_000);
});

describe('reproduce: bad --data paths exit 2 before anything runs, without reading them', () => {
  it('--data that is a folder', () => {
    refusedBeforeRunning(reproduce(['--data', dir, '--out', join(dir, 'out-folder')]), /error: --data: .* is a folder, not a file/);
  }, 60_000);

  it.skipIf(!hasFifo)('--data that is a FIFO: refused, not waited on', () => {
    refusedBeforeRunning(reproduce(['--data', fifo, '--out', join(dir, 'out-fifo')]), /error: --data: .*visits\.fifo is a FIFO \(named pipe\), not a file/);
  }, 60_000);

  it.skipIf(!existsSync('/dev/zero'))('--data /dev/zero: refused, not read without end', () => {
    refusedBeforeRunning(reproduce(['--data', '/dev/zero', '--out', join(dir, 'out-zero')]), /error: --data: \/dev\/zero is a character device, not a file/);
  }, 60_000);

  it('--data over the size limit (2 GiB; lowered here through the environment)', () => {
    refusedBeforeRunning(
      reproduce(['--data', 'data/synthetic-cohort.csv', '--out', join(dir, 'out-big')], { [MAX_INPUT_BYTES_ENV]: '1024' }),
      /error: --data: .*synthetic-cohort\.csv is \d+(\.\d)? KiB, more than the limit of 1 KiB/,
    );
    expect(existsSync(join(dir, 'out-big'))).toBe(false);
  }, 60_000);

  it('--model that is a folder', () => {
    refusedBeforeRunning(cli('cli/reproduce.ts', ['--notebook', 'external', '--model', dir, '--out', join(dir, 'out-model')]), /error: --model: .* is a folder, not a file/);
  }, 60_000);
});

describe('predict and simulate check their paths the same way', () => {
  it('predict: --data /dev/zero and --out under a file', () => {
    const model = join(dir, 'model.json');
    writeFileSync(model, '{}');
    const zero = cli('cli/predict.ts', ['--model', model, '--data', existsSync('/dev/zero') ? '/dev/zero' : dir, '--out', join(dir, 'p')]);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/error: --data: .* is a (character device|folder), not a file/);
    const out = cli('cli/predict.ts', ['--model', model, '--data', 'data/synthetic-cohort.csv', '--out', join(aFile, 'p')]);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/error: --out: cannot create .*a-file\.txt is a file, not a folder/);
  }, 60_000);

  it('simulate: --out that is a folder, --params that is a folder', () => {
    const out = cli('cli/simulate.ts', ['--out', dir, '--patients', '5']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/error: --out: .* is a folder, not a file/);
    const params = cli('cli/simulate.ts', ['--out', join(dir, 'sim.csv'), '--params', dir, '--patients', '5']);
    expect(params.status).toBe(2);
    expect(params.stderr).toMatch(/error: --params: .* is a folder, not a file/);
    expect(existsSync(join(dir, 'sim.csv'))).toBe(false);
  }, 60_000);
});
