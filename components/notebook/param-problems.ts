import type { ParamProblem } from '@/lib/notebook/errors';

/**
 * A schema message in plain words, as a field's own hint: "Too big: expected number to be <1"
 * becomes "must be below 1". Unknown messages pass through without their "Invalid input:" lead.
 */
export function plainProblem(message: string): string {
  const num = message.match(/^Too (big|small): expected (number|bigint|date) to be ([<>]=?)\s*(.+)$/);
  if (num) {
    const [, , , op, n] = num;
    return op === '<' ? `must be below ${n}` : op === '<=' ? `must be ${n} or less` : op === '>' ? `must be above ${n}` : `must be ${n} or more`;
  }
  const size = message.match(/^Too (big|small): expected (array|string|set) to have ([<>]=?)\s*(\d+) (items|characters)?/);
  if (size) {
    const [, , kind, op, n] = size;
    const unit = kind === 'string' ? 'characters' : Number(n) === 1 ? 'value' : 'values';
    return op!.startsWith('<') ? `at most ${n} ${unit}` : `at least ${n} ${unit}`;
  }
  const type = message.match(/expected (number|int|integer|string|boolean|array|object), received (\w+)/);
  if (type) {
    const words: Record<string, string> = { number: 'a number', int: 'a whole number', integer: 'a whole number', string: 'text', boolean: 'yes or no', array: 'a list', object: 'a group of settings' };
    return `must be ${words[type[1]!]}`;
  }
  if (/expected int/.test(message)) return 'must be a whole number';
  const option = message.match(/^Invalid option: expected one of (.+)$/);
  if (option) return `must be one of ${option[1]!.replace(/"/g, '').split('|').join(', ')}`;
  return message.replace(/^Invalid input:\s*/, '');
}

/** One message per field (the first problem at each path), in plain words. */
export function problemsByPath(problems: readonly ParamProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.path] ??= plainProblem(p.message);
  return out;
}

/** A copy of `value` without the values at these dot paths (to resolve the valid rest of a form). */
export function withoutPaths(value: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const path of paths) {
    const parts = path.split('.');
    let node: unknown = copy;
    for (const part of parts.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    if (node && typeof node === 'object') delete (node as Record<string, unknown>)[parts[parts.length - 1]!];
  }
  return copy;
}

/** `base` with the values at these dot paths taken from `from` (the user's invalid entries shown as typed). */
export function withPathsFrom(base: Record<string, unknown>, from: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const out = structuredClone(base);
  for (const path of paths) {
    const parts = path.split('.');
    let src: unknown = from;
    for (const part of parts) src = src && typeof src === 'object' ? (src as Record<string, unknown>)[part] : undefined;
    if (src === undefined) continue;
    let node: Record<string, unknown> = out;
    for (const part of parts.slice(0, -1)) {
      if (!node[part] || typeof node[part] !== 'object') node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = src;
  }
  return out;
}
