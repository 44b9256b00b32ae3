// reproduce --threads N runs the steps on worker_threads through the page's worker pool (cells
// N at a time, fan-outs on idle threads): the manifest and the model files must equal a run in
// one thread, apart from the clock.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'reproduce-threads-'));
// --threads may not exceed the cores; one thread still runs everything through the pool.
const threads = String(Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
const reproduce = (out: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--quiet', '--notebook', 'han-2026', '--profile', 'quick', '--out', join(dir, out), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });

/** The run's results: the manifest without its clock (date, timings, each step's ms) and the model files without their date. */
function results(out: string) {
  const manifest = JSON.parse(readFileSync(join(dir, out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.created_at;
  delete manifest.timings;
  for (const cell of Object.values(manifest.cells as Record<string, { ms?: number }>)) delete cell.ms;
  const models = Object.fromEntries(
    readdirSync(join(dir, out, 'models')).map((file) => {
      const model = JSON.parse(readFileSync(join(dir, out, 'models', file), 'utf8')) as Record<string, unknown>;
      delete model.createdAt;
      return [file, model];
    }),
  );
  // The files' hashes cover their dates.
  for (const m of manifest.models as { sha256?: string }[]) delete m.sha256;
  return { manifest, models };
}

describe('reproduce --threads: the same results as one thread', () => {
  // The six LSTMs (two at a time on threads), shortened; and the grid's and the bootstrap's fan-outs.
  const lstms = ['all', 'persistent'].flatMap((s) => ['m1', 'm2', 'm3'].map((m) => `lstm-${s}-${m}`));
  const runs = [
    ['six LSTMs side by side', ['--until', 'lstm-report', ...lstms.flatMap((c) => ['--set', `${c}.lstm.maxEpochs=4`])]],
    ['grid slices and bootstrap replicates', ['--until', 'optimism']],
  ] as const;
  it.each(runs)('%s', (name, args) => {
    const one = reproduce(`${name}-0`, [...args]);
    expect(one.status, one.stderr).toBe(0);
    const two = reproduce(`${name}-2`, ['--threads', threads, ...args]);
    expect(two.status, two.stderr).toBe(0);
    const a = results(`${name}-0`), b = results(`${name}-2`);
    expect(Object.keys(a.models).length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  }, 240_000);
});
