import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { JSDOM } from 'jsdom';
import { expect } from 'vitest';
import { composeFigure } from '@/lib/figures/compose-figure';

export const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
export const document = dom.window.document as unknown as Document;

/**
 * Normalizes SVG text for comparison (as Observable Plot's own snapshot tests do): numbers
 * rounded to 2 decimals, generated ids and class names renumbered.
 */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  return svg
    .replace(/(\d+\.\d{3,})/g, (m) => String(Math.round(Number(m) * 100) / 100))
    .replace(/plot-[0-9a-f]{6,}(-\d+)?/g, (m) => {
      if (!ids.has(m)) ids.set(m, `plot-${ids.size}`);
      return ids.get(m)!;
    })
    .replace(/><(?!\/)/g, '>\n<');
}

/**
 * Compares a rendered figure with `tests/golden/<name>.svg`. A missing golden file is
 * written (first run); a mismatch writes `<name>-changed.svg` next to it and fails.
 * Set UPDATE_GOLDEN=1 to accept changes.
 */
export function expectGolden(name: string, element: Element) {
  const actual = normalizeSvg(composeFigure(element).outerHTML);
  const file = `tests/golden/${name}.svg`;
  if (!existsSync(file) && process.env.CI) throw new Error(`${file} is missing: golden files are written locally and committed, never in CI`);
  if (!existsSync(file) || process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  if (expected !== actual) writeFileSync(file.replace(/\.svg$/, '-changed.svg'), actual);
  expect(actual, `${name} differs from its golden SVG (see ${file.replace(/\.svg$/, '-changed.svg')})`).toBe(expected);
}
