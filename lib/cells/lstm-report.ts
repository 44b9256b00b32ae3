import { z } from 'zod';
import { gradeGroups, predictedByGrade } from '../figures/predicted-by-grade';
import { recoveryCourse, type CoursePanel } from '../figures/recovery-course';
import { mmToPx } from '../figures/theme';
import { trainingCurves, type CurvePoint } from '../figures/training-curves';
import type { RegressionEvaluation } from '../ml/lstm/regression-evaluation';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { MODEL_DESCRIPTIONS, SUBSET_LABELS } from '../features/dictionary';
import { formatP, withCi } from '../tables/format';
import { tableArtifact } from '../tables/table-artifact';
import type { LstmRegressionOutput } from './lstm-regression';

export const LSTM_SLOTS = ['all_M1', 'all_M2', 'all_M3', 'persistent_M1', 'persistent_M2', 'persistent_M3'] as const;
type Slot = (typeof LSTM_SLOTS)[number];
type Inputs = Partial<Record<Slot, LstmRegressionOutput>>;

export const lstmReportParamsSchema = z.object({
  /** Fig. 5 and Fig. 6 use this model; `best` = the all-subjects model with the lowest test MAE. */
  figureModel: z.enum(['best', ...LSTM_SLOTS]).default('best'),
  /** How many validation patients Fig. 6 shows (the first ones by id, unless `coursePatients` names them). */
  maxCoursePanels: z.number().int().min(1).max(60).default(16),
  /** The validation patients Fig. 6 shows, in this order (patient ids); absent: the first `maxCoursePanels` by id. */
  coursePatients: z.array(z.string().min(1)).max(60).optional(),
});
export type LstmReportParams = z.infer<typeof lstmReportParamsSchema>;

export interface Table2Row {
  subset: string;
  model: string;
  set: 'Test part' | 'Temporal validation';
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

const ci = (m: { value: number; ci_low: number; ci_high: number }) => withCi(m);
const p = formatP;

/** "All subjects, M2 (sex, age, delayed treatment and hypertension)" for a slot such as all_M2. */
export function slotTitle(slot: string): string {
  const [subset, model] = slot.split('_') as ['all' | 'persistent', keyof typeof MODEL_DESCRIPTIONS];
  return `${SUBSET_LABELS[subset] ?? subset}, ${model} (sex, age, ${MODEL_DESCRIPTIONS[model] ?? model})`;
}

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
        set: set === 'test' ? 'Test part' : 'Temporal validation',
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
    const byId = [...chosen.courses].sort((a, b) => a.patient_id.localeCompare(b.patient_id));
    let picked = byId.slice(0, params.maxCoursePanels);
    if (params.coursePatients?.length) {
      const known = new Map(byId.map((c) => [c.patient_id, c]));
      const unknown = params.coursePatients.filter((id) => !known.has(id));
      if (unknown.length) {
        throw new InputError(`coursePatients: ${unknown.map((id) => `"${id}"`).join(', ')} ${unknown.length === 1 ? 'is not a' : 'are not'} temporal-validation patient${unknown.length === 1 ? '' : 's'} with a predicted course (available: ${byId.slice(0, 12).map((c) => c.patient_id).join(', ')}${byId.length > 12 ? ', …' : ''})`);
      }
      picked = params.coursePatients.map((id) => known.get(id)!);
    }
    const courses = picked
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
  describe: (p) =>
    `Collects the LSTM models next to the carried-forward and linear baselines (Table 2); Figs. 5 and 6 show ${p.figureModel === 'best' ? 'the all-subjects model with the lowest test MAE' : slotTitle(p.figureModel)}, Fig. 6 ${p.coursePatients?.length ? `patients ${p.coursePatients.join(', ')}` : `the first ${p.maxCoursePanels} validation patients by id`}.`,
  headline: (out) => ({ lstm_report: { figure_model: out.figureModel, comparison: out.comparison } }),
  artifacts: (out) => {
    const model = slotTitle(out.figureModel);
    const outside = out.groups.reduce((s, g) => s + (g.outOfRange ?? 0), 0);
    const total = out.groups.reduce((s, g) => s + g.n, 0);
    return [
      tableArtifact(
        'table2',
        out.table2.map(({ mae_value: _m, ...r }) => r),
        ['subset', 'model', 'set', 'method', 'n', 'rmse', 'mse', 'mae', 'p_value'],
        {
          caption: 'Table 2. Prediction of the later House–Brackmann grade: LSTM and baselines, errors in grades with bootstrap 95% CIs and paired t-test p-values',
          headers: { subset: 'Subset', model: 'Model', set: 'Evaluation set', method: 'Method', n: 'n', rmse: 'RMSE (grades)', mse: 'MSE (grades²)', mae: 'MAE (grades)', p_value: 'p' },
        },
      ),
      {
        type: 'figure',
        name: 'fig5-predicted-by-grade',
        widthMm: 89,
        widthPx: Math.round(mmToPx(89)),
        caption: `Fig. 5. Predicted against actual grade at the outcome visit on the test part (${model}; ${total} samples): mean prediction ± 1 SD per actual grade, predictions more than 2 SD from their group mean, and the number of samples per grade.${outside ? ` ${outside} predictions beyond I–VI are drawn at the limit.` : ''}`,
        render: (document, o) => predictedByGrade(out.groups, { document, ...o, title: model }) as unknown as Element,
      },
      {
        type: 'figure',
        name: 'fig6-recovery-course',
        widthMm: 183,
        widthPx: Math.round(mmToPx(183)),
        caption: `Fig. 6. Predicted recovery course of ${out.courses.length} temporal-validation patients (${model}) from the present visit of each patient’s last window, with the window’s early visits and the patient’s actual later grades.`,
        render: (document, o) => recoveryCourse(out.courses, { document, ...o }) as unknown as Element,
      },
      {
        type: 'figure',
        name: 'suppl-training-curves',
        widthMm: 183,
        widthPx: Math.round(mmToPx(183)),
        caption: 'Supplementary figure. Training and validation loss (MSE) per epoch of each LSTM model.',
        render: (document, o) => trainingCurves(out.curves.map((c) => ({ ...c, model: c.model.replace(/^all /, 'All subjects, ').replace(/^persistent /, 'Persistent, ') })), { document, ...o }) as unknown as Element,
      },
    ];
  },
});
