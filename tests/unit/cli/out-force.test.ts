// Issue #30: --out into a folder that is not empty (another run, or anything else) is refused
// with exit 2 unless --force is given; with --force a previous run's files are replaced (no
// stale figure or table is left beside the new ones) and other files are kept.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const reproduce = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--notebook', 'demo', '--quiet', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } });

describe('reproduce --out into a folder that is not empty', () => {
  it('refuses a folder holding another run without --force (exit 2, the run untouched); --force replaces the run and keeps other files', () => {
    const out = mkdtempSync(join(tmpdir(), 'out-force-'));
    const first = reproduce(['--out', out]);
    expect(first.status, first.stderr).toBe(0);
    const manifest = readFileSync(join(out, 'manifest.json'), 'utf8');

    const again = reproduce(['--out', out, '--seed', '7']);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/error: --out: .* is not empty: it holds a previous run \(manifest\.json\)\. Choose a new or empty folder, or add --force to replace that run's files/);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(manifest);

    mkdirSync(join(out, 'figures'), { recursive: true });
    writeFileSync(join(out, 'figures', 'stale-figure.svg'), '<svg/>');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const forced = reproduce(['--out', out, '--seed', '7', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).seed).toBe(7);
    expect(existsSync(join(out, 'figures', 'stale-figure.svg'))).toBe(false);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  }, 120_000);

  it('refuses a folder holding other files without --force, naming them', () => {
    const out = mkdtempSync(join(tmpdir(), 'out-force-'));
    writeFileSync(join(out, 'thesis.docx'), 'x');
    const r = reproduce(['--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error: --out: .* is not empty: it holds thesis\.docx\. Choose a new or empty folder, or add --force to write into it/);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  }, 60_000);
});
