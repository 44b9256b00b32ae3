import { z } from 'zod';
import { gradeBias, type GradeBiasPoint } from '../figures/grade-bias';
import { defineCell } from '../notebook/define-cell';
import { mmToPx } from '../figures/theme';
import { gradeBiasText } from './figure-texts';
import { tableArtifact } from '../tables/table-artifact';
import { LSTM_SLOTS } from './lstm-report';
import type { LstmRegressionOutput } from './lstm-regression';

type Slot = (typeof LSTM_SLOTS)[number];
type Inputs = Partial<Record<Slot, LstmRegressionOutput>>;

export const lstmCalibrationParamsSchema = z.object({
  /** A prediction counts as close when |predicted − actual| ≤ this many grades. */
  tolerance: z.number().gt(0).max(2).default(0.5),
});
export type LstmCalibrationParams = z.infer<typeof lstmCalibrationParamsSchema>;

export interface ModelCalibration {
  slot: Slot;
  subset: 'all' | 'persistent';
  model: string;
  n: number;
  /** Mean predicted − actual over all test rows (grades). */
  bias: number;
  /** Share of test rows predicted within `tolerance` grades. */
  withinTolerance: number;
  byGrade: { grade: number; n: number; bias: number; withinTolerance: number }[];
}

export interface LstmCalibrationOutput {
  tolerance: number;
  models: ModelCalibration[];
}

/** Bias by actual grade and share within half a grade for one model's test predictions. */
export function gradeCalibration(rows: readonly { actual: number; predicted: number }[], tolerance: number) {
  const byGrade = new Map<number, { n: number; err: number; close: number }>();
  let err = 0, close = 0;
  for (const r of rows) {
    const e = r.predicted - r.actual;
    const ok = Math.abs(e) <= tolerance ? 1 : 0;
    err += e;
    close += ok;
    const g = byGrade.get(r.actual) ?? { n: 0, err: 0, close: 0 };
    g.n++;
    g.err += e;
    g.close += ok;
    byGrade.set(r.actual, g);
  }
  return {
    n: rows.length,
    bias: rows.length ? err / rows.length : NaN,
    withinTolerance: rows.length ? close / rows.length : NaN,
    byGrade: [...byGrade.entries()].sort((a, b) => a[0] - b[0]).map(([grade, g]) => ({ grade, n: g.n, bias: g.err / g.n, withinTolerance: g.close / g.n })),
  };
}

/**
 * Calibration of the LSTM grade predictions on the test part: the mean error by actual grade
 * (does the model pull predictions towards the mean?) and the share within half a grade.
 */
export const lstmCalibration = defineCell<Inputs, LstmCalibrationParams, LstmCalibrationOutput>({
  kind: 'lstm-calibration',
  version: 1,
  title: 'Calibration of the LSTM grade predictions',
  description: 'Mean error (predicted − actual) by actual House–Brackmann grade and the share of test predictions within half a grade, for every LSTM model.',
  inputs: Object.fromEntries(LSTM_SLOTS.map((s) => [s, ['lstm-regression']])) as unknown as Record<Slot, readonly string[]>,
  params: lstmCalibrationParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const models: ModelCalibration[] = [];
    for (const slot of LSTM_SLOTS) {
      const out = inputs[slot];
      if (!out) continue;
      models.push({ slot, subset: out.subset, model: out.model, ...gradeCalibration(out.testPredictions, params.tolerance) });
    }
    yield { fraction: 1 };
    return { tolerance: params.tolerance, models };
  },
  headline: (out) => {
    const lstm: Record<string, Record<string, { test: { bias: number; within_half_grade?: number; within_tolerance: number } }>> = {};
    for (const m of out.models) {
      lstm[m.subset] ??= {};
      lstm[m.subset]![m.model] = { test: { bias: m.bias, within_tolerance: m.withinTolerance, ...(out.tolerance === 0.5 ? { within_half_grade: m.withinTolerance } : {}) } };
    }
    return { lstm };
  },
  artifacts: (out) => {
    const subsetName = (s: 'all' | 'persistent') => (s === 'all' ? 'All subjects' : 'Persistent subset');
    const points: GradeBiasPoint[] = out.models.flatMap((m) => m.byGrade.map((g) => ({ subset: subsetName(m.subset), model: m.model, grade: g.grade, bias: g.bias, n: g.n })));
    return [
      { type: 'figure', name: 'lstm-grade-bias', caption: 'Calibration of the LSTM grade predictions: mean error (predicted − actual, in grades) by actual grade on the test part, per subset and model; a falling line means predictions pulled towards the middle grades.', ...gradeBiasText(points), widthMm: 183, widthPx: Math.round(mmToPx(183)), render: (document, o) => gradeBias(points, { document, ...o }) as unknown as Element },
      tableArtifact(
        'lstm_calibration',
        out.models.flatMap((m) => [
          { subset: subsetName(m.subset), model: m.model, actual_grade: 'all', n: m.n, bias: m.bias.toFixed(3), within: `${(m.withinTolerance * 100).toFixed(1)}%` },
          ...m.byGrade.map((g) => ({ subset: subsetName(m.subset), model: m.model, actual_grade: String(g.grade), n: g.n, bias: g.bias.toFixed(3), within: `${(g.withinTolerance * 100).toFixed(1)}%` })),
        ]),
        ['subset', 'model', 'actual_grade', 'n', 'bias', 'within'],
        { caption: `LSTM on the test part: mean error (predicted − actual, grades) and the share of predictions within ${out.tolerance} grade${out.tolerance === 1 ? '' : 's'}, by actual House–Brackmann grade` },
      ),
    ];
  },
});
