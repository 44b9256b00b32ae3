import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { nodeDocument, svgToPdf, svgToPng, svgToTiff } from '@/cli/render-figure';
import { exportAllZip, exportedFigures, planFigure, planWidths, prefillChoices, readPageChoices, type PageFigureChoice } from '@/components/notebook/export-all';
import { registry } from '@/lib/cells';
import { MAX_FIGURE_HEIGHT_MM, captionAs, figureSizeMm } from '@/lib/figures/compose-figure';
import { svgSizeMm } from '@/lib/figures/figure-pdf';
import { pngDpi, tiffInfo } from '../../support/figure-files';
import { FIGURES } from '../figures/fixtures';
import { exportFixture, source } from '../report/export-fixture';

const document = nodeDocument();
const host = { document, png: svgToPng, tiff: svgToTiff, pdf: svgToPdf };

/** A figure's export controls as FigureView (components/notebook/ArtifactView.tsx) renders them. */
function figureControls(name: string, width: string, dpi: '300' | '600', custom?: string): string {
  const opt = (value: string, selected: string) => `<option value="${value}"${value === selected ? ' selected' : ''}>${value}</option>`;
  return `<figure class="artifact"><div class="figure" data-testid="figure-${name}"></div><figcaption class="exports">
    <span class="cell-meta">${name}</span>
    <label class="cell-meta">Width <select data-testid="width-${name}">${['default', '89', '120', '183', 'custom'].map((v) => opt(v, width)).join('')}</select></label>
    ${custom !== undefined ? `<input class="small-input" aria-label="Figure width in mm" value="${custom}">` : ''}
    <button type="button">SVG</button>
    <label class="cell-meta"><select aria-label="Raster resolution">${['300', '600'].map((v) => opt(v, dpi)).join('')}</select></label>
  </figcaption></figure>`;
}

describe('Export all follows the choices made on the page', () => {
  it('reads each figure’s width and dpi from its own controls', () => {
    const { window } = new JSDOM(`<body>${figureControls('fig1-flow', 'default', '300')}${figureControls('fig3-importance', '89', '600')}${figureControls('fig4-classification', 'custom', '300', '140')}${figureControls('fig6-recovery-course', 'custom', '300', 'wide')}</body>`);
    const page = readPageChoices(window.document);
    expect(Object.fromEntries(page)).toEqual({
      'fig1-flow': { widthMm: undefined, dpi: 300 },
      'fig3-importance': { widthMm: 89, dpi: 600 },
      'fig4-classification': { widthMm: 140, dpi: 300 },
      // A custom width that does not parse: the figure's default, as its own buttons take it.
      'fig6-recovery-course': { widthMm: undefined, dpi: 300 },
    });
  });

  it('prefills the dialog: one column width when every figure was set to it, "as on each figure" when some were, 600 dpi when any figure was', () => {
    const names = ['a', 'b', 'c'];
    const page = (entries: [string, PageFigureChoice][]) => new Map(entries);
    expect(prefillChoices(page([]), names)).toEqual({ width: 'default', twoColumnWhenTall: true, dpi: 300, formats: ['svg', 'pdf', 'png'] });
    const all89 = page(names.map((n) => [n, { widthMm: 89, dpi: 300 }]));
    expect(prefillChoices(all89, names).width).toBe(89);
    const some = page([['a', { widthMm: 183, dpi: 300 }], ['b', { dpi: 600 }], ['c', { dpi: 300 }]]);
    expect(prefillChoices(some, names)).toMatchObject({ width: 'page', dpi: 600 });
    // Figures not in the export (the explorer's) do not count; the last export's formats are kept.
    expect(prefillChoices(page([['explorer-1-classification', { widthMm: 89, dpi: 600 }]]), names, { formats: ['tiff'], width: 183, dpi: 300, twoColumnWhenTall: false })).toEqual({ width: 183, twoColumnWhenTall: false, dpi: 300, formats: ['tiff'] });
  });

  it('a figure taller than 170 mm at single column (Figs. 4 and 6) goes in at double column (183 mm); the others at 89 mm', async () => {
    const { state } = await exportFixture();
    // The notebook's figures, with Fig. 6 drawn for 16 patients as in the paper (the fixture's run has fewer).
    const figures = exportedFigures(state, registry).map((f) =>
      f.name === 'fig6-recovery-course' ? { ...f, render: (d: Document, o?: { widthMm?: number }) => FIGURES['fig6-recovery-course']!(d, o?.widthMm) } : f,
    );
    const byName = new Map(figures.map((f) => [f.name, f]));
    for (const name of ['fig4-classification', 'fig6-recovery-course']) {
      const plan = planFigure(byName.get(name)!, { width: 89, twoColumnWhenTall: true }, new Map(), document);
      expect(plan.widthMm, name).toBe(183);
      expect(plan.tall!.heightMm, `${name} at 89 mm`).toBeGreaterThan(MAX_FIGURE_HEIGHT_MM);
      expect(figureSizeMm(byName.get(name)!.render(document, { widthMm: 183 })).heightMm, `${name} at 183 mm`).toBeLessThan(plan.tall!.heightMm);
      // Asked not to: at 89 mm.
      expect(planFigure(byName.get(name)!, { width: 89, twoColumnWhenTall: false }, new Map(), document).widthMm).toBe(89);
    }
    const plans = figures.map((f) => planFigure(f, { width: 89, twoColumnWhenTall: true }, new Map(), document));
    for (const p of plans) {
      const drawn = figureSizeMm(byName.get(p.name)!.render(document, { widthMm: p.widthMm }));
      if (p.widthMm === 183) continue;
      expect(p.widthMm, p.name).toBe(89);
      // Kept at 89 mm: short enough, or no less tall at 183 mm.
      if (drawn.heightMm > MAX_FIGURE_HEIGHT_MM) expect(figureSizeMm(byName.get(p.name)!.render(document, { widthMm: 183 })).heightMm, p.name).toBeGreaterThanOrEqual(drawn.heightMm);
    }
    expect(plans.find((p) => p.name === 'fig3-importance')!.widthMm).toBe(89);
    // Each figure's own width: the double-column figures are not measured again, the others keep their default.
    const own = figures.map((f) => planFigure(f, { width: 'default', twoColumnWhenTall: true }, new Map(), document));
    expect(own.find((p) => p.name === 'fig1-flow')).toEqual({ name: 'fig1-flow', widthMm: undefined });
    expect(own.find((p) => p.name === 'fig4-classification')).toEqual({ name: 'fig4-classification', widthMm: undefined });
    // As chosen on each figure: the page's width, a tall one still moved.
    const page = new Map<string, PageFigureChoice>([['fig3-importance', { widthMm: 120, dpi: 300 }], ['fig6-recovery-course', { widthMm: 89, dpi: 300 }]]);
    expect(planFigure(byName.get('fig3-importance')!, { width: 'page', twoColumnWhenTall: true }, page, document).widthMm).toBe(120);
    expect(planFigure(byName.get('fig6-recovery-course')!, { width: 'page', twoColumnWhenTall: true }, page, document).widthMm).toBe(183);
    // A figure that is no less tall at double column stays at the width asked for.
    const tallAnyway = { ...byName.get('fig3-importance')!, render: (d: Document, o?: { widthMm?: number }) => FIGURES['fig6-recovery-course']!(d, o?.widthMm && o.widthMm >= 183 ? 89 : o?.widthMm) };
    expect(planFigure(tallAnyway, { width: 89, twoColumnWhenTall: true }, new Map(), document).widthMm).toBe(89);
  }, 240_000);

  it('the zip follows the dialog: each figure at its planned width, the chosen dpi, only the chosen formats', async () => {
    const { state } = await exportFixture();
    const plans = exportedFigures(state, registry).map((f) => planFigure(f, { width: 89, twoColumnWhenTall: true }, new Map(), document));
    const zip = await exportAllZip(state, registry, { data: { name: source.name, sha256: source.sha256, bytes: source.bytes.length }, dpi: 600, formats: ['svg', 'tiff'], figureWidths: planWidths(plans) }, host);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(files['EXPORT-PROBLEMS.txt'] && strFromU8(files['EXPORT-PROBLEMS.txt'])).toBeUndefined();
    const figures = Object.keys(files).filter((p) => p.startsWith('figures/'));
    expect(figures.filter((p) => !/\.(svg|tiff)$/.test(p)), 'no PNG or PDF').toEqual([]);
    expect(figures.length).toBe(plans.length * 2);
    for (const plan of plans) {
      const svg = strFromU8(files[`figures/${plan.name}.svg`]!);
      expect(svgSizeMm(svg).width, plan.name).toBeCloseTo(plan.widthMm!, 1);
      const tif = tiffInfo(files[`figures/${plan.name}.tiff`]!);
      expect(tif, plan.name).toMatchObject({ xres: 600, yres: 600, samples: 3 });
      expect(Math.abs(tif.width! - (plan.widthMm! / 25.4) * 600)).toBeLessThanOrEqual(1);
    }
    expect(svgSizeMm(strFromU8(files['figures/fig4-classification.svg']!)).width).toBeCloseTo(183, 1);
    expect(svgSizeMm(strFromU8(files['figures/fig3-importance.svg']!)).width).toBeCloseTo(89, 1);
    expect(files['manifest.json']).toBeDefined();
    expect(files['report/methods.md']).toBeDefined();
  }, 240_000);

  it('without a plan, one width and the defaults as before (SVG, PDF, PNG at 300 dpi)', async () => {
    const { state } = await exportFixture();
    const zip = await exportAllZip(state, registry, { data: { name: source.name, sha256: source.sha256, bytes: source.bytes.length }, widthMm: 183, formats: ['png'] }, host);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const pngs = Object.keys(files).filter((p) => p.endsWith('.png'));
    expect(pngs.length).toBeGreaterThan(5);
    for (const p of pngs) expect(pngDpi(files[p]!), p).toBeCloseTo(300, 0);
  }, 240_000);
});

describe('figures captioned under their own name', () => {
  it('an explorer run’s copy of Fig. 4 is captioned as the run, not as Fig. 4', () => {
    const fig4 = 'Fig. 4. RBF-SVM classification of recovery (grade ≤ II at the outcome visit) on the test part of each subset.';
    const caption = captionAs('Explorer run 2 (M1)', fig4);
    expect(caption).toBe('Explorer run 2 (M1). RBF-SVM classification of recovery (grade ≤ II at the outcome visit) on the test part of each subset.');
    expect(caption).not.toMatch(/Fig\.\s*\d/);
    expect(captionAs('Explorer run 3', 'Supplementary figure. Training loss.')).toBe('Explorer run 3. Training loss.');
    expect(captionAs('Explorer run 3', undefined)).toBe('Explorer run 3.');
  });

  it('every figure of the notebook says its own figure number, once, at the start of its caption', async () => {
    const { state } = await exportFixture();
    const numbered = new Map<string, string>();
    for (const f of exportedFigures(state, registry)) {
      const m = /^Fig\. (\d+)\./.exec(f.caption ?? '');
      if (!m) continue;
      expect(f.name.startsWith(`fig${m[1]}-`), `${f.name} is captioned "Fig. ${m[1]}."`).toBe(true);
      expect(numbered.has(m[1]!), `two figures captioned Fig. ${m[1]}`).toBe(false);
      numbered.set(m[1]!, f.name);
    }
    expect([...numbered.keys()].sort()).toEqual(['1', '2', '3', '4', '5', '6']);
  }, 240_000);
});
