import { describe, expect, it } from 'vitest';
import { figureSvgText } from '@/lib/figures/compose-figure';
import type { Patient } from '@/lib/data/types';
import { naturalHistory } from '@/lib/figures/natural-history';
import { whatIfHandout } from '@/lib/figures/what-if-handout';
import { CITATION_LABELS, EDUCATIONAL_LABEL, NATURAL_HISTORY_ANCHORS, SYNTHETIC_LABEL } from '@/lib/teaching/clinical-facts';
import { curveSummary, naturalHistoryCurves } from '@/lib/teaching/natural-history';
import { document } from './golden';

const course = [14, 60, 120, 180].map((day) => ({ day, grade: Math.max(2, 4 - day / 60), low: 2, high: 4 }));

const anchors = NATURAL_HISTORY_ANCHORS.map((a) => ({ ...a, source: CITATION_LABELS[a.cite] }));
/** 40 patients: patient i reaches grade ≤ II on day 10 + 2i (I–II, 1.5) and grade I on day 40 + 2i, except every 4th, last seen unrecovered on day 11 + 2i. */
const patients: Patient[] = Array.from({ length: 40 }, (_, i) => {
  const v = (day: number, grade: number) => ({ row: 0, date: '2020-01-01', day, grade, gradeText: '' });
  const visits = i % 4 === 3 ? [v(2, 4), v(11 + 2 * i, 3)] : [v(2, 4), v(10 + 2 * i, 1.5), v(40 + 2 * i, 1)];
  return { patientId: `P${i}`, sex: null, age: null, diabetes: null, hypertension: null, onsetDate: '2020-01-01', delayedTreatment: null, visits };
});
const curves = naturalHistoryCurves(patients);

describe('teaching figures', () => {
  it('the natural-history figure labels the published points with their source and carries the educational label', () => {
    const svg = figureSvgText(naturalHistory(curves, anchors, { document }) as unknown as Element);
    expect(svg).toContain('Sullivan 2007, published');
    expect(svg).toContain('Peitersen 2002, published');
    expect(svg).toContain('This cohort: grade I');
    expect(svg).toContain(EDUCATIONAL_LABEL);
  });

  it('the natural-history figure: CI bands, the number at risk under the axis up to each stop, the stop in a note and in its text alternative, axis labels with units', () => {
    const [le2, g1] = curves;
    // 40 patients: ≤ II stops on day 50 (the 20th-latest day), grade I on day 73.
    expect(le2!.stop).toEqual({ day: 50, atRisk: 20, atRiskAfter: 19 });
    expect(g1!.stop).toEqual({ day: 73, atRisk: 20, atRiskAfter: 19 });
    const el = naturalHistory(curves, anchors, { document });
    const svg = figureSvgText(el);
    expect(svg).toContain('Days since onset');
    expect(svg).toContain('Patients recovered (%)');
    expect(svg).toContain('95% CI');
    expect(svg).toContain('Number at risk');
    expect(svg).toContain('Each curve stops on the last day with at least 20 patients at risk: grade ≤ II at day 50 (20 at risk that day, 19 after); grade I at day 73 (20 at risk that day, 19 after).');
    // Two bands (areas) and the counts on days 0, 30, … up to the stop: ≤ II 40, 30; grade I 40, 38, 26.
    expect(el.querySelectorAll('g[aria-label="area"] path').length).toBe(2);
    const risk = el.querySelector('[aria-label^="Number at risk:"]')!;
    expect(risk.getAttribute('aria-label')).toBe('Number at risk: grade ≤ II day 0 40, day 30 30; grade I day 0 40, day 30 38, day 60 26');
    expect([...risk.querySelectorAll('text')].map((t) => t.textContent)).toEqual(['Grade ≤ II', 'Grade I', '40', '30', '40', '38', '26']);
    // The text alternative gives the values where each curve stops.
    expect(el.getAttribute('role')).toBe('img');
    expect(el.getAttribute('aria-label')).toContain(`grade ≤ II ${curveSummary(le2!).slice('grade ≤ II '.length)}`);
    expect(curveSummary(le2!)).toMatch(/^grade ≤ II \d+(\.\d)?% \(95% CI \d+(\.\d)?–\d+(\.\d)?%\) by day 50, 20 at risk$/);
  });

  it('the handout is one A4 SVG page with the labels, the date, the inputs, the prediction, the icon array and the course figure', () => {
    const el = whatIfHandout(
      {
        title: 'What-if patient: chance of recovery by 6 months (day 180)',
        dateLine: 'Made on 2026-12-06 with the Facial Palsy Prognosis Workbench.',
        dataLine: 'data.csv',
        inputs: ['Female, 45 years'],
        prediction: ['62 out of 100 patients like this one recover to grade II or better by 6 months (day 180).'],
        method: ['The course is the best grade recorded by each day.'],
        labels: [EDUCATIONAL_LABEL, SYNTHETIC_LABEL],
        course,
        visits: [{ day: 0, grade: 4 }, { day: 14, grade: 4 }],
        horizonDay: 180,
        level: 0.8,
        icons: { filled: 62, filledLabel: 'recover by 6 months (day 180)', emptyLabel: 'do not (yet)', description: '62 out of 100' },
      },
      document as unknown as Document,
    );
    const svg = figureSvgText(el);
    expect(svg).toMatch(/width="794" height="1123"/);
    expect(svg.split(EDUCATIONAL_LABEL).length - 1).toBe(2); // top and bottom
    expect(svg).toContain(SYNTHETIC_LABEL);
    expect(svg).toContain('Made on 2026-12-06');
    expect(svg).toContain('62 out of 100 patients like this one');
    expect(svg).toContain('aria-label="Best grade recorded by each day up to day 180: median with a 80% band, from the present grade IV on day 14"');
    // The icon array: 100 icons, 62 filled (plus the two legend squares).
    expect(svg.match(/<rect [^>]*rx=/g)!.length).toBe(102);
  });
});
