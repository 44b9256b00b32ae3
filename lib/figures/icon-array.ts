import { FONT_FAMILY, palette, textWidth } from './theme';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The little of the DOM this builder uses (lib/ has no DOM types; the caller injects a document). */
interface SvgNode {
  setAttribute(name: string, value: string): void;
  appendChild(child: SvgNode): void;
  textContent: string | null;
}

export interface IconArrayInput {
  /** Patients out of 100 who recover (filled icons, counted row by row from the top left). */
  filled: number;
  /** What a filled and an empty icon mean, for the legend. */
  filledLabel: string;
  emptyLabel: string;
  /** The text alternative (the sentence the array shows). */
  description: string;
}

/**
 * A static 10 × 10 icon array (no animation): one rounded square per patient out of 100,
 * filled for those who recover, in rows from the top left so that the count can be read off
 * by tens, with a two-entry legend underneath. `cell` is the icon pitch in px.
 */
export function iconArray(input: IconArrayInput, document: Document, options: { cell?: number; fontPx?: number } = {}): Element {
  const doc = document as unknown as { createElementNS(ns: string, name: string): SvgNode };
  const cell = options.cell ?? 22;
  const font = options.fontPx ?? 14;
  const filled = Math.max(0, Math.min(100, Math.round(input.filled)));
  const gridW = cell * 10;
  const legendH = font * 3.2;
  const width = Math.ceil(Math.max(gridW, font * 1.6 + Math.max(textWidth(input.filledLabel, font), textWidth(input.emptyLabel, font)) + 4));
  const height = gridW + legendH;
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('font-family', FONT_FAMILY);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', input.description);
  const title = doc.createElementNS(SVG_NS, 'title');
  title.textContent = input.description;
  svg.appendChild(title);
  const square = (x: number, y: number, on: boolean, size = cell - 4) => {
    const r = doc.createElementNS(SVG_NS, 'rect');
    r.setAttribute('x', String(x));
    r.setAttribute('y', String(y));
    r.setAttribute('width', String(size));
    r.setAttribute('height', String(size));
    r.setAttribute('rx', String(size * 0.25));
    r.setAttribute('fill', on ? palette.primary : 'white');
    r.setAttribute('stroke', on ? palette.primary : palette.muted);
    r.setAttribute('stroke-width', '1.5');
    svg.appendChild(r);
  };
  for (let k = 0; k < 100; k++) square((k % 10) * cell + 2, Math.floor(k / 10) * cell + 2, k < filled);
  const legend = (y: number, on: boolean, label: string) => {
    square(2, y - font * 0.85, on, font);
    const t = doc.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', String(font * 1.6));
    t.setAttribute('y', String(y));
    t.setAttribute('font-size', String(font));
    t.setAttribute('fill', palette.ink);
    t.textContent = label;
    svg.appendChild(t);
  };
  legend(gridW + font * 1.3, true, input.filledLabel);
  legend(gridW + font * 2.8, false, input.emptyLabel);
  return svg as unknown as Element;
}
