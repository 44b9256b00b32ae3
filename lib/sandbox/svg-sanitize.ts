/**
 * The allow-list sanitizer for figures a code cell returns. A figure leaves the sandbox as a
 * plain tree (`SvgNode`, built inside QuickJS from Plot's DOM or from a returned SVG string);
 * that tree is untrusted data. `sanitizeSvgTree` keeps only allowed elements and attributes and
 * returns a new tree; `svgToString` and `renderSvgTree` are the only ways it becomes markup or
 * DOM, and they escape every text and attribute value, so no parser differential can turn
 * sanitized text back into markup.
 *
 * Removed: any element not on the list (script, foreignObject, image, a, iframe, style, animate,
 * set, filter primitives, …) with its whole subtree; any attribute not on the list (every on*
 * handler, href/xlink:href except a '#id' fragment on <use>, …); any attribute or style
 * property whose value holds `url(` other than `url(#id)`, `javascript:`, `expression(`, `@import`,
 * or a backslash (CSS escapes could spell those); style attributes keep only listed properties.
 * Pure: no DOM is needed except by `renderSvgTree`, which takes the document to build into.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** A figure's element tree as it crosses from the sandbox: tag, attributes, children (text as strings). */
export interface SvgNode {
  t: string;
  a: Array<[string, string]>;
  c: Array<SvgNode | string>;
}

export interface SanitizedSvg {
  tree: SvgNode;
  /** What was removed, one entry per kind ("<script> element", "onload attribute", …), sorted. */
  removed: string[];
}

export const SVG_LIMITS = { maxNodes: 200_000, maxDepth: 200, maxTextChars: 20_000_000 } as const;

const ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc',
  'defs', 'clipPath', 'linearGradient', 'radialGradient', 'stop', 'pattern', 'marker', 'mask', 'symbol', 'use',
]);

/** Elements whose text children are kept (elsewhere, text is only whitespace between elements). */
const TEXT_ELEMENTS = new Set(['text', 'tspan', 'title', 'desc']);

const ATTRIBUTES = new Set([
  'id', 'class', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'width', 'height', 'd', 'points',
  'transform', 'viewBox', 'preserveAspectRatio', 'fill', 'stroke', 'stroke-width', 'stroke-opacity', 'fill-opacity', 'opacity',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'fill-rule', 'clip-rule',
  'clip-path', 'mask', 'marker-start', 'marker-mid', 'marker-end', 'font-family', 'font-size', 'font-weight', 'font-style',
  'font-variant', 'text-anchor', 'dominant-baseline', 'alignment-baseline', 'baseline-shift', 'dx', 'dy', 'rotate', 'textLength',
  'lengthAdjust', 'letter-spacing', 'word-spacing', 'white-space', 'offset', 'stop-color', 'stop-opacity', 'gradientUnits',
  'gradientTransform', 'spreadMethod', 'patternUnits', 'patternContentUnits', 'patternTransform', 'markerWidth', 'markerHeight',
  'markerUnits', 'orient', 'refX', 'refY', 'clipPathUnits', 'maskUnits', 'maskContentUnits', 'paint-order', 'vector-effect',
  'shape-rendering', 'text-rendering', 'visibility', 'display', 'color', 'style', 'role', 'aria-label', 'aria-hidden',
  'aria-description', 'aria-roledescription', 'version', 'xmlns', 'href', 'xlink:href', 'xmlns:xlink',
]);

/** Properties a style attribute may set (each scoped to its element: no page layout or overlay). */
const STYLE_PROPERTIES = new Set([
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-dashoffset',
  'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'opacity', 'color', 'font', 'font-family', 'font-size', 'font-weight',
  'font-style', 'font-variant', 'text-anchor', 'dominant-baseline', 'alignment-baseline', 'letter-spacing', 'word-spacing',
  'white-space', 'paint-order', 'vector-effect', 'shape-rendering', 'text-rendering', 'visibility', 'mix-blend-mode',
  'stop-color', 'stop-opacity', 'background-color', '--plot-background',
]);

/** Every id of a figure starts with it (and every url(#id) and href="#id" that refers to one). */
export const ID_PREFIX = 'code-fig-';
const prefixed = (id: string) => (id.startsWith(ID_PREFIX) ? id : `${ID_PREFIX}${id}`);
const prefixUrls = (value: string) => value.replace(/url\(\s*(['"]?)#([^'")\s]*)/g, (_m, q: string, id: string) => `url(${q}#${prefixed(id)}`);
const ID_FRAGMENT = /^#[A-Za-z_][\w.:-]*$/;
/** Anything that can fetch, run or escape: checked on every kept attribute value and style. */
const DANGEROUS_VALUE = /url\s*\((?!\s*['"]?#[A-Za-z_][\w.:-]*['"]?\s*\))|javascript:|vbscript:|data:|expression\s*\(|@import|\\|<|\/\*|-moz-binding|behavior\s*:/i;

function sanitizeStyle(style: string, removed: Set<string>): string {
  const kept: string[] = [];
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).trim();
    if (!prop) continue;
    if (!STYLE_PROPERTIES.has(prop)) {
      removed.add(`style property ${prop}`);
      continue;
    }
    if (DANGEROUS_VALUE.test(value) || /[{}]/.test(value)) {
      removed.add(`style property ${prop} with url(), escapes or script`);
      continue;
    }
    kept.push(`${prop}: ${prefixUrls(value)}`);
  }
  return kept.join('; ');
}

function isNode(v: unknown): v is SvgNode {
  return typeof v === 'object' && v !== null && typeof (v as SvgNode).t === 'string' && Array.isArray((v as SvgNode).a) && Array.isArray((v as SvgNode).c);
}

/**
 * A new tree holding only allowed elements and attributes of `input` (untrusted: any JSON value).
 * Throws an Error with a plain message when `input` is not a figure at all (its root is not an
 * allowed <svg>, or it exceeds SVG_LIMITS).
 */
export function sanitizeSvgTree(input: unknown): SanitizedSvg {
  const removed = new Set<string>();
  let nodes = 0;
  let textChars = 0;
  const visit = (node: unknown, depth: number, parentTag: string): SvgNode | string | null => {
    if (++nodes > SVG_LIMITS.maxNodes) throw new Error(`the figure has more than ${SVG_LIMITS.maxNodes} elements and texts`);
    if (depth > SVG_LIMITS.maxDepth) throw new Error(`the figure is nested more than ${SVG_LIMITS.maxDepth} levels deep`);
    if (typeof node === 'string') {
      if (!TEXT_ELEMENTS.has(parentTag)) return node.trim() === '' ? null : (removed.add(`text outside <text> in <${parentTag}>`), null);
      textChars += node.length;
      if (textChars > SVG_LIMITS.maxTextChars) throw new Error('the figure holds too much text');
      return node;
    }
    if (!isNode(node)) {
      removed.add('malformed node');
      return null;
    }
    // Tags compare case-sensitively as SVG spells them ("clipPath"); an HTML parser's lower case is mapped back.
    const tag = ELEMENTS.has(node.t) ? node.t : [...ELEMENTS].find((e) => e.toLowerCase() === node.t.toLowerCase());
    if (!tag) {
      removed.add(`<${String(node.t).slice(0, 40)}> element`);
      return null;
    }
    const attrs: Array<[string, string]> = [];
    const seen = new Set<string>();
    for (const pair of node.a) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        removed.add('malformed attribute');
        continue;
      }
      const [rawName, value] = pair;
      const name = ATTRIBUTES.has(rawName) ? rawName : [...ATTRIBUTES].find((n) => n.toLowerCase() === rawName.toLowerCase());
      if (!name || seen.has(name)) {
        removed.add(/^on/i.test(rawName) ? `${rawName.toLowerCase()} attribute (event handler)` : `${rawName.slice(0, 40)} attribute`);
        continue;
      }
      if (name === 'href' || name === 'xlink:href') {
        if (tag !== 'use' || !ID_FRAGMENT.test(value.trim())) {
          removed.add(`${name} other than a #id on <use>`);
          continue;
        }
        attrs.push([name, `#${prefixed(value.trim().slice(1))}`]);
        seen.add(name);
        continue;
      }
      if (name === 'xmlns') {
        if (value !== SVG_NS) removed.add('xmlns other than SVG');
        continue; // written by the serializer on the root
      }
      if (name === 'xmlns:xlink') continue;
      if (name === 'id') {
        // Prefixed, so a figure's ids cannot clobber the page's globals or collide with its elements.
        if (!/^[A-Za-z_][\w.:-]*$/.test(value)) {
          removed.add('id that is not a plain name');
          continue;
        }
        attrs.push(['id', prefixed(value)]);
        seen.add(name);
        continue;
      }
      if (name === 'class') {
        // Only Plot's own classes: a figure cannot borrow the page's styles (an overlay, a fake button).
        const classes = value.split(/\s+/).filter((c) => /^plot(-[\w-]+)?$/.test(c));
        if (classes.length !== value.split(/\s+/).filter(Boolean).length) removed.add('class names other than plot-*');
        if (classes.length) attrs.push(['class', classes.join(' ')]);
        seen.add(name);
        continue;
      }
      if (name === 'style') {
        const style = sanitizeStyle(value, removed);
        if (style) attrs.push(['style', style]);
        seen.add(name);
        continue;
      }
      if (DANGEROUS_VALUE.test(value)) {
        removed.add(`${name} attribute with url(), escapes or script`);
        continue;
      }
      attrs.push([name, prefixUrls(value)]);
      seen.add(name);
    }
    const children: Array<SvgNode | string> = [];
    for (const child of node.c) {
      const kept = visit(child, depth + 1, tag);
      if (kept !== null) children.push(kept);
    }
    return { t: tag, a: attrs, c: children };
  };
  if (!isNode(input) || input.t.toLowerCase() !== 'svg') throw new Error('a figure must be an <svg> element');
  const tree = visit(input, 0, '') as SvgNode;
  return { tree, removed: [...removed].sort() };
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** A sanitized tree as SVG markup (the root gets the SVG namespace, and xlink's when used). */
export function svgToString(tree: SvgNode): string {
  const usesXlink = (n: SvgNode | string): boolean => typeof n !== 'string' && (n.a.some(([k]) => k === 'xlink:href') || n.c.some(usesXlink));
  const write = (n: SvgNode | string, root: boolean): string => {
    if (typeof n === 'string') return escapeText(n);
    const ns = root ? ` xmlns="${SVG_NS}"${usesXlink(n) ? ' xmlns:xlink="http://www.w3.org/1999/xlink"' : ''}` : '';
    const attrs = n.a.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
    return `<${n.t}${ns}${attrs}>${n.c.map((c) => write(c, false)).join('')}</${n.t}>`;
  };
  return write(tree, true);
}

/**
 * Builds a sanitized tree as DOM with `document` (the page's, or jsdom's in the CLI): elements by
 * createElementNS, attributes by setAttribute(NS), texts as text nodes. No markup is parsed.
 * Sanitizes again, so a tree from anywhere (a cache entry) is safe to render.
 */
export function renderSvgTree(document: Document, input: unknown): Element {
  const { tree } = sanitizeSvgTree(input);
  const doc = document as unknown as MiniDocument;
  const build = (n: SvgNode): MiniElement => {
    const el = doc.createElementNS(SVG_NS, n.t);
    for (const [k, v] of n.a) {
      if (k === 'xlink:href') el.setAttributeNS('http://www.w3.org/1999/xlink', k, v);
      else el.setAttribute(k, v);
    }
    for (const c of n.c) el.appendChild(typeof c === 'string' ? doc.createTextNode(c) : build(c));
    return el;
  };
  return build(tree) as unknown as Element;
}

/** The part of the DOM renderSvgTree uses (lib/ has no DOM types: the document is injected). */
interface MiniElement {
  setAttribute(name: string, value: string): void;
  setAttributeNS(ns: string, name: string, value: string): void;
  appendChild(child: unknown): unknown;
}
interface MiniDocument {
  createElementNS(ns: string, tag: string): MiniElement;
  createTextNode(text: string): unknown;
}

/** The width in px a sanitized figure declares (its width attribute, else its viewBox), or `fallback`. */
export function svgWidthPx(tree: SvgNode, fallback = 640): number {
  const width = Number(tree.a.find(([k]) => k === 'width')?.[1]);
  if (Number.isFinite(width) && width > 0) return width;
  const viewBox = tree.a.find(([k]) => k === 'viewBox')?.[1]?.trim().split(/[\s,]+/).map(Number);
  if (viewBox && viewBox.length === 4 && Number.isFinite(viewBox[2]) && viewBox[2]! > 0) return viewBox[2]!;
  return fallback;
}
