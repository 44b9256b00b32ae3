import { readFileSync } from 'node:fs';
import { expect, test, type Locator } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { mmToPt, pdfFacts, pngDpi, pngSize, tiffInfo } from '../support/figure-files';
import { NotebookPage } from './pages/notebook-page';

/**
 * The figure files the page makes are what a journal's production office takes: each PDF a
 * one-page vector file (text in an embedded font, no raster image) whose page is the figure's
 * printed width, each PNG and TIFF with its resolution written. Only the cheap cells of the quick
 * profile run (load, inclusion, description, windows, split, sample size), so this stays short.
 */
const CHEAP_FIGURES = ['fig1-flow', 'fig2-course', 'sample-size'];

/** The figure's width in mm as its SVG states it (`width="120mm"`). */
function svgWidthMm(svg: string): number {
  const m = /<svg[^>]*\swidth="([\d.]+)mm"/.exec(svg);
  expect(m, 'the SVG states its width in mm').toBeTruthy();
  return Number(m![1]);
}

function expectVectorPdf(bytes: Uint8Array, widthMm: number, name: string) {
  const pdf = pdfFacts(bytes);
  expect(pdf.header, `${name}: a PDF`).toBe('%PDF-');
  expect(pdf.pages, `${name}: one page`).toBe(1);
  expect(pdf.hasImage, `${name}: no embedded raster image`).toBe(false);
  expect(pdf.hasEmbeddedFont, `${name}: text in an embedded font`).toBe(true);
  expect(Math.abs(pdf.widthPt - mmToPt(widthMm)), `${name}: page ${pdf.widthPt} pt wide, figure ${widthMm} mm = ${mmToPt(widthMm).toFixed(1)} pt`).toBeLessThanOrEqual(1);
}

async function download(figure: Locator, button: string): Promise<Uint8Array> {
  const page = figure.page();
  const [file] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: button, exact: true }).click()]);
  return new Uint8Array(readFileSync((await file.path())!));
}

test('Export all writes vector PDFs at the figure width and PNGs with their dpi; a figure exported at 89 mm and 600 dpi says so in its PDF, PNG and TIFF', async ({ page }) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  for (const id of ['describe', 'sample-size']) await nb.expectStatus(id, 'fresh', 60_000);
  await nb.expectStatus('grid', 'idle');

  // Export all opens its dialog; confirming with the choices it opens with makes the zip.
  await page.getByTestId('export-all').click();
  const [zipFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all-confirm').click()]);
  const zip = unzipSync(new Uint8Array(readFileSync((await zipFile.path())!)));
  const problems = zip['EXPORT-PROBLEMS.txt'];
  expect(problems && strFromU8(problems), 'no figure failed to export').toBeUndefined();
  const figures = Object.keys(zip).filter((p) => p.startsWith('figures/') && p.endsWith('.svg')).map((p) => p.slice('figures/'.length, -4));
  expect(figures).toEqual(expect.arrayContaining(CHEAP_FIGURES));
  for (const name of figures) {
    const mm = svgWidthMm(strFromU8(zip[`figures/${name}.svg`]!));
    expectVectorPdf(zip[`figures/${name}.pdf`]!, mm, name);
    const png = zip[`figures/${name}.png`]!;
    expect(pngDpi(png), `${name}.png dpi`).toBeCloseTo(300, 0);
    expect(Math.abs(pngSize(png).width - (mm / 25.4) * 300), `${name}.png pixel width at 300 dpi`).toBeLessThanOrEqual(1);
  }
  // Fig. 1 has its own width (120 mm): the width presets are checked separately below.
  expect(svgWidthMm(strFromU8(zip['figures/fig1-flow.svg']!))).toBe(120);

  // One figure at single-column width and 600 dpi from its own export buttons.
  const cell = nb.cell('cohort');
  await cell.getByTestId('width-fig1-flow').selectOption('89');
  await cell.getByLabel('Raster resolution').selectOption('600');
  const artifact = cell.locator('figure.artifact', { has: page.getByTestId('figure-fig1-flow') });
  expectVectorPdf(await download(artifact, 'PDF'), 89, 'fig1-flow.pdf at 89 mm');
  const png = await download(artifact, 'PNG');
  expect(pngDpi(png)).toBeCloseTo(600, 0);
  expect(Math.abs(pngSize(png).width - (89 / 25.4) * 600)).toBeLessThanOrEqual(1);
  const tif = tiffInfo(await download(artifact, 'TIFF'));
  expect(tif).toMatchObject({ xres: 600, yres: 600, unit: 2, samples: 3 });
  expect(Math.abs(tif.width! - (89 / 25.4) * 600)).toBeLessThanOrEqual(1);
});

test('Export all opens a dialog with the page’s choices; the zip follows its width, dpi and formats (TIFF LZW, RGB)', async ({ page }) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  for (const id of ['describe', 'sample-size']) await nb.expectStatus(id, 'fresh', 60_000);
  // On the page: every figure at single column, one at 600 dpi.
  for (const select of await page.locator('select[data-testid^="width-"]').all()) await select.selectOption('89');
  await nb.cell('cohort').getByLabel('Raster resolution').selectOption('600');

  const button = page.getByTestId('export-all');
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Export all' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('export-width-89')).toBeChecked();
  await expect(dialog.getByTestId('export-dpi-600')).toBeChecked();
  // Escape cancels and gives the focus back to the button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();

  await button.click();
  await dialog.getByTestId('export-format-pdf').uncheck();
  await dialog.getByTestId('export-format-png').uncheck();
  await dialog.getByTestId('export-format-tiff').check();
  const [zipFile] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-all-confirm').click()]);
  const zip = unzipSync(new Uint8Array(readFileSync((await zipFile.path())!)));
  expect(zip['EXPORT-PROBLEMS.txt'] && strFromU8(zip['EXPORT-PROBLEMS.txt']), 'no figure failed to export').toBeUndefined();
  const figureFiles = Object.keys(zip).filter((p) => p.startsWith('figures/'));
  expect(figureFiles.filter((p) => !/\.(svg|tiff)$/.test(p)), 'only the formats chosen').toEqual([]);
  for (const name of CHEAP_FIGURES) {
    expect(svgWidthMm(strFromU8(zip[`figures/${name}.svg`]!)), `${name} at 89 mm`).toBe(89);
    const tif = zip[`figures/${name}.tiff`]!;
    expect(tiffInfo(tif), name).toMatchObject({ xres: 600, yres: 600, unit: 2, samples: 3 });
    // Compression (tag 259) = 5, LZW: read from the IFD.
    const v = new DataView(tif.buffer, tif.byteOffset, tif.byteLength);
    const le = tif[0] === 0x49;
    const ifd = v.getUint32(4, le);
    const entry = Array.from({ length: v.getUint16(ifd, le) }, (_, i) => ifd + 2 + i * 12).find((e) => v.getUint16(e, le) === 259)!;
    expect(v.getUint16(entry + 8, le), `${name}.tiff compression`).toBe(5);
  }
});
