import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { leakageAudit } from '@/lib/cells/leakage-audit';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { methodsLatex } from '@/lib/report/methods';
import { probastLatex } from '@/lib/report/probast-ai';
import { tripodLatex } from '@/lib/report/tripod';
import { createRng } from '@/lib/stats/random';
import { textWidth } from '@/lib/tables/latex-metrics';
import { escapeLatex, isNumberLike, latexCaption, tableArtifact } from '@/lib/tables/table-artifact';
import { buildAudit } from '@/lib/validation/audit';
import { exportFixture } from '../report/export-fixture';

/**
 * Every .tex the export writes must compile with plain pdflatex (Debian texlive-latex-base and
 * texlive-latex-recommended) in an A4 article at 10 pt, lose no character (\tracinglostchars=3
 * turns a character missing from the font into an error instead of a silent gap), and fit the
 * page: no "Overfull \hbox" (a table running into the margin) and no "Float too large" (one
 * running off the bottom). The preamble is the one the README documents.
 */
const PDFLATEX = ['/usr/bin/pdflatex', 'pdflatex'].find((p) => p === 'pdflatex' || existsSync(p))!;
const PACKAGES = ['booktabs', 'array', 'tabularx', 'longtable', 'pdflscape'];
const PREAMBLE = ['\\documentclass[10pt,a4paper]{article}', '\\usepackage[T1]{fontenc}', ...PACKAGES.map((p) => `\\usepackage{${p}}`), '\\tracinglostchars=3'];

function compile(name: string, body: string): { ok: boolean; log: string; problems: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'latex-'));
  writeFileSync(join(dir, `${name}.tex`), [...PREAMBLE, '\\begin{document}', body, '\\end{document}', ''].join('\n'));
  const run = () => spawnSync(PDFLATEX, ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', `${name}.tex`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  let r = run();
  const logFile = () => (existsSync(join(dir, `${name}.log`)) ? readFileSync(join(dir, `${name}.log`), 'latin1') : '');
  // A longtable settles its column widths over two runs.
  if (r.status === 0 && /Rerun LaTeX|Table widths have changed/.test(logFile())) r = run();
  const log = logFile();
  const problems = log.split('\n').filter((l) => /^(Overfull \\hbox|! )|Float too large|Missing character|Undefined control/.test(l));
  return { ok: r.status === 0 && existsSync(join(dir, `${name}.pdf`)), log: `${r.stdout ?? ''}${r.error ? String(r.error) : ''}`.split('\n').filter((l) => l.startsWith('!') || /Missing character|Undefined control/.test(l)).join('\n'), problems };
}

/** The packages a table's first line says it needs. */
const needs = (tex: string) => [...(/^% Needs (.*)$/m.exec(tex)?.[1] ?? '').matchAll(/\\usepackage\{([^}]+)\}/g)].map((m) => m[1]!);

describe('exported LaTeX compiles with pdflatex and fits an A4 page at 10 pt', () => {
  it('every table, the methods paragraph and the TRIPOD+AI checklist of a run', async () => {
    const { state, manifest } = await exportFixture();
    const tables: [string, string][] = [];
    for (const { artifact } of freshArtifacts(state, registry)) if (artifact.type === 'table' && artifact.latex) tables.push([artifact.name, artifact.latex]);
    const files = [...tables, ['methods', methodsLatex(manifest)], ['tripod-ai', tripodLatex(manifest)], ['probast-ai', probastLatex(manifest)]] as [string, string][];
    // The tables the paper has, at least.
    expect(files.map(([n]) => n)).toEqual(expect.arrayContaining(['table1', 'table2', 'cohort_flow', 'classification_metrics', 'fig3_importance', 'suppl_table4', 'balance_all', 'methods', 'tripod-ai']));
    for (const [name, tex] of files) {
      const r = compile(name, tex);
      expect(r.ok, `${name}.tex does not compile:\n${r.log}`).toBe(true);
      // Tables and the reports alike: a checklist whose SHA-256 or cell id ran into the margin failed here.
      expect(r.problems, `${name}.tex does not fit the page:\n${tex}`).toEqual([]);
    }
    for (const [name, tex] of tables) {
      expect(PACKAGES, `${name}.tex needs a package the documented preamble lacks`).toEqual(expect.arrayContaining(needs(tex)));
      expect(tex, name).not.toMatch(/\\caption\{(Supplementary )?(Table|Fig\.) \d/);
    }
    const byName = new Map(tables);
    // Table 1 keeps its indented grades and right-aligns its numbers; Table 2 no longer runs 232 pt into the margin.
    expect(byName.get('table1')).toMatch(/\\quad Grade II, n \(\\%\) & \d+ \(/);
    expect(byName.get('table1')).toContain('{@{}lrr@{}}');
    expect(byName.get('table1')).toContain('\\caption{Characteristics of the development and temporal validation sets}\\label{tab:table1}');
    expect(byName.get('classification_metrics')).toContain('No-information rate');
    expect(byName.get('classification_metrics')).not.toContain('no\\_information');
    expect(byName.get('svm_discrimination')).toContain('AUC 95\\% CI');
  }, 120_000);

  it('the leakage audit’s table (not in the paper notebook): readers’ headings, CIs with "to", fits', () => {
    const base = { patients: ['a', 'a', 'b', 'c', 'd', 'd'], actual: [1, 1, 0, 1, 0, 1], majorityClass: 1, straddlingPatients: 0 };
    const audit = buildAudit(
      [
        { ...base, split: 'window-level', features: 'paper features', predicted: [1, 1, 0, 1, 0, 1], carriedForward: [1, 0, 0, 1, 1, 1], straddlingPatients: 2 },
        { ...base, split: 'patient-level', features: 'without SAD4', predicted: [1, 1, 1, 1, 1, 1], carriedForward: [1, 0, 0, 1, 1, 1] },
      ],
      [{ split: 'window-level', model: 'M1', patients: ['a', 'b'], actual: [2, 3], predicted: [2.5, 3], locf: [3, 3], straddlingPatients: 1 }],
      { resamples: 50, rng: createRng(1) },
    );
    const artifacts = leakageAudit.artifacts!({ ...audit, subset: 'all', recoveryThreshold: 2, conditions: [], lstm: [] }, {} as never, {} as never);
    const table = artifacts.find((a) => a.type === 'table' && a.name === 'audit');
    if (table?.type !== 'table') throw new Error('no audit table');
    expect(table.header).toEqual(expect.arrayContaining(['Patients on both sides', 'Balanced accuracy']));
    expect(table.csv.split('\n')[0]).toBe('split,features,method,n_test,patients,straddling_patients,accuracy,balanced_accuracy,auc,mae');
    expect(table.latex).toMatch(/\d\.\d{3} \(\d\.\d{3} to \d\.\d{3}\)/);
    const r = compile('audit', table.latex!);
    expect(r.ok, r.log).toBe(true);
    expect(r.problems, table.latex).toEqual([]);
  }, 60_000);

  it('text from the user’s file: TeX specials, symbols, accents and other scripts, nothing dropped', () => {
    const rows = [
      { site: 'Zürich & Malmö #2', note: '50% of_cases ≤ II, ± 1 SD – γ = 0.09; ~x^2 {a} \\b <c> |d|' },
      { site: 'São Paulo', note: 'Ångström, Łódź, naïve, façade, “quoted” — 3°' },
      { site: '北京', note: 'emoji 😀 and Hangul 한' },
    ];
    const t = tableArtifact('user_text', rows, ['site', 'note'], { caption: 'Sites ≤ 3 (100%)', untrustedText: true });
    const r = compile('user_text', t.latex!);
    expect(r.ok, r.log).toBe(true);
    expect(r.problems).toEqual([]);
    // Characters pdflatex cannot set are written visibly, never dropped.
    expect(t.latex).toContain('{[}U+5317{]}{[}U+4EAC{]}');
    expect(t.latex).toContain('{[}U+1F600{]}');
    expect(escapeLatex('≤ ± –')).toBe('$\\leq$ $\\pm$ --');
    expect(escapeLatex('é')).toBe("\\'{e}");
  }, 60_000);
});

describe('publication tables in LaTeX', () => {
  it('leaves the table number to LaTeX: "Table 2." and "Fig. 3." are dropped from \\caption', () => {
    expect(latexCaption('Table 2. Prediction of the later grade')).toBe('Prediction of the later grade');
    expect(latexCaption('Fig. 3. Permutation importance')).toBe('Permutation importance');
    expect(latexCaption('Supplementary Table 4. Selected hyperparameters')).toBe('Selected hyperparameters');
    expect(latexCaption('Tables of 2 subsets. Table 2 is elsewhere')).toBe('Tables of 2 subsets. Table 2 is elsewhere');
    const t = tableArtifact('table9', [{ a: 'x', b: 1 }], ['a', 'b'], { caption: 'Table 9. Something' });
    expect(t.latex).toContain('\\caption{Something}\\label{tab:table9}');
    expect(t.markdown).toBeDefined();
  });

  it('keeps a row label’s indentation and right-aligns numbers, also number texts with CIs, p-values and n (%)', () => {
    const rows = [
      { label: 'Initial grade, mean ± SD', a: '3.31 ± 0.88', ci: '0.903 (0.853 to 0.953)', p: '< 0.001', n: 254 },
      { label: '  Grade II, n (%)', a: '48 (18.9%)', ci: '0.717 (-0.094 to 2.249)', p: 'n/a', n: null },
      { label: '    Deeper', a: '136 : 118', ci: '', p: '0.210', n: 3 },
    ];
    const tex = tableArtifact('t', rows, ['label', 'a', 'ci', 'p', 'n']).latex!;
    expect(tex).toContain('\\begin{tabular}{@{}lrrrr@{}}');
    expect(tex).toContain('\\quad Grade II, n (\\%) & 48 (18.9\\%)');
    expect(tex).toContain('\\quad \\quad Deeper & 136 : 118');
    // A negative bound is set with a true minus, and the range with "to", never a dash beside it.
    expect(tex).toContain('0.717 ($-$0.094 to 2.249)');
    expect(isNumberLike('0.903 (0.853 to 0.953)')).toBe(true);
    expect(isNumberLike('n/a (constant)')).toBe(true);
    expect(isNumberLike('M1')).toBe(false);
    expect(isNumberLike('Grade II')).toBe(false);
    expect(compile('aligned', tex).problems).toEqual([]);
  }, 60_000);

  it('decides the layout by width and height: tabular, wrapped text, groups, landscape, longtable; each fits', () => {
    const ci = '0.480 (0.432 to 0.528)';
    const narrow = tableArtifact('narrow', [{ a: 'x', b: 1 }], ['a', 'b']).latex!;
    expect(narrow).toContain('\\begin{tabular}');
    expect(narrow).toMatch(/^% Needs \\usepackage\{booktabs\}\n/);
    const text = 'Graded first visit, follow-up, age 10–100, sex, diabetes, hypertension and treatment timing known';
    const wrapped = tableArtifact('wrapped', [{ step: 1, criterion: text, excluded: `${text}: 3` }], ['step', 'criterion', 'excluded']).latex!;
    expect(wrapped).toContain('\\begin{tabularx}{\\linewidth}');
    expect(wrapped).not.toContain('landscape');
    const subsets = ['All subjects', 'Persistent palsy subset'].flatMap((subset) => ['Accuracy', 'Balanced accuracy', 'Recall', 'Specificity'].map((metric) => ({ subset, metric, value: '0.952', a: ci, b: ci })));
    const grouped = tableArtifact('grouped', subsets, ['subset', 'metric', 'value', 'a', 'b']).latex!;
    expect(grouped).toContain('\\begin{tabular}');
    expect(grouped).toContain('\\multicolumn{4}{@{}l@{}}{Persistent palsy subset} \\\\');
    expect(grouped).toContain('\\quad Balanced accuracy & 0.952');
    const wide = tableArtifact('wide', [Object.fromEntries(Array.from({ length: 7 }, (_, k) => [`m${k}`, ci]))], Array.from({ length: 7 }, (_, k) => `m${k}`)).latex!;
    expect(wide).toContain('\\begin{landscape}');
    const tall = tableArtifact('tall', Array.from({ length: 70 }, (_, i) => ({ i, x: ci })), ['i', 'x'], { caption: 'Seventy rows' }).latex!;
    expect(tall).toContain('\\begin{longtable}{@{}rr@{}}');
    expect(tall).toContain('\\endhead');
    for (const [name, tex] of Object.entries({ narrow, wrapped, grouped, wide, tall })) {
      const r = compile(name, tex);
      expect(r.ok, r.log).toBe(true);
      expect(r.problems, `${name}:\n${tex}`).toEqual([]);
    }
  }, 60_000);

  it('estimates widths as pdflatex sets them (10 pt, T1)', () => {
    const samples = ['0.903 (0.853 to 0.953)', 'Last grade carried forward', 'Persistent palsy subset', 'AUC 95% CI, DeLong', 'MSE (grades²)', '−0.094 ± 1.5 ≤ 2', 'Zürich, naïve'];
    const body = samples.map((s, k) => `\\settowidth{\\dimen0}{${escapeLatex(s)}}\\typeout{WIDTH ${k} \\the\\dimen0}`).join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'latex-'));
    writeFileSync(join(dir, 'w.tex'), [...PREAMBLE, '\\begin{document}', body, '\\end{document}', ''].join('\n'));
    spawnSync(PDFLATEX, ['-interaction=nonstopmode', '-no-shell-escape', 'w.tex'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const measured = new Map([...readFileSync(join(dir, 'w.log'), 'latin1').matchAll(/^WIDTH (\d+) ([\d.]+)pt/gm)].map((m) => [Number(m[1]), Number(m[2])]));
    samples.forEach((s, k) => {
      expect(measured.get(k), s).toBeDefined();
      expect(Math.abs(textWidth(s) - measured.get(k)!), s).toBeLessThan(0.02 * measured.get(k)! + 0.5);
    });
  }, 60_000);
});
