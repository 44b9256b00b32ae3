import { describe, expect, it } from 'vitest';
import { allStatements, CITATION_LABELS, CITATIONS, GUIDELINE, NATURAL_HISTORY_ANCHORS } from '@/lib/teaching/clinical-facts';
import { isComputeCell } from '@/lib/notebook/notebook-schema';
import { findNotebook } from '@/notebooks';

const labels = Object.values(CITATION_LABELS);
/** Words that make a sentence a clinical statement (a claim about patients, grades or care). */
const CLINICAL = /\b(recover|recovery|steroid|prednis|antiviral|acyclovir|palsy|palsies|eye|grade|synkinesis|refer|reassess|treat|patients?)\b/i;

describe('every clinical statement has a citation', () => {
  it('each statement of the clinical facts names a known source', () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(40);
    for (const s of statements) {
      expect(CITATIONS[s.cite], s.text).toBeDefined();
      expect(CITATION_LABELS[s.cite], s.text).toBeDefined();
    }
    for (const a of NATURAL_HISTORY_ANCHORS) expect(CITATIONS[a.cite]).toBeDefined();
    expect(new Set(GUIDELINE.map((g) => g.strength))).toEqual(new Set(['Strong recommendation', 'Recommendation', 'Option', 'No recommendation']));
  });

  it('the notebook’s prose makes no clinical claim without a [source] (sentences about this workbench excepted)', () => {
    const nb = findNotebook('teaching')!;
    const prose = nb.cells.filter((c) => !isComputeCell(c)).map((c) => (c as { text: string }).text);
    expect(prose.length).toBeGreaterThan(0);
    for (const text of prose) {
      for (const sentence of text.replace(/^#.*$/gm, '').split(/(?<=[.!?])\s+/)) {
        if (!CLINICAL.test(sentence)) continue;
        const aboutWorkbench = /\b(model|models|train|trained|notebook|this browser|loaded|bundled|synthetic|educational)\b/i.test(sentence);
        const cited = labels.some((l) => sentence.includes(`[${l}]`));
        expect(aboutWorkbench || cited, sentence).toBe(true);
      }
    }
  });

  it('the claims the clinical reference lists as unsupported are not among the statements', () => {
    const text = allStatements().map((s) => s.text).join(' ');
    expect(text).not.toMatch(/refractory/i);
    expect(text).not.toMatch(/80 mg|high-dose/i);
    expect(text).not.toMatch(/Parry|Romberg/i);
  });
});
