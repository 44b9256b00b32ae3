import type { FigureProvenance } from '@/lib/figures/compose-figure';
import type { PdfKit } from '@/lib/figures/figure-pdf';
import { rgbaToPng, rgbaToTiff } from '@/lib/figures/raster';
import type { ExportHost } from '@/lib/report/export-files';
import { rasterizeSvg } from './download';

/**
 * The page's side of figure exports: PNG and TIFF from a canvas's pixels, written by
 * lib/figures/raster.ts as the command line writes them (RGB on white, no alpha; the TIFF
 * LZW-compressed; the resolution in the files), PDF with PDFKit's browser build and svg-to-pdfkit, with
 * DejaVu Sans fetched from this site (copied into public/fonts at build time) — the same
 * libraries and font as the command line. Nothing leaves the page.
 */
export async function pngBytes(svgText: string, dpi: number): Promise<Uint8Array> {
  const { rgba, width, height } = await canvasPixels(svgText, dpi);
  return rgbaToPng(rgba, width, height, dpi);
}

export async function tiffBytes(svgText: string, dpi: number): Promise<Uint8Array> {
  const { rgba, width, height } = await canvasPixels(svgText, dpi);
  return rgbaToTiff(rgba, width, height, dpi);
}

/** The RGBA pixels of SVG text drawn on a canvas at `dpi` over white (download.ts: the page's one rasterizer). */
async function canvasPixels(svgText: string, dpi: number): Promise<{ rgba: Uint8Array; width: number; height: number }> {
  const canvas = await rasterizeSvg(svgText, dpi);
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  return { rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: canvas.width, height: canvas.height };
}

let kit: Promise<PdfKit> | undefined;
function pdfKit(): Promise<PdfKit> {
  kit ??= (async () => {
    const [pdfkit, { default: SVGtoPDF }, { default: helvetica }, { default: helveticaBold }, regular, bold] = await Promise.all([
      import('pdfkit'),
      import('svg-to-pdfkit'),
      import('pdfkit/standard-fonts/Helvetica'),
      import('pdfkit/standard-fonts/HelveticaBold'),
      fetchFont('/fonts/DejaVuSans.ttf'),
      fetchFont('/fonts/DejaVuSans-Bold.ttf'),
    ]);
    // PDFKit's browser build (0.20 on) bundles no standard-font metrics, yet a new document sets
    // Helvetica before any font is registered: without this every PDF fails to start. The
    // figures' text is set in the embedded DejaVu Sans; Helvetica is never drawn.
    const { default: PDFDocument, registerStdFonts } = pdfkit as unknown as { default: unknown; registerStdFonts?: (...fonts: unknown[]) => void };
    registerStdFonts?.(helvetica, helveticaBold);
    return { PDFDocument: PDFDocument as unknown as PdfKit['PDFDocument'], SVGtoPDF: SVGtoPDF as unknown as PdfKit['SVGtoPDF'], fonts: { regular, bold } };
  })().catch((err) => {
    kit = undefined;
    throw err;
  });
  return kit;
}

async function fetchFont(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`the PDF font ${url} is missing (the build copies DejaVu Sans from /usr/share/fonts/truetype/dejavu; install fonts-dejavu-core)`);
  return new Uint8Array(await r.arrayBuffer());
}

export async function pdfBytes(svgText: string, provenance: FigureProvenance): Promise<Uint8Array> {
  const { figurePdf } = await import('@/lib/figures/figure-pdf');
  return figurePdf(svgText, await pdfKit(), provenance);
}

/** The page as an export host (for "Export all" and the figure buttons). */
export const browserHost = (): ExportHost => ({ document, png: pngBytes, tiff: tiffBytes, pdf: pdfBytes });
