import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Committed reference fixtures (see scripts/reference/README.md); no Python needed to read them. */
export function readReference<T = unknown>(name: string): T {
  const path = fileURLToPath(new URL(`../../fixtures/reference/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** |a − b| ≤ tol · max(1, |b|): absolute near zero, relative for large values. */
export function expectClose(actual: number, expected: number, tol: number, label = ''): void {
  const err = Math.abs(actual - expected);
  if (!(err <= tol * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${label}: ${actual} vs ${expected} (error ${err}, tolerance ${tol})`);
  }
}

/** Relative closeness for values that may be tiny (p-values): |a − b| ≤ tol · |b|. */
export function expectRelClose(actual: number, expected: number, tol: number, label = ''): void {
  const err = Math.abs(actual - expected);
  if (!(err <= tol * Math.abs(expected)) && !(actual === expected)) {
    throw new Error(`${label}: ${actual} vs ${expected} (relative error ${err / Math.abs(expected)}, tolerance ${tol})`);
  }
}
