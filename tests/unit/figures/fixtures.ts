import { auditIntervals, type AuditPoint } from '@/lib/figures/audit-intervals';
import { calibrationPlot } from '@/lib/figures/calibration-plot';
import { clinicalCourse } from '@/lib/figures/clinical-course';
import { decisionCurves } from '@/lib/figures/decision-curve';
import { discriminationCurves } from '@/lib/figures/discrimination-curves';
import { gradeBias } from '@/lib/figures/grade-bias';
import { naturalHistory } from '@/lib/figures/natural-history';
import { sampleSizeBars } from '@/lib/figures/sample-size';
import { calibrationGroups } from '@/lib/stats/calibration';
import { CITATION_LABELS, NATURAL_HISTORY_ANCHORS } from '@/lib/teaching/clinical-facts';
import { naturalHistoryCurves } from '@/lib/teaching/natural-history';
import type { Patient } from '@/lib/data/types';
import { confusionMatrices, type ConfusionPanel } from '@/lib/figures/confusion-matrices';
import { flowDiagram } from '@/lib/figures/flow-diagram';
import { gridHeatmap } from '@/lib/figures/grid-heatmap';
import { importanceBars } from '@/lib/figures/importance-bars';
import { gradeGroups, predictedByGrade } from '@/lib/figures/predicted-by-grade';
import { recoveryCourse } from '@/lib/figures/recovery-course';
import { trainingCurves } from '@/lib/figures/training-curves';
import { logSpace } from '@/lib/ml/svm/default-grid';

/**
 * Fixed inputs for every figure, shaped like the paper profile's outputs and including the
 * hard cases the figures must handle (half grades, predictions beyond I–VI, a CI band past
 * grade VI, bins with few visits, losses within one decade, a 17 × 17 grid, 16 patients).
 * Used by the golden SVG test and by the layout test at every width preset.
 */
type Build = (document: Document, widthMm?: number) => Element;

/**
 * 60 patients for the natural-history curves: most reach grade ≤ II between days 14 and 213 and
 * grade I later; every 7th is last seen unrecovered (censored), every 4th never reaches grade I.
 */
const naturalHistoryPatients: Patient[] = Array.from({ length: 60 }, (_, i) => {
  const visit = (day: number, grade: number) => ({ row: 0, date: '2020-01-01', day, grade, gradeText: '' });
  const ok = 14 + ((i * 37) % 200);
  const visits = i % 7 === 0 ? [visit(3, 4), visit(20 + ((i * 13) % 150), 3)] : [visit(3, i % 3 === 0 ? 5 : 4), visit(ok, 2), ...(i % 4 === 0 ? [] : [visit(ok + 40 + ((i * 11) % 60), 1)])];
  return { patientId: `N${i}`, sex: null, age: null, diabetes: null, hypertension: null, onsetDate: '2020-01-01', delayedTreatment: null, visits };
});

const caption = ['Accuracy 0.903 (0.853–0.953)', 'Recall 0.991 (0.970–1.000)', 'Precision 0.902 (0.850–0.950)', 'F1 0.944 (0.912–0.972)'];
const panels: ConfusionPanel[] = [
  { subset: 'All subjects (n = 134)', tn: 10, fp: 12, fn: 1, tp: 111, caption },
  { subset: 'Persistent palsy subset (n = 79)', tn: 8, fp: 9, fn: 3, tp: 59, caption },
];
const scores = (n: number, shift: number) => Array.from({ length: n }, (_, i) => ({ actual: i % 5 === 0 ? 0 : 1, score: ((i * 37) % 23) / 7 - 1.2 + (i % 5 === 0 ? -shift : shift) }));

export const FIGURES: Record<string, Build> = {
  'fig1-flow': (document, widthMm) =>
    flowDiagram(
      {
        steps: [
          { label: 'Patients in the file', n: 412, excluded: { 'Rejected while reading the file': 5 } },
          { label: 'Patients with a facial palsy record', n: 407, excluded: { 'No follow-up visit': 12, 'Age outside 10–100 years': 5 } },
          { label: 'Eligible patients', n: 390, excluded: { 'Fewer than 2 graded visits within 30 days of onset': 90, 'No graded visit between day 30 (exclusive) and day 300': 21 } },
          { label: 'Included patients', n: 279, excluded: {} },
        ],
        development: { label: 'Development set\nfirst visit before 2024-01-01', n: 267 },
        validation: { label: 'Temporal validation set\nfirst visit on or after 2024-01-01', n: 12 },
        persistent: { label: 'Persistent palsy subset\nnot recovered (≤ II) by day 30', n: 151 },
      },
      { document, widthMm },
    ) as unknown as Element,
  'fig2-course': (document, widthMm) => {
    const points = Array.from({ length: 120 }, (_, i) => ({ day: (i * 7) % 300, grade: 1 + ((i * 7) % 5), jitter: ((i % 3) - 1) * 0.1 }));
    const bins = [0, 3, 6, 9, 30, 60, 100, 130, 160, 190, 220, 250, 280].map((start, i, all) => ({
      start,
      end: all[i + 1] ?? 300,
      n: i > 10 ? 3 : 25,
      mean: i === 0 ? 5.8 : 4 - i * 0.2,
      ciLow: i === 0 ? 5.3 : 3.6 - i * 0.2,
      // The first bin's band runs past VI and a late one below I: both are clipped.
      ciHigh: i === 0 ? 6.5 : 4.4 - i * 0.2,
    }));
    bins[10]!.ciLow = 0.4;
    return clinicalCourse({ points, bins, maxDay: 300 }, { document, widthMm }) as unknown as Element;
  },
  'fig3-importance': (document, widthMm) =>
    importanceBars(
      [
        { feature: 'SAG3', percent: 24.4, sdPercent: 3.1 },
        { feature: 'SAD4', percent: 13.7, sdPercent: 2.2 },
        { feature: 'sex', percent: 10.6, sdPercent: 1.9 },
        { feature: 'hypertension', percent: 10.0, sdPercent: 1.5 },
        { feature: 'age', percent: 9.6, sdPercent: 1.2 },
        { feature: 'delayed_treatment', percent: 8.8, sdPercent: 1.1 },
        { feature: 'diabetes', percent: 7.1, sdPercent: 1.0 },
        { feature: 'SAG2', percent: 6.9, sdPercent: 0.9 },
        { feature: 'SAD2', percent: 5.2, sdPercent: 0.7 },
        { feature: 'SAD1', percent: 3.7, sdPercent: 0.6 },
        { feature: 'my_own_column', percent: -1.2, sdPercent: 0.8 },
      ],
      { document, widthMm, repeats: 100 },
    ) as unknown as Element,
  'fig4-classification': (document, widthMm) => confusionMatrices(panels, { document, widthMm }) as unknown as Element,
  'fig4-classification-scores': (document, widthMm) =>
    confusionMatrices(
      panels.map((p, k) => ({ ...p, scores: scores(k ? 79 : 134, 1.1), scoreKind: 'decision' as const })),
      { document, widthMm },
    ) as unknown as Element,
  'suppl-grid-heatmap': (document, widthMm) => {
    const C = [...new Set([...logSpace(0.01, 30, 15), 2.7, 5.6].map((x) => +x.toPrecision(12)))].sort((a, b) => a - b);
    const gamma = [...new Set([...logSpace(0.001, 10, 15), 0.09].map((x) => +x.toPrecision(12)))].sort((a, b) => a - b);
    const cells = C.flatMap((c, i) => gamma.map((g, j) => ({ C: c, gamma: g, mean: 0.7 + 0.2 * Math.exp(-((i - 10) ** 2 + (j - 8) ** 2) / 40) })));
    return gridHeatmap(
      [
        { subset: 'All subjects', cells, best: { C: C[10]!, gamma: gamma[8]!, cv_accuracy: 0.9 } },
        { subset: 'Persistent palsy subset', cells, best: { C: C[11]!, gamma: gamma[7]!, cv_accuracy: 0.88 } },
      ],
      { document, widthMm },
    ) as unknown as Element;
  },
  'fig5-predicted-by-grade': (document, widthMm) => {
    const actuals = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6];
    const rows = Array.from({ length: 220 }, (_, i) => {
      const actual = actuals[i % 11]!;
      return { actual, predicted: actual + ((i % 7) - 3) * 0.25 - (i % 11 === 0 ? 0.6 : 0) + (i === 5 ? 2.5 : 0) };
    });
    return predictedByGrade(gradeGroups(rows), { document, widthMm, title: 'All subjects, M1 (sex, age, delayed treatment and diabetes)' }) as unknown as Element;
  },
  'fig6-recovery-course': (document, widthMm) => {
    const courses = Array.from({ length: 16 }, (_, k) => ({
      label: `P${String(100 + k * 7).padStart(4, '0')}`,
      presentDay: 10 + (k % 5),
      points: Array.from({ length: 30 }, (_, j) => 10 + (k % 5) + j * 10).map((day) => ({ day, predicted: 0.7 + 3 * Math.exp(-day / (40 + 5 * k)) })),
      actual: [{ day: 60 + k, grade: 2 + (k % 3) * 0.5 }, { day: 150, grade: 1 + (k % 2) }],
      early: [{ day: -1, grade: 1 }, { day: 4, grade: 4 }, { day: 10 + (k % 5), grade: 3.5 }],
    }));
    return recoveryCourse(courses, { document, widthMm }) as unknown as Element;
  },
  'suppl-training-curves': (document, widthMm) => {
    const models = ['All subjects, M1', 'All subjects, M2', 'All subjects, M3', 'Persistent, M1', 'Persistent, M2', 'Persistent, M3'];
    const points = models.flatMap((model, m) =>
      Array.from({ length: 60 }, (_, i) => i + 1).flatMap((epoch) => [
        { model, epoch, series: 'training' as const, loss: 4 / epoch + 0.1 + m * 0.01 },
        { model, epoch, series: 'validation' as const, loss: 3 / epoch + 0.2 },
      ]),
    );
    return trainingCurves(points, { document, widthMm }) as unknown as Element;
  },
  // The messy example's case: every loss within one decade (a log axis there had no labels).
  'suppl-training-curves-narrow': (document, widthMm) => {
    const points = [1, 2, 3].flatMap((epoch) => [
      { model: 'All subjects, M1', epoch, series: 'training' as const, loss: 0.62 - epoch * 0.03 },
      { model: 'All subjects, M1', epoch, series: 'validation' as const, loss: 0.55 - epoch * 0.02 },
    ]);
    return trainingCurves(points, { document, widthMm }) as unknown as Element;
  },
};

/**
 * The validation and teaching figures, with the long texts of a real run (subset labels with
 * counts, metric lines with CIs, the audit's row labels). The calibration smooth runs past 1 at
 * the top end, as a LOWESS of 0/1 outcomes can: the figure clips it and says so.
 */
const rocPoints = [{ fpr: 0, tpr: 0 }, { fpr: 0, tpr: 0.6 }, { fpr: 0.25, tpr: 0.9 }, { fpr: 0.5, tpr: 0.97 }, { fpr: 1, tpr: 1 }];
const prPoints = [{ recall: 1, precision: 0.92 }, { recall: 0.9, precision: 0.95 }, { recall: 0.6, precision: 1 }, { recall: 0, precision: 1 }];
const subsetsWithCounts = ['All subjects (n = 105, 8 not recovered)', 'Persistent subset (n = 65, 5 not recovered)'];
// 60 test windows: a probability per window and an outcome drawn to match it (fixed, no RNG).
const calY = Array.from({ length: 60 }, (_, i) => ((i * 7) % 10) / 10 < 0.35 + (0.6 * i) / 59 ? 1 : 0);
const calP = Array.from({ length: 60 }, (_, i) => 0.3 + (0.69 * i) / 59);
const calCurve = Array.from({ length: 21 }, (_, k) => {
  const x = 0.3 + (0.69 * k) / 20;
  const y = 0.1 + 0.95 * x;
  return { x, y, low: y - 0.12, high: y + 0.1 };
});

export const VALIDATION_FIGURES: Record<string, Build> = {
  'svm-roc-pr': (document, widthMm) =>
    discriminationCurves(
      subsetsWithCounts.map((subset, k) => ({ subset, roc: rocPoints, pr: prPoints, prevalence: k ? 0.923 : 0.924, rocCaption: `AUC 0.${943 + k * 34} (DeLong 95% CI 0.856–1.000)`, prCaption: 'Average precision 0.995 (prevalence 0.924)' })),
      { document, widthMm },
    ) as unknown as Element,
  'svm-calibration': (document, widthMm) =>
    calibrationPlot(
      subsetsWithCounts.map((subset) => ({
        subset,
        curve: calCurve,
        groups: calibrationGroups(calY, calP, 6),
        predictions: calP.map((p, i) => ({ p, recovered: calY[i] === 1 })),
        caption: 'Calibration-in-the-large 0.717 (−0.094 to 2.249)\nSlope 0.810 (0.370 to 1.484)\nICI 0.055 · Brier 0.044',
      })),
      { document, widthMm },
    ) as unknown as Element,
  'svm-decision-curve': (document, widthMm) =>
    decisionCurves(
      subsetsWithCounts.map((subset) => ({ subset, eventRate: 0.08, points: Array.from({ length: 40 }, (_, i) => 0.01 + i * 0.02).map((t) => ({ threshold: t, model: Math.max(0, 0.07 - t / 6), treatAll: 0.08 - 0.92 * (t / (1 - t)), treatNone: 0 })) })),
      { document, widthMm },
    ) as unknown as Element,
  'sample-size': (document, widthMm) => {
    const criteria = [['Criterion 1: shrinkage', 700], ['Criterion 2: optimism in R²', 400], ['Criterion 3: overall risk ± 0.05', 140], ['Required (largest)', 700]] as const;
    const subsets = ['All subjects', 'Persistent subset'];
    return sampleSizeBars(
      subsets.flatMap((subset, k) => criteria.map(([criterion, n]) => ({ subset, criterion, n: n + k * 35 }))),
      subsets.map((subset, k) => ({ subset, patients: 240 - k * 90, windows: 420 - k * 150 })),
      { document, widthMm },
    ) as unknown as Element;
  },
  'lstm-grade-bias': (document, widthMm) =>
    gradeBias(
      ['All subjects', 'Persistent subset'].flatMap((subset) => ['M1', 'M2', 'M3'].flatMap((model, m) => [1, 1.5, 2, 3, 4, 5, 6].map((grade) => ({ subset, model, grade, bias: (3 - grade) * 0.3 + m * 0.1, n: 10 })))),
      { document, widthMm },
    ) as unknown as Element,
  // The paper notebook's audit: 12 rows per classification metric and 4 for the LSTM's MAE.
  audit: (document, widthMm) => {
    const rows: [string, AuditPoint['kind']][] = ['windows split', 'patients split'].flatMap((split) =>
      ['all features', 'no SAD4'].flatMap((features) => [
        [`${split} · ${features} · SVM`, 'model'] as [string, AuditPoint['kind']],
        [`${split} · ${features} · Majority class`, 'baseline'] as [string, AuditPoint['kind']],
        [`${split} · ${features} · Carried forward`, 'baseline'] as [string, AuditPoint['kind']],
      ]),
    );
    const metric = (name: string, base: number) => rows.map(([label, kind], i) => ({ metric: name, label, kind, value: base - i * 0.02, ciLow: base - i * 0.02 - 0.05, ciHigh: Math.min(1, base - i * 0.02 + 0.05) }));
    const mae = ['windows split · LSTM M1', 'windows split · Last grade carried forward', 'patients split · LSTM M1', 'patients split · Last grade carried forward'].map((label, i) => ({ metric: 'LSTM test MAE (grades)', label, kind: (i % 2 ? 'baseline' : 'model') as AuditPoint['kind'], value: 0.4 + i * 0.05, ciLow: 0.3 + i * 0.05, ciHigh: 0.5 + i * 0.05 }));
    return auditIntervals([...metric('Accuracy', 0.95), ...metric('Balanced accuracy', 0.8), ...metric('AUC', 0.97), ...mae], { document, widthMm }) as unknown as Element;
  },
  'natural-history': (document, widthMm) =>
    naturalHistory(naturalHistoryCurves(naturalHistoryPatients), NATURAL_HISTORY_ANCHORS.map((a) => ({ ...a, source: CITATION_LABELS[a.cite] })), { document, widthMm }) as unknown as Element,
};
