/**
 * Code cells run only when the user trusts the notebook's code: the CLI skips them (and what
 * needs them) without --trust-code and says so; with it they run in the sandbox and export their
 * result like any step.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { checkInputs } from '@/lib/notebook/check-inputs';
import { cellDetails } from '@/lib/notebook/cell-details';
import { parseNotebook } from '@/lib/notebook/notebook-schema';
import { withoutCodeCells } from '@/lib/sandbox/trust';
import demo from '@/notebooks/demo.json';

const CODE = `// grades per patient
return aq.from(data.patients.map((p) => ({ sex: p.sex, visits: p.visits.length })))
  .groupby('sex').rollup({ patients: op.count(), visits: op.sum('visits') }).orderby('sex');`;

const withCode = parseNotebook({
  ...demo,
  cells: [
    ...demo.cells,
    { id: 'by-sex', kind: 'code', inputs: { data: 'data' }, params: { code: CODE, name: 'patients_by_sex' } },
    { id: 'figure', kind: 'code', inputs: { table: 'by-sex' }, params: { code: `return Plot.plot({ marks: [Plot.barY(table, { x: 'sex', y: 'patients' })] });`, name: 'bar' } },
  ],
});

describe('withoutCodeCells', () => {
  it('drops the code cells and every cell downstream of them', () => {
    const { notebook, skipped, dependents } = withoutCodeCells(withCode);
    expect(skipped).toEqual(['by-sex', 'figure']);
    expect(dependents).toEqual([]);
    expect(notebook.cells.map((c) => c.id)).toEqual(['intro', 'dataset', 'data']);
    expect(withoutCodeCells(parseNotebook(demo)).notebook.cells).toHaveLength(3);
  });
});

describe('free inputs', () => {
  it('a code cell takes inputs of any name from any kind; names must be identifiers', () => {
    expect(() => checkInputs(withCode, registry)).not.toThrow();
    const bad = parseNotebook({ ...withCode, cells: [...demo.cells, { id: 'c', kind: 'code', inputs: { 'not-a-name': 'data' } }] });
    expect(() => checkInputs(bad, registry)).toThrow(/input named "not-a-name"/);
    expect(cellDetails(registry.get('code'), () => undefined).join(' ')).toMatch(/results of the steps the notebook gives it.*heavy/);
  });
});

const tsx = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', ...args, '--quiet'], { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });

describe('npm run reproduce and code cells', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trust-code-'));
  const file = join(dir, 'demo-with-code.json');
  writeFileSync(file, JSON.stringify({ format: 'palsy-workbench-notebook', version: 1, profile: null, seed: 42, data: null, notebook: withCode }));

  it('skips code cells without --trust-code, and says which', () => {
    const out = join(dir, 'untrusted');
    const r = tsx(['--notebook', file, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped code cells by-sex, figure\b.*--trust-code/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.skipped_code_cells.cells).toEqual(['by-sex', 'figure']);
    expect(manifest.cells['by-sex']).toBeUndefined();
    expect(manifest.cells.data.status).toBe('fresh');
  }, 120_000);

  it('runs them with --trust-code: a table and a figure exported', () => {
    const out = join(dir, 'trusted');
    const r = tsx(['--notebook', file, '--out', out, '--trust-code', '--formats', 'svg']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/skipped code/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.cells['by-sex'].status).toBe('fresh');
    expect(manifest.cells.figure.status).toBe('fresh');
    expect(manifest.skipped_code_cells).toBeUndefined();
    const csv = readFileSync(join(out, 'tables', 'patients_by_sex.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('sex,patients,visits');
    const svgPath = join(out, 'figures', 'bar.svg');
    expect(existsSync(svgPath), `files: ${JSON.stringify(manifest.files ?? manifest.artifacts ?? {}).slice(0, 300)}`).toBe(true);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svg).toContain('<rect');
    expect(svg).not.toMatch(/<script|\son\w+=/i);
  }, 120_000);
});
