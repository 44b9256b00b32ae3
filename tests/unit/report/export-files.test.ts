import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { nodeDocument, svgToPdf, svgToPng, svgToTiff } from '@/cli/render-figure';
import { registry } from '@/lib/cells';
import { svgSizeMm } from '@/lib/figures/figure-pdf';
import { exportFiles, parseFormats } from '@/lib/report/export-files';
import { pngDpi, tiffInfo } from '../../support/figure-files';
import { exportFixture, source } from './export-fixture';

const host = { document: nodeDocument(), png: svgToPng, tiff: svgToTiff, pdf: svgToPdf };

async function collect(options: { widthMm?: number; dpi: 300 | 600; formats: string }) {
  const { state, manifest } = await exportFixture();
  const files = new Map<string, string | Uint8Array>();
  const failures: string[] = [];
  for await (const [path, content] of exportFiles(state, registry, host, { ...options, formats: parseFormats(options.formats), data: { sha256: source.sha256 }, version: '0.1.0', manifest, onFailure: (m) => failures.push(m) })) files.set(path, content);
  expect(failures).toEqual([]);
  return files;
}

describe('export files (the CLI’s and the page’s “Export all” layout)', () => {
  it('PNG and TIFF state their resolution; every figure at its width in mm; SVG and PDF carry provenance', async () => {
    const files = await collect({ dpi: 300, formats: 'svg,pdf,png,tiff' });
    const figures = [...files.keys()].filter((p) => p.endsWith('.svg')).map((p) => p.slice('figures/'.length, -4));
    expect(figures).toEqual(expect.arrayContaining(['fig1-flow', 'fig2-course', 'fig3-importance', 'fig4-classification', 'fig5-predicted-by-grade', 'fig6-recovery-course', 'suppl-grid-heatmap', 'suppl-training-curves']));
    for (const name of figures) {
      const svg = files.get(`figures/${name}.svg`) as string;
      const { width: mm, height: mmH } = svgSizeMm(svg);
      expect(svg).toMatch(new RegExp(`width="${+mm.toFixed(2)}mm"`));
      expect(svg).toContain(`data sha256 ${source.sha256}; parameters `);
      expect(svg).toContain('<dc:source>notebook han-2026;');
      const png = files.get(`figures/${name}.png`) as Uint8Array;
      expect(pngDpi(png), `${name}.png`).toBeCloseTo(300, 0);
      const width = new DataView(png.buffer, png.byteOffset).getUint32(16);
      expect(Math.abs(width - (mm / 25.4) * 300), `${name}.png pixel width`).toBeLessThanOrEqual(1);
      const tif = tiffInfo(files.get(`figures/${name}.tiff`) as Uint8Array);
      expect(tif, `${name}.tiff`).toMatchObject({ xres: 300, yres: 300, unit: 2, samples: 3 });
      expect(Math.abs(tif.width! - (mm / 25.4) * 300)).toBeLessThanOrEqual(1);
      expect(Math.abs(tif.height! - (mmH / 25.4) * 300)).toBeLessThanOrEqual(1);
      const pdf = Buffer.from(files.get(`figures/${name}.pdf`) as Uint8Array).toString('latin1');
      const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf)!;
      expect(Number(box[1]) / 72 * 25.4, `${name}.pdf width`).toBeCloseTo(mm, 1);
      // Vector: text in an embedded TrueType font, no raster image inside.
      expect(pdf).toContain('/FontFile2');
      expect(pdf).not.toContain('/Subtype /Image');
      // Info entries are indirect strings: /Notebook 21 0 R … 21 0 obj (han-2026).
      const info = (key: string) => {
        const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(pdf);
        return ref ? new RegExp(`\n${ref[1]} 0 obj\n\\((.*)\\)\nendobj`).exec(pdf)?.[1] : undefined;
      };
      expect(info('Notebook'), name).toBe('han-2026');
      expect(info('DataSha256'), name).toBe(source.sha256);
      expect(info('ParametersHash'), name).toMatch(/\S+/);
    }
  }, 240_000);

  it('600 dpi and a journal width apply to every figure', async () => {
    const files = await collect({ dpi: 600, widthMm: 89, formats: 'png' });
    const pngs = [...files.entries()].filter(([p]) => p.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(8);
    for (const [path, png] of pngs) {
      expect(pngDpi(png as Uint8Array), path).toBeCloseTo(600, 0);
      expect(Math.abs(new DataView((png as Uint8Array).buffer, (png as Uint8Array).byteOffset).getUint32(16) - (89 / 25.4) * 600), path).toBeLessThanOrEqual(1);
    }
  }, 240_000);

  it('tables as Word documents with the readers’ headings; the methods paragraph and TRIPOD+AI checklist', async () => {
    const files = await collect({ dpi: 300, formats: 'svg' });
    const docx = unzipSync(files.get('tables/table2.docx') as Uint8Array);
    const xml = strFromU8(docx['word/document.xml']!);
    expect(xml).toContain('MAE (grades)');
    expect(xml).toContain('Table 2.');
    expect(files.get('tables/table2.md')).toContain('| Subset | Model | Evaluation set | Method | n | RMSE (grades) |');
    expect(files.get('tables/table2.md')).toContain('< 0.001');
    for (const f of ['report/methods.md', 'report/methods.tex', 'report/tripod-ai.md', 'report/tripod-ai.tex', 'report/probast-ai.md', 'report/probast-ai.tex']) expect(files.has(f), f).toBe(true);
    expect(files.get('report/probast-ai.md')).toContain('## Recovery classifier (RBF SVM): model development');
  }, 240_000);
});
