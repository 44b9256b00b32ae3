import { PX_PER_MM, WIDTH_PRESETS_MM } from './theme';

/**
 * One standalone `<svg>` for a figure. Plot returns a `<figure>` when a figure has a legend:
 * the legend and the plot are separate `<svg>`s, and a file needs one, so they are stacked
 * vertically inside a new outer `<svg>`. Works with any DOM (the page's or jsdom's).
 */
export function composeFigure(element: Element): Element {
  const el = element as unknown as DomElement;
  if (el.tagName.toLowerCase() === 'svg') return withNamespace(el) as unknown as Element;
  const parts = [...el.querySelectorAll(':scope > svg')];
  if (parts.length === 0) {
    const nested = el.querySelector('svg');
    if (!nested) throw new Error('figure has no <svg> element');
    return withNamespace(nested.cloneNode(true) as DomElement) as unknown as Element;
  }
  if (parts.length === 1) return withNamespace(parts[0]!.cloneNode(true) as DomElement) as unknown as Element;
  return withNamespace(stackChildren(el, GAP, parts)) as unknown as Element;
}

function stackChildren(el: DomElement, gap: number, parts: DomElement[] = [...el.querySelectorAll(':scope > svg')]): DomElement {
  const doc = el.ownerDocument;
  const outer = doc.createElementNS(SVG_NS, 'svg');
  let y = 0;
  let width = 0;
  for (const part of parts) {
    const w = Number(part.getAttribute('width') ?? 0);
    const h = Number(part.getAttribute('height') ?? 0);
    const g = doc.createElementNS(SVG_NS, 'g');
    g.setAttribute('transform', `translate(0,${y})`);
    const inner = part.cloneNode(true) as DomElement;
    inner.setAttribute('x', '0');
    inner.setAttribute('y', '0');
    g.appendChild(inner);
    outer.appendChild(g);
    y += h + gap;
    width = Math.max(width, w);
  }
  const height = y - gap;
  outer.setAttribute('width', String(width));
  outer.setAttribute('height', String(height));
  outer.setAttribute('viewBox', `0 0 ${width} ${height}`);
  outer.setAttribute('style', 'background: white');
  return withNamespace(outer);
}

/**
 * Stacks several `<svg>`s (a legend, a plot, a colour scale) top to bottom into one `<svg>`;
 * a figure builder returns this, so the page and every export see the same single image.
 */
export function stackSvgs(document: Document, parts: readonly Element[], gap = GAP): Element {
  const holder = (document as unknown as DomElement['ownerDocument']).createElementNS(SVG_NS, 'g');
  for (const p of parts) holder.appendChild(p as unknown as DomElement);
  return stackChildren(holder, gap) as unknown as Element;
}

/**
 * Arranges panels (each an `<svg>`) in a grid, row by row, `columns` per row, into one `<svg>`;
 * each row is as tall as its tallest panel.
 */
export function gridSvgs(document: Document, parts: readonly Element[], columns: number, gap = GAP): Element {
  const doc = document as unknown as DomElement['ownerDocument'];
  const outer = doc.createElementNS(SVG_NS, 'svg');
  let y = 0;
  let width = 0;
  for (let start = 0; start < parts.length; start += columns) {
    const row = parts.slice(start, start + columns) as unknown as DomElement[];
    let x = 0;
    let rowH = 0;
    for (const part of row) {
      const w = Number(part.getAttribute('width') ?? 0);
      const h = Number(part.getAttribute('height') ?? 0);
      const g = doc.createElementNS(SVG_NS, 'g');
      g.setAttribute('transform', `translate(${x},${y})`);
      g.appendChild(part);
      outer.appendChild(g);
      x += w + gap;
      rowH = Math.max(rowH, h);
    }
    width = Math.max(width, x - gap);
    y += rowH + gap;
  }
  const height = Math.max(0, y - gap);
  outer.setAttribute('width', String(width));
  outer.setAttribute('height', String(height));
  outer.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return withNamespace(outer) as unknown as Element;
}

/** The printed size of a figure in mm: its one composed `<svg>` (legend and panels stacked), at 96 px per inch. */
export function figureSizeMm(element: Element): { widthMm: number; heightMm: number } {
  const svg = composeFigure(element) as unknown as DomElement;
  return { widthMm: Number(svg.getAttribute('width') ?? 0) / PX_PER_MM, heightMm: Number(svg.getAttribute('height') ?? 0) / PX_PER_MM };
}

/**
 * The tallest a figure may be and still take one column with its legend on a page (Nature's
 * limit, 170 mm of a 247 mm page). A figure taller than this at single-column width is offered
 * at double-column width (183 mm), where its panels sit side by side and it is less tall.
 */
export const MAX_FIGURE_HEIGHT_MM = 170;

/**
 * The printed width for a figure drawn at `widthMm` (absent: its own default, `defaultMm`):
 * double column when it would be taller than MAX_FIGURE_HEIGHT_MM at a narrower width and is
 * less tall at double column, else the width asked for (`heightMmAt` draws the figure at a
 * width and measures it). `heightMm`: its height at the width asked for, when moved.
 */
export function twoColumnWhenTall(widthMm: number | undefined, defaultMm: number | undefined, heightMmAt: (widthMm: number | undefined) => number): { widthMm: number | undefined; heightMm?: number } {
  const double = WIDTH_PRESETS_MM.double;
  const width = widthMm ?? defaultMm;
  if (width !== undefined && width >= double) return { widthMm };
  const heightMm = heightMmAt(widthMm);
  if (heightMm <= MAX_FIGURE_HEIGHT_MM) return { widthMm };
  // A figure whose panels do not sit side by side is no less tall at 183 mm: it stays as asked.
  return heightMmAt(double) < heightMm ? { widthMm: double, heightMm } : { widthMm };
}

/**
 * A figure's caption under its own name: the caption of the figure it was drawn like, its
 * leading "Fig. 4." or "Supplementary figure." replaced by `label` (an explorer run's figure is
 * not the paper's Fig. 4).
 */
export function captionAs(label: string, caption: string | undefined): string {
  const rest = (caption ?? '').replace(/^\s*(?:(?:Supplementary\s+)?fig(?:ure)?\.?\s*S?\d+[A-Za-z]?\.?|Supplementary figure\.)\s*/i, '');
  return rest ? `${label}. ${rest}` : `${label}.`;
}

/** What a figure file records about where it came from (SVG `<metadata>`, PDF Info dictionary). */
export interface FigureProvenance {
  figure: string;
  notebook: string;
  /** SHA-256 of the data file. */
  dataSha256: string;
  /** The producing cell's cache key: a hash of its kind, version, parameters, seed and upstream keys. */
  parametersHash: string;
  /** The workbench version. */
  version: string;
  title?: string;
  caption?: string;
  /** What the figure shows and its key numbers, written from its data: follows the caption in `<desc>`. */
  description?: string;
}

/**
 * Standalone SVG file text for a figure. With `provenance`, the file says where it came from
 * (a `<title>`, a `<desc>` with the caption and the description, and Dublin Core `<metadata>`); with `sizeInMm`,
 * its width and height are stated in mm, so a layout program places it at print size.
 */
export function figureSvgText(element: Element, options: { provenance?: FigureProvenance; /** state width and height in mm (figure exports); off: px as drawn */ sizeInMm?: boolean } = {}): string {
  // A copy: the page's own drawing keeps its px size.
  const svg = (composeFigure(element) as unknown as DomElement).cloneNode(true) as DomElement;
  const doc = svg.ownerDocument;
  const w = Number(svg.getAttribute('width') ?? 0);
  const h = Number(svg.getAttribute('height') ?? 0);
  if (!svg.getAttribute('viewBox') && w && h) svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  if (w && h && options.sizeInMm) {
    svg.setAttribute('width', `${+(w / PX_PER_MM).toFixed(2)}mm`);
    svg.setAttribute('height', `${+(h / PX_PER_MM).toFixed(2)}mm`);
  }
  const p = options.provenance;
  if (p) {
    const first = svg.firstChild ?? null;
    const title = doc.createElementNS(SVG_NS, 'title');
    title.textContent = p.title ?? p.figure;
    const desc = doc.createElementNS(SVG_NS, 'desc');
    desc.textContent = [p.caption, p.description].filter((t) => t && t.trim()).join(' ');
    const metadata = doc.createElementNS(SVG_NS, 'metadata');
    metadata.setAttribute('data-provenance', JSON.stringify(provenanceRecord(p)));
    const rdf = doc.createElementNS(RDF_NS, 'rdf:RDF');
    // Declared as attributes too: an HTML serializer (outerHTML) writes no namespace declarations itself.
    rdf.setAttribute('xmlns:rdf', RDF_NS);
    rdf.setAttribute('xmlns:dc', DC_NS);
    const description = doc.createElementNS(RDF_NS, 'rdf:Description');
    const dc = (name: string, value: string) => {
      const e = doc.createElementNS(DC_NS, `dc:${name}`);
      e.textContent = value;
      description.appendChild(e);
    };
    dc('title', p.title ?? p.figure);
    dc('source', `notebook ${p.notebook}; data sha256 ${p.dataSha256}; parameters ${p.parametersHash}`);
    dc('creator', `Facial Palsy Prognosis Workbench ${p.version}`);
    dc('identifier', p.figure);
    rdf.appendChild(description);
    metadata.appendChild(rdf);
    for (const el of [title, desc, metadata]) svg.insertBefore(el, first);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}

/** Provenance as flat key/value pairs (the SVG `data-provenance` JSON and the PDF Info keys). */
export function provenanceRecord(p: FigureProvenance): Record<string, string> {
  return { figure: p.figure, notebook: p.notebook, data_sha256: p.dataSha256, parameters_hash: p.parametersHash, workbench_version: p.version };
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const DC_NS = 'http://purl.org/dc/elements/1.1/';
const GAP = 6;

function withNamespace(svg: DomElement): DomElement {
  if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', SVG_NS);
  return svg;
}

// The small part of the DOM this module uses (lib/ has no DOM typings).
interface DomElement {
  tagName: string;
  textContent: string | null;
  firstChild: DomElement | null;
  insertBefore(child: DomElement, ref: DomElement | null): void;
  outerHTML: string;
  ownerDocument: { createElementNS(ns: string, name: string): DomElement };
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  appendChild(child: DomElement): void;
  cloneNode(deep: boolean): unknown;
}
