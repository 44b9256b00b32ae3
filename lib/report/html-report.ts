import Papa from 'papaparse';
import { figureSvgText, type FigureProvenance } from '../figures/compose-figure';
import type { Artifact } from '../notebook/define-cell';
import { freshArtifacts } from '../notebook/fresh-artifacts';
import { isComputeCell, isVariantCopy } from '../notebook/notebook-schema';
import type { CellRegistry } from '../notebook/registry';
import type { NotebookState } from '../notebook/state';
import { author } from './claims/types';
import { htmlPreText, htmlText } from './html-escape';
import { methodsSections } from './methods';
import { INTRO as PROBAST_INTRO, MODEL_TITLES as PROBAST_MODELS, probastItems, rated as probastRated, support as probastSupport } from './probast-ai';
import { NOTEBOOK_BLOCK_ID, reportNotebookText } from './report-notebook-block';
import { tripodItems, type ChecklistItem } from './tripod';

export { NOTEBOOK_BLOCK_ID, reportNotebookText };

/**
 * The run as one self-contained HTML file (issue #28, item 3): the page's "Export report" and
 * `npm run reproduce -- --report` (DIR/report/report.html) both call `htmlReport`: given the
 * same run and manifest, two reports differ only in their date (the page's manifest and the
 * CLI's still record their own host: versions, backend, timings).
 *
 * What it holds: the notebook's title, the data file's name, SHA-256 and counts (no patient
 * row, no id), a table of contents, every figure as inline SVG (the text the export writes to
 * figures/<name>.svg, ids made unique within the page), every publication table (those with a
 * Markdown or LaTeX version) as an HTML table, the methods paragraph and the TRIPOD+AI
 * checklist, the parameters and the run manifest as JSON, and the notebook as a saved notebook
 * file in a `<script type="application/json" id="notebook">` data block (never executed), with
 * how to reopen it.
 *
 * It opens offline and runs nothing: no script (the data block is not one), no event handler
 * attribute, no external address (styles inline, system fonts), and a Content-Security-Policy
 * that allows inline styles and data: images only. Every text from the run is escaped
 * (lib/report/html-escape.ts).
 */

type Json = Record<string, unknown>;

export interface HtmlReportInput {
  state: NotebookState;
  registry: CellRegistry;
  /** Draws the figures: the page's document, or jsdom's in the CLI (cli/render-figure.ts). */
  document: Document;
  /** The run manifest, as written to manifest.json. */
  manifest: Json;
  /** The notebook as "Save notebook" writes it (components/notebook/notebook-file.ts): what the data block holds. */
  notebookFile: string;
  /** When the report was written (the manifest's created_at): the only text that differs between two reports of one run. */
  date: string;
  /** Printed width of every figure in mm, as given to the export; absent = each figure's own. */
  widthMm?: number;
  /** A figure or a cell's exports could not be made: reported, the report goes on (and says so in place). */
  onFailure?: (message: string) => void;
}

/** The id of the data block that carries the notebook. */

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const count = (v: unknown): string | undefined => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US') : undefined);

interface FigureEntry {
  name: string;
  anchor: string;
  caption?: string;
  /** What the figure shows and its key numbers (the artifact's description): the SVG's accessible description. */
  description?: string;
  /** Inline SVG, or undefined when the figure could not be drawn. */
  svg?: string;
  problem?: string;
}

interface TableEntry {
  name: string;
  anchor: string;
  artifact: Extract<Artifact, { type: 'table' }>;
}

/** The report as HTML text. Pure: the same input gives the same text. */
export function htmlReport(input: HtmlReportInput): string {
  const { state, registry, manifest } = input;
  const anchors = anchorMaker();
  const figures: FigureEntry[] = [];
  const tables: TableEntry[] = [];
  const version = String(obj(manifest.versions).workbench ?? 'unknown');
  const sha256 = String(obj(manifest.data).sha256 ?? '');

  for (const cell of state.notebook.cells) {
    let items: { cellId: string; artifact: Artifact }[];
    try {
      items = [...freshArtifacts({ ...state, notebook: { ...state.notebook, cells: [cell] } }, registry)];
    } catch (err) {
      input.onFailure?.(`the exports of cell "${cell.id}" could not be prepared: ${(err as Error).message}`);
      continue;
    }
    for (const { cellId, artifact } of items) {
      if (artifact.type === 'table') {
        if (artifact.markdown !== undefined || artifact.latex !== undefined) tables.push({ name: artifact.name, anchor: anchors(`table-${artifact.name}`), artifact });
        continue;
      }
      // The provenance exportFiles (lib/report/export-files.ts) writes into figures/<name>.svg.
      const provenance: FigureProvenance = {
        figure: artifact.name,
        notebook: state.notebook.id,
        dataSha256: sha256,
        parametersHash: state.cells[cellId]?.key ?? 'unknown',
        version,
        title: artifact.name,
        caption: artifact.caption,
        description: artifact.description,
      };
      const anchor = anchors(`figure-${artifact.name}`);
      try {
        const file = figureSvgText(artifact.render(input.document, input.widthMm ? { widthMm: input.widthMm } : {}), { provenance, sizeInMm: true });
        figures.push({ name: artifact.name, anchor, caption: artifact.caption, description: artifact.description, svg: inlineSvg(file, `${anchor}-`, artifact.caption ?? artifact.name, artifact.description ? `${anchor}-description` : undefined) });
      } catch (err) {
        const problem = `figure ${artifact.name} of cell "${cellId}" could not be drawn: ${(err as Error).message}`;
        input.onFailure?.(problem);
        figures.push({ name: artifact.name, anchor, caption: artifact.caption, problem });
      }
    }
  }

  const title = state.notebook.title;
  const notRun = state.notebook.cells.filter((c) => isComputeCell(c) && !isVariantCopy(c) && state.cells[c.id]?.status !== 'fresh').map((c) => c.id);
  const label = typeof manifest.label === 'string' ? manifest.label : state.notebook.exportLabel;

  const contents: string[] = [
    tocItem('data', 'Data'),
    tocItem('figures', 'Figures', undefined, figures.map((f) => tocItem(f.anchor, readerTitle(f.caption, f.name), f.name))),
    tocItem('tables', 'Tables', undefined, tables.map((t) => tocItem(t.anchor, readerTitle(t.artifact.caption, t.name), t.name))),
    tocItem('methods', 'Methods'),
    tocItem('tripod', 'TRIPOD+AI checklist'),
    tocItem('probast', 'PROBAST+AI checklist'),
    tocItem('parameters', 'Parameters and run manifest'),
    tocItem('reopen', 'Reopen this notebook in the workbench'),
  ];

  const body = [
    '<header>',
    `<h1>${htmlText(title)}</h1>`,
    `<p class="meta">Report of notebook <code>${htmlText(state.notebook.id)}</code>${manifest.profile ? `, profile <code>${htmlText(String(manifest.profile))}</code>` : ''}, seed ${htmlText(String(manifest.seed ?? state.notebook.seed))}. Written ${htmlText(input.date)} by the Facial Palsy Prognosis Workbench ${htmlText(version)}.</p>`,
    label ? `<p class="label"><strong>${htmlText(label)}</strong></p>` : '',
    '</header>',
    '<nav aria-labelledby="contents-heading">',
    '<h2 id="contents-heading">Contents</h2>',
    `<ol>${contents.join('')}</ol>`,
    '</nav>',
    '<main>',
    dataSection(manifest, notRun),
    figuresSection(figures),
    tablesSection(tables),
    methodsSection(manifest),
    tripodSection(manifest),
    probastSection(manifest),
    parametersSection(manifest),
    reopenSection(state.notebook.id),
    '</main>',
    notebookBlock(input.notebookFile, input.date),
  ];

  return `${[
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlText(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<meta name="generator" content="Facial Palsy Prognosis Workbench ${htmlText(version)}">`,
    `<title>${htmlText(title)}: report</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body.filter(Boolean),
    '</body>',
    '</html>',
  ].join('\n')}\n`;
}


// ---- sections ---------------------------------------------------------------------------------

function section(id: string, heading: string, content: string[]): string {
  return [`<section id="${id}" aria-labelledby="${id}-heading">`, `<h2 id="${id}-heading">${htmlText(heading)}</h2>`, ...content, '</section>'].join('\n');
}

function dataSection(manifest: Json, notRun: string[]): string {
  const data = obj(manifest.data);
  const ingest = obj(manifest.ingest);
  const cohort = obj(manifest.cohort);
  const windows = obj(manifest.windows);
  const rows: [string, string | undefined][] = [
    ['File', data.name === undefined ? undefined : String(data.name)],
    ['SHA-256', data.sha256 === undefined ? undefined : String(data.sha256)],
    ['Size', count(data.bytes) && `${count(data.bytes)} bytes`],
    ['Rows read', count(ingest.rows_read)],
    ['Rows accepted', count(ingest.rows_accepted)],
    ['Rows rejected', count(ingest.rows_rejected)],
    ['Patients in the file', count(ingest.patients_seen)],
    ['Patients rejected', count(ingest.patients_rejected)],
    ['Included: development set', count(cohort.development)],
    ['Included: temporal validation set', count(cohort.validation)],
    ['Included: persistent palsy subset', count(cohort.persistent)],
    ['Classification windows', count(obj(windows.classification).n)],
    ['Regression samples', count(obj(windows.regression).n)],
  ];
  const content = [
    '<p>The data file this run read, by name and SHA-256, and its counts. The report holds no patient row and no patient id: figures and publication tables name patients by study pseudonym (P1, P2, … in the order each patient first appears in the file).</p>',
    '<table class="facts">',
    '<caption>The data file and its counts</caption>',
    '<tbody>',
    ...rows.filter((r): r is [string, string] => r[1] !== undefined).map(([k, v]) => `<tr><th scope="row">${htmlText(k)}</th><td${k === 'SHA-256' ? ' class="hash"' : ''}>${htmlText(v)}</td></tr>`),
    '</tbody>',
    '</table>',
  ];
  if (notRun.length) content.push(`<p>Steps that had not run when this report was written (nothing of theirs is shown): ${notRun.map((id) => `<code>${htmlText(id)}</code>`).join(', ')}.</p>`);
  return section('data', 'Data', content);
}

function figuresSection(figures: FigureEntry[]): string {
  if (!figures.length) return section('figures', 'Figures', ['<p>No figure: no step that draws one had run.</p>']);
  const content = ['<p>Each figure is the SVG file the export writes (figures/&lt;name&gt;.svg), shown at its printed size where the window allows.</p>'];
  for (const f of figures) {
    content.push(
      `<section id="${f.anchor}" aria-labelledby="${f.anchor}-heading" class="item">`,
      `<h3 id="${f.anchor}-heading">${htmlText(readerTitle(f.caption, f.name))} <code>${htmlText(f.name)}</code></h3>`,
      '<figure>',
      f.svg ?? `<p class="problem">${htmlText(f.problem ?? 'The figure could not be drawn.')}</p>`,
      `<figcaption>${htmlText(f.caption ?? f.name)}</figcaption>`,
      '</figure>',
      ...(f.description && f.svg ? [`<p id="${f.anchor}-description" class="figure-description">${htmlText(f.description)}</p>`] : []),
      '</section>',
    );
  }
  return section('figures', 'Figures', content);
}

function tablesSection(tables: TableEntry[]): string {
  if (!tables.length) return section('tables', 'Tables', ['<p>No publication table: no step that makes one had run.</p>']);
  const content = ['<p>The publication tables (those the export also writes as Markdown, LaTeX and Word), with the readers’ headings. The CSV files of the export keep every digit.</p>'];
  for (const t of tables) content.push(`<section id="${t.anchor}" aria-labelledby="${t.anchor}-heading" class="item">`, `<h3 id="${t.anchor}-heading">${htmlText(readerTitle(t.artifact.caption, t.name))} <code>${htmlText(t.name)}</code></h3>`, htmlTable(t.artifact, t.anchor), '</section>');
  return section('tables', 'Tables', content);
}

/** A table artifact as an HTML table: its caption, the readers' headings, numbers right-aligned (as the Word file). */
function htmlTable(artifact: Extract<Artifact, { type: 'table' }>, anchor: string): string {
  const parsed = Papa.parse<string[]>(artifact.csv.trim(), { skipEmptyLines: true });
  const [keys = [], ...body] = parsed.data;
  const header = artifact.header ?? keys;
  const numeric = keys.map((_, j) => body.length > 0 && body.every((r) => r[j] === '' || /^-?\d+(\.\d+)?$/.test(r[j] ?? '')));
  const cls = (j: number) => (numeric[j] ? ' class="num"' : '');
  const captionId = `${anchor}-caption`;
  return [
    `<div class="scroll" role="region" tabindex="0" aria-labelledby="${captionId}">`,
    '<table>',
    `<caption id="${captionId}">${htmlText(artifact.caption ?? artifact.name)}</caption>`,
    `<thead><tr>${keys.map((k, j) => `<th scope="col"${cls(j)}>${htmlText(header[j] ?? k)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...body.map((r) => `<tr>${keys.map((_, j) => (j === 0 ? `<th scope="row">${htmlText(r[0] ?? '')}</th>` : `<td${cls(j)}>${htmlText(r[j] ?? '')}</td>`)).join('')}</tr>`),
    '</tbody>',
    '</table>',
    '</div>',
  ].join('\n');
}

function methodsSection(manifest: Json): string {
  const content = ['<p class="note">Written from the run manifest: every number below is a setting or count of this run (as report/methods.md and report/methods.tex).</p>'];
  // Written as it is, then escaped as a whole (as the LaTeX version).
  for (const s of methodsSections(manifest)) content.push(`<h3>${htmlText(s.heading)}</h3>`, `<p>${htmlText(s.text)}</p>`, `<p class="source">From: ${htmlText(s.source)}</p>`);
  return section('methods', 'Methods', content);
}

function tripodSection(manifest: Json): string {
  const rows = tripodItems(manifest).map(
    (i) => `<tr><th scope="row">${htmlText(i.item)}</th><td>${htmlText(i.topic)}</td><td>${i.answer === undefined ? `<strong>${htmlText(unanswered(i))}</strong>` : htmlText(i.answer)}</td><td>${i.source === undefined ? '—' : htmlText(i.source)}</td></tr>`,
  );
  return section('tripod', 'TRIPOD+AI checklist', [
    '<p class="note">Filled from the run manifest where a step of the notebook answers the item (column “From”: the steps, by cell id); items in bold are for the author, as is every “[author to complete: …]”. Item numbers follow TRIPOD+AI (Collins et al., BMJ 2024): check the wording there before submission (as report/tripod-ai.md and report/tripod-ai.tex).</p>',
    '<div class="scroll" role="region" tabindex="0" aria-labelledby="tripod-caption">',
    '<table class="checklist">',
    '<caption id="tripod-caption">TRIPOD+AI checklist</caption>',
    '<thead><tr><th scope="col">Item</th><th scope="col">Topic</th><th scope="col">Reported</th><th scope="col">From</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</div>',
  ]);
}

function probastSection(manifest: Json): string {
  const items = probastItems(manifest);
  const models = [...new Set(items.map((i) => i.model))];
  const content = [`<p class="note">${htmlText(PROBAST_INTRO)} (As report/probast-ai.md and report/probast-ai.tex.)</p>`];
  if (!models.length) content.push('<p>No model was developed or evaluated in this run.</p>');
  for (const model of models) {
    const id = `probast-${model}-caption`;
    const rows = items
      .filter((i) => i.model === model)
      .map((i) => {
        const strong = (t: string) => (i.answer === undefined ? `<strong>${htmlText(t)}</strong>` : htmlText(t));
        return `<tr><th scope="row">${htmlText(i.question)}</th><td>${htmlText(`${i.domain}: ${i.text}`)}</td><td>${strong(probastRated(i))}</td><td>${strong(probastSupport(i))}</td><td>${i.source === undefined ? '—' : htmlText(i.source)}</td></tr>`;
      });
    content.push(
      `<div class="scroll" role="region" tabindex="0" aria-labelledby="${id}">`,
      '<table class="checklist">',
      `<caption id="${id}">${htmlText(PROBAST_MODELS[model])}</caption>`,
      '<thead><tr><th scope="col">No.</th><th scope="col">Signalling question</th><th scope="col">Answer</th><th scope="col">Support</th><th scope="col">From</th></tr></thead>',
      '<tbody>',
      ...rows,
      '</tbody>',
      '</table>',
      '</div>',
    );
  }
  return section('probast', 'PROBAST+AI checklist', content);
}

/** How an unanswered item reads (as in report/tripod-ai.md). */
const unanswered = (i: ChecklistItem) => author(i.author ?? i.topic.toLowerCase());

function parametersSection(manifest: Json): string {
  const json = (v: unknown) => `<pre>${htmlPreText(JSON.stringify(v, null, 2) ?? 'null')}</pre>`;
  return section('parameters', 'Parameters and run manifest', [
    '<p>Every step’s resolved parameters (what it ran with, defaults filled in) and the run manifest (manifest.json of the export: data SHA-256, seed, versions, timings and each step’s headline numbers).</p>',
    '<details>',
    '<summary>Parameters of every step (JSON)</summary>',
    json(manifest.parameters ?? {}),
    '</details>',
    '<details>',
    '<summary>Run manifest (JSON)</summary>',
    json(manifest),
    '</details>',
  ]);
}

function reopenSection(notebookId: string): string {
  const file = `${notebookId}.notebook.json`;
  return section('reopen', 'Reopen this notebook in the workbench', [
    `<p>This file carries the notebook as “Save notebook” writes it: every parameter, the profile, the seed and the data file’s name and SHA-256, no data. It is the JSON inside the block <code>&lt;script type="application/json" id="${NOTEBOOK_BLOCK_ID}"&gt;</code> at the end of this file (a data block: it is not run).</p>`,
    '<ol>',
    `<li>In the workbench, open the notebook’s page (<code>/notebooks/${htmlText(notebookId)}</code>) and choose this report with “Open notebook…”: the workbench reads the block and restores every parameter, the profile and the seed. (Or copy the JSON of the block into a file named <code>${htmlText(file)}</code> and open that.)</li>`,
    '<li>Open the same data file (its SHA-256 is under Data above; the workbench warns when it differs) and run the notebook.</li>',
    '</ol>',
  ]);
}

/**
 * The saved notebook file as a JSON data block. Its `savedAt` is the report's date. `<` is
 * written `\u003c` (JSON reads it back the same), so no `</script>` or `<!--` in a parameter
 * can end the block or change how it is parsed.
 */
function notebookBlock(notebookFile: string, date: string): string {
  const file = JSON.parse(notebookFile) as unknown;
  if (file && typeof file === 'object' && !Array.isArray(file) && 'savedAt' in file) (file as Json).savedAt = date;
  const text = JSON.stringify(file, null, 2).replace(/</g, '\\u003c');
  return `<script type="application/json" id="${NOTEBOOK_BLOCK_ID}">\n${text}\n</script>`;
}

function tocItem(anchor: string, text: string, fileName?: string, children: string[] = []): string {
  return `<li><a href="#${anchor}">${htmlText(text)}</a>${fileName ? ` <code>${htmlText(fileName)}</code>` : ''}${children.length ? `<ol>${children.join('')}</ol>` : ''}</li>`;
}

/**
 * What a reader calls a figure or table: its caption's number and first sentence ("Fig. 1. Flow
 * of patients…"), shortened to about 90 characters; its file name when it has no caption.
 */
export function readerTitle(caption: string | undefined, name: string): string {
  if (!caption?.trim()) return name;
  const m = /^((?:Supplementary )?(?:Table|Fig\.|Figure|table|figure)(?: [A-Z]?\d+[a-z]?)?\.\s+)?(.*?[^.])(?:\.\s|\.$|$)/s.exec(caption.trim());
  const first = `${m?.[1] ?? ''}${m?.[2] ?? caption}`.replace(/\s+/g, ' ').trim();
  return first.length > 90 ? `${first.slice(0, 88).replace(/\s+\S*$/, '')}…` : first;
}

/** Unique, safe element ids from artifact names. */
function anchorMaker(): (base: string) => string {
  const used = new Set<string>(['data', 'figures', 'tables', 'methods', 'tripod', 'probast', 'probast-svm-caption', 'probast-lstm-caption', 'probast-prognosis-caption', 'probast-external-caption', 'parameters', 'reopen', NOTEBOOK_BLOCK_ID, 'contents-heading', 'tripod-caption']);
  return (base) => {
    const clean = base.replace(/[^A-Za-z0-9_-]/g, '_');
    let id = clean;
    for (let n = 2; used.has(id); n++) id = `${clean}-${n}`;
    used.add(id);
    return id;
  };
}

// ---- inline SVG -------------------------------------------------------------------------------

/** A start tag of serialized markup (attribute values are double-quoted; `>` may occur inside one). */
const START_TAG = /<([A-Za-z][\w:.-]*)((?:\s+[^\s"'=/>]+(?:="[^"]*")?)*)(\s*\/?)>/g;

/**
 * A figure's SVG file text for a place in an HTML page: without the XML declaration; its ids
 * made unique in the page (`<prefix>1`, `<prefix>2`, …, with the references to them: two
 * figures' clip paths could share an id, and the second would be clipped by the first's); the outer `<svg>` an image named
 * by `label` (role="img" and aria-label, as the page's figures), and Plot's labelled marks given
 * the role that permits a label (`group` for a `<g>`, `img` otherwise), as in the page.
 * `describedBy`: the id of the paragraph with the figure's description (aria-describedby).
 */
export function inlineSvg(fileText: string, idPrefix: string, label: string, describedBy?: string): string {
  let svg = fileText.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim();
  // Renumbered in order of appearance: Plot numbers its clip paths with a counter that runs on
  // across drawings, so the same figure drawn twice would otherwise differ in its ids.
  const ids = new Map([...new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!))].map((id, k) => [id, `${idPrefix}${k + 1}`]));
  if (ids.size) {
    const to = (id: string) => ids.get(id) ?? id;
    svg = svg
      .replace(/(\sid=")([^"]+)"/g, (_m, a: string, id: string) => `${a}${to(id)}"`)
      .replace(/url\(\s*(&quot;|["']?)#([^)"'&\s]+)\1\s*\)/g, (_m, q: string, id: string) => `url(${q}#${to(id)}${q})`)
      .replace(/(\s(?:xlink:)?href=")#([^"]+)"/g, (_m, a: string, id: string) => `${a}#${to(id)}"`);
  }
  let root = true;
  return svg.replace(START_TAG, (tag, name: string, attrs: string, close: string) => {
    if (root) {
      root = false;
      const kept = attrs.replace(/\s+(?:role|aria-label|aria-describedby)="[^"]*"/g, '');
      return `<${name}${kept} role="img" aria-label="${htmlText(label)}"${describedBy ? ` aria-describedby="${htmlText(describedBy)}"` : ''}${close}>`;
    }
    if (!/\saria-label="/.test(attrs) || /\srole="/.test(attrs)) return tag;
    return `<${name}${attrs} role="${name.toLowerCase() === 'g' ? 'group' : 'img'}"${close}>`;
  });
}

// System fonts only (nothing is fetched); black on white for contrast; figures scale down to the window.
const STYLE = `
:root { color: #111; background: #fff; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; line-height: 1.25; }
h2 { font-size: 1.35rem; margin-top: 2.5rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.1rem; margin-top: 1.75rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
#methods h3 { font-family: inherit; }
a { color: #0645ad; }
code, pre, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
.hash { word-break: break-all; }
.meta, .source, .note { color: #333; }
.label { border: 1px solid #333; padding: 0.5rem 0.75rem; }
.problem { color: #a00000; }
figure { margin: 1rem 0; }
figure svg { display: block; max-width: 100%; height: auto; background: #fff; }
figcaption { margin-top: 0.5rem; font-size: 0.95rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.75rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.4rem; }
th, td { border-top: 1px solid #bbb; border-bottom: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #111; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
table.checklist td:nth-child(3) { min-width: 20rem; }
details { margin: 0.75rem 0; }
summary { cursor: pointer; font-weight: 600; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: 0.75rem; }
@media print { body { max-width: none; } .item, figure, tr { break-inside: avoid; } details > pre { display: block; } }
`.trim();
