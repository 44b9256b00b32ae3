// Issue #30: flags whose value the CLI took without a word now exit 2 with a message: more
// threads than cores, a seed the random streams cannot take, --until on a prose cell, --sheet
// with a CSV file, --set on a parameter the cell does not have, and profile names that are
// members of every object (constructor, __proto__, toString).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { applySets, unknownParam } from '@/cli/overrides';
import { registry } from '@/lib/cells';
import { findNotebook } from '@/notebooks';

const dir = mkdtempSync(join(tmpdir(), 'flag-checks-'));
let runs = 0;
const reproduce = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--quiet', '--out', join(dir, `out-${runs++}`), ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
const cores = os.availableParallelism?.() ?? os.cpus().length;

describe('reproduce: flag values it cannot honour exit 2 with a message', () => {
  // One spawn per finding (each costs seconds); the other prototype-named keys are covered in-process below.
  it.each([
    ['--threads above the CPU cores', ['--notebook', 'demo', '--threads', String(cores + 1)], new RegExp(`error: --threads must be at most ${cores} \\(the CPU cores of this machine\\), got ${cores + 1}`)],
    ['--seed beyond 2^32 - 1', ['--notebook', 'demo', '--seed', '99999999999999999999'], /error: --seed must be an integer from 0 to 4294967295, got "99999999999999999999"/],
    ['--until on a prose cell', ['--notebook', 'han-2026', '--until', 'intro'], /error: --until: cell "intro" is prose, nothing to run \(cells: data, cohort/],
    ['--sheet with a CSV file', ['--notebook', 'han-2026', '--until', 'data', '--sheet', 'Visits'], /error: --sheet "Visits": synthetic-cohort\.csv is not an XLSX workbook \(a CSV or TSV file has one table\); leave --sheet out/],
    ['--set on a parameter the cell lacks (fold for folds)', ['--notebook', 'han-2026', '--until', 'data', '--set', 'split.fold=3'], /error: --set split\.fold: cell "split" \(svm-split\) has no parameter "fold" \(known: .*\bfolds\b.*\)/],
    ['--set on a nested field the block lacks', ['--notebook', 'han-2026', '--until', 'data', '--set', 'lstm-all-m1.lstm.maxEpoch=3'], /error: --set lstm-all-m1\.lstm\.maxEpoch: "lstm" of cell "lstm-all-m1" has no field "maxEpoch" \(known: .*\bmaxEpochs\b.*\)/],
    ['--profile constructor', ['--notebook', 'han-2026', '--profile', 'constructor'], /error: Unknown profile "constructor" for notebook "han-2026" \(known: quick, paper, honest, honest-quick\)/],
  ])('%s', (_, args, message) => {
    const r = reproduce(args as string[]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 60_000);

  it('the largest seed and --threads at the core count are taken', () => {
    const r = reproduce(['--notebook', 'demo', '--seed', '4294967295', '--threads', String(cores)]);
    expect(r.status, r.stderr).toBe(0);
  }, 60_000);
});

describe('unknownParam: a --set path checked against the cell kind schema', () => {
  const schema = z
    .object({
      folds: z.number().default(5),
      lstm: z.object({ maxEpochs: z.number(), units: z.array(z.number()) }).partial().default({}),
      mapping: z.record(z.string(), z.string()).default({}),
      loose: z.looseObject({ a: z.number() }).optional(),
      either: z.union([z.object({ x: z.number() }), z.object({ y: z.number() })]).optional(),
    })
    .transform((p) => p);

  it('knows keys through defaults, transforms, optional and nested objects; records and loose objects take any key', () => {
    for (const keys of [['folds'], ['lstm', 'maxEpochs'], ['mapping', 'anything'], ['loose', 'b'], ['either', 'y'], ['folds', 'x']]) expect(unknownParam(schema, keys), keys.join('.')).toBeUndefined();
    expect(unknownParam(schema, ['fold'])).toEqual({ at: [], key: 'fold', known: ['folds', 'lstm', 'mapping', 'loose', 'either'] });
    expect(unknownParam(schema, ['lstm', 'maxEpoch'])).toEqual({ at: ['lstm'], key: 'maxEpoch', known: ['maxEpochs', 'units'] });
    expect(unknownParam(schema, ['either', 'z'])).toEqual({ at: ['either'], key: 'z', known: ['x', 'y'] });
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(unknownParam(schema, [name])?.key).toBe(name);
  });

  it("every --set in the README and the tests is a known parameter of the shipped notebooks' cells", () => {
    const han = findNotebook('han-2026')!;
    const schemaOf = (kind: string) => registry.get(kind).params;
    expect(() => applySets(han, ['split.folds=5', 'lstm-all-m1.lstm.maxEpochs=3', 'cohort.cutoffDate=2020-01-01', 'data.mapping.patient_id=Pt'], schemaOf)).not.toThrow();
    expect(() => applySets(findNotebook('teaching')!, ['prognosis.bootstrapResamples=40', 'prognosis.horizonDay=90'], schemaOf)).not.toThrow();
    expect(() => applySets(han, ['split.fold=3'], schemaOf)).toThrow(/--set split\.fold: cell "split" \(svm-split\) has no parameter "fold"/);
  });
});
