// Entry of the Plot bundle evaluated inside the QuickJS sandbox only (never in the host):
// scripts/build-sandbox-libs.mjs bundles it into lib/sandbox/generated/sandbox-libs.ts. It sets
// the sandbox's globals `Plot` and `document` (linkedom's small DOM, which Plot draws into).
//
// Legends. A figure leaves the sandbox as ONE <svg> (prelude's finish takes the first <svg> of a
// returned element, and the host's sanitizer keeps only SVG), but Plot draws legends outside the
// chart's <svg>: a colour ramp as a separate <svg> whose gradient is a <canvas> painted pixel by
// pixel and embedded as <image href="data:…">, and swatches as HTML (<div>, <span>, text). In the
// sandbox there is no canvas (linkedom's getContext gives null, and Plot failed with "cannot set
// property 'fillStyle' of null"), and the sanitizer removes <image> and HTML in any case. So here:
// - `document.createElement('canvas')` gives a stand-in that only records the colour Plot paints
//   into each pixel of its 256×1 ramp; the ramp's <image> is then redrawn as SVG <rect>s of those
//   colours (no image, no data: URL, nothing for the sanitizer to remove);
// - Plot.plot's <figure> (title, subtitle, legends, chart, caption) becomes the chart's <svg> with
//   the title, subtitle and legends drawn in SVG above the chart; the caption stays a
//   <figcaption>, which the prelude reads;
// - Plot.legend(…) and chart.legend(…) return an <svg> (swatches drawn as SVG too).
import * as Plot from '@observablehq/plot';
import { DOMParser, parseHTML } from 'linkedom';

const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');
const SVG_NS = 'http://www.w3.org/2000/svg';

// --- a canvas that records a ramp's colours ---------------------------------------------------
/** The href a stand-in canvas gives its ramp: `sandbox-ramp:<index into ramps>`. */
const RAMP_HREF = 'sandbox-ramp:';
const ramps = [];

function rampCanvas() {
  const canvas = {
    width: 300,
    height: 150,
    getContext(type) {
      if (String(type) !== '2d') return null;
      const pixels = [];
      canvas.pixels = pixels;
      const ctx = {
        fillStyle: '#000000',
        // Plot paints one pixel per call (fillRect(i, 0, 1, 1)); any rectangle is recorded by its columns.
        fillRect(x, _y, w) {
          const from = Math.max(0, Math.floor(Number(x)));
          const to = Math.min(Number(canvas.width), Math.ceil(Number(x) + Number(w)));
          for (let i = from; i < to; i++) pixels[i] = String(ctx.fillStyle);
        },
      };
      return ctx;
    },
    toDataURL() {
      ramps.push((canvas.pixels ?? []).slice(0, Number(canvas.width)));
      return `${RAMP_HREF}${ramps.length - 1}`;
    },
  };
  return canvas;
}
const createElement = document.createElement;
document.createElement = function (name, options) {
  return String(name).toLowerCase() === 'canvas' ? rampCanvas() : createElement.call(this, name, options);
};

const svgEl = (tag, attrs = {}) => {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  return el;
};
const num = (v, fallback = 0) => (Number.isFinite(Number(v)) && v !== null && v !== '' ? Number(v) : fallback);
const round3 = (x) => Math.round(x * 1000) / 1000;
const tagOf = (el) => String(el?.localName ?? el?.tagName ?? '').toLowerCase();
const childElements = (el) => Array.from(el?.childNodes ?? []).filter((n) => n.nodeType === 1);
const hrefOf = (el) => el.getAttribute('xlink:href') ?? el.getAttribute('href') ?? el.getAttributeNS?.('http://www.w3.org/1999/xlink', 'href') ?? '';

/** Every ramp <image> under `root` redrawn as <rect>s of the recorded colours (runs of one colour merged). */
function drawRamps(root) {
  if (!root || typeof root.querySelectorAll !== 'function') return root;
  const images = tagOf(root) === 'image' ? [root] : Array.from(root.querySelectorAll('image'));
  for (const image of images) {
    const href = String(hrefOf(image));
    if (!href.startsWith(RAMP_HREF)) continue;
    const colours = ramps[Number(href.slice(RAMP_HREF.length))] ?? [];
    const x = num(image.getAttribute('x'));
    const y = num(image.getAttribute('y'));
    const width = num(image.getAttribute('width'));
    const height = num(image.getAttribute('height'));
    const g = svgEl('g', { opacity: image.getAttribute('opacity'), 'shape-rendering': 'crispEdges' });
    const step = colours.length ? width / colours.length : 0;
    for (let i = 0; i < colours.length; ) {
      let j = i + 1;
      while (j < colours.length && colours[j] === colours[i]) j++;
      // Each run overlaps the next by half a pixel, so no hairline gap shows between them.
      const w = (j - i) * step + (j < colours.length ? 0.5 : 0);
      g.appendChild(svgEl('rect', { x: round3(x + i * step), y, width: round3(w), height, fill: colours[i] ?? 'none' }));
      i = j;
    }
    image.parentNode?.replaceChild(g, image);
  }
  return root;
}

// --- legends and titles as SVG ----------------------------------------------------------------
const FONT = 'system-ui, sans-serif';
/** Without a layout engine, text is measured at 0.6 em a character (wide enough for digits and most letters). */
const textWidth = (text, fontSize) => String(text).length * fontSize * 0.6;

/** A swatches legend (Plot's HTML <div>) as SVG rows that wrap at `width`: { node, height }. */
function swatchesAsSvg(div, width) {
  const g = svgEl('g', { 'font-family': FONT, 'font-size': 10, 'text-anchor': 'start', fill: 'currentColor' });
  const items = Array.from(div.querySelectorAll('span, div')).filter((el) => /-swatch(\s|$)/.test(el.getAttribute('class') ?? ''));
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const item of items) {
    const swatch = childElements(item).find((el) => tagOf(el) === 'svg');
    const sw = num(swatch?.getAttribute('width'), 15);
    const sh = num(swatch?.getAttribute('height'), 15);
    const label = String(item.textContent ?? '').trim();
    const itemWidth = sw + 5 + textWidth(label, 10) + 10;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      y += rowHeight + 4;
      rowHeight = 0;
    }
    if (swatch) {
      swatch.setAttribute('x', String(round3(x)));
      swatch.setAttribute('y', String(round3(y)));
      g.appendChild(swatch);
    }
    const text = svgEl('text', { x: round3(x + sw + 5), y: round3(y + sh / 2), dy: '0.32em' });
    text.textContent = label;
    g.appendChild(text);
    x += itemWidth;
    rowHeight = Math.max(rowHeight, sh);
  }
  // Plot's swatches have a minimum height of 33 px and half an em below.
  return { node: g, height: Math.max(33, y + rowHeight + 9) };
}

/**
 * A ramp legend (its own <svg>, kept as a nested viewport) drawn in SVG, without what the host's
 * sanitizer would remove and name in the caption although nothing is lost: Plot's scoped <style>
 * and d3's axis classes ("tick", "domain"), which style nothing without that stylesheet.
 */
function cleanRamp(svg) {
  drawRamps(svg);
  for (const child of childElements(svg)) if (tagOf(child) === 'style') svg.removeChild(child);
  for (const el of [svg, ...Array.from(svg.querySelectorAll('*'))]) {
    const kept = String(el.getAttribute('class') ?? '').split(/\s+/).filter((c) => /^plot(-[\w-]+)?$/.test(c));
    if (kept.length) el.setAttribute('class', kept.join(' '));
    else el.removeAttribute('class');
  }
  return svg;
}

/** A title (h2) or subtitle (h3) as SVG text lines: { node, height }. */
function titleAsSvg(el, level) {
  const fontSize = level === 2 ? 15 : 12;
  const lineHeight = Math.round(fontSize * 1.35);
  const lines = String(el.textContent ?? '').split('\n');
  const text = svgEl('text', { 'font-family': FONT, 'font-size': fontSize, 'font-weight': level === 2 ? 'bold' : null, 'text-anchor': 'start', fill: 'currentColor' });
  lines.forEach((line, i) => {
    const tspan = svgEl('tspan', { x: 0, y: round3(lineHeight * i + fontSize) });
    tspan.textContent = line;
    text.appendChild(tspan);
  });
  return { node: text, height: lineHeight * lines.length + 4 };
}

/** Any part of Plot's <figure> above the chart as SVG: { node, height }, or null when it is not a part Plot makes. */
function partAsSvg(el, width) {
  const tag = tagOf(el);
  if (tag === 'h2' || tag === 'h3') return titleAsSvg(el, tag === 'h2' ? 2 : 3);
  if (tag === 'svg') return { node: cleanRamp(el), height: num(el.getAttribute('height'), 50) + 4 };
  if (tag === 'div' && /-swatches(\s|$)/.test(el.getAttribute('class') ?? '')) return swatchesAsSvg(el, width);
  return null;
}

/**
 * Plot's <figure> as the chart's <svg> with its title, subtitle and legends drawn above the chart
 * (the <figure> is kept when it has a caption, for the prelude to read). Anything else unchanged.
 */
function oneSvg(result) {
  if (tagOf(result) === 'svg') withoutPlotStyle(result);
  if (tagOf(result) !== 'figure') return drawRamps(result);
  const children = childElements(result);
  const chart = children.filter((el) => tagOf(el) === 'svg' && !/-ramp(\s|$)/.test(el.getAttribute('class') ?? '')).at(-1);
  if (!chart) return drawRamps(result);
  withoutPlotStyle(chart);
  const width = num(chart.getAttribute('width'), 640);
  const height = num(chart.getAttribute('height'), 400);
  const above = children.slice(0, children.indexOf(chart));
  let top = 0;
  const parts = [];
  for (const el of above) {
    const part = partAsSvg(el, width);
    if (!part) continue;
    const g = svgEl('g', { transform: `translate(0,${round3(top)})` });
    g.appendChild(part.node);
    parts.push(g);
    top += part.height;
    if (el.parentNode === result) result.removeChild(el);
  }
  drawRamps(chart);
  if (parts.length === 0) return result;
  top = Math.ceil(top + 6);
  const body = svgEl('g', { transform: `translate(0,${top})` });
  for (const child of Array.from(chart.childNodes)) if (tagOf(child) !== 'style') body.appendChild(child);
  for (const part of parts) chart.appendChild(part);
  chart.appendChild(body);
  chart.setAttribute('height', String(height + top));
  const [vx, vy, vw, vh] = String(chart.getAttribute('viewBox') ?? `0 0 ${width} ${height}`).split(/[\s,]+/).map(Number);
  chart.setAttribute('viewBox', `${vx || 0} ${vy || 0} ${vw || width} ${(vh || height) + top}`);
  return result;
}

/**
 * Plot's own scoped <style> taken out of its chart here, before the code sees the chart: it
 * only sets display and white-space (the fonts are attributes), and the sanitizer would remove
 * it and name it in the caption as if something unsafe had been in the figure. A <style> the
 * user's code adds afterwards is still removed and named.
 */
function withoutPlotStyle(svg) {
  for (const child of childElements(svg)) if (tagOf(child) === 'style') svg.removeChild(child);
}

/** A legend on its own (Plot.legend, chart.legend): always an <svg>. */
function legendSvg(legend) {
  if (legend == null) return legend;
  if (tagOf(legend) === 'svg') return cleanRamp(legend);
  const width = num(legend.style?.width?.replace?.('px', ''), 640);
  const part = partAsSvg(legend, width);
  if (!part) return legend;
  const svg = svgEl('svg', { xmlns: SVG_NS, width, height: Math.ceil(part.height), viewBox: `0 0 ${width} ${Math.ceil(part.height)}`, 'font-family': FONT, 'font-size': 10 });
  svg.appendChild(part.node);
  return svg;
}

/** A chart as one SVG; its `legend(name)` method gives SVG too. */
function chartOf(result) {
  if (result && typeof result.legend === 'function') {
    const legend = result.legend;
    result.legend = (...args) => legendSvg(legend.apply(result, args));
  }
  return oneSvg(result);
}

/** Plot with the sandbox's document as the default. */
const SandboxPlot = {
  ...Plot,
  plot: (options = {}) => chartOf(Plot.plot({ ...options, document })),
  legend: (options = {}) => legendSvg(Plot.legend({ ...options, document })),
};
// `Plot.dot(...).plot({...})` goes through the Mark prototype's plot method.
if (Plot.Mark && Plot.Mark.prototype && typeof Plot.Mark.prototype.plot === 'function') {
  const markPlot = Plot.Mark.prototype.plot;
  Plot.Mark.prototype.plot = function (options = {}) {
    return chartOf(markPlot.call(this, { ...options, document }));
  };
}

globalThis.Plot = SandboxPlot;
globalThis.document = document;
// A returned SVG string is parsed with it into the tree the host sanitizes (prelude's finish).
globalThis.DOMParser = DOMParser;
