import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { applyParametersDocument, paramsJsonSchema, parametersDocument, parametersDocumentSchema, parametersPathName, unknownParameters } from '@/lib/notebook/parameters-document';
import { isComputeCell, parseNotebook } from '@/lib/notebook/notebook-schema';
import han from '@/notebooks/han-2026.json';

const notebook = parseNotebook(han);

describe('the parameters document (every parameter of a notebook as one JSON)', () => {
  it('lists every compute cell with its defaults filled in, and the seed', () => {
    const doc = parametersDocument(notebook, registry);
    expect(doc.seed).toBe(42);
    const visible = notebook.cells.filter(isComputeCell).filter((c) => !c.hidden).map((c) => c.id);
    expect(Object.keys(doc.cells)).toEqual(visible);
    // The audit's hidden variants follow their originals, so editing them apart is not offered.
    expect(notebook.cells.filter(isComputeCell).some((c) => c.hidden)).toBe(true);
    expect(Object.keys(doc.cells)).not.toContain('split--patient-nosad4');
    expect(doc.cells.grid).toMatchObject({ size: expect.any(Number) });
  });

  it('applies back to the same notebook when unchanged, and carries edits', () => {
    const doc = parametersDocument(notebook, registry);
    const same = applyParametersDocument(notebook, registry, doc);
    expect(same.ok).toBe(true);
    expect(same.ok && parametersDocument(same.notebook, registry)).toEqual(doc);
    const edited = applyParametersDocument(notebook, registry, { ...doc, seed: 7, cells: { ...doc.cells, windows: { ...doc.cells.windows, outcome: 'best' } } });
    expect(edited.ok && edited.notebook.seed).toBe(7);
    expect(edited.ok && edited.notebook.cells.find((c) => c.id === 'windows')).toMatchObject({ params: { outcome: 'best' } });
  });

  it('names the cell and parameter of every problem, and unknown cells', () => {
    const doc = parametersDocument(notebook, registry);
    const bad = applyParametersDocument(notebook, registry, { ...doc, cells: { ...doc.cells, windows: { ...doc.cells.windows, outcome: 'someday' }, nope: {} } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/cells\.windows\.outcome/);
    expect(!bad.ok && bad.error).toMatch(/cells\.nope: no such cell/);
    const variant = applyParametersDocument(notebook, registry, { ...doc, cells: { ...doc.cells, 'split--patient-nosad4': {} } });
    expect(!variant.ok && variant.error).toMatch(/cells\.split--patient-nosad4: no such cell/);
    const noSeed = applyParametersDocument(notebook, registry, { cells: {} });
    expect(!noSeed.ok && noSeed.error).toMatch(/seed/);
  });

  it('refuses keys a step does not have (a zod object would strip them silently), naming the step', () => {
    const doc = parametersDocument(notebook, registry);
    const typo = applyParametersDocument(notebook, registry, { ...doc, cells: { ...doc.cells, grid: { ...doc.cells.grid, fold: 3 }, windows: { ...doc.cells.windows, __proto__x: 1, foo: 1 } } });
    expect(typo.ok).toBe(false);
    expect(!typo.ok && typo.error).toMatch(/cells\.grid: “[^”]+” has no parameter "fold" \(its parameters: cMin, /);
    expect(!typo.ok && typo.error).toMatch(/cells\.windows: “[^”]+” has no parameter "__proto__x", "foo"/);
    // Inside a block: the LSTM settings are a closed object too.
    const lstm = unknownParameters(registry.get('lstm-regression'), { lstm: { epoch: 5, maxEpochs: 5 }, subset: 'all' });
    expect(lstm).toEqual(['lstm.epoch']);
    // A JSON "__proto__" key is an own key, refused like any other name.
    expect(unknownParameters(registry.get('windowing'), JSON.parse('{"__proto__": {"x": 1}}'))).toEqual(['__proto__']);
    // Free-key records (value maps) stay open.
    expect(unknownParameters(registry.get('load-cohort'), { valueMaps: { sex: { w: 'F' } } })).toEqual([]);
  });

  it('every cell schema is closed where it names its fields', () => {
    const schema = paramsJsonSchema(registry.get('svm-grid')) as { additionalProperties?: unknown };
    expect(schema.additionalProperties).toBe(false);
  });

  it('has a JSON Schema with one property per cell (what Monaco validates and completes against)', () => {
    const schema = parametersDocumentSchema(notebook, registry) as { properties: { cells: { properties: Record<string, { properties?: object }> } } };
    expect(Object.keys(schema.properties.cells.properties)).toEqual(Object.keys(parametersDocument(notebook, registry).cells));
    expect(schema.properties.cells.properties.windows!.properties).toHaveProperty('outcome');
  });

  it('names a place in the document by the step\'s title for the editor\'s problem list', () => {
    const nb = parseNotebook(han);
    const grid = nb.cells.find((c) => c.id === 'grid')!;
    const title = isComputeCell(grid) ? (grid.title ?? registry.get(grid.kind).title) : '';
    expect(title.length).toBeGreaterThan(0);
    expect(parametersPathName(nb, registry, ['cells', 'grid', 'size'])).toBe(`“${title}” (grid) › size`);
    expect(parametersPathName(nb, registry, ['cells', 'grid'])).toBe(`“${title}” (grid)`);
    expect(parametersPathName(nb, registry, ['cells', 'nope', 'x'])).toBe('the step "nope", which this notebook does not have › x');
    expect(parametersPathName(nb, registry, ['seed'])).toBe('the seed');
    expect(parametersPathName(nb, registry, [])).toBe('the document');
  });
});
