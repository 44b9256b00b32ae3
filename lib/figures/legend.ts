import { FONT, FONT_FAMILY, STROKE, palette, textWidth, wrapText } from './theme';

/** One legend entry: the mark's look and what it means. */
export interface LegendItem {
  label: string;
  kind: 'dot' | 'circle' | 'line' | 'dash' | 'band' | 'bar' | 'square' | 'outline' | 'triangle' | 'diamond' | 'text';
  color: string;
  dash?: string;
  opacity?: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

// The small part of the DOM these builders use (lib/ has no DOM typings).
interface MiniElement {
  setAttribute(name: string, value: string): void;
  appendChild(child: MiniElement): void;
  textContent: string | null;
}
const dom = (document: Document) => document as unknown as { createElementNS(ns: string, name: string): MiniElement };
const SWATCH = 16;
const GAP = 12;
const ROW = FONT.note * 1.6;

/**
 * A legend drawn as its own `<svg>` (stacked above the plot by `stackSvgs`), so it is part of
 * the figure file, never cut by the plot's margins. Items flow left to right and wrap to the
 * width; every swatch is drawn with the same colour, dash and opacity as its mark.
 */
export function legendSvg(document: Document, items: readonly LegendItem[], width: number): Element {
  const svg = dom(document).createElementNS(SVG_NS, 'svg');
  let x = 0;
  let row = 0;
  const placed: { item: LegendItem; x: number; row: number }[] = [];
  for (const item of items) {
    const w = (item.kind === 'text' ? 0 : SWATCH + 4) + textWidth(item.label, FONT.note);
    if (x > 0 && x + w > width - 4) {
      x = 0;
      row++;
    }
    placed.push({ item, x: x + 2, row });
    x += w + GAP;
  }
  const height = Math.ceil((row + 1) * ROW + 2);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('font-family', FONT_FAMILY);
  svg.setAttribute('font-size', String(FONT.note));
  svg.setAttribute('aria-label', 'Legend');
  for (const { item, x: x0, row: r } of placed) {
    const cy = r * ROW + ROW / 2 + 1;
    const g = dom(document).createElementNS(SVG_NS, 'g');
    g.setAttribute('aria-label', `legend: ${item.label}`);
    svg.appendChild(g);
    const el = (name: string, attrs: Record<string, string | number>) => {
      const e = dom(document).createElementNS(SVG_NS, name);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      g.appendChild(e);
      return e;
    };
    const mid = x0 + SWATCH / 2;
    switch (item.kind) {
      case 'dot':
        el('circle', { cx: mid, cy, r: 2.6, fill: item.color, 'fill-opacity': item.opacity ?? 1 });
        break;
      case 'circle':
        el('circle', { cx: mid, cy, r: 2.6, fill: 'white', stroke: item.color, 'stroke-width': STROKE.normal });
        break;
      case 'line':
      case 'dash': {
        const dash = item.dash ?? (item.kind === 'dash' ? '4,2' : undefined);
        el('line', { x1: x0, x2: x0 + SWATCH, y1: cy, y2: cy, stroke: item.color, 'stroke-width': STROKE.line, ...(dash ? { 'stroke-dasharray': dash } : {}) });
        break;
      }
      case 'band':
        el('rect', { x: x0, y: cy - 4, width: SWATCH, height: 8, fill: item.color, 'fill-opacity': item.opacity ?? 0.3 });
        break;
      case 'bar':
      case 'square':
        el('rect', { x: x0 + (item.kind === 'bar' ? 3 : 4), y: cy - 4, width: item.kind === 'bar' ? SWATCH - 6 : 8, height: 8, fill: item.color, 'fill-opacity': item.opacity ?? 1 });
        break;
      case 'triangle':
        el('path', { d: `M${mid},${cy - 3.2}L${mid + 3.2},${cy + 2.6}L${mid - 3.2},${cy + 2.6}Z`, fill: item.color });
        break;
      case 'diamond':
        el('path', { d: `M${mid},${cy - 4}L${mid + 4},${cy}L${mid},${cy + 4}L${mid - 4},${cy}Z`, fill: item.color });
        break;
      case 'text':
        break;
      case 'outline':
        el('rect', { x: x0 + 4, y: cy - 4, width: 8, height: 8, fill: 'none', stroke: item.color, 'stroke-width': STROKE.emphasis });
        break;
    }
    const text = el('text', { x: item.kind === 'text' ? x0 : x0 + SWATCH + 4, y: cy, 'dominant-baseline': 'central', fill: palette.ink });
    text.textContent = item.label;
  }
  return svg as unknown as Element;
}

/**
 * A continuous colour scale as a labelled ramp: the title, then a bar of thin adjacent
 * rectangles (no gradient, so no ids that could clash when two figures share a page) from
 * `lo` to `hi`, with the two ends and the middle labelled.
 */
export function colorRampSvg(document: Document, title: string, o: { lo: number; hi: number; color: (v: number) => string; format: (v: number) => string; titleWidth?: number }, width: number): Element {
  const svg = dom(document).createElementNS(SVG_NS, 'svg');
  // Ramps stacked in one figure pass the widest title's width, so that their bars line up.
  const titleW = Math.max(o.titleWidth ?? 0, textWidth(title, FONT.note)) + 8;
  const barW = Math.max(60, Math.min(220, width - titleW - 16));
  const height = Math.ceil(10 + FONT.note * 1.5 + 4);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('font-family', FONT_FAMILY);
  svg.setAttribute('font-size', String(FONT.note));
  svg.setAttribute('aria-label', `Legend: ${title}, from ${o.format(o.lo)} to ${o.format(o.hi)}`);
  const add = (name: string, attrs: Record<string, string | number>, text?: string) => {
    const e = dom(document).createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    svg.appendChild(e);
  };
  add('text', { x: 2, y: 6, 'dominant-baseline': 'central', fill: palette.ink }, title);
  const n = 48;
  const x0 = titleW + 8;
  for (let i = 0; i < n; i++) {
    const v = o.hi > o.lo ? o.lo + ((o.hi - o.lo) * (i + 0.5)) / n : o.lo;
    add('rect', { x: +(x0 + (barW * i) / n).toFixed(2), y: 1, width: +(barW / n + 0.3).toFixed(2), height: 9, fill: o.color(v) });
  }
  const ticks = o.hi > o.lo ? [o.lo, (o.lo + o.hi) / 2, o.hi] : [o.lo];
  ticks.forEach((v, i) => {
    const x = ticks.length === 1 ? x0 + barW / 2 : x0 + (barW * i) / (ticks.length - 1);
    add('text', { x: +x.toFixed(2), y: 10 + FONT.note * 0.55 + 1, 'text-anchor': ticks.length === 1 ? 'middle' : i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle', 'dominant-baseline': 'central', fill: palette.ink }, o.format(v));
  });
  return svg as unknown as Element;
}

/** Lines of text wrapped to `wrapWidth`, one SVG as wide as the figure (titles and notes). */
function wrappedTextSvg(document: Document, text: string, width: number, o: { size: number; wrapWidth: number; bold?: boolean; label?: string }): Element {
  const lines = wrapText(text, o.wrapWidth, o.size);
  const lineH = o.size * 1.3;
  const height = Math.ceil(lines.length * lineH + 2);
  const svg = dom(document).createElementNS(SVG_NS, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('font-family', FONT_FAMILY);
  svg.setAttribute('font-size', String(o.size));
  if (o.label) svg.setAttribute('aria-label', o.label);
  lines.forEach((line, i) => {
    const t = dom(document).createElementNS(SVG_NS, 'text');
    t.setAttribute('x', '2');
    t.setAttribute('y', String(i * lineH + lineH / 2 + 1));
    t.setAttribute('dominant-baseline', 'central');
    if (o.bold) t.setAttribute('font-weight', 'bold');
    t.setAttribute('fill', palette.ink);
    t.textContent = line;
    svg.appendChild(t);
  });
  return svg as unknown as Element;
}

/** A figure or panel title (8 pt bold), wrapped to the width. */
export function titleSvg(document: Document, text: string, width: number): Element {
  // Bold DejaVu Sans runs ~12% wider than the regular face the estimate is made for.
  return wrappedTextSvg(document, text, width, { size: FONT.title, wrapWidth: (width - 4) / 1.12, bold: true });
}

/** A note under a figure (7 pt), wrapped to the width: what the reader must know about how it is drawn. */
export function noteSvg(document: Document, text: string, width: number): Element {
  return wrappedTextSvg(document, text, width, { size: FONT.note, wrapWidth: width - 6, label: 'Note' });
}
