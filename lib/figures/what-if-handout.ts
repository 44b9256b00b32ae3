import { composeFigure } from './compose-figure';
import { iconArray, type IconArrayInput } from './icon-array';
import { FONT_FAMILY, palette } from './theme';
import { whatIfCourse, type WhatIfCourseInput } from './what-if-course';

export interface HandoutInput extends WhatIfCourseInput {
  title: string;
  /** "Made on 2026-12-06 with …": the date and what made it. */
  dateLine: string;
  inputs: string[];
  prediction: string[];
  method: string[];
  labels: string[];
  dataLine: string;
  icons: IconArrayInput;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The little of the DOM this builder uses (lib/ has no DOM types; the caller injects a document). */
interface SvgNode {
  setAttribute(name: string, value: string): void;
  appendChild(child: SvgNode): void;
  textContent: string | null;
}
interface SvgDocument {
  createElementNS(ns: string, name: string): SvgNode;
}
const PAGE = { width: 794, height: 1123, margin: 48 } as const; // A4 at 96 px per inch

/** Wraps text into lines of at most `chars` characters (word boundaries). */
function wrap(text: string, chars: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if ((line + ' ' + word).trim().length > chars && line) {
      out.push(line);
      line = word;
    } else line = (line + ' ' + word).trim();
  }
  if (line) out.push(line);
  return out;
}

/**
 * A one-page (A4) handout of a what-if patient as one standalone SVG: the educational label at
 * the top and bottom, the date, the inputs, the prediction in words (N out of 100, by the
 * horizon) with the icon array and the course figure, and how the numbers were made. PNG and
 * the vector PDF (text stays text) are made from it.
 */
export function whatIfHandout(input: HandoutInput, document: Document): Element {
  const doc = document as unknown as SvgDocument;
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(PAGE.width));
  svg.setAttribute('height', String(PAGE.height));
  svg.setAttribute('viewBox', `0 0 ${PAGE.width} ${PAGE.height}`);
  svg.setAttribute('font-family', FONT_FAMILY);
  const rect = doc.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', 'white');
  svg.appendChild(rect);
  let y: number = PAGE.margin;
  const text = (s: string, size: number, opts: { bold?: boolean; color?: string } = {}) => {
    const t = doc.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', String(PAGE.margin));
    t.setAttribute('y', String(y));
    t.setAttribute('font-size', String(size));
    t.setAttribute('fill', opts.color ?? palette.ink);
    if (opts.bold) t.setAttribute('font-weight', 'bold');
    t.textContent = s;
    svg.appendChild(t);
    y += size * 1.45;
  };
  const block = (lines: string[], size: number, chars: number, color?: string) => lines.forEach((l) => wrap(l, chars).forEach((w) => text(w, size, { color })));
  block(input.labels, 13, 95, palette.secondary);
  y += 6;
  block([input.title], 20, 60);
  block([input.dateLine, input.dataLine], 11, 110, palette.muted);
  y += 6;
  text('Patient', 15, { bold: true });
  block(input.inputs, 13, 95);
  y += 6;
  text('Prediction', 15, { bold: true });
  block(input.prediction, 13, 95);
  y += 4;
  // The icon array beside the course figure: 100 patients like this one, then the course.
  const ICONS = { cell: 17, font: 11 };
  const icons = iconArray(input.icons, document, { cell: ICONS.cell, fontPx: ICONS.font });
  const iconsW = Number((icons as unknown as { getAttribute(name: string): string | null }).getAttribute('width'));
  const place = (el: Element, x: number) => {
    const g = doc.createElementNS(SVG_NS, 'g');
    g.setAttribute('transform', `translate(${x},${y})`);
    g.appendChild(el as unknown as SvgNode);
    svg.appendChild(g);
  };
  place(icons, PAGE.margin);
  const figureW = PAGE.width - 2 * PAGE.margin - iconsW - 16;
  place(composeFigure(whatIfCourse(input, { document, width: figureW, height: 300, fontPx: 11 }) as unknown as Element), PAGE.margin + iconsW + 16);
  y += 300 + 24;
  text('How these numbers were made', 13, { bold: true });
  block(input.method, 10.5, 125, palette.muted);
  y = Math.max(y + 8, PAGE.height - PAGE.margin - 30);
  block(input.labels, 12, 100, palette.secondary);
  return svg as unknown as Element;
}
