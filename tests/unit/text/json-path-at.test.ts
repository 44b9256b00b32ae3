import { describe, expect, it } from 'vitest';
import { jsonPathAt } from '@/lib/text/json-path-at';

const at = (text: string, marker: string) => jsonPathAt(text.replace(marker, ''), text.indexOf(marker));

describe('jsonPathAt', () => {
  it('names the keys leading to a value, through objects and arrays', () => {
    const doc = '{\n  "seed": 7,\n  "cells": {\n    "grid": { "size": ^99, "engine": "libsvm" },\n    "lstm": { "layers": [4, ^"x"] }\n  }\n}';
    expect(at(doc.replace('^"x"', '"x"'), '^')).toEqual(['cells', 'grid', 'size']);
    expect(at(doc.replace('^99', '99'), '^')).toEqual(['cells', 'lstm', 'layers', 1]);
    expect(at('{"seed": ^"seven"}', '^')).toEqual(['seed']);
  });

  it('a key position names the object it is in; keys with escapes and braces inside strings do not confuse it', () => {
    expect(at('{"cells": {"grid": {^"foo": 1}}}', '^')).toEqual(['cells', 'grid']);
    expect(at('{"a\\"}{": {"b": ^1}}', '^')).toEqual(['a"}{', 'b']);
  });

  it('reads half-typed text without throwing', () => {
    expect(at('{"cells": {"grid": {"size": ^', '^')).toEqual(['cells', 'grid', 'size']);
    expect(jsonPathAt('', 0)).toEqual([]);
    expect(jsonPathAt('}}]]', 4)).toEqual([]);
  });
});
