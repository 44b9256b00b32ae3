import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { methodsLatex } from '@/lib/report/methods';
import { tripodLatex } from '@/lib/report/tripod';
import { escapeLatex, tableArtifact } from '@/lib/tables/table-artifact';
import { exportFixture } from '../report/export-fixture';

/**
 * Every .tex the export writes must compile with plain pdflatex (Debian texlive-latex-base and
 * texlive-latex-recommended: booktabs, longtable) and lose no character: \tracinglostchars=3
 * turns a character missing from the font into an error instead of a silent gap.
 */
const PDFLATEX = ['/usr/bin/pdflatex', 'pdflatex'].find((p) => p === 'pdflatex' || existsSync(p))!;

function compile(name: string, body: string): { ok: boolean; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'latex-'));
  const doc = ['\\documentclass{article}', '\\usepackage[T1]{fontenc}', '\\usepackage{booktabs}', '\\usepackage{longtable}', '\\tracinglostchars=3', '\\begin{document}', body, '\\end{document}', ''].join('\n');
  writeFileSync(join(dir, `${name}.tex`), doc);
  const r = spawnSync(PDFLATEX, ['-interaction=nonstopmode', '-halt-on-error', '-no-shell-escape', `${name}.tex`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0 && existsSync(join(dir, `${name}.pdf`)), log: `${r.stdout ?? ''}${r.error ? String(r.error) : ''}`.split('\n').filter((l) => l.startsWith('!') || /Missing character|Undefined control/.test(l)).join('\n') };
}

describe('exported LaTeX compiles with pdflatex', () => {
  it('every table, the methods paragraph and the TRIPOD+AI checklist of a run', async () => {
    const { state, manifest } = await exportFixture();
    const files: [string, string][] = [];
    for (const { artifact } of freshArtifacts(state, registry)) if (artifact.type === 'table' && artifact.latex) files.push([artifact.name, artifact.latex]);
    files.push(['methods', methodsLatex(manifest)], ['tripod-ai', tripodLatex(manifest)]);
    // The tables the paper has, at least.
    expect(files.map(([n]) => n)).toEqual(expect.arrayContaining(['table1', 'table2', 'cohort_flow', 'classification_metrics', 'fig3_importance', 'suppl_table4', 'balance_all', 'methods', 'tripod-ai']));
    for (const [name, tex] of files) {
      const r = compile(name, tex);
      expect(r.ok, `${name}.tex does not compile:\n${r.log}`).toBe(true);
    }
  }, 120_000);

  it('text from the user’s file: TeX specials, symbols, accents and other scripts, nothing dropped', () => {
    const rows = [
      { site: 'Zürich & Malmö #2', note: '50% of_cases ≤ II, ± 1 SD – γ = 0.09; ~x^2 {a} \\b <c> |d|' },
      { site: 'São Paulo', note: 'Ångström, Łódź, naïve, façade, “quoted” — 3°' },
      { site: '北京', note: 'emoji 😀 and Hangul 한' },
    ];
    const t = tableArtifact('user_text', rows, ['site', 'note'], { caption: 'Sites ≤ 3 (100%)', untrustedText: true });
    const r = compile('user_text', t.latex!);
    expect(r.ok, r.log).toBe(true);
    // Characters pdflatex cannot set are written visibly, never dropped.
    expect(t.latex).toContain('{[}U+5317{]}{[}U+4EAC{]}');
    expect(t.latex).toContain('{[}U+1F600{]}');
    expect(escapeLatex('≤ ± –')).toBe('$\\leq$ $\\pm$ --');
    expect(escapeLatex('é')).toBe("\\'{e}");
  }, 60_000);
});
