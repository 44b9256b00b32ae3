import { z } from 'zod';
import { gradeGroups, predictedByGrade } from '../figures/predicted-by-grade';
import { recoveryCourse, type CoursePanel } from '../figures/recovery-course';
import { mmToPx } from '../figures/theme';
import { trainingCurves, type CurvePoint } from '../figures/training-curves';
import type { RegressionEvaluation } from '../ml/lstm/regression-evaluation';
import { defineCell } from '../notebook/define-cell';
import { tableArtifact } from '../tables/table-artifact';
import type { LstmRegressionOutput } from './lstm-regression';

export const LSTM_SLOTS = ['all_M1', 'all_M2', 'all_M3', 'persistent_M1', 'persistent_M2', 'persistent_M3'] as const;
type Slot = (typeof LSTM_SLOTS)[number];
type Inputs = Partial<Record<Slot, LstmRegressionOutput>>;

export const lstmReportParamsSchema = z.object({
  /** Fig. 5 and Fig. 6 use this model; `best` = the all-subjects model with the lowest test MAE. */
  figureModel: z.enum(['best', ...LSTM_SLOTS]).default('best'),
  /** How many validation patients Fig. 6 shows (the first ones by id). */
  maxCoursePanels: z.number().int().min(1).max(60).default(16),
});
export type LstmReportParams = z.infer<typeof lstmReportParamsSchema>;

export interface Table2Row {
  subset: string;
  model: string;
  set: 'test' | 'validation';
  method: 'LSTM' | 'Last grade carried forward' | 'Linear regression';
  n: number;
  rmse: string;
  mse: string;
  mae: string;
  mae_value: number;
  p_value: string;
}

export interface LstmReportOutput {
  table2: Table2Row[];
  figureModel: Slot;
  groups: ReturnType<typeof gradeGroups>;
  courses: CoursePanel[];
  curves: CurvePoint[];
  /** Per model: does the LSTM beat each baseline on test MAE (CIs in Table 2)? */
  comparison: { model: Slot; lstm_mae: number; locf_mae: number; linear_mae: number }[];
}

const ci = (m: { value: number; ci_low: number; ci_high: number }) => `${m.value.toFixed(3)} (${m.ci_low.toFixed(3)}–${m.ci_high.toFixed(3)})`;
const p = (x: number) => (Number.isFinite(x) ? (x < 0.001 ? '<0.001' : x.toFixed(3)) : 'n/a');

function rows(slot: Slot, out: LstmRegressionOutput): Table2Row[] {
  const methods: [Table2Row['method'], 'lstm' | 'baseline_locf' | 'baseline_linear'][] = [
    ['LSTM', 'lstm'],
    ['Last grade carried forward', 'baseline_locf'],
    ['Linear regression', 'baseline_linear'],
  ];
  const result: Table2Row[] = [];
  for (const set of ['test', 'validation'] as const) {
    const evaluation = out.evaluation[set];
    if (!evaluation) continue;
    for (const [method, key] of methods) {
      const e: RegressionEvaluation = evaluation[key];
      result.push({
        subset: out.subset === 'all' ? 'All subjects' : 'Persistent subset',
        model: slot.split('_')[1]!,
        set,
        method,
        n: e.n,
        rmse: ci(e.rmse),
        mse: ci(e.mse),
        mae: ci(e.mae),
        mae_value: e.mae.value,
        p_value: p(e.p_value),
      });
    }
  }
  return result;
}

/**
 * Table 2 (LSTM vs both baselines, test part and temporal validation set), Fig. 5 (predicted by
 * actual grade), Fig. 6 (predicted recovery courses) and the training curves of every model.
 */
export const lstmReport = defineCell<Inputs, LstmReportParams, LstmReportOutput>({
  kind: 'lstm-report',
  version: 1,
  title: 'LSTM results: Table 2, Fig. 5 and Fig. 6',
  description: 'Collects the six LSTM models next to the carried-forward and linear baselines (Table 2) and draws predictions by actual grade and predicted recovery courses.',
  inputs: Object.fromEntries(LSTM_SLOTS.map((s) => [s, ['lstm-regression']])) as unknown as Record<Slot, readonly string[]>,
  params: lstmReportParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const present = LSTM_SLOTS.filter((s) => inputs[s]);
    if (present.length === 0) throw new Error('No LSTM model is connected to this cell');
    const allModels = present.filter((s) => s.startsWith('all_'));
    const best = (allModels.length ? allModels : present).reduce((a, b) => (inputs[b]!.evaluation.test.lstm.mae.value < inputs[a]!.evaluation.test.lstm.mae.value ? b : a));
    const figureModel = params.figureModel === 'best' ? best : params.figureModel;
    const chosen = inputs[figureModel] ?? inputs[best]!;
    const courses = [...chosen.courses]
      .sort((a, b) => a.patient_id.localeCompare(b.patient_id))
      .slice(0, params.maxCoursePanels)
      .map((c) => ({ patientId: c.patient_id, presentDay: c.present_day, points: c.points, actual: c.actual, early: c.early }));
    const curves: CurvePoint[] = present.flatMap((s) =>
      inputs[s]!.training.history.flatMap((h) => [
        { model: s.replace('_', ' '), epoch: h.epoch, series: 'training' as const, loss: h.loss },
        { model: s.replace('_', ' '), epoch: h.epoch, series: 'validation' as const, loss: h.valLoss },
      ]),
    );
    return {
      table2: present.flatMap((s) => rows(s, inputs[s]!)),
      figureModel,
      groups: gradeGroups(chosen.testPredictions),
      courses,
      curves,
      comparison: present.map((s) => {
        const t = inputs[s]!.evaluation.test;
        return { model: s, lstm_mae: t.lstm.mae.value, locf_mae: t.baseline_locf.mae.value, linear_mae: t.baseline_linear.mae.value };
      }),
    };
  },
  headline: (out) => ({ lstm_report: { figure_model: out.figureModel, comparison: out.comparison } }),
  artifacts: (out) => [
    tableArtifact(
      'table2',
      out.table2.map(({ mae_value: _m, ...r }) => r),
      ['subset', 'model', 'set', 'method', 'n', 'rmse', 'mse', 'mae', 'p_value'],
      { caption: 'Table 2. Prediction of the later House–Brackmann grade: LSTM and baselines, with bootstrap 95% CIs and paired t-test p-values' },
    ),
    {
      type: 'figure',
      name: 'fig5-predicted-by-grade',
      widthMm: 89,
      widthPx: Math.round(mmToPx(89)),
      render: (document, o) => predictedByGrade(out.groups, { document, ...o, title: out.figureModel.replace('_', ' ') }) as unknown as Element,
    },
    { type: 'figure', name: 'fig6-recovery-course', widthMm: 183, widthPx: Math.round(mmToPx(183)), render: (document, o) => recoveryCourse(out.courses, { document, ...o }) as unknown as Element },
    { type: 'figure', name: 'suppl-training-curves', widthMm: 183, widthPx: Math.round(mmToPx(183)), render: (document, o) => trainingCurves(out.curves, { document, ...o }) as unknown as Element },
  ],
});
