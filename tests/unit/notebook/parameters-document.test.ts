import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { applyParametersDocument, parametersDocument, parametersDocumentSchema } from '@/lib/notebook/parameters-document';
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

  it('has a JSON Schema with one property per cell (what Monaco validates and completes against)', () => {
    const schema = parametersDocumentSchema(notebook, registry) as { properties: { cells: { properties: Record<string, { properties?: object }> } } };
    expect(Object.keys(schema.properties.cells.properties)).toEqual(Object.keys(parametersDocument(notebook, registry).cells));
    expect(schema.properties.cells.properties.windows!.properties).toHaveProperty('outcome');
  });
});
