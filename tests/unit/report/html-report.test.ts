import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDocument } from '@/cli/render-figure';
import { notebookFileText } from '@/components/notebook/notebook-file';
import { registry } from '@/lib/cells';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { resolveParams, type Artifact } from '@/lib/notebook/define-cell';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { sha256Hex } from '@/lib/notebook/hash';
import { buildManifest } from '@/lib/notebook/manifest';
import { applyProfile } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import type { NotebookState } from '@/lib/notebook/state';
import { exportFiles } from '@/lib/report/export-files';
import { htmlReport, inlineSvg, reportNotebookText, readerTitle } from '@/lib/report/html-report';
import { methodsSections } from '@/lib/report/methods';
import { probastItems } from '@/lib/report/probast-ai';
import { tripodItems } from '@/lib/report/tripod';
import { createRng } from '@/lib/stats/random';
import { findNotebook } from '@/notebooks';
import { exportFixture, fakeLstmOutput, source, withoutLstm } from './export-fixture';

/** Issue #28, item 3: the run as one self-contained HTML file, the same from the page and the CLI. */
const DATE = '2026-03-01T10:00:00.000Z';

type Table = Extract<Artifact, { type: 'table' }>;

function report(state: NotebookState, manifest: Record<string, unknown>, date = DATE, data = { name: source.name, sha256: source.sha256 }) {
  const failures: string[] = [];
  const html = htmlReport({ state, registry, document: nodeDocument(), manifest, notebookFile: notebookFileText(state.notebook, 'quick', data), date, onFailure: (m) => failures.push(m) });
  return { html, failures };
}

/** Text as an XML serializer writes it inside an element. */
const htmlEscapeText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Text content of the parsed report (what a reader sees; no markup). */
const parse = (html: string) => new JSDOM(html).window.document;

describe('htmlReport', () => {
  let state: NotebookState;
  let manifest: Record<string, unknown>;
  let html: string;
  let artifacts: Artifact[];
  /** The report parsed once (jsdom takes seconds over its 600 kB). */
  let doc: Document;
  beforeAll(async () => {
    ({ state, manifest } = await exportFixture());
    const r = report(state, manifest);
    expect(r.failures).toEqual([]);
    html = r.html;
    doc = parse(html);
    artifacts = [...freshArtifacts(state, registry)].map((a) => a.artifact);
  }, 60_000);

  it('holds every figure as the SVG text the export writes, with a caption and a name for assistive technology', async () => {
    const noRaster = () => {
      throw new Error('SVG only');
    };
    const host = { document: nodeDocument(), png: noRaster, tiff: noRaster, pdf: () => Promise.reject(new Error('SVG only')) };
    const svgs = new Map<string, string>();
    for await (const [path, content] of exportFiles(state, registry, host, { dpi: 300, formats: ['svg'], data: { sha256: source.sha256 }, version: '0.1.0', manifest })) {
      if (path.startsWith('figures/')) svgs.set(path.slice('figures/'.length, -'.svg'.length), content as string);
    }
    const figures = artifacts.filter((a) => a.type === 'figure');
    expect(figures.length).toBeGreaterThan(5);
    expect([...svgs.keys()].sort()).toEqual(figures.map((f) => f.name).sort());
    for (const f of figures) {
      // The export's file text, made fit for a page (no XML declaration, ids prefixed, role and label).
      expect(html, f.name).toContain(inlineSvg(svgs.get(f.name)!, `figure-${f.name}-`, f.caption ?? f.name, `figure-${f.name}-description`));
      // Every figure has a description written from its data (its accessible description here, its
      // <desc> in the SVG file) and the table behind it.
      expect(f.description?.trim(), `${f.name} description`).toBeTruthy();
      expect(f.description, f.name).not.toMatch(/NaN|undefined/);
      expect(f.data?.columns.length, `${f.name} data`).toBeGreaterThan(1);
      expect(f.data?.rows.length, `${f.name} data`).toBeGreaterThan(0);
      for (const row of f.data!.rows) expect(row.length, `${f.name} data row`).toBe(f.data!.columns.length);
      expect(svgs.get(f.name), f.name).toContain(htmlEscapeText(f.description!));
      const figure = doc.querySelector(`#figure-${f.name} figure`)!;
      expect(figure, f.name).toBeTruthy();
      const svg = figure.querySelector(':scope > svg')!;
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.getAttribute('aria-label')).toBe(f.caption ?? f.name);
      expect(doc.getElementById(svg.getAttribute('aria-describedby')!)?.textContent, f.name).toBe(f.description);
      expect(figure.querySelector('figcaption')!.textContent).toBe(f.caption ?? f.name);
      // In the contents by its reader's title, the file name beside it.
      const entry = doc.querySelector(`nav a[href="#figure-${f.name}"]`);
      expect(entry?.textContent, `${f.name} in the contents`).toBe(readerTitle(f.caption, f.name));
      expect(entry?.parentElement?.querySelector('code')?.textContent).toBe(f.name);
    }
    // Plot's clip paths have the same ids in every figure: inline, each figure keeps its own.
    const ids = [...doc.querySelectorAll('[id]')].map((e) => e.id);
    expect(ids.length).toBe(new Set(ids).size);
    for (const ref of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids, ref[0]).toContain(ref[1]);
  }, 60_000);

  it('holds every publication table as an HTML table with its caption and headings, and no data-only table', () => {
    const tables = artifacts.filter((a): a is Table => a.type === 'table');
    const publication = tables.filter((t) => t.markdown !== undefined || t.latex !== undefined);
    expect(publication.map((t) => t.name)).toEqual(expect.arrayContaining(['suppl_table4', 'table2', 'classification_metrics']));
    for (const t of publication) {
      const table = doc.querySelector(`#table-${t.name} table`)!;
      expect(table, t.name).toBeTruthy();
      expect(table.querySelector('caption')!.textContent).toBe(t.caption ?? t.name);
      const heads = [...table.querySelectorAll('thead th')];
      expect(heads.length).toBeGreaterThan(1);
      for (const th of heads) expect(th.getAttribute('scope')).toBe('col');
      if (t.header) expect(heads.map((h) => h.textContent)).toEqual(t.header);
      const rows = t.csv.trim().split('\n').length - 1;
      expect(table.querySelectorAll('tbody tr').length, t.name).toBe(rows);
    }
    for (const t of tables.filter((x) => !publication.includes(x))) expect(doc.getElementById(`table-${t.name}`), t.name).toBeNull();
  });

  it('holds the methods and the TRIPOD+AI checklist written from the manifest', () => {
    const text = doc.body.textContent!.replace(/\s+/g, ' ');
    for (const s of methodsSections(manifest)) {
      expect(text).toContain(s.heading);
      expect(text).toContain(s.text.replace(/\s+/g, ' '));
    }
    const rows = [...doc.querySelectorAll('#tripod tbody tr')];
    const items = tripodItems(manifest);
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual(items.map((i) => i.item));
    for (const [k, i] of items.entries()) expect(rows[k]!.querySelectorAll('td')[1]!.textContent).toBe(i.answer ?? `[author to complete: ${i.author ?? i.topic.toLowerCase()}]`);
    expect(items.some((i) => i.answer === undefined)).toBe(true);
    // PROBAST+AI: one table per model that ran, every signalling question of the checklist file.
    const probast = probastItems(manifest);
    const probastRows = [...doc.querySelectorAll('#probast tbody tr')];
    expect(probastRows.length).toBe(probast.length);
    expect(probastRows.map((r) => r.querySelector('th')!.textContent)).toEqual(probast.map((i) => i.question));
    expect(doc.querySelector('#probast caption')!.textContent).toMatch(/RBF SVM/);
  });

  it('describes the data by name, hash and counts, and shows the parameters and the manifest as JSON', () => {
    const data = doc.getElementById('data')!.textContent!;
    for (const s of [source.name, source.sha256, '1,733', '254']) expect(data).toContain(s);
    const pres = [...doc.querySelectorAll('#parameters details pre')].map((p) => JSON.parse(p.textContent!));
    expect(pres).toEqual([manifest.parameters, JSON.parse(JSON.stringify(manifest))]);
    expect(doc.querySelector('h1')!.textContent).toBe(state.notebook.title);
    expect(doc.title).toContain(state.notebook.title);
    // Headings in order: one h1, then h2s, each h3 under an h2.
    const levels = [...doc.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let k = 1; k < levels.length; k++) expect(levels[k]! - levels[k - 1]!, `heading ${k}`).toBeLessThanOrEqual(1);
  });

  it('carries the notebook in a JSON data block that reads back as the saved notebook, and says how to reopen it', () => {
    const block = doc.getElementById('notebook')!;
    expect(block.tagName).toBe('SCRIPT');
    expect(block.getAttribute('type')).toBe('application/json');
    const file = JSON.parse(block.textContent!);
    expect(file.notebook).toEqual(JSON.parse(JSON.stringify(state.notebook)));
    expect(file).toMatchObject({ format: 'palsy-workbench-notebook', version: 1, profile: 'quick', seed: state.notebook.seed, data: { name: source.name, sha256: source.sha256 }, savedAt: DATE });
    expect(JSON.parse(reportNotebookText(html)!)).toEqual(file);
    expect(doc.getElementById('reopen')!.textContent).toMatch(/Open notebook…/);
  });

  it('a `</script>` in a parameter cannot end the data block', () => {
    const nb = { ...state.notebook, description: 'x</script><script>alert(1)</script><!--' };
    // No step run: nothing to draw, the block is what is checked.
    const r = report({ ...state, notebook: nb, cells: {} }, manifest);
    expect(r.html.match(/<script\b/gi)).toHaveLength(1);
    expect(JSON.parse(parse(r.html).getElementById('notebook')!.textContent!).notebook.description).toBe(nb.description);
  });

  it('runs nothing and fetches nothing: one data block and no other script, no event handler, no external address', () => {
    expect(html.match(/<script\b[^>]*>/gi)).toEqual(['<script type="application/json" id="notebook">']);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`);
    expect(doc.documentElement.getAttribute('lang')).toBe('en');
    expect(doc.querySelectorAll('link, img, iframe, object, embed, base, form, audio, video, source').length).toBe(0);
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name, `<${el.tagName}>`).not.toMatch(/^on/i);
        // SVG namespace declarations are names, not addresses: nothing is fetched from them.
        if (/https?:/i.test(attr.value)) expect(attr.name, `<${el.tagName} ${attr.name}>`).toMatch(/^xmlns(:|$)/);
        if (/href$/i.test(attr.name)) expect(attr.value, `<${el.tagName} ${attr.name}>`).toMatch(/^#/);
      }
    }
    for (const style of doc.querySelectorAll('style')) expect(style.textContent).not.toMatch(/url\(|@import/i);
  });

  it('two reports of the same run differ only in their date', () => {
    const other = '2027-11-30T23:59:59.999Z';
    const b = report(state, manifest, other).html;
    expect(b).not.toBe(html);
    expect(b.split(other).join('DATE')).toBe(html.split(DATE).join('DATE'));
  });
});

/**
 * As tests/unit/report/no-identifiers.test.ts: the bundled cohort with its ids rewritten to
 * distinctive record numbers. The SVM part runs on it; the LSTM steps get outputs of the real
 * shape naming real patients of the file (too slow to train here), and Fig. 6 is drawn from them.
 */
describe('htmlReport on a file with distinctive ids', () => {
  const MARK = 'MRN-7Q3X';
  const [header, ...rows] = readFileSync('data/synthetic-cohort.csv', 'utf8').trim().split('\n');
  const scrambled = rows.map((l) => l.replace(/^P0*(\d+),/, (_, n: string) => `${MARK}-${(Number(n) * 7919) % 100_003},`));
  const text = `${[header, ...scrambled].join('\n')}\n`;
  const bytes = new TextEncoder().encode(text);
  const clinic = { name: 'clinic-export.csv', sha256: sha256Hex(bytes), text, bytes };
  const ids = [...new Set(scrambled.map((l) => l.slice(0, l.indexOf(','))))];
  const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));

  const named = (o: LstmRegressionOutput): LstmRegressionOutput => ({
    ...o,
    testPredictions: o.testPredictions.map((p, i) => ({ ...p, patient_id: ids[i % 9]! })),
    validationPredictions: o.validationPredictions.map((p, i) => ({ ...p, patient_id: ids[20 + i]! })),
    courses: o.courses.map((c, i) => ({ ...c, patient_id: ids[20 + i]! })),
  });

  it('names no patient by the file’s id anywhere in the report', async () => {
    const full = applyProfile(findNotebook('han-2026')!, 'quick');
    const lstm = new Set(full.cells.filter((c) => c.kind === 'lstm-regression').map((c) => c.id));
    const svmPart = withoutLstm(full);
    const ran = await runNotebook({ notebook: svmPart, registry, source: clinic, env: { host: 'node', libsvmWasmBinary } });
    const cells = { ...ran.cells };
    for (const cell of full.cells) {
      if (!lstm.has(cell.id) || !('params' in cell)) continue;
      const p = resolveParams(registry.get('lstm-regression'), cell.params) as { subset: 'all' | 'persistent'; model: 'M1' | 'M2' | 'M3' };
      cells[cell.id] = { status: 'fresh', output: named(fakeLstmOutput(p.subset, p.model, 0.5)), key: `fake-${cell.id}` } as NotebookState['cells'][string];
    }
    const withLstm: NotebookState = { ...ran, notebook: full, cells };
    const reportCell = full.cells.find((c) => c.kind === 'lstm-report')!;
    const def = registry.get('lstm-report');
    const inputs = Object.fromEntries(Object.entries('inputs' in reportCell ? (reportCell.inputs as Record<string, string>) : {}).map(([slot, id]) => [slot, cells[id]?.output]));
    const gen = def.run(inputs, resolveParams(def, 'params' in reportCell ? reportCell.params : {}), { rng: createRng(1), seed: 1, signal: new AbortController().signal, env: {} });
    let step = await gen.next();
    while (!step.done) step = await gen.next();
    cells[reportCell.id] = { status: 'fresh', output: step.value, key: 'fake-report' } as NotebookState['cells'][string];
    const state: NotebookState = { ...withLstm, cells };

    const manifest = buildManifest(state, registry, { seed: full.seed, profile: 'quick', data: { name: clinic.name, sha256: clinic.sha256, bytes: bytes.length }, versions: { workbench: '0.1.0' }, totalMs: 0, createdAt: DATE });
    const { html, failures } = report(state, manifest, DATE, { name: clinic.name, sha256: clinic.sha256 });
    expect(failures).toEqual([]);
    // The run did name patients by those ids (the re-analysis CSVs keep them), and Fig. 6 is in the report.
    const csvs = [...freshArtifacts(state, registry)].map((a) => a.artifact).filter((a): a is Table => a.type === 'table' && a.markdown === undefined);
    expect(csvs.some((t) => t.csv.includes(MARK))).toBe(true);
    expect(html).toContain('id="figure-fig6-recovery-course"');
    expect(html).toContain('clinic-export.csv');
    expect(html).not.toContain(MARK);
    expect(html).not.toContain('7Q3X');
  }, 60_000);
});

describe('readers’ titles in the report', () => {
  it('a caption’s number and first sentence, shortened; the file name without a caption', () => {
    expect(readerTitle('Fig. 1. Flow of patients through the inclusion criteria. Numbers are patients.', 'fig1-flow')).toBe('Fig. 1. Flow of patients through the inclusion criteria');
    expect(readerTitle('Supplementary Table 4. Selected RBF-SVM hyperparameters (5-fold CV, 0.5 s)', 'suppl_table4')).toBe('Supplementary Table 4. Selected RBF-SVM hyperparameters (5-fold CV, 0.5 s)');
    expect(readerTitle(undefined, 'audit')).toBe('audit');
    expect(readerTitle('Supplementary figure. Mean 5-fold CV accuracy on the training part. More.', 'suppl-grid-heatmap')).toBe('Supplementary figure. Mean 5-fold CV accuracy on the training part');
    const long = readerTitle(`Table 2. ${'word '.repeat(40)}end.`, 't');
    expect(long.length).toBeLessThanOrEqual(90);
    expect(long.endsWith('…')).toBe(true);
  });
});
