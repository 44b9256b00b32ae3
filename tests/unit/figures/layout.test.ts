import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureSvgText } from '@/lib/figures/compose-figure';
import { WIDTH_PRESETS_MM } from '@/lib/figures/theme';
import { registry } from '@/lib/cells';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { exportFixture } from '../report/export-fixture';
import { FIGURES, VALIDATION_FIGURES } from './fixtures';
import { document as jsdomDocument } from './golden';
import { whatIfHandout } from '@/lib/figures/what-if-handout';
import { EDUCATIONAL_LABEL, SYNTHETIC_LABEL } from '@/lib/teaching/clinical-facts';

/**
 * Every figure at every journal width, rendered by Chromium at print size (the SVG states its
 * size in mm; 1 CSS px = 1/96 inch): no two pieces of text overlap, none leaves the figure,
 * none is smaller than 6 pt, no line is thinner than 0.5 pt and no figure is taller than a page. Text boxes are the browser's own (getBoundingClientRect of each
 * line), so the test measures the real font, not our estimate of it.
 */
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));

interface Box {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  pt: number;
}

let browser: Browser;
beforeAll(async () => {
  if (!executablePath) throw new Error('the figure layout test needs Chromium: apt-get install chromium, or set CHROMIUM_PATH');
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--font-render-hinting=none'] });
}, 60_000);
afterAll(async () => browser?.close());

async function measure(svg: string): Promise<{ boxes: Box[]; frame: { w: number; h: number }; thinnest: { pt: number; what: string } }> {
  const page = await browser.newPage();
  try {
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
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
          const px = parseFloat(getComputedStyle(part).fontSize) * scale;
          boxes.push({ text: part.textContent, x: r.x - frame.x, y: r.y - frame.y, w: r.width, h: r.height, pt: px * 0.75 });
        }
      }
      // The thinnest visible stroke, in pt at print size.
      let thinnest = { pt: Infinity, what: '' };
      for (const el of Array.from(document.querySelectorAll('line, path, rect, circle, polyline, polygon'))) {
        const style = getComputedStyle(el);
        if (style.stroke === 'none' || style.strokeOpacity === '0' || parseFloat(style.strokeWidth) === 0) continue;
        const m = (el as SVGGraphicsElement).getScreenCTM()!;
        const pt = parseFloat(style.strokeWidth) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) * 0.75;
        if (pt < thinnest.pt) thinnest = { pt, what: `${el.tagName} in ${el.closest('[aria-label]')?.getAttribute('aria-label') ?? 'figure'}` };
      }
      return { boxes, frame: { w: frame.width, h: frame.height }, thinnest };
    });
  } finally {
    await page.close();
  }
}

const TOLERANCE = 0.75; // px: anti-aliasing of touching boxes is not an overlap

function overlaps(a: Box, b: Box): boolean {
  const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return dx > TOLERANCE && dy > TOLERANCE;
}

describe('figure layout at journal widths (Chromium)', () => {
  for (const [preset, mm] of Object.entries(WIDTH_PRESETS_MM)) {
    it(`${preset} column (${mm} mm): no overlapping text, none outside, none below 6 pt, no stroke below 0.5 pt, none taller than a page`, async () => {
      const problems: string[] = [];
      // The fixed inputs, and the figures of a real run of the notebook (quick profile).
      const { state } = await exportFixture();
      // Every figure a notebook exports: the paper's, the validation cells' (ROC/PR, calibration,
      // decision curve, sample size, LSTM grade bias), the audit's and the teaching notebook's.
      const run = [...freshArtifacts(state, registry)].flatMap(({ artifact }) => (artifact.type === 'figure' ? [[`run:${artifact.name}`, (d: Document, w?: number) => artifact.render(d, { widthMm: w })] as const] : []));
      for (const [name, build] of [...Object.entries(FIGURES), ...Object.entries(VALIDATION_FIGURES), ...run]) {
        const { boxes, frame, thinnest } = await measure(figureSvgText(build(jsdomDocument, mm), { sizeInMm: true }));
        expect(boxes.length, name).toBeGreaterThan(3);
        expect(Math.abs(frame.w - (mm * 96) / 25.4), `${name} is not ${mm} mm wide`).toBeLessThan(1);
        // A figure taller than a page cannot be placed: 247 mm is a Nature-journal page's full depth (Nature
        // itself asks for at most 170 mm, to leave room for the legend; that is the author's choice of width).
        if (frame.h / (96 / 25.4) > 247) problems.push(`${name}: ${(frame.h / (96 / 25.4)).toFixed(0)} mm tall, more than a page (247 mm)`);
        if (thinnest.pt < 0.5 - 1e-6) problems.push(`${name}: a ${thinnest.pt.toFixed(2)} pt stroke (${thinnest.what})`);
        for (const b of boxes) {
          if (b.pt < 6 - 1e-6) problems.push(`${name}: "${b.text}" is ${b.pt.toFixed(2)} pt`);
          if (b.x < -TOLERANCE || b.y < -TOLERANCE || b.x + b.w > frame.w + TOLERANCE || b.y + b.h > frame.h + TOLERANCE) problems.push(`${name}: "${b.text}" leaves the figure`);
        }
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!, boxes[j]!)) problems.push(`${name}: "${boxes[i]!.text}" overlaps "${boxes[j]!.text}"`);
      }
      expect(problems, problems.slice(0, 60).join('\n')).toEqual([]);
    }, 240_000);
  }

  // The teaching notebook's one-page handout (A4, its own size, not a journal width).
  it('the what-if handout (A4): no overlapping text, none outside, none below 6 pt', async () => {
    const course = [9, 16, 23, 45, 60, 90, 120, 150, 180].map((day) => ({ day, grade: day < 60 ? 3 : 2, low: day < 45 ? 3 : 1, high: 3 }));
    const el = whatIfHandout(
      {
        title: 'What-if patient: chance of recovery by 6 months (day 180)',
        dateLine: 'Made on 2026-12-06 with the Facial Palsy Prognosis Workbench.',
        dataLine: 'Model fitted on synthetic-cohort.csv (SHA-256 0123456789abcdef…).',
        inputs: ['Female, 45 years; diabetes no; hypertension no; steroid started on day 3 after onset.', 'Visits: day 1 grade IV, day 4 grade IV, day 9 grade III (the last is today, the landmark).'],
        prediction: ['62 out of 100 patients like this one recover to grade II or better by 6 months (day 180).', '95% interval: 50 to 70 out of 100 (over 200 refits of the model on patients resampled from the development data).', 'For comparison, the base rate: 55 out of 100 held-out patients of this cohort recovered by 6 months (day 180) (patients lost to follow-up weighted for).'],
        method: ['The chance comes from a landmark model fitted on 280 patients of the loaded cohort.', 'Shaded: 80% band of the best grade recorded by each day; measured on held-out patients whose grade was ≤ III at the landmark: 81% (120 visits of 40 patients).'],
        labels: [EDUCATIONAL_LABEL, SYNTHETIC_LABEL],
        course,
        visits: [{ day: 1, grade: 4 }, { day: 4, grade: 4 }, { day: 9, grade: 3 }],
        horizonDay: 180,
        level: 0.8,
        icons: { filled: 62, filledLabel: 'recover by 6 months (day 180)', emptyLabel: 'do not (yet)', description: '62 out of 100' },
      },
      jsdomDocument,
    );
    const { boxes, frame } = await measure(figureSvgText(el));
    const problems: string[] = [];
    for (const b of boxes) {
      if (b.pt < 6 - 1e-6) problems.push(`"${b.text}" is ${b.pt.toFixed(2)} pt`);
      if (b.x < -TOLERANCE || b.y < -TOLERANCE || b.x + b.w > frame.w + TOLERANCE || b.y + b.h > frame.h + TOLERANCE) problems.push(`"${b.text}" leaves the page`);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!, boxes[j]!)) problems.push(`"${boxes[i]!.text}" overlaps "${boxes[j]!.text}"`);
    expect(boxes.length).toBeGreaterThan(10);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 60_000);
});
