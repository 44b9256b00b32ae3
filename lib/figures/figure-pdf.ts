import { PX_PER_MM } from './theme';
import { provenanceRecord, type FigureProvenance } from './compose-figure';

/**
 * A figure as a vector PDF: the standalone SVG drawn by svg-to-pdfkit into a PDFKit page of
 * the figure's printed size, text as text in the embedded DejaVu Sans (so γ, ≤, – and the
 * Roman grades print as in the SVG), provenance in the PDF Info dictionary. PDFKit and
 * svg-to-pdfkit are handed in by the host (Node's packages in the CLI, the browser build in
 * the page), so this code is the same in both.
 */
export interface PdfKit {
  PDFDocument: new (options: Record<string, unknown>) => PdfDocument;
  SVGtoPDF: (doc: PdfDocument, svg: string, x: number, y: number, options: Record<string, unknown>) => void;
  /** DejaVu Sans regular and bold (TrueType bytes). */
  fonts: { regular: Uint8Array; bold: Uint8Array };
}

interface PdfDocument {
  registerFont(name: string, src: Uint8Array): void;
  on(event: 'data', fn: (chunk: Uint8Array) => void): void;
  on(event: 'end', fn: () => void): void;
  on(event: 'error', fn: (err: unknown) => void): void;
  end(): void;
}

const PT_PER_PX = 72 / 96;

/** Width and height in px of standalone SVG text (from its viewBox). */
function svgSize(svg: string): { w: number; h: number } {
  const m = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)"/.exec(svg);
  if (!m) throw new Error('the figure SVG has no viewBox');
  return { w: Number(m[1]), h: Number(m[2]) };
}

export function figurePdf(svg: string, kit: PdfKit, provenance?: FigureProvenance): Promise<Uint8Array> {
  const { w, h } = svgSize(svg);
  const size = [w * PT_PER_PX, h * PT_PER_PX];
  const p = provenance ? provenanceRecord(provenance) : {};
  const doc = new kit.PDFDocument({
    size,
    margin: 0,
    autoFirstPage: true,
    // Fixed dates: the same figure gives the same file.
    info: {
      Title: provenance?.title ?? provenance?.figure ?? 'Figure',
      Subject: provenance?.caption ?? '',
      Creator: `Facial Palsy Prognosis Workbench ${provenance?.version ?? ''}`.trim(),
      Producer: 'PDFKit + svg-to-pdfkit',
      Keywords: Object.entries(p).map(([k, v]) => `${k}=${v}`).join('; '),
      CreationDate: new Date(0),
      ModDate: new Date(0),
      ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase()), v])),
    },
  });
  doc.registerFont('DejaVu Sans', kit.fonts.regular);
  doc.registerFont('DejaVu Sans-Bold', kit.fonts.bold);
  const chunks: Uint8Array[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c) => chunks.push(c));
    doc.on('error', reject);
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
    kit.SVGtoPDF(doc, svg, 0, 0, {
      width: size[0],
      height: size[1],
      preserveAspectRatio: 'xMinYMin meet',
      fontCallback: (_family: string, bold: boolean) => (bold ? 'DejaVu Sans-Bold' : 'DejaVu Sans'),
    });
    doc.end();
  });
}

/** The printed size in mm of standalone SVG text, for messages and tests. */
export function svgSizeMm(svg: string): { width: number; height: number } {
  const { w, h } = svgSize(svg);
  return { width: w / PX_PER_MM, height: h / PX_PER_MM };
}
