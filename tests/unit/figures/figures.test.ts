import { describe, it } from 'vitest';
import { clinicalCourse } from '@/lib/figures/clinical-course';
import { confusionMatrices } from '@/lib/figures/confusion-matrices';
import { flowDiagram } from '@/lib/figures/flow-diagram';
import { gridHeatmap } from '@/lib/figures/grid-heatmap';
import { importanceBars } from '@/lib/figures/importance-bars';
import { gradeGroups, predictedByGrade } from '@/lib/figures/predicted-by-grade';
import { recoveryCourse } from '@/lib/figures/recovery-course';
import { trainingCurves } from '@/lib/figures/training-curves';
import { calibrationPlot } from '@/lib/figures/calibration-plot';
import { decisionCurves } from '@/lib/figures/decision-curve';
import { discriminationCurves } from '@/lib/figures/discrimination-curves';
import { gradeBias } from '@/lib/figures/grade-bias';
import { sampleSizeBars } from '@/lib/figures/sample-size';
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
  it('svm-roc-pr: ROC and precision–recall per subset with the chance lines and a legend', () => {
    const roc = [{ fpr: 0, tpr: 0 }, { fpr: 0, tpr: 0.6 }, { fpr: 0.25, tpr: 0.9 }, { fpr: 1, tpr: 1 }];
    const pr = [{ recall: 1, precision: 0.8 }, { recall: 0.9, precision: 0.95 }, { recall: 0.6, precision: 1 }, { recall: 0, precision: 1 }];
    expectGolden('svm-roc-pr', discriminationCurves([{ subset: 'All subjects (n = 20)', roc, pr, prevalence: 0.8, caption: 'AUC 0.900 (DeLong 0.800–1.000) · AP 0.950' }], { document }) as unknown as Element);
  });

  it('svm-calibration: smooth with band, grouped points, ideal line, rug, legend', () => {
    const curve = Array.from({ length: 11 }, (_, k) => ({ x: k / 10, y: Math.min(1, 0.1 + 0.8 * (k / 10)), low: Math.max(0, 0.8 * (k / 10) - 0.1), high: Math.min(1, 0.3 + 0.8 * (k / 10)) }));
    const groups = [0.15, 0.5, 0.85].map((m) => ({ meanPredicted: m, observed: m + 0.05, low: m - 0.2, high: m + 0.2 }));
    const predictions = Array.from({ length: 20 }, (_, i) => ({ p: i / 20, recovered: i % 3 !== 0 }));
    expectGolden('svm-calibration', calibrationPlot([{ subset: 'All subjects (n = 20)', curve, groups, predictions, caption: 'Intercept 0.100\nSlope 0.900' }], { document }) as unknown as Element);
  });

  it('svm-decision-curve: model, refer all, refer none', () => {
    const points = [0.05, 0.1, 0.2, 0.3, 0.4].map((t) => ({ threshold: t, model: 0.1 - t / 5, treatAll: 0.15 - 0.85 * (t / (1 - t)), treatNone: 0 }));
    expectGolden('svm-decision-curve', decisionCurves([{ subset: 'All subjects (n = 20)', points, eventRate: 0.15 }], { document }) as unknown as Element);
  });

  it('sample-size: criteria bars against available patients and windows', () => {
    const bars = [['Criterion 1: shrinkage', 700], ['Criterion 2: optimism in R²', 400], ['Criterion 3: overall risk ± 0.05', 140], ['Required (largest)', 700]] as const;
    expectGolden('sample-size', sampleSizeBars(bars.map(([criterion, n]) => ({ subset: 'All subjects', criterion, n })), [{ subset: 'All subjects', patients: 240, windows: 420 }], { document }) as unknown as Element);
  });

  it('lstm-grade-bias: mean error by actual grade, one line per model', () => {
    const points = ['M1', 'M2'].flatMap((model, m) => [1, 2, 3, 4, 5].map((grade) => ({ subset: 'All subjects', model, grade, bias: (3 - grade) * 0.3 + m * 0.1, n: 10 })));
    expectGolden('lstm-grade-bias', gradeBias(points, { document }) as unknown as Element);
  });
});
