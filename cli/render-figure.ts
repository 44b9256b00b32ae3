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
  const svg = svgOf(element);
  if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
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
