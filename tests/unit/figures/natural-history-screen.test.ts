import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenWidthMm } from '@/components/notebook/ArtifactView';
import { TEACHING_TEXT_PX } from '@/components/teaching/TeachingCell';
import { registry } from '@/lib/cells';
import { figureSvgText } from '@/lib/figures/compose-figure';
import { sha256Hex } from '@/lib/notebook/hash';
import { isComputeCell } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { findNotebook } from '@/notebooks';
import { document as jsdomDocument } from './golden';

/**
 * The natural-history figure as the teaching page shows it at 1440 px, through the teaching
 * view's own screen sizing (FigureView with screenTextPx = TEACHING_TEXT_PX: laid out at
 * screenWidthMm of its frame, then drawn at the frame's width): measured by Chromium, every
 * text at least 14 px, none overlapping, none outside. The same artifact drawn at a journal
 * width (the exports) keeps print sizes (7–8 pt).
 */
// The teaching cell's frame at 1440 px: main 1120 px less 2 × 20 px padding, less the cell's 2 × 20 px padding and 1 px borders.
const FRAME_PX = 1038;
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));

let browser: Browser;
let artifact: { render: (d: Document, o?: { widthMm?: number }) => Element };

beforeAll(async () => {
  if (!executablePath) throw new Error('this test needs Chromium: apt-get install chromium, or set CHROMIUM_PATH');
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--font-render-hinting=none'] });
  const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
  const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };
  const nb = findNotebook('teaching')!;
  const keep = new Set(['load-cohort', 'cohort-inclusion', 'natural-history']);
  const state = await runNotebook({ notebook: { ...nb, cells: nb.cells.filter((c) => isComputeCell(c) && keep.has(c.kind)) }, registry, source, env: { host: 'node' } });
  const cell = nb.cells.find((c) => isComputeCell(c) && c.kind === 'natural-history')!;
  const a = registry.get('natural-history')!.artifacts!(state.cells[cell.id]!.output, {}, {})[0]!;
  if (a.type !== 'figure') throw new Error('the natural-history cell has no figure');
  artifact = a;
}, 120_000);
afterAll(async () => browser?.close());

interface Box {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  px: number;
}

async function measure(svg: string, framePx: number | null): Promise<{ boxes: Box[]; frame: { w: number; h: number } }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    // On screen, FigureView sets the drawn svg to width 100%, height auto, no max-width.
    const body = framePx === null ? svg : `<div class="figure" style="width:${framePx}px">${svg.replace('<svg ', '<svg style="width:100%;height:auto;max-width:none" ')}</div>`;
    await page.setContent(`<!DOCTYPE html><html><head><style>body{margin:0}</style></head><body>${body.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
    return await page.evaluate(() => {
      const root = document.querySelector('svg')!;
      const frame = root.getBoundingClientRect();
      const boxes: Box[] = [];
      for (const t of Array.from(document.querySelectorAll('text'))) {
        const spans = Array.from(t.querySelectorAll('tspan'));
        const m = (t as SVGGraphicsElement).getScreenCTM()!;
        const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
        for (const part of spans.length ? spans : [t]) {
          if (!part.textContent?.trim()) continue;
          const r = part.getBoundingClientRect();
          boxes.push({ text: part.textContent, x: r.x - frame.x, y: r.y - frame.y, w: r.width, h: r.height, px: parseFloat(getComputedStyle(part).fontSize) * scale });
        }
      }
      return { boxes, frame: { w: frame.width, h: frame.height } };
    });
  } finally {
    await page.close();
  }
}

const TOLERANCE = 0.75;
function problems(boxes: Box[], frame: { w: number; h: number }): string[] {
  const out: string[] = [];
  for (const b of boxes) if (b.x < -TOLERANCE || b.y < -TOLERANCE || b.x + b.w > frame.w + TOLERANCE || b.y + b.h > frame.h + TOLERANCE) out.push(`"${b.text}" leaves the figure`);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!, b = boxes[j]!;
      if (Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > TOLERANCE && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > TOLERANCE) out.push(`"${a.text}" overlaps "${b.text}"`);
    }
  return out;
}

describe('the natural-history figure on a 1440 px screen and in print (Chromium)', () => {
  it('in the teaching view at 1440 px: every text ≥ 14 px, no overlap, the n at risk and the stop note shown', async () => {
    const mm = screenWidthMm(FRAME_PX, TEACHING_TEXT_PX)!;
    expect(TEACHING_TEXT_PX).toBe(14);
    const svg = figureSvgText(artifact.render(jsdomDocument, { widthMm: mm }));
    const { boxes, frame } = await measure(svg, FRAME_PX);
    expect(Math.abs(frame.w - FRAME_PX)).toBeLessThan(1);
    const small = boxes.filter((b) => b.px < 14 - 1e-6).map((b) => `"${b.text}" ${b.px.toFixed(2)} px`);
    expect(small).toEqual([]);
    expect(problems(boxes, frame)).toEqual([]);
    const text = boxes.map((b) => b.text).join(' ');
    expect(text).toContain('Number at risk');
    expect(text).toContain('Days since onset');
    expect(text).toContain('Patients recovered (%)');
    expect(text).toMatch(/Each curve stops on the last day with at least 20 patients at risk/);
  }, 60_000);

  it('in print (a journal width): 7–8 pt text, as every other figure', async () => {
    for (const mm of [89, 183]) {
      const { boxes, frame } = await measure(figureSvgText(artifact.render(jsdomDocument, { widthMm: mm }), { sizeInMm: true }), null);
      const pts = boxes.map((b) => b.px * 0.75);
      expect(Math.min(...pts), `${mm} mm`).toBeGreaterThanOrEqual(7 - 0.01);
      expect(Math.max(...pts), `${mm} mm`).toBeLessThanOrEqual(8 + 0.01);
      expect(problems(boxes, frame), `${mm} mm`).toEqual([]);
    }
  }, 60_000);
});
