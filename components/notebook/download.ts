/** Browser-side file exports: everything is made in the page and saved locally, never uploaded. */

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/**
 * Draws standalone SVG text on a canvas at `dpi` (SVG px are CSS px at 96 dpi) over a white
 * background. The one rasterizer of the page: PNG, TIFF and handout images all start here, so
 * they agree pixel for pixel at the same resolution.
 */
export async function rasterizeSvg(svgText: string, dpi: number): Promise<HTMLCanvasElement> {
  const scale = dpi / 96;
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the figure could not be rasterized'));
      image.src = url;
    });
    // The size from the SVG's viewBox (fractional px), not the image's (whole px): a 120 mm figure
    // is 453.54 px, and rounding before scaling made its 300 dpi PNG 1–2 pixels short of 120 mm.
    const box = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)"/.exec(svgText);
    const [w, h] = box ? [Number(box[1]), Number(box[2])] : [image.width, image.height];
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas available');
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** PNG encoding of a canvas (no resolution chunk; lib/figures/raster.ts adds one where wanted). */
export function canvasToPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** Rasterizes standalone SVG text to a PNG blob at `dpi`, white background. */
export async function svgToPngBlob(svgText: string, dpi = 300): Promise<Blob> {
  return canvasToPngBlob(await rasterizeSvg(svgText, dpi));
}
