/**
 * "Share the recipe, not the data" (issue #28): a link carries the notebook, the profile and
 * the changed parameters, never data, file names or text from the file, and a hostile link is
 * a message, never an exception.
 */
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { applyProfile, isComputeCell, type ComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { applyRecipe, base64UrlDecode, base64UrlEncode, decodeRecipe, encodeRecipe, MAX_RECIPE_CHARS, recipePayload } from '@/lib/notebook/share-link';
import { findNotebook } from '@/notebooks';

const paper = findNotebook('han-2026')!;
const teaching = findNotebook('teaching')!;

/** The notebook under a profile with some cells' parameters merged over (as the form would leave them). */
function edited(notebook: Notebook, profile: string | undefined, params: Record<string, Record<string, unknown>>, seed?: number): Notebook {
  const base = applyProfile(notebook, profile);
  return {
    ...base,
    seed: seed ?? base.seed,
    cells: base.cells.map((c) => (isComputeCell(c) && params[c.id] ? { ...c, params: { ...c.params, ...params[c.id] } } : c)),
  };
}

const paramsOf = (nb: Notebook, id: string) => (nb.cells.find((c) => c.id === id) as ComputeCell).params;
const payloadOf = (fragment: string) => recipePayload(`#${fragment}`)!;
const json = (payload: string) => new TextDecoder().decode(base64UrlDecode(payload));
const b64 = (value: unknown) => base64UrlEncode(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)));
const decode = (value: unknown, nb: Notebook = paper) => decodeRecipe(b64(value), nb, registry);

describe('base64url', () => {
  it('round-trips every length and byte', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) % 256);
      const text = base64UrlEncode(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(Buffer.from(text, 'base64url').equals(Buffer.from(bytes))).toBe(true); // Node's reading agrees
      expect(Array.from(base64UrlDecode(text)!)).toEqual(Array.from(bytes));
    }
  });

  it('refuses what is not canonical base64url', () => {
    for (const bad of ['a', 'ab$c', 'ab+c', 'ab/c', 'abc=', 'ab c', 'AB', '%41%42']) expect(base64UrlDecode(bad), bad).toBeUndefined();
  });
});

describe('encode and decode', () => {
  it('round-trips the profile, the seed and changed parameters, nested ones included', () => {
    const now = edited(paper, 'quick', { split: { testFraction: 0.3, features: ['age', 'sex', 'SAD1'] }, 'lstm-all-m1': { lstm: { maxEpochs: 3, earlyStoppingPatience: 20, plateauPatience: 10 } }, 'decision-curve': { thresholdStep: 0.02 } }, 7);
    const encoded = encodeRecipe(paper, registry, now, 'quick');
    expect(encoded.fragment).toMatch(/^recipe=[A-Za-z0-9_-]+$/);
    expect(encoded.leftOut).toEqual([]);
    expect(JSON.parse(json(payloadOf(encoded.fragment)))).toEqual({
      v: 1,
      n: 'han-2026',
      p: 'quick',
      s: 7,
      c: { split: { testFraction: 0.3, features: expect.arrayContaining(['age', 'sex', 'SAD1']) }, 'lstm-all-m1': { lstm: { maxEpochs: 3 } }, 'decision-curve': { thresholdStep: 0.02 } },
    });
    const decoded = decodeRecipe(payloadOf(encoded.fragment), paper, registry);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.recipe).toEqual(encoded.recipe);
    expect(decoded.changes.map((c) => `${c.cellId}.${c.path}`).sort()).toEqual(['decision-curve.thresholdStep', 'lstm-all-m1.lstm.maxEpochs', 'split.features', 'split.testFraction']);
    const applied = applyRecipe(paper, registry, decoded.recipe);
    expect(applied.seed).toBe(7);
    // Every cell resolves as it did where the link was made.
    for (const cell of now.cells.filter(isComputeCell)) {
      const def = registry.get(cell.kind);
      expect(def.params.parse(paramsOf(applied, cell.id)), cell.id).toEqual(def.params.parse(cell.params));
    }
    // The profile's own values stay beside the link's (the quick profile's patience, the link's epochs).
    expect(paramsOf(applied, 'lstm-all-m1')).toMatchObject({ bootstrapResamples: 200, lstm: { maxEpochs: 3, earlyStoppingPatience: 20 } });
  });

  it('an unchanged notebook is its notebook and profile alone', () => {
    const encoded = encodeRecipe(paper, registry, applyProfile(paper, 'paper'), 'paper');
    expect(JSON.parse(json(payloadOf(encoded.fragment)))).toEqual({ v: 1, n: 'han-2026', p: 'paper', c: {} });
    expect(encoded.changes).toEqual([]);
  });

  it('a structural edit cannot travel in a link and is named, not dropped without a word', () => {
    const base = applyProfile(paper, 'paper');
    const firstNote = base.cells.findIndex((c) => !isComputeCell(c));
    const cells = [...base.cells];
    const [moved] = cells.splice(firstNote, 1);
    cells.push(moved!, { id: 'my-note', kind: 'markdown', text: 'mine' });
    const deletedId = cells.find((c) => isComputeCell(c) && c.kind === 'cohort-description')!.id;
    const current = { ...base, cells: cells.filter((c) => c.id !== deletedId) };
    const encoded = encodeRecipe(paper, registry, current, 'paper');
    expect(JSON.parse(json(payloadOf(encoded.fragment)))).toEqual({ v: 1, n: 'han-2026', p: 'paper', c: {} });
    expect(encoded.leftOut).toEqual([
      'A note: a step or note you added (Save notebook keeps it)',
      'a deleted step or note (the link opens the notebook with it; Save notebook keeps the deletion)',
      'the order of the steps (Save notebook keeps it)',
    ]);
    const noteEdited = { ...base, cells: base.cells.map((c) => (c.id === moved!.id ? { ...c, text: 'changed' } : c)) };
    expect(encodeRecipe(paper, registry, noteEdited, 'paper').leftOut).toEqual(['a note whose text you edited (Save notebook keeps it)']);
    expect(encodeRecipe(paper, registry, base, 'paper').leftOut).toEqual([]);
  });

  it('a form that wrote the whole resolved LSTM block shares only the field that changed', () => {
    const quick = applyProfile(paper, 'quick');
    const m1 = quick.cells.find((c) => c.id === 'lstm-all-m1') as ComputeCell;
    const resolvedNow = registry.get('lstm-regression').params.parse(m1.params) as { lstm: Record<string, unknown> };
    const now = edited(paper, 'quick', { 'lstm-all-m1': { lstm: { ...resolvedNow.lstm, learningRate: 0.0123 } } });
    const encoded = encodeRecipe(paper, registry, now, 'quick');
    expect(encoded.recipe.cells).toEqual({ 'lstm-all-m1': { lstm: { learningRate: 0.0123 } } });
  });

  it('applies to a loaded file without touching its load settings', () => {
    const mine = edited(paper, 'quick', { data: { mapping: { patient_id: 'MRN' }, dateFormat: 'dd/mm/yyyy' } });
    const decoded = decode({ v: 1, n: 'han-2026', p: 'quick', c: { split: { testFraction: 0.25 } } });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const applied = applyRecipe(paper, registry, decoded.recipe, mine);
    expect(paramsOf(applied, 'data')).toEqual({ mapping: { patient_id: 'MRN' }, dateFormat: 'dd/mm/yyyy' });
    expect(paramsOf(applied, 'split')).toMatchObject({ testFraction: 0.25 });
  });

  it('the teaching notebook shares its what-if patient (numbers, choices and a list of visits)', () => {
    const visits = [{ day: 0, grade: 5 }, { day: 10, grade: 4 }];
    const now = edited(teaching, undefined, { 'what-if': { age: 70, sex: 'M', diabetes: true, visits } });
    const encoded = encodeRecipe(teaching, registry, now, undefined);
    const decoded = decodeRecipe(payloadOf(encoded.fragment), teaching, registry);
    expect(decoded.ok && paramsOf(applyRecipe(teaching, registry, decoded.recipe), 'what-if')).toMatchObject({ age: 70, sex: 'M', diabetes: true, visits });
  });
});

describe('no data can be encoded', () => {
  const SECRET = 'Zelda-Patient-0815';
  it('leaves out the load settings, free text and file names, and says so', () => {
    const now = edited(paper, 'quick', {
      data: { mapping: { patient_id: SECRET, hb_grade: `${SECRET} grade` }, sheet: SECRET, valueMaps: { sex: { [SECRET]: 'M' } }, today: '2024-05-01' },
      'lstm-report': { coursePatients: [SECRET, 'P2'], maxCoursePanels: 4 },
      split: { testFraction: 0.3 },
    });
    const encoded = encodeRecipe(paper, registry, now, 'quick');
    const text = json(payloadOf(encoded.fragment));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('P2');
    expect(text).not.toContain('2024-05-01');
    expect(encoded.fragment).not.toContain(b64(SECRET).slice(0, 12));
    expect(JSON.parse(text).c).toEqual({ 'lstm-report': { maxCoursePanels: 4 }, split: { testFraction: 0.3 } });
    expect(encoded.leftOut.join('\n')).toMatch(/Load and validate visits: every setting .*value maps/);
    expect(encoded.leftOut.join('\n')).toMatch(/coursePatients \(free text/);
  });

  it('a model file pasted into the external notebook stays out of the link', () => {
    const external = findNotebook('external')!;
    const now = edited(external, undefined, { model: { name: `${SECRET}.json`, json: `{"secret":"${SECRET}"}` }, external: { resamples: 100 } });
    const encoded = encodeRecipe(external, registry, now, undefined);
    expect(json(payloadOf(encoded.fragment))).not.toContain(SECRET);
    expect(encoded.recipe.cells).toEqual({ external: { resamples: 100 } });
  });

  it('whatever strings a document holds, only schema choices and dates reach the link', () => {
    // Every string parameter of every notebook set to a secret: none of it is encoded.
    for (const notebook of [paper, teaching, findNotebook('external')!, findNotebook('demo')!]) {
      const now: Notebook = {
        ...notebook,
        cells: notebook.cells.map((c) => (isComputeCell(c) ? { ...c, params: { ...c.params, name: SECRET, json: SECRET, sheet: SECRET, coursePatients: [SECRET], mapping: { patient_id: SECRET } } } : c)),
      };
      expect(json(payloadOf(encodeRecipe(notebook, registry, now, undefined).fragment)), notebook.id).not.toContain(SECRET);
    }
  });

  it('a link cannot set the load settings or free text either', () => {
    const mapping = decode({ v: 1, n: 'han-2026', c: { data: { mapping: { patient_id: 'x' } } } });
    expect(mapping).toEqual({ ok: false, error: expect.stringContaining('settings that describe a file cannot come from a link') });
    const text = decode({ v: 1, n: 'han-2026', c: { 'lstm-report': { coursePatients: ['P1'] } } });
    expect(text).toEqual({ ok: false, error: expect.stringContaining('free text cannot come from a link') });
  });
});

describe('hostile links are messages, never exceptions', () => {
  const cases: [string, string, RegExp][] = [
    ['empty', '', /no recipe/],
    ['bad base64', 'not*base64!', /damaged \(not base64url/],
    ['base64 of bytes that are not UTF-8', base64UrlEncode(Uint8Array.of(0xff, 0xfe, 0xfd)), /not UTF-8/],
    ['not JSON', b64('{"v":1,'), /not JSON/],
    ['JSON that is not an object', b64([1, 2, 3]), /does not hold a recipe/],
    ['another version', b64({ v: 2, n: 'han-2026', c: {} }), /newer version/],
    ['unknown field', b64({ v: 1, n: 'han-2026', c: {}, data: 'x' }), /field this workbench does not know/],
    ['unknown notebook', b64({ v: 1, n: 'other-notebook', c: {} }), /for notebook "other-notebook", not "han-2026" \(open the link at \/notebooks\/other-notebook\)/],
    ['unknown profile', b64({ v: 1, n: 'han-2026', p: 'turbo', c: {} }), /profile "turbo" is not one of this notebook's \(quick, paper, honest, honest-quick\)/],
    ['inherited profile name', b64({ v: 1, n: 'han-2026', p: 'toString', c: {} }), /profile "toString" is not one/],
    ['bad seed', b64({ v: 1, n: 'han-2026', s: -1, c: {} }), /seed is not a whole number/],
    ['unknown step', b64({ v: 1, n: 'han-2026', c: { nope: { a: 1 } } }), /no step "nope"/],
    ['a hidden variant copy', b64({ v: 1, n: 'han-2026', c: { 'split--window-paper': { testFraction: 0.3 } } }), /no step "split--window-paper"/],
    ['unknown parameter', b64({ v: 1, n: 'han-2026', c: { split: { bogus: 1 } } }), /split: no parameter "bogus"/],
    ['unknown nested parameter', b64({ v: 1, n: 'han-2026', c: { 'lstm-all-m1': { lstm: { bogus: 1 } } } }), /lstm: no parameter "bogus"/],
    ['out of bounds', b64({ v: 1, n: 'han-2026', c: { split: { testFraction: 1.5 } } }), /split\.testFraction/],
    ['out of bounds, nested', b64({ v: 1, n: 'han-2026', c: { 'lstm-all-m1': { lstm: { maxEpochs: 1_000_000 } } } }), /lstm\.maxEpochs/],
    ['wrong type', b64({ v: 1, n: 'han-2026', c: { split: { testFraction: '0.3' } } }), /split\.testFraction/],
    ['not a listed choice', b64({ v: 1, n: 'han-2026', c: { split: { split: 'everything' } } }), /not one of the choices/],
    ['parameters not an object', b64({ v: 1, n: 'han-2026', c: { split: [1] } }), /not a group of parameters/],
    ['steps not an object', b64({ v: 1, n: 'han-2026', c: 'all' }), /not a list of steps/],
    ['a long list', b64({ v: 1, n: 'han-2026', c: { split: { features: Array.from({ length: 1000 }, () => 'age') } } }), /a list of 1000 values/],
    ['__proto__ as a step', b64('{"v":1,"n":"han-2026","c":{"__proto__":{"testFraction":0.3}}}'), /no step "__proto__"/],
    ['__proto__ as a parameter', b64('{"v":1,"n":"han-2026","c":{"split":{"__proto__":{"polluted":true}}}}'), /no parameter "__proto__"/],
    ['constructor as a parameter', b64('{"v":1,"n":"han-2026","c":{"lstm-all-m1":{"lstm":{"constructor":{"prototype":{"x":1}}}}}}'), /no parameter "constructor"/],
    ['__proto__ at the top', b64('{"v":1,"n":"han-2026","c":{},"__proto__":{"polluted":true}}'), /field this workbench does not know/],
    ['1 MB fragment', 'A'.repeat(1 << 20), new RegExp(`longer than any recipe \\(1048576 characters; at most ${MAX_RECIPE_CHARS}\\)`)],
    ['deep nesting', b64(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`), /longer than any recipe|not JSON|does not hold/],
  ];
  for (const [name, payload, message] of cases) {
    it(name, () => {
      let result: ReturnType<typeof decodeRecipe> | undefined;
      expect(() => (result = decodeRecipe(payload, paper, registry))).not.toThrow();
      expect(result!.ok).toBe(false);
      if (!result!.ok) expect(result!.error).toMatch(message);
      // Nothing leaked onto Object.prototype.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
  }

  it('fragments that are not recipes are not read as one', () => {
    expect(recipePayload('#cell-split')).toBeUndefined();
    expect(recipePayload('')).toBeUndefined();
    expect(recipePayload('#recipe=abc')).toBe('abc');
    expect(recipePayload('recipe=abc')).toBe('abc');
  });

  it('a notebook id in a hostile link is quoted and cut short, not echoed whole', () => {
    const result = decode({ v: 1, n: `<img src=x onerror=alert(1)>${'x'.repeat(500)}`, c: {} });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.length).toBeLessThan(200);
      expect(result.error).not.toContain('/notebooks/<img');
    }
  });
});
