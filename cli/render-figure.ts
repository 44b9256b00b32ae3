import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { FigureProvenance } from '../lib/figures/compose-figure';
import { figurePdf, type PdfKit } from '../lib/figures/figure-pdf';
import { rgbaToPng, rgbaToTiff } from '../lib/figures/raster';

let dom: JSDOM | undefined;

/** A DOM `document` for figure builders running in Node (Plot takes it as an option). */
export function nodeDocument(): Document {
  dom ??= new JSDOM('<!DOCTYPE html><html><body></body></html>');
  return dom.window.document;
}

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';

function render(svgText: string, dpi: number) {
  const resvg = new Resvg(svgText, {
    fitTo: { mode: 'zoom', value: dpi / 96 },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render();
}

/**
 * Rasterizes SVG text to an RGB PNG (no alpha) at the given dpi (SVG px are CSS px at 96 dpi),
 * the dpi written in its pHYs chunk: the page's encoder (lib/figures/raster.ts), not resvg's.
 */
export function svgToPng(svgText: string, dpi = 300): Buffer {
  const image = render(svgText, dpi);
  return Buffer.from(rgbaToPng(new Uint8Array(image.pixels), image.width, image.height, dpi));
}

/** Rasterizes SVG text to an LZW-compressed RGB TIFF at the given dpi, with XResolution/YResolution/ResolutionUnit. */
export function svgToTiff(svgText: string, dpi = 300): Buffer {
  const image = render(svgText, dpi);
  return Buffer.from(rgbaToTiff(new Uint8Array(image.pixels), image.width, image.height, dpi));
}

let kit: PdfKit | undefined;
/** SVG text as a vector PDF of the figure's printed size, with DejaVu Sans embedded and the provenance in its Info. */
export async function svgToPdf(svgText: string, provenance?: FigureProvenance): Promise<Buffer> {
  kit ??= {
    PDFDocument: PDFDocument as unknown as PdfKit['PDFDocument'],
    SVGtoPDF: SVGtoPDF as unknown as PdfKit['SVGtoPDF'],
    fonts: { regular: readFileSync(`${FONT_DIR}/DejaVuSans.ttf`), bold: readFileSync(`${FONT_DIR}/DejaVuSans-Bold.ttf`) },
  };
  return Buffer.from(await figurePdf(svgText, kit, provenance));
}
