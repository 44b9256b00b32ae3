/**
 * Readers for exported figure files, written here independently of lib/figures/raster.ts and
 * figure-pdf.ts (a test that used the writers' own code to read would agree with any bug in
 * them). Shared by the unit export test and the end-to-end Export all test.
 */

/** PNG pHYs: dots per inch (unit = metre), or undefined when the chunk is absent. */
export function pngDpi(png: Uint8Array): number | undefined {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let o = 8; o < png.length; ) {
    const len = v.getUint32(o);
    const type = new TextDecoder().decode(png.subarray(o + 4, o + 8));
    if (type === 'pHYs') return png[o + 16] === 1 ? v.getUint32(o + 8) * 0.0254 : undefined;
    o += 12 + len;
  }
  return undefined;
}

/** PNG IHDR: width and height in pixels. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

/** TIFF tags (baseline TIFF, either byte order): width, height, X/YResolution, ResolutionUnit, samples per pixel. */
export function tiffInfo(tif: Uint8Array) {
  const v = new DataView(tif.buffer, tif.byteOffset, tif.byteLength);
  const le = tif[0] === 0x49;
  const u16 = (o: number) => v.getUint16(o, le);
  const u32 = (o: number) => v.getUint32(o, le);
  const ifd = u32(4);
  const tags = new Map<number, number>();
  for (let i = 0; i < u16(ifd); i++) {
    const e = ifd + 2 + i * 12;
    const [tag, type] = [u16(e), u16(e + 2)];
    if (type === 3) tags.set(tag, u16(e + 8));
    else if (type === 4) tags.set(tag, u32(e + 8));
    else if (type === 5) {
      const at = u32(e + 8);
      tags.set(tag, u32(at) / u32(at + 4));
    }
  }
  return { width: tags.get(256), height: tags.get(257), xres: tags.get(282), yres: tags.get(283), unit: tags.get(296), samples: tags.get(277) };
}

/**
 * What a PDF says about itself, read from its object syntax (dictionaries are not compressed in
 * the files PDFKit writes): the page size in pt, whether any image XObject is embedded, whether
 * text is set in an embedded TrueType font.
 */
export function pdfFacts(pdf: Uint8Array) {
  const text = Buffer.from(pdf).toString('latin1');
  const box = /\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(text);
  return {
    header: text.slice(0, 5),
    pages: (text.match(/\/Type \/Page\b/g) ?? []).length,
    widthPt: box ? Number(box[1]) : NaN,
    heightPt: box ? Number(box[2]) : NaN,
    hasImage: /\/Subtype\s*\/Image/.test(text),
    hasEmbeddedFont: text.includes('/FontFile2'),
    text,
  };
}

/** mm to PDF points (1 pt = 1/72 inch). */
export const mmToPt = (mm: number) => (mm / 25.4) * 72;
