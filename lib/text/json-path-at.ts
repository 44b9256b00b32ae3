/**
 * The path of keys and indices leading to the value at `offset` in a JSON text, read leniently
 * (the text may be half-typed and invalid): `{"cells": {"grid": {"size": 99}}}` at the 99 gives
 * `["cells", "grid", "size"]`. Used to name an editor's problem by what it is about ("Grid
 * search › size") rather than by line and column alone.
 */
export function jsonPathAt(text: string, offset: number): (string | number)[] {
  type Frame = { kind: 'object'; key?: string } | { kind: 'array'; index: number };
  const stack: Frame[] = [];
  // In an object, a string read before ':' is the key of the value after it.
  let pendingKey: string | undefined;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      let value = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\') {
          value += text[j + 1] ?? '';
          j++;
        } else value += text[j];
      }
      if (j >= end) break; // the offset is inside this string
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.key === undefined) pendingKey = value;
      i = j;
    } else if (ch === ':') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && pendingKey !== undefined) top.key = pendingKey;
      pendingKey = undefined;
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.key = undefined;
      else if (top?.kind === 'array') top.index++;
    } else if (ch === '{') stack.push({ kind: 'object' });
    else if (ch === '[') stack.push({ kind: 'array', index: 0 });
    else if (ch === '}' || ch === ']') stack.pop();
  }
  const path: (string | number)[] = [];
  for (const frame of stack) {
    if (frame.kind === 'array') path.push(frame.index);
    else if (frame.key !== undefined) path.push(frame.key);
    else break;
  }
  return path;
}
