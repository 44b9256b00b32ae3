import * as Plot from '@observablehq/plot';
import { COLUMN_WIDTH, baseStyle, palette } from './theme';

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
  text: string;
  kind: 'main' | 'excluded';
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Fig. 1: the cohort flow as boxes and arrows, every box with its n.
 * Coordinates are abstract (x 0..100, y 0..rows); Plot draws rects, text and arrows.
 */
export function flowDiagram(input: FlowDiagramInput, options: { document?: Document; width?: number } = {}) {
  const width = options.width ?? COLUMN_WIDTH.double;
  const boxes: Box[] = [];
  const arrows: { x1: number; y1: number; x2: number; y2: number }[] = [];
  const rowH = 1.7;
  const boxH = 1.05;
  let y = 0;
  input.steps.forEach((step, i) => {
    boxes.push({ x1: 4, x2: 50, y1: y, y2: y + boxH, text: `${step.label}\nn = ${fmt(step.n)}`, kind: 'main' });
    const excluded = Object.entries(step.excluded).filter(([, n]) => n > 0);
    const next = i + 1 < input.steps.length;
    if (next || excluded.length) {
      const total = excluded.reduce((s, [, n]) => s + n, 0);
      if (excluded.length) {
        const lines = [`Excluded (n = ${fmt(total)})`, ...excluded.map(([reason, n]) => `• ${reason} (${fmt(n)})`)];
        const h = 0.27 * lines.length + 0.25;
        const yc = y + boxH + (rowH - boxH) / 2 + 0.05;
        boxes.push({ x1: 56, x2: 99, y1: yc - h / 2 + 0.35, y2: yc + h / 2 + 0.35, text: lines.join('\n'), kind: 'excluded' });
        arrows.push({ x1: 27, y1: yc + 0.35, x2: 56, y2: yc + 0.35 });
      }
    }
    const gap = excluded.length ? Math.max(rowH, 0.32 * (excluded.length + 1) + 1.0) : rowH;
    arrows.push({ x1: 27, y1: y + boxH, x2: 27, y2: y + gap });
    y += gap;
  });
  // Temporal split, then the persistent subset of the development set.
  boxes.push({ x1: 4, x2: 50, y1: y, y2: y + boxH, text: `${input.development.label}\nn = ${fmt(input.development.n)}`, kind: 'main' });
  boxes.push({ x1: 56, x2: 99, y1: y, y2: y + boxH, text: `${input.validation.label}\nn = ${fmt(input.validation.n)}`, kind: 'main' });
  // Elbow to the validation box: a plain segment across, then an arrow down.
  const last = arrows[arrows.length - 1]!;
  const branchY = last.y1 + (last.y2 - last.y1) / 2;
  const segments = [{ x1: 27, y1: branchY, x2: 77.5, y2: branchY }];
  arrows.push({ x1: 77.5, y1: branchY, x2: 77.5, y2: y });
  arrows.push({ x1: 27, y1: y + boxH, x2: 27, y2: y + rowH });
  y += rowH;
  boxes.push({ x1: 4, x2: 50, y1: y, y2: y + boxH, text: `${input.persistent.label}\nn = ${fmt(input.persistent.n)}`, kind: 'main' });
  const rows = y + boxH;
  const height = Math.round(rows * 62 + 20);

  return Plot.plot({
    document: options.document,
    width,
    height,
    marginTop: 10,
    marginBottom: 10,
    marginLeft: 4,
    marginRight: 4,
    style: baseStyle,
    ariaLabel: 'Cohort flow diagram',
    x: { domain: [0, 100], axis: null },
    y: { domain: [0, rows], axis: null, reverse: true },
    marks: [
      Plot.link(segments, { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: palette.muted, strokeWidth: 1.2 }),
      Plot.arrow(arrows, { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: palette.muted, strokeWidth: 1.2, headLength: 7, inset: 1 }),
      Plot.rect(boxes.filter((b) => b.kind === 'main'), { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: '#f3f6fb', stroke: palette.primary, rx: 3 }),
      Plot.rect(boxes.filter((b) => b.kind === 'excluded'), { x1: 'x1', x2: 'x2', y1: 'y1', y2: 'y2', fill: 'white', stroke: palette.muted, strokeDasharray: '3,2', rx: 3 }),
      Plot.text(
        boxes.filter((b) => b.kind === 'main'),
        { x: (d: Box) => (d.x1 + d.x2) / 2, y: (d: Box) => (d.y1 + d.y2) / 2, text: 'text', lineWidth: 21, fontSize: 11, fill: palette.ink },
      ),
      Plot.text(
        boxes.filter((b) => b.kind === 'excluded'),
        { x: (d: Box) => d.x1 + 1.5, y: (d: Box) => (d.y1 + d.y2) / 2, text: 'text', textAnchor: 'start', lineWidth: 25, fontSize: 10, fill: palette.ink },
      ),
    ],
  });
}
