import UTIF from 'utif';

/**
 * Raster figure files that state their resolution, so that a production office reads "300 dpi"
 * from the file and not from its name: PNG with a pHYs chunk, TIFF with XResolution,
 * YResolution and ResolutionUnit. The pixels come from the host's rasterizer (resvg in Node,
 * a canvas in the page); these functions only write the container.
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

/**
 * The PNG with its resolution set: a pHYs chunk (pixels per metre, unit = metre) right after
 * IHDR, replacing any pHYs already there.
 */
export function setPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  if (!PNG_SIGNATURE.every((b, i) => png[i] === b)) throw new Error('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Uint8Array[] = [png.subarray(0, 8)];
  let offset = 8;
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (type !== 'pHYs') chunks.push(png.subarray(offset, end));
    if (type === 'IHDR') chunks.push(physChunk(dpi));
    offset = end;
  }
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
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

/** Reads a PNG's pHYs resolution back as dots per inch (undefined without one). */
export function pngDpi(png: Uint8Array): { x: number; y: number } | undefined {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === 'pHYs' && png[offset + 16] === 1) return { x: view.getUint32(offset + 8) / INCH_PER_M, y: view.getUint32(offset + 12) / INCH_PER_M };
    offset += 12 + length;
  }
  return undefined;
}

/**
 * An uncompressed RGB TIFF (white behind transparent pixels) with its resolution in
 * pixels per inch, written by UTIF.js.
 */
export function rgbaToTiff(rgba: Uint8Array, width: number, height: number, dpi: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    const a = rgba[i + 3]! / 255;
    rgb[j] = Math.round(rgba[i]! * a + 255 * (1 - a));
    rgb[j + 1] = Math.round(rgba[i + 1]! * a + 255 * (1 - a));
    rgb[j + 2] = Math.round(rgba[i + 2]! * a + 255 * (1 - a));
  }
  const DATA_OFFSET = 1000;
  const ifd = {
    t256: [width],
    t257: [height],
    t258: [8, 8, 8],
    t259: [1], // no compression
    t262: [2], // RGB
    t273: [DATA_OFFSET],
    t277: [3],
    t278: [height],
    t279: [rgb.length],
    t282: [dpi],
    t283: [dpi],
    t284: [1],
    t296: [2], // inch
    t305: ['Facial Palsy Prognosis Workbench (UTIF.js)'],
  };
  const head = new Uint8Array(UTIF.encode([ifd]));
  if (head.length > DATA_OFFSET) throw new Error('TIFF header too long');
  const out = new Uint8Array(DATA_OFFSET + rgb.length);
  out.set(head, 0);
  out.set(rgb, DATA_OFFSET);
  return out;
}
