import { describe, it } from 'vitest';
import { calibrationPlot } from '@/lib/figures/calibration-plot';
import { decisionCurves } from '@/lib/figures/decision-curve';
import { discriminationCurves } from '@/lib/figures/discrimination-curves';
import { gradeBias } from '@/lib/figures/grade-bias';
import { sampleSizeBars } from '@/lib/figures/sample-size';
import { document, expectGolden } from './golden';

// The validation cells' figures (fixed inputs, golden SVGs).
describe('validation figures (golden SVG)', () => {
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
