/**
 * Plot's legends inside the code cell's sandbox (lib/sandbox/sandbox-entry-plot.js). Plot draws a
 * continuous colour ramp on a <canvas> (the sandbox has none: it failed with "cannot set property
 * 'fillStyle' of null") embedded as <image href="data:…"> (which the sanitizer removes), and puts
 * legends, titles and subtitles outside the chart's <svg> in a <figure> (the sandbox brings back
 * one <svg>: a categorical legend came back as its first 15×15 swatch instead of the chart). Now a
 * ramp is drawn as SVG rects and every part of the figure ends up in the one SVG.
 */
import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { runCode, type RunCodeResult } from '@/lib/sandbox/run-code';

const DOTS = `[{ x: 1, y: 2, c: 0.1, g: 'left' }, { x: 2, y: 1, c: 0.5, g: 'right' }, { x: 3, y: 3, c: 0.9, g: 'left' }]`;

async function figure(code: string): Promise<Extract<RunCodeResult, { kind: 'figure' }>> {
  const r = await runCode({ code, inputs: {}, seed: 1, timeLimitMs: 10_000 });
  if (r.kind !== 'figure') throw new Error(`expected a figure, got ${JSON.stringify(r).slice(0, 400)}`);
  return r;
}
const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;
const rectFills = (svg: string) => [...svg.matchAll(/<rect fill="([^"]+)"/g)].map((m) => m[1]);
const attr = (svg: string, name: string) => new RegExp(`^<svg[^>]* ${name}="([^"]+)"`).exec(svg)?.[1];

/** The colour Plot's own scale gives a value (in this Node process, not the sandbox), as "rgb(r, g, b)". */
function plotColour(options: Plot.ScaleOptions, value: number): string {
  const c = String(Plot.scale({ color: options }).apply(value));
  const hex = /^#([0-9a-f]{6})$/i.exec(c);
  if (!hex) return c;
  const n = parseInt(hex[1]!, 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

describe('a continuous colour legend in the sandbox', () => {
  it('Plot.legend draws the ramp as SVG rects of the scale’s own colours, with nothing for the sanitizer to remove', async () => {
    const r = await figure(`return Plot.legend({ color: { type: 'linear', domain: [0, 1] }, label: 'Proportion recovered' });`);
    expect(r.removed).toEqual([]);
    expect(r.svg).not.toMatch(/<image|href|data:/);
    expect(r.svg).toContain('>Proportion recovered<');
    const fills = rectFills(r.svg);
    // 256 pixels, runs of one colour merged: well over a hundred steps, so no visible banding.
    expect(fills.length).toBeGreaterThan(100);
    expect(fills.length).toBeLessThanOrEqual(256);
    const options = { type: 'linear', domain: [0, 1] } as const;
    expect(fills[0]).toBe(plotColour(options, 0));
    expect(fills.at(-1)).toBe(plotColour(options, 1));
    // Tick labels of the axis under the ramp.
    for (const tick of ['0.0', '0.4', '1.0']) expect(r.svg.includes(`>${tick}<`), `tick ${tick}`).toBe(true);
  });

  it('Plot.plot with a continuous legend keeps the chart and draws the legend above it', async () => {
    const bare = await figure(`return Plot.plot({ color: { type: 'linear' }, marks: [Plot.dot(${DOTS}, { x: 'x', y: 'y', fill: 'c' })] });`);
    const r = await figure(`return Plot.plot({ color: { type: 'linear', legend: true, label: 'Share' }, marks: [Plot.dot(${DOTS}, { x: 'x', y: 'y', fill: 'c' })] });`);
    expect(count(r.svg, /<circle/g)).toBe(3);
    expect(r.svg).toContain('>Share<');
    expect(r.svg).not.toMatch(/<image|data:/);
    expect(rectFills(r.svg).length).toBeGreaterThan(100);
    // The chart moved down by the legend's height; the SVG grew by as much.
    expect(Number(attr(r.svg, 'height'))).toBeGreaterThan(Number(attr(bare.svg, 'height')) + 40);
    expect(attr(r.svg, 'viewBox')).toBe(`0 0 ${attr(r.svg, 'width')} ${attr(r.svg, 'height')}`);
    expect(r.removed).toEqual(bare.removed);
  });

  it('chart.legend("color") gives the ramp as SVG too', async () => {
    const r = await figure(`const chart = Plot.plot({ color: { type: 'linear', domain: [0, 10] }, marks: [Plot.dot(${DOTS}, { x: 'x', y: 'y', fill: 'c' })] }); return chart.legend('color');`);
    expect(r.removed).toEqual([]);
    expect(rectFills(r.svg).length).toBeGreaterThan(100);
    expect(r.svg).toContain('>10<');
  });
});

describe('other legends, titles and captions come back with the chart, not instead of it', () => {
  it('a categorical legend, a title, a subtitle and a caption', async () => {
    const r = await figure(
      `return Plot.plot({ title: 'Dots by side', subtitle: 'Synthetic', caption: 'Three dots.', color: { legend: true }, marks: [Plot.dot(${DOTS}, { x: 'x', y: 'y', fill: 'g' })] });`,
    );
    // Before, the first <svg> of Plot's <figure> was a legend swatch: a 15×15 square.
    expect(count(r.svg, /<circle/g)).toBe(3);
    for (const text of ['Dots by side', 'Synthetic', 'left', 'right']) expect(r.svg).toContain(`>${text}<`);
    expect(r.caption).toBe('Three dots.');
    expect(r.removed).toEqual([]);
    // The same through a mark's own plot method.
    const viaMark = await figure(`return Plot.dot(${DOTS}, { x: 'x', y: 'y', fill: 'g' }).plot({ color: { legend: true } });`);
    expect(count(viaMark.svg, /<circle/g)).toBe(3);
    expect(viaMark.svg).toContain('>right<');
  });

  it('Plot.legend of an ordinal scale (HTML swatches in Plot) is an SVG of swatches and labels', async () => {
    const r = await figure(`return Plot.legend({ color: { domain: ['recovered', 'not recovered'], range: ['#4269d0', '#ff725c'] } });`);
    expect(r.removed).toEqual([]);
    expect(r.svg).toContain('>recovered<');
    expect(r.svg).toContain('>not recovered<');
    expect(r.svg).toContain('fill="#4269d0"');
    expect(r.svg).toContain('fill="#ff725c"');
  });

  it('a threshold legend and a plain chart are unchanged in kind', async () => {
    const r = await figure(`return Plot.plot({ color: { type: 'threshold', domain: [0.5], legend: true }, marks: [Plot.dot(${DOTS}, { x: 'x', y: 'y', fill: 'c' })] });`);
    expect(count(r.svg, /<circle/g)).toBe(3);
    const plain = await figure(`return Plot.plot({ marks: [Plot.dot(${DOTS}, { x: 'x', y: 'y' })] });`);
    expect(plain.svg).not.toContain('translate(0,0)');
  });

  it('is deterministic: the same legend twice gives the same SVG', async () => {
    const code = `return Plot.plot({ color: { type: 'linear', legend: true, scheme: 'viridis' }, marks: [Plot.dot(${DOTS}, { x: 'x', y: 'y', fill: 'c' })] });`;
    expect((await figure(code)).svg).toBe((await figure(code)).svg);
  });
});
