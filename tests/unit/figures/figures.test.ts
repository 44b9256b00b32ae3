import { describe, it } from 'vitest';
import { clinicalCourse } from '@/lib/figures/clinical-course';
import { confusionMatrices } from '@/lib/figures/confusion-matrices';
import { flowDiagram } from '@/lib/figures/flow-diagram';
import { gridHeatmap } from '@/lib/figures/grid-heatmap';
import { importanceBars } from '@/lib/figures/importance-bars';
import { gradeGroups, predictedByGrade } from '@/lib/figures/predicted-by-grade';
import { recoveryCourse } from '@/lib/figures/recovery-course';
import { trainingCurves } from '@/lib/figures/training-curves';
import { document, expectGolden } from './golden';

// Fixed inputs, so a change in a figure's look shows up as a changed golden SVG.
describe('figures (golden SVG)', () => {
  it('fig1-flow: every box with its n, exclusions beside the arrows', () => {
    expectGolden(
      'fig1-flow',
      flowDiagram(
        {
          steps: [
            { label: 'Patients with a facial palsy record', n: 407, excluded: { 'No follow-up visit': 12, 'Age outside 10–100 years': 5 } },
            { label: 'Eligible patients', n: 390, excluded: { 'Fewer than 2 graded visits within 30 days of onset': 90, 'No graded visit between day 30 and day 300': 21 } },
            { label: 'Included patients', n: 279, excluded: {} },
          ],
          development: { label: 'Development set\nfirst visit before 2024-01-01', n: 267 },
          validation: { label: 'Temporal validation set\nfirst visit on or after 2024-01-01', n: 12 },
          persistent: { label: 'Persistent palsy subset\nnot recovered (≤ II) by day 30', n: 151 },
        },
        { document },
      ) as unknown as Element,
    );
  });

  it('fig2-course: dots, binned mean and CI band, grades as Roman numerals', () => {
    const points = Array.from({ length: 40 }, (_, i) => ({ day: i * 7, grade: 1 + ((i * 7) % 5), jitter: ((i % 3) - 1) * 0.1 }));
    const bins = [0, 30, 100, 200].map((start, i, all) => ({ start, end: all[i + 1] ?? 300, n: 10, mean: 4 - i * 0.6, ciLow: 3.6 - i * 0.6, ciHigh: 4.4 - i * 0.6 }));
    expectGolden('fig2-course', clinicalCourse({ points, bins, maxDay: 300 }, { document }) as unknown as Element);
  });

  it('fig3-importance: bars sorted by share with their spread', () => {
    expectGolden(
      'fig3-importance',
      importanceBars(
        [
          { feature: 'SAG3', percent: 24.4, sdPercent: 3.1 },
          { feature: 'SAD4', percent: 13.7, sdPercent: 2.2 },
          { feature: 'sex', percent: 10.6, sdPercent: 1.9 },
          { feature: 'age', percent: -1.2, sdPercent: 0.8 },
        ],
        { document },
      ) as unknown as Element,
    );
  });

  it('fig4-classification: two confusion matrices with counts, shares and metrics', () => {
    const caption = ['Accuracy 0.903 (0.853–0.953)', 'Recall 0.991 (0.970–1.000)'];
    expectGolden(
      'fig4-classification',
      confusionMatrices(
        [
          { subset: 'All subjects (n = 134)', tn: 10, fp: 12, fn: 1, tp: 111, caption },
          { subset: 'Persistent subset (n = 79)', tn: 8, fp: 9, fn: 3, tp: 59, caption },
        ],
        { document },
      ) as unknown as Element,
    );
  });

  it('suppl-grid-heatmap: CV accuracy per (C, γ) with the selected pair outlined', () => {
    const C = [0.01, 0.1, 1, 10];
    const gamma = [0.001, 0.01, 0.1, 1];
    const cells = C.flatMap((c, i) => gamma.map((g, j) => ({ C: c, gamma: g, mean: 0.8 + 0.01 * (i + j) })));
    expectGolden('suppl-grid-heatmap', gridHeatmap([{ subset: 'All subjects', cells, best: { C: 10, gamma: 1 } }], { document }) as unknown as Element);
  });

  it('fig5-predicted-by-grade: mean prediction per actual grade, outliers, group sizes', () => {
    const rows = [1, 1, 1, 2, 2, 2, 2, 3, 3, 4].map((actual, i) => ({ actual, predicted: actual + ((i % 3) - 1) * 0.3 + (i === 6 ? 1.5 : 0) }));
    expectGolden('fig5-predicted-by-grade', predictedByGrade(gradeGroups(rows), { document, title: 'all M1' }) as unknown as Element);
  });

  it('fig6-recovery-course: one panel per patient, predicted line and actual dots', () => {
    const panels = ['P1', 'P2', 'P3'].map((patientId, k) => ({
      patientId,
      presentDay: 10 + k,
      points: [10, 50, 100, 200, 300].map((day) => ({ day, predicted: 1 + 3 * Math.exp(-day / (40 + 20 * k)) })),
      actual: [{ day: 60, grade: 2 + k * 0.5 }],
    }));
    expectGolden('fig6-recovery-course', recoveryCourse(panels, { document }) as unknown as Element);
  });

  it('suppl-training-curves: training and validation loss per model, labelled at their ends', () => {
    const points = ['all M1', 'all M2'].flatMap((model) =>
      [1, 2, 3, 4].flatMap((epoch) => [
        { model, epoch, series: 'training' as const, loss: 4 / epoch },
        { model, epoch, series: 'validation' as const, loss: 3 / epoch + 0.2 },
      ]),
    );
    expectGolden('suppl-training-curves', trainingCurves(points, { document }) as unknown as Element);
  });
});
