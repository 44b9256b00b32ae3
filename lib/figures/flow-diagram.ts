import * as Plot from '@observablehq/plot';
import { FONT, STROKE, baseStyle, figureWidthPx, palette, wrapText, type FigureOptions, documentOf } from './theme';

/** Counts for the inclusion flow (Fig. 1). */
export interface FlowDiagramInput {
  /** Sequential filters: each box shows n, and the arrow to the next names the exclusions. */
  steps: { label: string; n: number; excluded: Record<string, number> }[];
  development: { label: string; n: number };
  validation: { label: string; n: number };
  persistent: { label: string; n: number };
}

interface Box {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  lines: string[];
  kind: 'main' | 'excluded';
}

const fmt = (n: number) => n.toLocaleString('en-US');
const PAD = 5;

/**
 * Fig. 1: the cohort flow as boxes and arrows, every box with its n. Laid out in px at the
 * printed width: text is wrapped to its box and each box is as tall as its lines, so nothing
 * overflows at 89 mm or at 183 mm.
 */
export function flowDiagram(input: FlowDiagramInput, options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 120);
  const lineMain = FONT.label * 1.25;
  const lineNote = FONT.note * 1.25;
  const left = { x1: 2, x2: Math.round(width * 0.48) };
  const right = { x1: Math.round(width * 0.54), x2: width - 2 };
  const cx = (left.x1 + left.x2) / 2;
  const rx = (right.x1 + right.x2) / 2;
  const mainLines = (label: string, n: number) => [...wrapText(label, left.x2 - left.x1 - 2 * PAD, FONT.label), `n = ${fmt(n)}`];
  const boxes: Box[] = [];
  const arrows: { x1: number; y1: number; x2: number; y2: number }[] = [];
  const segments: { x1: number; y1: number; x2: number; y2: number }[] = [];
  const mainBox = (y: number, lines: string[], col = left): Box => ({ ...col, y1: y, y2: y + lines.length * lineMain + 2 * PAD, lines, kind: 'main' });
  let y = 2;
  input.steps.forEach((step) => {
    const box = mainBox(y, mainLines(step.label, step.n));
    boxes.push(box);
    y = box.y2;
    const excluded = Object.entries(step.excluded).filter(([, n]) => n > 0);
    if (excluded.length) {
      const total = excluded.reduce((s, [, n]) => s + n, 0);
      const textW = right.x2 - right.x1 - 2 * PAD;
      const lines = [
        ...wrapText(`Excluded (n = ${fmt(total)})`, textW, FONT.note),
        ...excluded.flatMap(([reason, n]) => wrapText(`• ${reason} (${fmt(n)})`, textW, FONT.note)),
      ];
      const h = lines.length * lineNote + 2 * PAD;
      const gap = h + 16;
      const ex: Box = { ...right, y1: y + 8, y2: y + 8 + h, lines, kind: 'excluded' };
      boxes.push(ex);
      arrows.push({ x1: cx, y1: (ex.y1 + ex.y2) / 2, x2: right.x1, y2: (ex.y1 + ex.y2) / 2 });
      arrows.push({ x1: cx, y1: y, x2: cx, y2: y + gap });
      y += gap;
    } else {
      arrows.push({ x1: cx, y1: y, x2: cx, y2: y + 22 });
      y += 22;
    }
  });
  // Temporal split (the last arrow branches to the validation box), then the persistent subset.
  const last = arrows[arrows.length - 1]!;
  const branchY = last.y1 + 8;
  const dev = mainBox(y, mainLines(input.development.label, input.development.n));
  const valLines = [...wrapText(input.validation.label, right.x2 - right.x1 - 2 * PAD, FONT.label), `n = ${fmt(input.validation.n)}`];
  const val = mainBox(y, valLines, right);
  const rowBottom = Math.max(dev.y2, val.y2);
  dev.y2 = val.y2 = rowBottom;
  boxes.push(dev, val);
  segments.push({ x1: cx, y1: branchY, x2: rx, y2: branchY });
  arrows.push({ x1: rx, y1: branchY, x2: rx, y2: y });
  y = rowBottom;
  arrows.push({ x1: cx, y1: y, x2: cx, y2: y + 22 });
  y += 22;
  const persistent = mainBox(y, mainLines(input.persistent.label, input.persistent.n));
  boxes.push(persistent);
  const height = Math.ceil(persistent.y2 + 2);

  const text = (b: Box) => b.lines.join('\n');
  return Plot.plot({
    document,
    width,
    height,
    margin: 0,
    style: baseStyle,
    ariaLabel: 'Cohort flow diagram',
    x: { domain: [0, width], axis: null },
    y: { domain: [0, height], axis: null, reverse: true },
    marks: [
      Plot.link(segments, { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: palette.muted, strokeWidth: STROKE.normal }),
      Plot.arrow(arrows, { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: palette.muted, strokeWidth: STROKE.normal, headLength: 6, inset: 0.5 }),
      Plot.rect(boxes.filter((b) => b.kind === 'main'), { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: '#eef4fa', stroke: palette.primary, strokeWidth: STROKE.normal, rx: 3 }),
      Plot.rect(boxes.filter((b) => b.kind === 'excluded'), { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: 'white', stroke: palette.muted, strokeWidth: STROKE.normal, strokeDasharray: '3,2', rx: 3 }),
      Plot.text(boxes.filter((b) => b.kind === 'main'), { x: (d: Box) => (d.x1 + d.x2) / 2, y: (d: Box) => (d.y1 + d.y2) / 2, text, fontSize: FONT.label, lineHeight: 1.25, fill: palette.ink }),
      Plot.text(boxes.filter((b) => b.kind === 'excluded'), { x: (d: Box) => d.x1 + PAD, y: (d: Box) => (d.y1 + d.y2) / 2, text, textAnchor: 'start', fontSize: FONT.note, lineHeight: 1.25, fill: palette.ink }),
    ],
  });
}
