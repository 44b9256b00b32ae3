import { JSDOM } from 'jsdom';
import { Resvg } from '@resvg/resvg-js';

let dom: JSDOM | undefined;

/** A DOM `document` for figure builders running in Node (Plot takes it as an option). */
export function nodeDocument(): Document {
  dom ??= new JSDOM('<!DOCTYPE html><html><body></body></html>');
  return dom.window.document;
}

/** The outer `<svg>` of a figure element (Plot may wrap an SVG in a `<figure>` with a legend). */
function svgOf(element: Element): Element {
  if (element.tagName.toLowerCase() === 'svg') return element;
  const svg = element.querySelector('svg');
  if (!svg) throw new Error('figure has no <svg> element');
  return svg;
}

/** Serializes a figure to standalone SVG text (namespace added, fonts named). */
export function figureToSvg(element: Element): string {
  const svg = composeFigure(element);
  if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}

/**
 * Plot returns a `<figure>` when a figure has a legend: the legend and the plot are separate
 * `<svg>`s. A file needs one: stack them vertically inside a new outer `<svg>`.
 */
export function composeFigure(element: Element): Element {
  if (element.tagName.toLowerCase() === 'svg') return element;
  const parts = [...element.querySelectorAll(':scope > svg')];
  if (parts.length <= 1) return svgOf(element);
  const doc = element.ownerDocument;
  const ns = 'http://www.w3.org/2000/svg';
  const outer = doc.createElementNS(ns, 'svg');
  let y = 0;
  let width = 0;
  for (const part of parts) {
    const w = Number(part.getAttribute('width') ?? 0);
    const h = Number(part.getAttribute('height') ?? 0);
    const g = doc.createElementNS(ns, 'g');
    g.setAttribute('transform', `translate(0,${y})`);
    const inner = part.cloneNode(true) as Element;
    inner.setAttribute('x', '0');
    inner.setAttribute('y', '0');
    g.appendChild(inner);
    outer.appendChild(g);
    y += h + 6;
    width = Math.max(width, w);
  }
  outer.setAttribute('width', String(width));
  outer.setAttribute('height', String(y - 6));
  outer.setAttribute('viewBox', `0 0 ${width} ${y - 6}`);
  outer.setAttribute('style', 'background: white');
  return outer;
}

/** Rasterizes SVG text to PNG at the given dpi (SVG px are CSS px at 96 dpi). */
export function svgToPng(svgText: string, dpi = 300): Buffer {
  const resvg = new Resvg(svgText, {
    fitTo: { mode: 'zoom', value: dpi / 96 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
