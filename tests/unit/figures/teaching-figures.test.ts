import { describe, expect, it } from 'vitest';
import { figureSvgText } from '@/lib/figures/compose-figure';
import { naturalHistory } from '@/lib/figures/natural-history';
import { whatIfHandout } from '@/lib/figures/what-if-handout';
import { CITATION_LABELS, EDUCATIONAL_LABEL, NATURAL_HISTORY_ANCHORS, SYNTHETIC_LABEL } from '@/lib/teaching/clinical-facts';
import { document } from './golden';

const course = [0, 100, 200, 300].map((day) => ({ day, predicted: 3 - day / 200, low: 2 - day / 200, high: 4 - day / 200 }));

describe('teaching figures', () => {
  it('the natural-history figure labels the published points with their source and carries the educational label', () => {
    const svg = figureSvgText(naturalHistory([{ from: 0, to: 30, n: 10, complete: 0.2, acceptable: 0.4 }, { from: 30, to: 90, n: 8, complete: 0.5, acceptable: 0.75 }], NATURAL_HISTORY_ANCHORS.map((a) => ({ ...a, source: CITATION_LABELS[a.cite] })), { document }) as unknown as Element);
    expect(svg).toContain('Sullivan 2007, published');
    expect(svg).toContain('Peitersen 2002, published');
    expect(svg).toContain('This cohort: grade I');
    expect(svg).toContain(EDUCATIONAL_LABEL);
  });

  it('the handout is one A4 SVG page with the labels, the inputs, the prediction and the band figure', () => {
    const el = whatIfHandout(
      { title: 'What-if patient', dataLine: 'data.csv', inputs: ['Female, 45 years'], prediction: ['Chance 62% (95% interval 50–70%)'], method: ['Band: split conformal'], labels: [EDUCATIONAL_LABEL, SYNTHETIC_LABEL], course, visits: [{ day: 0, grade: 4 }], neighbours: [{ patient_id: 'P1', course: [{ day: 0, grade: 4 }, { day: 90, grade: 2 }] }], level: 0.8 },
      document as unknown as Document,
    );
    const svg = figureSvgText(el);
    expect(svg).toMatch(/width="794" height="1123"/);
    expect(svg.split(EDUCATIONAL_LABEL).length - 1).toBe(2); // top and bottom
    expect(svg).toContain(SYNTHETIC_LABEL);
    expect(svg).toContain('Chance 62%');
    expect(svg).toContain('aria-label="Predicted grade course to day 300 with a 80% band"');
  });
});
