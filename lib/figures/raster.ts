import { zlibSync } from 'fflate';
import UTIF from 'utif';

/**
 * Raster figure files as a production office takes them: RGB on white (no alpha channel), the
 * resolution stated in the file so that it reads "300 dpi" from the file and not from its name
 * (PNG: a pHYs chunk; TIFF: XResolution, YResolution and ResolutionUnit), TIFF LZW-compressed.
 * The pixels come from the host's rasterizer (resvg in Node, a canvas in the page); both hosts
 * write their files with these functions, so the CLI's and the page's files are alike.
 */

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const INCH_PER_M = 39.37007874015748;

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function physChunk(dpi: number): Uint8Array {
  const ppm = Math.round(dpi * INCH_PER_M);
  const chunk = new Uint8Array(21);
  const v = new DataView(chunk.buffer);
  v.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  v.setUint32(8, ppm);
  v.setUint32(12, ppm);
  chunk[16] = 1; // unit: metre
  v.setUint32(17, crc32(chunk.subarray(4, 17)));
  return chunk;
}

/** RGBA pixels (straight alpha) laid over white: RGB, 3 bytes a pixel. */
export function rgbaToRgbOnWhite(rgba: Uint8Array, width: number, height: number): Uint8Array {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width} × ${height} RGBA pixels (${width * height * 4} bytes), got ${rgba.length} bytes`);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    const a = rgba[i + 3]!;
    if (a === 255) {
      rgb[j] = rgba[i]!;
      rgb[j + 1] = rgba[i + 1]!;
      rgb[j + 2] = rgba[i + 2]!;
    } else {
      const f = a / 255;
      rgb[j] = Math.round(rgba[i]! * f + 255 * (1 - f));
      rgb[j + 1] = Math.round(rgba[i + 1]! * f + 255 * (1 - f));
      rgb[j + 2] = Math.round(rgba[i + 2]! * f + 255 * (1 - f));
    }
  }
  return rgb;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const v = new DataView(chunk.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) chunk[4 + i] = type.charCodeAt(i);
  chunk.set(data, 8);
  v.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/**
 * One row filtered with PNG filter `f` (0 none, 1 Sub, 2 Up, 3 Average, 4 Paeth) into `out`,
 * from the row and the one above (zeros for the first); returns the sum of absolute filtered
 * bytes (as signed), libpng's measure of which filter compresses best.
 */
function filterRow(f: number, row: Uint8Array, up: Uint8Array, out: Uint8Array): number {
  const n = row.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const a = i >= 3 ? row[i - 3]! : 0;
    let p: number;
    if (f === 0) p = 0;
    else if (f === 1) p = a;
    else if (f === 2) p = up[i]!;
    else if (f === 3) p = (a + up[i]!) >> 1;
    else {
      const b = up[i]!;
      const c = i >= 3 ? up[i - 3]! : 0;
      const pa = Math.abs(b - c);
      const pb = Math.abs(a - c);
      const pc = Math.abs(a + b - 2 * c);
      p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    const v = (row[i]! - p) & 0xff;
    out[i] = v;
    sum += v < 128 ? v : 256 - v;
  }
  return sum;
}

/** Each row of RGB pixels behind a filter-type byte, with the filter that scores best for it (the least sum). */
function filterRows(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width * 3;
  const out = new Uint8Array(height * (stride + 1));
  const zero = new Uint8Array(stride);
  const trial = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = rgb.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? rgb.subarray((y - 1) * stride, y * stride) : zero;
    const at = y * (stride + 1);
    const target = out.subarray(at + 1, at + 1 + stride);
    // Filter 0 straight into place; each other filter into a scratch row, kept when it scores lower.
    let best = 0;
    let bestSum = filterRow(0, row, up, target);
    for (let f = 1; f < 5 && bestSum > 0; f++) {
      const sum = filterRow(f, row, up, trial);
      if (sum < bestSum) {
        bestSum = sum;
        best = f;
        target.set(trial);
      }
    }
    out[at] = best;
  }
  return out;
}

/**
 * A PNG of RGBA pixels laid over white: 8-bit RGB (colour type 2, no alpha channel), with its
 * resolution in a pHYs chunk.
 */
export function rgbaToPng(rgba: Uint8Array, width: number, height: number, dpi: number): Uint8Array {
  const rgb = rgbaToRgbOnWhite(rgba, width, height);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const idat = zlibSync(filterRows(rgb, width, height), { level: 6 });
  const chunks = [new Uint8Array(PNG_SIGNATURE), pngChunk('IHDR', ihdr), physChunk(dpi), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const LZW_CLEAR = 256;
const LZW_EOI = 257;
const LZW_FIRST = 258;
/** The table is full at this code (libtiff's CODE_MAX − 1): a Clear code starts a new one. */
const LZW_FULL = 4094;
let lzwTable: { code: Int32Array; stamp: Int32Array; generation: number } | undefined;

/**
 * TIFF's LZW (TIFF 6.0, section 13, as libtiff writes it): codes of 9 to 12 bits, most
 * significant bit first; a Clear code first and whenever the table is full; End of
 * Information last. The code width grows one code early: after the entry that makes the next
 * free code 512 (1024, 2048) is added, so that a reader, whose table runs one entry behind the
 * writer's, widens when its next free code reaches 511 (1023, 2047).
 */
export function lzwEncode(input: Uint8Array): Uint8Array {
  // The table: an entry for a (prefix code, byte) pair is valid when its stamp is the current
  // generation, so a Clear costs nothing (4096 × 256 slots; 8 MB, allocated once).
  lzwTable ??= { code: new Int32Array(4096 * 256), stamp: new Int32Array(4096 * 256), generation: 0 };
  const table = lzwTable;
  // At most one code per byte (≤ 12 bits), a Clear every 3836 codes, the first Clear and EOI.
  const out = new Uint8Array(Math.ceil(input.length * 1.5) + Math.ceil(input.length / 3836) * 2 + 16);
  let pos = 0;
  let bits = 0;
  let nBits = 0;
  const put = (code: number, width: number) => {
    bits = (bits << width) | code;
    nBits += width;
    while (nBits >= 8) {
      nBits -= 8;
      out[pos++] = (bits >>> nBits) & 0xff;
    }
    bits &= (1 << nBits) - 1;
  };
  let width = 9;
  let next = LZW_FIRST;
  let generation = ++table.generation;
  put(LZW_CLEAR, width);
  if (input.length) {
    let prefix = input[0]!;
    for (let i = 1; i < input.length; i++) {
      const k = input[i]!;
      const key = (prefix << 8) | k;
      if (table.stamp[key] === generation) {
        prefix = table.code[key]!;
        continue;
      }
      put(prefix, width);
      table.code[key] = next;
      table.stamp[key] = generation;
      next++;
      if (next === LZW_FULL) {
        put(LZW_CLEAR, width);
        generation = ++table.generation;
        next = LZW_FIRST;
        width = 9;
      } else if (next > (1 << width) - 1) {
        width++;
      }
      prefix = k;
    }
    put(prefix, width);
    // The reader adds an entry for this code too before it reads the next one.
    next++;
    if (next === LZW_FULL) {
      put(LZW_CLEAR, width);
      width = 9;
    } else if (next > (1 << width) - 1) {
      width++;
    }
  }
  put(LZW_EOI, width);
  if (nBits > 0) out[pos++] = (bits << (8 - nBits)) & 0xff;
  return out.slice(0, pos);
}

/** Uncompressed strips are joined into one; compressed ones hold about this many bytes of pixels each. */
const STRIP_BYTES = 64 * 1024;
/** UTIF.js writes a header of at most 20 000 bytes: 8 bytes of offset and count per strip. */
const MAX_STRIPS = 1500;

/**
 * An RGB TIFF of RGBA pixels laid over white (3 samples per pixel, no alpha), with its
 * resolution in pixels per inch: LZW-compressed in strips of about 64 KB (Compression = 5,
 * read by every TIFF reader), or uncompressed with `compression: 'none'`. The header by UTIF.js.
 */
export function rgbaToTiff(rgba: Uint8Array, width: number, height: number, dpi: number, options: { compression?: 'lzw' | 'none' } = {}): Uint8Array {
  const rgb = rgbaToRgbOnWhite(rgba, width, height);
  const rowBytes = width * 3;
  const lzw = (options.compression ?? 'lzw') === 'lzw';
  const rowsPerStrip = lzw ? Math.max(1, Math.floor(STRIP_BYTES / Math.max(1, rowBytes)), Math.ceil(height / MAX_STRIPS)) : Math.max(1, height);
  const strips: Uint8Array[] = [];
  for (let y = 0; y < height; y += rowsPerStrip) {
    const raw = rgb.subarray(y * rowBytes, Math.min(height, y + rowsPerStrip) * rowBytes);
    strips.push(lzw ? lzwEncode(raw) : raw);
  }
  const ifd = (offsets: number[]) => ({
    t256: [width],
    t257: [height],
    t258: [8, 8, 8],
    t259: [lzw ? 5 : 1], // 5: LZW, 1: none
    t262: [2], // RGB
    t273: offsets,
    t277: [3],
    t278: [rowsPerStrip],
    t279: strips.map((s) => s.length),
    t282: [dpi],
    t283: [dpi],
    t284: [1],
    t296: [2], // inch
    t305: ['Facial Palsy Prognosis Workbench (UTIF.js)'],
  });
  // The header's length does not depend on the offsets' values: written once to learn it.
  const dataStart = (new Uint8Array(UTIF.encode([ifd(strips.map(() => 0))])).length + 1) & ~1;
  const offsets: number[] = [];
  let at = dataStart;
  for (const s of strips) {
    offsets.push(at);
    at += s.length;
  }
  const head = new Uint8Array(UTIF.encode([ifd(offsets)]));
  const out = new Uint8Array(at);
  out.set(head, 0);
  for (let i = 0; i < strips.length; i++) out.set(strips[i]!, offsets[i]!);
  return out;
}
