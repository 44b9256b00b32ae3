import { JSDOM } from 'jsdom';
import { Resvg } from '@resvg/resvg-js';

let dom: JSDOM | undefined;

/** A DOM `document` for figure builders running in Node (Plot takes it as an option). */
export function nodeDocument(): Document {
  dom ??= new JSDOM('<!DOCTYPE html><html><body></body></html>');
  return dom.window.document;
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
