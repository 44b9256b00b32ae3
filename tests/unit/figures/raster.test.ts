import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import UTIF from 'utif';
import { describe, expect, it } from 'vitest';
import { svgToPng, svgToTiff } from '@/cli/render-figure';
import { figureSvgText } from '@/lib/figures/compose-figure';
import { lzwEncode, rgbaToPng, rgbaToTiff } from '@/lib/figures/raster';
import { pngDpi } from '../../support/figure-files';
import { FIGURES } from './fixtures';
import { document } from './golden';

/*
 * The raster files are read back here with readers written from the specifications (PNG's
 * filters, TIFF's tags and LZW), with zlib from Node, with UTIF.js's own LZW decoder and, where
 * sharp is installed, with libtiff and libpng: never with the writer's own code.
 */

// ── PNG, read by hand ───────────────────────────────────────────────────────────────────────

function pngChunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: { type: string; data: Uint8Array }[] = [];
  for (let o = 8; o < png.length; ) {
    const len = v.getUint32(o);
    chunks.push({ type: String.fromCharCode(...png.subarray(o + 4, o + 8)), data: png.subarray(o + 8, o + 8 + len) });
    o += 12 + len;
  }
  return chunks;
}

/** The pixels of an 8-bit, non-interlaced PNG (RGB or RGBA), unfiltered by the specification's rules. */
function decodePng(png: Uint8Array): { width: number; height: number; colourType: number; channels: number; pixels: Uint8Array } {
  const chunks = pngChunks(png);
  const ihdr = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset, 13);
  const width = ihdr.getUint32(0);
  const height = ihdr.getUint32(4);
  const colourType = chunks[0]!.data[9]!;
  expect(chunks[0]!.data[8], 'bit depth').toBe(8);
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : NaN;
  const idat = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  const raw = new Uint8Array(inflateSync(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? pixels[y * stride + i - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const c = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][f];
      if (pred === undefined) throw new Error(`unknown PNG filter ${f}`);
      pixels[y * stride + i] = (x + pred) & 0xff;
    }
  }
  return { width, height, colourType, channels, pixels };
}

// ── TIFF, read by hand ──────────────────────────────────────────────────────────────────────

/** Every tag of the first IFD, all its values (SHORT, LONG, RATIONAL as a number). */
function tiffTags(tif: Uint8Array): Map<number, number[]> {
  const v = new DataView(tif.buffer, tif.byteOffset, tif.byteLength);
  const le = tif[0] === 0x49;
  const ifd = v.getUint32(4, le);
  const tags = new Map<number, number[]>();
  for (let i = 0; i < v.getUint16(ifd, le); i++) {
    const e = ifd + 2 + i * 12;
    const [tag, type, count] = [v.getUint16(e, le), v.getUint16(e + 2, le), v.getUint32(e + 4, le)];
    const size = { 2: 1, 3: 2, 4: 4, 5: 8 }[type as 2 | 3 | 4 | 5] ?? 1;
    const at = size * count > 4 ? v.getUint32(e + 8, le) : e + 8;
    const values: number[] = [];
    for (let k = 0; k < count && type !== 2; k++) {
      if (type === 3) values.push(v.getUint16(at + 2 * k, le));
      else if (type === 4) values.push(v.getUint32(at + 4 * k, le));
      else if (type === 5) values.push(v.getUint32(at + 8 * k, le) / v.getUint32(at + 8 * k + 4, le));
    }
    tags.set(tag, values);
  }
  return tags;
}

/** TIFF 6.0 LZW, decoded from the specification: codes MSB first, 9–12 bits, widened one code early. */
function lzwDecode(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let table: number[][] = [];
  const reset = () => {
    table = Array.from({ length: 258 }, (_, i) => (i < 256 ? [i] : []));
  };
  reset();
  let bitPos = 0;
  let width = 9;
  const read = () => {
    let code = 0;
    for (let k = 0; k < width; k++, bitPos++) code = (code << 1) | ((data[bitPos >> 3]! >> (7 - (bitPos & 7))) & 1);
    return code;
  };
  let old: number[] | undefined;
  for (;;) {
    if (bitPos + width > data.length * 8) throw new Error('LZW data ended without an EOI code');
    const code = read();
    if (code === 257) break;
    if (code === 256) {
      reset();
      width = 9;
      old = undefined;
      continue;
    }
    let entry: number[];
    if (code < table.length) entry = table[code]!;
    else if (code === table.length && old) entry = [...old, old[0]!];
    else throw new Error(`LZW code ${code} not in a table of ${table.length}`);
    out.push(...entry);
    if (old) table.push([...old, entry[0]!]);
    old = entry;
    if (table.length + 1 >= 1 << width && width < 12) width++;
  }
  return new Uint8Array(out);
}

/** The image bytes of a stripped, chunky 8-bit TIFF: each strip decompressed (1: none, 5: LZW) and joined. */
function tiffPixels(tif: Uint8Array): Uint8Array {
  const tags = tiffTags(tif);
  const compression = tags.get(259)![0];
  const parts = tags.get(273)!.map((offset, i) => {
    const strip = tif.subarray(offset, offset + tags.get(279)![i]!);
    return compression === 5 ? lzwDecode(strip) : strip;
  });
  return new Uint8Array(Buffer.concat(parts));
}

/** UTIF.js's reader (its own LZW decoder): the image bytes as stored. */
function utifPixels(tif: Uint8Array): Uint8Array {
  const [ifd] = UTIF.decode(tif);
  (UTIF as unknown as { decodeImage(b: Uint8Array, ifd: unknown): void }).decodeImage(tif, ifd);
  return (ifd as unknown as { data: Uint8Array }).data;
}

// ── fixtures ────────────────────────────────────────────────────────────────────────────────

/** A small RGBA image with opaque, half-transparent and fully transparent pixels. */
function sample(width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set([(i * 37) % 256, (i * 11) % 256, (i * 5) % 256, [255, 128, 0, 255, 255][i % 5]!], i * 4);
  }
  return rgba;
}

/** The same pixels over white, computed here (straight alpha). */
function overWhite(rgba: Uint8Array): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0; i < rgba.length / 4; i++) {
    const a = rgba[i * 4 + 3]! / 255;
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(rgba[i * 4 + c]! * a + 255 * (1 - a));
  }
  return rgb;
}

/** libtiff and libpng through sharp (libvips), where it is installed (Next.js brings it as an optional dependency). */
const sharp = await import('sharp').then((m) => m.default).catch(() => undefined);

const figureSvg = (name: string, widthMm?: number) => figureSvgText(FIGURES[name]!(document, widthMm), { sizeInMm: true });

describe('PNG files: RGB on white, no alpha channel', () => {
  it('colour type 2 (RGB), 8 bits, the pixels laid over white, the dpi in pHYs, no transparency chunk', () => {
    const rgba = sample(23, 17);
    const png = rgbaToPng(rgba, 23, 17, 600);
    const decoded = decodePng(png);
    expect(decoded).toMatchObject({ width: 23, height: 17, colourType: 2, channels: 3 });
    expect(decoded.pixels).toEqual(overWhite(rgba));
    expect(pngDpi(png)).toBeCloseTo(600, 0);
    expect(pngChunks(png).map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
  });

  it('the command line’s PNG of a figure: RGB, the same pixels as resvg’s own RGBA PNG', () => {
    const svg = figureSvg('fig3-importance');
    const ours = decodePng(new Uint8Array(svgToPng(svg, 300)));
    expect(ours.colourType).toBe(2);
    const theirs = decodePng(new Uint8Array(new Resvg(svg, { fitTo: { mode: 'zoom', value: 300 / 96 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } }).render().asPng()));
    expect(theirs.colourType).toBe(6);
    expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
    expect(Buffer.compare(Buffer.from(ours.pixels), Buffer.from(overWhite(theirs.pixels)))).toBe(0);
  });
});

describe('TIFF files: LZW, RGB on white, no alpha', () => {
  it('LZW round trip (decoded from the specification and by UTIF.js): empty, one byte, long runs, the table filling up, random bytes', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      new Uint8Array([42]),
      new Uint8Array([1, 1, 1, 1, 1, 1, 1]), // the KwKwK case: a code used as it is defined
      new Uint8Array(200_000).fill(255), // one run: codes grow to 12 bits
      Uint8Array.from({ length: 60_000 }, () => random() & 0xff), // the table fills up: Clear codes mid-stream
      Uint8Array.from({ length: 60_000 }, (_, i) => (i % 997 < 500 ? 255 : random() & 3)),
    ];
    for (const input of cases) {
      const encoded = lzwEncode(input);
      expect(lzwDecode(encoded), `${input.length} bytes`).toEqual(input);
      const target = new Uint8Array(input.length);
      (UTIF as unknown as { decode: { _decodeLZW(d: Uint8Array, off: number, tgt: Uint8Array, toff: number): void } }).decode._decodeLZW(encoded, 0, target, 0);
      expect(target, `${input.length} bytes, UTIF.js`).toEqual(input);
    }
  });

  it('Compression = 5, SamplesPerPixel = 3, RGB, the dpi; the same pixels as the uncompressed file, read three ways', () => {
    const rgba = sample(301, 257); // several strips, the last one short
    const lzw = rgbaToTiff(rgba, 301, 257, 600);
    const plain = rgbaToTiff(rgba, 301, 257, 600, { compression: 'none' });
    const tags = tiffTags(lzw);
    expect(tags.get(259)).toEqual([5]);
    expect(tags.get(277)).toEqual([3]);
    expect(tags.get(258)).toEqual([8, 8, 8]);
    expect(tags.get(262)).toEqual([2]);
    expect(tags.get(338), 'no ExtraSamples (alpha)').toBeUndefined();
    expect([tags.get(256), tags.get(257), tags.get(282), tags.get(283), tags.get(296)]).toEqual([[301], [257], [600], [600], [2]]);
    expect(tags.get(273)!.length).toBeGreaterThan(1);
    expect(tiffTags(plain).get(259)).toEqual([1]);
    const expected = overWhite(rgba);
    expect(tiffPixels(plain)).toEqual(expected);
    expect(tiffPixels(lzw)).toEqual(expected);
    expect(utifPixels(lzw)).toEqual(expected);
  });

  it('a figure at 600 dpi: the LZW file is a fraction of the uncompressed one, with the same pixels (Fig. 4 was 33 MB)', () => {
    const svg = figureSvg('fig4-classification', 183);
    const image = new Resvg(svg, { fitTo: { mode: 'zoom', value: 600 / 96 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } }).render();
    const tif = rgbaToTiff(new Uint8Array(image.pixels), image.width, image.height, 600);
    const plain = rgbaToTiff(new Uint8Array(image.pixels), image.width, image.height, 600, { compression: 'none' });
    const tags = tiffTags(tif);
    expect(Math.abs(tags.get(256)![0]! - (183 / 25.4) * 600)).toBeLessThanOrEqual(1);
    expect([tags.get(259), tags.get(277), tags.get(282)]).toEqual([[5], [3], [600]]);
    expect(tif.length, `${(tif.length / 1e6).toFixed(2)} MB against ${(plain.length / 1e6).toFixed(1)} MB uncompressed`).toBeLessThan(plain.length / 8);
    // The same pixels: UTIF.js's LZW reader against the uncompressed file's strip.
    const pixels = utifPixels(tif);
    const raw = tiffPixels(plain);
    expect(pixels.length).toBe(raw.length);
    expect(Buffer.compare(Buffer.from(pixels), Buffer.from(raw)), 'the LZW file decodes to the uncompressed pixels').toBe(0);
    // White background, and the figure drawn on it.
    expect([raw[0], raw[1], raw[2]]).toEqual([255, 255, 255]);
    expect(raw.some((b) => b < 128)).toBe(true);
    // The command line writes its TIFFs the same way.
    expect(tiffTags(new Uint8Array(svgToTiff(svg, 300))).get(259)).toEqual([5]);
  }, 120_000);

  it.skipIf(!sharp)('libtiff and libpng (sharp) read the files as the same RGB pixels, 600 dpi, no alpha', async () => {
    const rgba = sample(301, 257);
    for (const file of [rgbaToTiff(rgba, 301, 257, 600), rgbaToPng(rgba, 301, 257, 600)]) {
      const meta = await sharp!(file).metadata();
      expect(meta).toMatchObject({ channels: 3, hasAlpha: false, density: 600 });
      const { data } = await sharp!(file).raw().toBuffer({ resolveWithObject: true });
      expect(Buffer.compare(data, Buffer.from(overWhite(rgba))), meta.format).toBe(0);
    }
  });
});
