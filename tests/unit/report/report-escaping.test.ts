import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { latexBreakableText, latexText } from '@/lib/report/escape';
import { methodsLatex, methodsMarkdown } from '@/lib/report/methods';
import { probastLatex, probastMarkdown } from '@/lib/report/probast-ai';
import { tripodItems, tripodLatex, tripodMarkdown } from '@/lib/report/tripod';

/**
 * Issue #30: the data file's name and every other string from the manifest (notebook and cell
 * ids, profile, parameters, versions, column names) are text in report/*.md and report/*.tex,
 * never markup, HTML, a link, a new table row or a character that stops pdflatex.
 */
const HOSTILE = '<img src=x onerror=alert(1)>[x](javascript:alert(1))|col';
const CONTROLS = 'visits\u0007\u001b[31m\u0000\nsecond line\r\n\t\u007f\u0085\u009b.csv';
// A control character other than the line breaks a file is made of.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** A manifest with every section of the methods and a hostile string wherever the user has a say. */
function manifest(name: string, hostile = name): Record<string, unknown> {
  const fresh = (kind: string) => ({ kind, status: 'fresh' });
  return {
    notebook: { id: hostile },
    profile: hostile,
    backend: hostile,
    seed: 42,
    versions: { workbench: hostile, node: '20', [hostile]: hostile },
    data: { name, sha256: 'ab'.repeat(32) },
    ingest: { rows_accepted: 1000, rows_rejected: 2 },
    cells: {
      cohort: fresh('cohort-inclusion'),
      windows: fresh('windowing'),
      split: fresh('svm-split'),
      grid: fresh('svm-grid'),
      evaluation: fresh('classification-eval'),
      importance: fresh('permutation-importance'),
      [`lstm-${hostile}`]: fresh('lstm-regression'),
      [hostile]: fresh('prognosis-model'),
      external: fresh('external-validation'),
    },
    parameters: {
      cohort: { ageMin: 10, ageMax: 100, minEarlyVisits: 2, earlyDays: 30, lateDays: 365, cutoffDate: hostile, recoveryThreshold: 2 },
      windows: { mode: 'anchored', outcome: 'last', validationWindows: 'last' },
      split: { features: ['age', 'sex', hostile], split: 'samples', testFraction: 0.2, splitSeed: 42, folds: 5, foldSeed: hostile },
      grid: { engine: hostile, size: 4, cMin: 0.1, cMax: 100, gammaMin: 0.01, gammaMax: 1 },
      evaluation: { resamples: 200 },
      importance: { repeats: 10, subset: 'all' },
      [`lstm-${hostile}`]: { model: hostile, subset: 'all', bootstrapResamples: 100, split: 'samples', testFraction: 0.2, splitSeed: 42 },
    },
    cohort: { flow: [{ n_in: 500 }], development: 300, validation: 100, persistent: 40 },
    windows: { classification: { n: 900, patients: 300, recovered: 600 }, regression: { n: 1200 } },
    split: { all: { train: 720, test: 180 }, persistent: { train: 80, test: 20 } },
    svm: { all: { best: { C: 2.7, gamma: 0.09 }, test: { accuracy: { value: 0.9, ci_low: 0.85, ci_high: 0.95 }, f1: { value: 0.9, ci_low: 0.85, ci_high: 0.95 } } }, persistent: { best: { C: 5.6, gamma: 0.09 } } },
  };
}

// No sanitizing at all: what a plain Markdown viewer (or a site generator) would make of the file.
const plainMarkdown = new Marked({ gfm: true });
const render = (md: string) => plainMarkdown.parse(md, { async: false }) as string;

describe('report Markdown: strings from the manifest stay text', () => {
  const m = manifest(HOSTILE);
  const files = { 'methods.md': methodsMarkdown(m), 'tripod-ai.md': tripodMarkdown(m), 'probast-ai.md': probastMarkdown(m) };

  it.each(Object.entries(files))('%s: no raw <img, no link, the name readable as written', (_file, md) => {
    expect(md).not.toMatch(/<img/i);
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    const html = render(md);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<a\s/i);
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
    // Shown as the characters of the name (entities for < and >, the rest literal).
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;[x](javascript:alert(1))|col');
  });

  it('tripod-ai.md: one table row of four cells per checklist item, the name in its own cell', () => {
    for (const name of [HOSTILE, CONTROLS, 'a | b || c \\| d \\\\| e']) {
      const md = tripodMarkdown(manifest(name, HOSTILE));
      const table = plainMarkdown.lexer(md).find((t): t is Tokens.Table => t.type === 'table')!;
      expect(table.header.map((c) => c.text)).toEqual(['Item', 'Topic', 'Reported', 'From']);
      expect(table.rows).toHaveLength(tripodItems(manifest(name, HOSTILE)).length);
      for (const row of table.rows) expect(row).toHaveLength(4);
      const sources = table.rows.find((r) => r[0]!.text === '5a')!;
      expect(sources[1]!.text).toBe('Data: sources');
      // The file and its hash are the manifest's (this manifest has no load step to add its counts).
      expect(sources[3]!.text).toBe('manifest');
    }
  });

  it('a file name with control characters stays on one line, each control character visible', () => {
    const md = methodsMarkdown(manifest(CONTROLS));
    expect(md).not.toMatch(CONTROL);
    expect(md).toContain('visits\\[U+0007\\]\\[U+001B\\]\\[31m\\[U+0000\\] second line');
  });

  it('ordinary names are left readable', () => {
    const md = methodsMarkdown(manifest('my_cohort_2024 (v2).csv'));
    expect(md).toContain('the input file my_cohort_2024 (v2).csv has SHA-256');
    // The fixed prose is not escaped: only the strings from the manifest are.
    expect(md).toContain('(grade ≤ II) by day 30');
  });
});

describe('report LaTeX: control characters and TeX specials from the manifest', () => {
  it('the escaper leaves no control character and escapes every TeX special', () => {
    const escaped = latexText(CONTROLS);
    expect(escaped).not.toMatch(CONTROL);
    expect(escaped).not.toContain('\n');
    expect(escaped).toBe('visits{[}U+0007{]}{[}U+001B{]}{[}31m{[}U+0000{]} second line  {[}U+007F{]} {[}U+009B{]}.csv');
    expect(latexText('#$%&_{}~^\\<>|[]')).toBe('\\#\\$\\%\\&\\_\\{\\}\\textasciitilde{}\\textasciicircum{}\\textbackslash{}$<$$>$$\\vert${[}{]}');
    for (const tex of [methodsLatex(manifest(CONTROLS)), tripodLatex(manifest(CONTROLS)), probastLatex(manifest(CONTROLS))]) {
      expect(tex).not.toMatch(CONTROL);
      expect(tex).toContain('visits{[}U+0007{]}');
    }
  });

  const pdflatex = spawnSync('pdflatex', ['--version'], { encoding: 'utf8' }).status === 0;
  const booktabs = pdflatex && spawnSync('kpsewhich', ['booktabs.sty'], { encoding: 'utf8' }).stdout.trim() !== '';

  it.skipIf(!pdflatex)('compiles with pdflatex (methods and, with booktabs, the checklist)', () => {
    const name = `${CONTROLS} ${HOSTILE} #$%&_{}~^\\ \u00a0é 中`;
    const m = manifest(name, `${HOSTILE}\u0007`);
    const body = [latexText(name), methodsLatex(m), ...(booktabs ? [tripodLatex(m), probastLatex(m)] : [])];
    const doc = ['\\documentclass{article}', '\\usepackage[T1]{fontenc}', ...(booktabs ? ['\\usepackage{booktabs}', '\\usepackage{array}', '\\usepackage{longtable}'] : []), '\\tracinglostchars=3', '\\begin{document}', ...body, '\\end{document}', ''].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'report-escape-'));
    writeFileSync(join(dir, 'report.tex'), doc);
    const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', 'report.tex'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    const errors = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('!')).join('\n');
    expect(r.status, errors).toBe(0);
    expect(existsSync(join(dir, 'report.pdf'))).toBe(true);
  }, 30_000);
});

describe('long words in narrow checklist columns', () => {
  it('may break every 12 characters, each piece escaped on its own', () => {
    const sha = 'a5cf46b6d33f473cff9800b22c01963096a8440aaf6ff4859ceb70051aa0b471';
    expect(latexBreakableText(`SHA-256 ${sha}`)).toBe(`SHA-256 ${sha.match(/.{1,12}/g)!.join('\\allowbreak{}')}`);
    // Specials stay whole commands: a break never splits "\_" or "\textbackslash{}".
    const id = 'lstm_persistent_m1\\seed_5_of_5';
    const out = latexBreakableText(id);
    expect(out.replace(/\\allowbreak\{\}/g, '')).toBe(latexText(id));
    expect(out).toContain('\\allowbreak{}');
    // Short words and control characters as latexText writes them.
    expect(latexBreakableText('visits\u0007.csv')).toBe(latexText('visits\u0007.csv'));
  });
});
