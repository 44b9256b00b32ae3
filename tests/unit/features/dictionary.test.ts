import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_FEATURES } from '@/lib/cells/svm-split';
import { FEATURES, featureLabel, glossaryMarkdown } from '@/lib/features/dictionary';
import { STATIC_FEATURES } from '@/lib/ml/lstm/sequences';
import notebook from '@/notebooks/han-2026.json';

describe('feature dictionary', () => {
  it('names every feature the models use, keeping the paper’s short name', () => {
    for (const f of [...CLASSIFICATION_FEATURES, ...STATIC_FEATURES, 'SAD3', 'SAG4']) expect(FEATURES).toHaveProperty(f);
    expect(featureLabel('SAD4')).toBe('Days to outcome visit (SAD4)');
    expect(featureLabel('SAG3')).toBe('Grade at present visit (SAG3)');
    expect(featureLabel('delayed_treatment')).toBe('Delayed treatment (> 7 days)');
    expect(featureLabel('my_column')).toBe('my_column');
  });

  it('the notebook carries the glossary, defining SAD1–4 and SAG1–4', () => {
    const glossary = (notebook.cells as { id: string; text?: string }[]).find((c) => c.id === 'glossary');
    expect(glossary?.text).toContain(glossaryMarkdown());
    for (const k of ['SAD1', 'SAD2', 'SAD3', 'SAD4', 'SAG1', 'SAG2', 'SAG3', 'SAG4']) expect(glossary!.text).toMatch(new RegExp(`\\| ${k} \\|`));
  });
});
