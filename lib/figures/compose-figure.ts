/**
 * One standalone `<svg>` for a figure. Plot returns a `<figure>` when a figure has a legend:
 * the legend and the plot are separate `<svg>`s, and a file needs one, so they are stacked
 * vertically inside a new outer `<svg>`. Works with any DOM (the page's or jsdom's).
 */
export function composeFigure(element: Element): Element {
  const el = element as unknown as DomElement;
  if (el.tagName.toLowerCase() === 'svg') return withNamespace(el) as unknown as Element;
  const parts = [...el.querySelectorAll(':scope > svg')];
  if (parts.length === 0) {
    const nested = el.querySelector('svg');
    if (!nested) throw new Error('figure has no <svg> element');
    return withNamespace(nested.cloneNode(true) as DomElement) as unknown as Element;
  }
  if (parts.length === 1) return withNamespace(parts[0]!.cloneNode(true) as DomElement) as unknown as Element;
  const doc = el.ownerDocument;
  const outer = doc.createElementNS(SVG_NS, 'svg');
  let y = 0;
  let width = 0;
  for (const part of parts) {
    const w = Number(part.getAttribute('width') ?? 0);
    const h = Number(part.getAttribute('height') ?? 0);
    const g = doc.createElementNS(SVG_NS, 'g');
    g.setAttribute('transform', `translate(0,${y})`);
    const inner = part.cloneNode(true) as DomElement;
    inner.setAttribute('x', '0');
    inner.setAttribute('y', '0');
    g.appendChild(inner);
    outer.appendChild(g);
    y += h + GAP;
    width = Math.max(width, w);
  }
  const height = y - GAP;
  outer.setAttribute('width', String(width));
  outer.setAttribute('height', String(height));
  outer.setAttribute('viewBox', `0 0 ${width} ${height}`);
  outer.setAttribute('style', 'background: white');
  return withNamespace(outer) as unknown as Element;
}

/** Standalone SVG file text for a figure. */
export function figureSvgText(element: Element): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${(composeFigure(element) as unknown as DomElement).outerHTML}\n`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const GAP = 6;

function withNamespace(svg: DomElement): DomElement {
  if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', SVG_NS);
  return svg;
}

// The small part of the DOM this module uses (lib/ has no DOM typings).
interface DomElement {
  tagName: string;
  outerHTML: string;
  ownerDocument: { createElementNS(ns: string, name: string): DomElement };
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  appendChild(child: DomElement): void;
  cloneNode(deep: boolean): unknown;
}
