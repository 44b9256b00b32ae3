import { z } from 'zod';
import { gradeGroups, predictedByGrade } from '../figures/predicted-by-grade';
import { recoveryCourse, type CoursePanel } from '../figures/recovery-course';
import { mmToPx } from '../figures/theme';
import { trainingCurves, type CurvePoint } from '../figures/training-curves';
import { predictedByGradeText, recoveryCourseText, trainingCurvesText } from './figure-texts';
import type { RegressionEvaluation } from '../ml/lstm/regression-evaluation';
import { defineCell } from '../notebook/define-cell';
import { clusterBootstrapIndices, pairedDifferenceCi } from '../stats/cluster-bootstrap';
import { InputError } from '../notebook/errors';
import { MODEL_DESCRIPTIONS, SUBSET_LABELS } from '../features/dictionary';
import { formatP, withCi } from '../tables/format';
import { plural } from '../report/phrases';
import { tableArtifact } from '../tables/table-artifact';
import { PSEUDONYM_ORDER, studyPseudonyms } from '../data/pseudonyms';
import type { LoadedCohort } from './load-cohort';
import { staticList, type LstmRegressionOutput } from './lstm-regression';
import { MODEL_FEATURES } from '../ml/lstm/sequences';
import type { ValidationWarning } from '../validation/warnings';

export const LSTM_SLOTS = ['all_M1', 'all_M2', 'all_M3', 'persistent_M1', 'persistent_M2', 'persistent_M3'] as const;
type Slot = (typeof LSTM_SLOTS)[number];
/** `data` (the loaded file) numbers Fig. 6's study pseudonyms in file order; absent: by id among the validation patients. */
type Inputs = Partial<Record<Slot, LstmRegressionOutput>> & { data?: LoadedCohort };

export const lstmReportParamsSchema = z.object({
  /**
   * Fig. 5 and Fig. 6 use this model; `best` = the all-subjects model picked by FIGURE_MODEL_RULE
   * (test part and temporal validation both count; whether it is really better is in the
   * paired comparisons).
   */
  figureModel: z.enum(['best', ...LSTM_SLOTS]).default('best'),
  /** How many validation patients Fig. 6 shows (the first ones by study pseudonym, unless `coursePatients` names them). */
  maxCoursePanels: z.number().int().min(1).max(60).default(16),
  /** Patient-clustered resamples of the test part for the paired MAE comparisons. */
  comparisonResamples: z.number().int().min(100).max(20000).default(1000),
  /**
   * The validation patients Fig. 6 shows, in this order: the file's patient ids or study
   * pseudonyms ("P7"; a file id wins when a text is both); absent: the first `maxCoursePanels`
   * by pseudonym.
   */
  coursePatients: z.array(z.string().min(1).max(200, 'patient ids of at most 200 characters')).max(60).optional(),
  /**
   * Fig. 6 labels each panel with the file's patient id instead of its study pseudonym (P1,
   * P2, … in the order each patient first appears in the file), and its caption says the
   * figure is not for publication. Off by default: a clinic's ids are often record numbers.
   */
  showFileIds: z.boolean().default(false),
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
  /** LSTM rows of a cell trained with several seeds: test or validation MAE mean ± SD over seeds. */
  mae_over_seeds: string;
}

export interface LstmReportOutput {
  /** Each connected model's title in captions (modelTitle: its own features when they are not its model's); absent on older outputs. */
  titles?: Partial<Record<Slot, string>>;
  table2: Table2Row[];
  figureModel: Slot;
  /** How `best` picked the figure model, in words (FIGURE_MODEL_RULE), or that it was chosen. */
  figureModelRule: string;
  /** Per connected model: test and temporal-validation MAE of the LSTM and both baselines. */
  selection: SelectionRow[];
  /**
   * Models better than a baseline on the test part and worse than it on the temporal
   * validation (or the other way round), in plain words (a read-with-care box).
   */
  warnings: LstmReportWarning[];
  groups: ReturnType<typeof gradeGroups>;
  /** Fig. 6's panels, each with the file's id beside the label the figure shows. */
  courses: (CoursePanel & { patientId: string })[];
  /**
   * How Fig. 6 names patients: file ids (`showFileIds`), or pseudonyms numbered in the file's
   * order (`file`) or, without the loaded file as input, by id among the validation patients with
   * a predicted course (`validation-ids`).
   */
  courseLabels: 'file-ids' | 'file' | 'validation-ids';
  curves: CurvePoint[];
  /** Per model: does the LSTM beat each baseline on test MAE (CIs in Table 2)? */
  comparison: { model: Slot; lstm_mae: number; locf_mae: number; linear_mae: number }[];
  /** Paired patient-level bootstrap of test MAE differences (a − b; < 0: a is better). */
  pairedComparisons: PairedComparison[];
}

export interface PairedComparison {
  subset: 'all' | 'persistent';
  /** Where the errors were paired: the test part, or the temporal-validation patients. */
  set: 'test' | 'validation';
  a: string;
  b: string;
  n: number;
  patients: number;
  mae_a: number;
  mae_b: number;
  difference: number;
  ci_low: number;
  ci_high: number;
  /** Share of resamples in which a has the larger MAE. */
  share_a_worse: number;
  /** Seeds averaged in each LSTM's absolute errors. */
  seeds_a: number;
  seeds_b: number;
}

/** A warning of this cell: the shared kinds, and test part against temporal validation. */
export type LstmReportWarning = Omit<ValidationWarning, 'code'> & { code: ValidationWarning['code'] | 'temporal-disagreement' };

export interface SelectionRow {
  model: Slot;
  test: { lstm: number; locf: number; linear: number };
  /** Null without a temporal-validation set. */
  validation: { lstm: number; locf: number; linear: number; n: number; lstm_ci: [number, number] } | null;
  /** The model's score under the rule: mean of test and validation MAE (test MAE alone without validation). */
  score: number;
  /** LSTM MAE below both baselines' on every evaluated set. */
  beatsBaselines: boolean;
}

/**
 * How `figureModel: 'best'` picks the model of Figs. 5 and 6 (documented in the output and the
 * manifest): among the all-subjects models (all connected models when none is), those whose
 * LSTM MAE is below both baselines' (last grade carried forward, linear regression) on the test
 * part and on the temporal validation are preferred; among the preferred (or, when none is, all
 * of them) the lowest mean of test and temporal-validation MAE wins (each a mean over seeds when
 * a cell trained several; test MAE alone for a model without a temporal-validation set).
 */
export const FIGURE_MODEL_RULE =
  'the all-subjects model with the lowest mean of test and temporal-validation MAE, preferring models whose MAE is below both baselines (last grade carried forward, linear regression) on both sets; test MAE alone where there is no temporal validation';

/** Test and validation MAEs of one model (LSTM as a mean over seeds when several) and its rule score. */
export function selectionRow(model: Slot, out: LstmRegressionOutput): SelectionRow {
  const t = out.evaluation.test, v = out.evaluation.validation;
  const test = { lstm: selectionMae(out), locf: t.baseline_locf.mae.value, linear: t.baseline_linear.mae.value };
  const validation = v
    ? { lstm: out.seeds?.summary.validation_mae?.mean ?? v.lstm.mae.value, locf: v.baseline_locf.mae.value, linear: v.baseline_linear.mae.value, n: v.n, lstm_ci: [v.lstm.mae.ci_low, v.lstm.mae.ci_high] as [number, number] }
    : null;
  const beats = (x: { lstm: number; locf: number; linear: number }) => x.lstm < x.locf && x.lstm < x.linear;
  return { model, test, validation, score: validation ? (test.lstm + validation.lstm) / 2 : test.lstm, beatsBaselines: beats(test) && (!validation || beats(validation)) };
}

/** FIGURE_MODEL_RULE over the selection rows (ties: the earlier slot). */
export function pickFigureModel(rows: readonly SelectionRow[]): Slot {
  const all = rows.filter((r) => r.model.startsWith('all_'));
  const pool = all.length ? all : rows;
  const preferred = pool.filter((r) => r.beatsBaselines);
  return (preferred.length ? preferred : pool).reduce((a, b) => (b.score < a.score ? b : a)).model;
}

const f3 = (x: number) => x.toFixed(3);

/**
 * Plain-words warnings where the test part and the temporal validation disagree: the LSTM better
 * than a baseline on one and worse on the other.
 */
export function temporalWarnings(rows: readonly SelectionRow[], titles: Partial<Record<Slot, string>> = {}): LstmReportWarning[] {
  const out: LstmReportWarning[] = [];
  for (const r of rows) {
    if (!r.validation) continue;
    const v = r.validation;
    const name = titles[r.model] ?? slotTitle(r.model);
    for (const [label, key] of [['carrying the last grade forward', 'locf'], ['the linear baseline', 'linear']] as const) {
      const testBetter = r.test.lstm < r.test[key], valBetter = v.lstm < v[key];
      if (testBetter && !valBetter) {
        out.push({
          code: 'temporal-disagreement',
          message: `${name}: on the test part the LSTM predicts better than ${label} (MAE ${f3(r.test.lstm)} vs ${f3(r.test[key])}), but on the ${v.n} temporal-validation samples it predicts worse (MAE ${f3(v.lstm)}, 95% CI ${f3(v.lstm_ci[0])} to ${f3(v.lstm_ci[1])}, vs ${f3(v[key])}). The later patients do not confirm the test-part advantage; read the test-part comparisons with that in mind.`,
        });
      } else if (!testBetter && valBetter) {
        out.push({
          code: 'temporal-disagreement',
          message: `${name}: on the test part the LSTM predicts no better than ${label} (MAE ${f3(r.test.lstm)} vs ${f3(r.test[key])}), while on the ${v.n} temporal-validation samples it predicts better (MAE ${f3(v.lstm)} vs ${f3(v[key])}). The two evaluations disagree; neither alone settles which is better.`,
        });
      }
    }
  }
  return out;
}

const ci = (m: { value: number; ci_low: number; ci_high: number }) => withCi(m);
const p = formatP;

/**
 * A connected model's title: the slot's (slotTitle) when it uses its model's static features,
 * else its own features by their readers' labels (a derived feature's label included).
 */
export function modelTitle(slot: Slot, out: LstmRegressionOutput): string {
  const own = MODEL_FEATURES[out.model];
  if (!own || (out.staticFeatures.length === own.length && own.every((f) => out.staticFeatures.includes(f)))) return slotTitle(slot);
  const [subset, model] = slot.split('_') as ['all' | 'persistent', string];
  return `${SUBSET_LABELS[subset] ?? subset}, ${model} with ${staticList(out.staticFeatures, out.derived)}`;
}

/** "All subjects, M2 (sex, age, delayed treatment and hypertension)" for a slot such as all_M2. */
export function slotTitle(slot: string): string {
  const [subset, model] = slot.split('_') as ['all' | 'persistent', keyof typeof MODEL_DESCRIPTIONS];
  return `${SUBSET_LABELS[subset] ?? subset}, ${model} (sex, age, ${MODEL_DESCRIPTIONS[model] ?? model})`;
}

function overSeeds(out: LstmRegressionOutput, set: 'test' | 'validation', key: string): string {
  const spread = out.seeds?.summary[`${set}_mae`];
  if (key !== 'lstm' || !spread || out.seeds.n < 2) return '';
  return `${spread.mean.toFixed(3)} ± ${spread.sd.toFixed(3)} (${out.seeds.n} seeds)`;
}

/** Test MAE used to pick the best model: the mean over seeds when a cell trained several. */
const selectionMae = (out: LstmRegressionOutput) => out.seeds?.summary.test_mae?.mean ?? out.evaluation.test.lstm.mae.value;

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
        mae_over_seeds: overSeeds(out, set, key),
      });
    }
  }
  return result;
}

/**
 * A sentence where a pair's verdict on the test part is not the verdict on the temporal
 * validation (one says a is better, the other does not), or nothing.
 */
export function pairedDisagreement(comparisons: readonly PairedComparison[]): string {
  const verdict = (c: PairedComparison) => (c.ci_high < 0 ? 'a better' : c.ci_low > 0 ? 'b better' : 'no clear difference');
  const differing = comparisons
    .filter((c) => c.set === 'test')
    .flatMap((t) => {
      const v = comparisons.find((c) => c.set === 'validation' && c.subset === t.subset && c.a === t.a && c.b === t.b);
      return v && verdict(v) !== verdict(t) ? [`${t.a} vs ${t.b} (${t.subset === 'all' ? 'all subjects' : 'persistent subset'}): ${verdict(t)} on the test part, ${verdict(v)} on the temporal validation`] : [];
    });
  return differing.length ? `. The two sets disagree for ${differing.join('; ')}: the later patients do not confirm the test-part verdict` : '';
}

/** Row identity: a comparison is paired only when both runs predicted the very same test rows. */
const rowKey = (p: { patient_id: string; window: number; day: number }) => `${p.patient_id}|${p.window}|${p.day}`;

/**
 * Each test row's absolute error, averaged over the run's seeds when it trained several (so a
 * difference of these is the difference of the seed-averaged MAEs).
 */
export function testAbsErrors(out: LstmRegressionOutput, set: 'test' | 'validation' = 'test'): { lstm: number[]; linear: number[]; locf: number[]; seeds: number } {
  const rows = set === 'test' ? out.testPredictions : (out.validationPredictions ?? []);
  const seeds = set === 'test' ? out.seedTestPredictions : out.seedValidationPredictions;
  const perSeed = seeds && seeds.length > 0 ? seeds : [rows.map((r) => r.predicted)];
  return {
    lstm: rows.map((r, i) => perSeed.reduce((s, pred) => s + Math.abs(r.actual - pred[i]!), 0) / perSeed.length),
    linear: rows.map((r) => Math.abs(r.actual - r.linear)),
    locf: rows.map((r) => Math.abs(r.actual - r.locf)),
    seeds: perSeed.length,
  };
}

/**
 * M1 vs M2 vs M3 and each LSTM vs the linear baseline, per subset, on shared clustered
 * resamples: on the test part and, where the runs have one, on the temporal-validation patients
 * (later patients: a model that wins on the test part and loses there is not confirmed).
 */
export function pairedComparisons(inputs: Inputs, resamples: number, rng: import('../stats/random').Rng): PairedComparison[] {
  const out: PairedComparison[] = [];
  for (const set of ['test', 'validation'] as const) {
    for (const subset of ['all', 'persistent'] as const) pairedOnSet(inputs, subset, set, resamples, rng, out);
  }
  return out;
}

function pairedOnSet(inputs: Inputs, subset: 'all' | 'persistent', set: 'test' | 'validation', resamples: number, rng: import('../stats/random').Rng, out: PairedComparison[]): void {
  const rowsOf = (o: LstmRegressionOutput) => (set === 'test' ? o.testPredictions : (o.validationPredictions ?? []));
  const slots = LSTM_SLOTS.filter((s) => s.startsWith(subset) && inputs[s]);
  if (slots.length === 0) return;
  const ref = inputs[slots[0]!]!;
  if (rowsOf(ref).length === 0) return;
  const keys = rowsOf(ref).map(rowKey).join('\n');
  const paired = slots.filter((s) => rowsOf(inputs[s]!).map(rowKey).join('\n') === keys);
  const patients = rowsOf(ref).map((p) => p.patient_id);
  // The test part's stream is the one it always had, so its numbers do not move.
  const indices = clusterBootstrapIndices(patients, resamples, rng.fork(set === 'test' ? `paired:${subset}` : `paired:${subset}:validation`));
  const errors = new Map(paired.map((s) => [s, testAbsErrors(inputs[s]!, set)]));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const add = (a: string, b: string, ea: number[], eb: number[], seedsA: number, seedsB: number) => {
    const d = pairedDifferenceCi(ea, eb, indices);
    out.push({ subset, set, a, b, n: ea.length, patients: new Set(patients).size, mae_a: mean(ea), mae_b: mean(eb), difference: d.estimate, ci_low: d.lower, ci_high: d.upper, share_a_worse: d.shareAbove, seeds_a: seedsA, seeds_b: seedsB });
  };
  for (let i = 0; i < paired.length; i++) {
    for (let j = i + 1; j < paired.length; j++) {
      const a = errors.get(paired[i]!)!, b = errors.get(paired[j]!)!;
      add(`LSTM ${paired[i]!.split('_')[1]}`, `LSTM ${paired[j]!.split('_')[1]}`, a.lstm, b.lstm, a.seeds, b.seeds);
    }
  }
  for (const s of paired) {
    const e = errors.get(s)!;
    add(`LSTM ${s.split('_')[1]}`, `Linear regression (${s.split('_')[1]} features)`, e.lstm, e.linear, e.seeds, 1);
  }
}

/**
 * The validation patients with a predicted course in pseudonym order, and each one's pseudonym:
 * numbered in the loaded file's order when the file is an input and holds every one of them,
 * else by id among these patients (the order Fig. 6 used before it had pseudonyms).
 */
export function coursePseudonyms<C extends { patient_id: string }>(courses: readonly C[], data: LoadedCohort | undefined): { ordered: C[]; pseudonym: Map<string, string>; order: 'file' | 'validation-ids' } {
  const fromFile = data ? studyPseudonyms(data.patients.map((p) => p.patientId)) : undefined;
  if (fromFile && courses.every((c) => fromFile.has(c.patient_id))) {
    const number = (c: C) => Number(fromFile.get(c.patient_id)!.slice(1));
    return { ordered: [...courses].sort((a, b) => number(a) - number(b)), pseudonym: fromFile, order: 'file' };
  }
  const ordered = [...courses].sort((a, b) => a.patient_id.localeCompare(b.patient_id));
  return { ordered, pseudonym: studyPseudonyms(ordered.map((c) => c.patient_id)), order: 'validation-ids' };
}

/** Fig. 6's caption sentence on how its panels name patients. */
function courseLabelNote(labels: LstmReportOutput['courseLabels'] | undefined): string {
  if (labels === 'file-ids') return 'Panels are labelled with the file’s patient ids (showFileIds): not for publication.';
  if (labels === 'file') return `Patients are named by study pseudonym (${PSEUDONYM_ORDER}).`;
  return 'Patients are named by study pseudonym (P1, P2, … in the order of the file’s patient ids among the validation patients with a predicted course).';
}

/**
 * Table 2 (LSTM vs both baselines, test part and temporal validation set), Fig. 5 (predicted by
 * actual grade), Fig. 6 (predicted recovery courses) and the training curves of every model.
 */
export const lstmReport = defineCell<Inputs, LstmReportParams, LstmReportOutput>({
  kind: 'lstm-report',
  // 2: Fig. 6 names patients by study pseudonym (the loaded file as an optional input).
  // 3: `best` counts the temporal validation too (FIGURE_MODEL_RULE); warnings where test and temporal validation disagree.
  // 4: paired comparisons on the temporal-validation patients as well (`set`).
  version: 4,
  title: 'LSTM results: Table 2, Fig. 5 and Fig. 6',
  description: 'Collects the six LSTM models next to the carried-forward and linear baselines (Table 2) and draws predictions by actual grade and predicted recovery courses.',
  inputs: { ...(Object.fromEntries(LSTM_SLOTS.map((s) => [s, ['lstm-regression']])) as unknown as Record<Slot, readonly string[]>), data: ['load-cohort'] },
  optionalInputs: ['data'],
  params: lstmReportParamsSchema,
  heavy: false,
  async *run(inputs, params, ctx) {
    const present = LSTM_SLOTS.filter((s) => inputs[s]);
    if (present.length === 0) throw new Error('No LSTM model is connected to this cell');
    const selection = present.map((s) => selectionRow(s, inputs[s]!));
    const best = pickFigureModel(selection);
    const figureModel = params.figureModel === 'best' ? best : params.figureModel;
    const chosen = inputs[figureModel] ?? inputs[best]!;
    const { ordered, pseudonym, order } = coursePseudonyms(chosen.courses, inputs.data);
    let picked = ordered.slice(0, params.maxCoursePanels);
    if (params.coursePatients?.length) {
      const known = new Map(ordered.map((c) => [c.patient_id, c]));
      const byPseudonym = new Map(ordered.map((c) => [pseudonym.get(c.patient_id)!, c]));
      const find = (text: string) => known.get(text) ?? byPseudonym.get(text);
      const unknown = params.coursePatients.filter((text) => !find(text));
      if (unknown.length) {
        const available = ordered.slice(0, 12).map((c) => `${pseudonym.get(c.patient_id)} (${c.patient_id})`);
        throw new InputError(`coursePatients: ${unknown.map((id) => `"${id}"`).join(', ')} ${unknown.length === 1 ? 'is not a' : 'are not'} temporal-validation patient${unknown.length === 1 ? '' : 's'} with a predicted course (available: ${available.join(', ')}${ordered.length > 12 ? ', …' : ''})`);
      }
      picked = params.coursePatients.map((text) => find(text)!);
    }
    const courses = picked.map((c) => ({
      label: params.showFileIds ? c.patient_id : pseudonym.get(c.patient_id)!,
      patientId: c.patient_id,
      presentDay: c.present_day,
      points: c.points,
      actual: c.actual,
      early: c.early,
    }));
    const curves: CurvePoint[] = present.flatMap((s) =>
      inputs[s]!.training.history.flatMap((h) => [
        { model: s.replace('_', ' '), epoch: h.epoch, series: 'training' as const, loss: h.loss },
        { model: s.replace('_', ' '), epoch: h.epoch, series: 'validation' as const, loss: h.valLoss },
      ]),
    );
    const titles = Object.fromEntries(present.map((s) => [s, modelTitle(s, inputs[s]!)])) as Partial<Record<Slot, string>>;
    return {
      titles,
      table2: present.flatMap((s) => rows(s, inputs[s]!)),
      figureModel,
      figureModelRule: params.figureModel === 'best' || !inputs[figureModel] ? FIGURE_MODEL_RULE : 'chosen in the parameters (figureModel)',
      selection,
      warnings: temporalWarnings(selection, titles),
      groups: gradeGroups(chosen.testPredictions),
      courses,
      courseLabels: params.showFileIds ? 'file-ids' : order,
      curves,
      comparison: present.map((s) => {
        const t = inputs[s]!.evaluation.test;
        return { model: s, lstm_mae: t.lstm.mae.value, locf_mae: t.baseline_locf.mae.value, linear_mae: t.baseline_linear.mae.value };
      }),
      pairedComparisons: pairedComparisons(inputs, params.comparisonResamples, ctx.rng),
    };
  },
  describe: (p) =>
    `Collects the LSTM models next to the carried-forward and linear baselines (Table 2); Figs. 5 and 6 show ${p.figureModel === 'best' ? FIGURE_MODEL_RULE : slotTitle(p.figureModel)}, Fig. 6 ${p.coursePatients?.length ? `patients ${p.coursePatients.join(', ')}` : `the first ${p.maxCoursePanels} validation patients by study pseudonym`}${p.showFileIds ? ', labelled with the file’s patient ids (not for publication)' : ''}.`,
  headline: (out) => ({
    lstm_report: { figure_model: out.figureModel, figure_model_rule: out.figureModelRule, comparison: out.comparison, selection: out.selection, paired_comparisons: out.pairedComparisons },
    ...(out.warnings?.length ? { warnings: { lstm_report: out.warnings.map((w) => w.message) } } : {}),
  }),
  artifacts: (out) => {
    const model = out.titles?.[out.figureModel] ?? slotTitle(out.figureModel);
    const outside = out.groups.reduce((s, g) => s + (g.outOfRange ?? 0), 0);
    const total = out.groups.reduce((s, g) => s + g.n, 0);
    return [
      tableArtifact(
        'table2',
        out.table2.map(({ mae_value: _m, ...r }) => r),
        ['subset', 'model', 'set', 'method', 'n', 'rmse', 'mse', 'mae', 'p_value', ...(out.table2.some((r) => r.mae_over_seeds) ? ['mae_over_seeds'] : [])],
        {
          caption: 'Table 2. Prediction of the later House–Brackmann grade: LSTM and baselines, errors in grades with bootstrap 95% CIs. Bias p (paired t): a paired t-test of actual against predicted grades, which tests systematic over- or under-prediction (mean error ≠ 0), not model quality: a small p says the predictions are shifted, a large one does not say the model is accurate; patient-level paired comparisons of the models are in the table of paired comparisons (lstm_paired_comparisons)',
          headers: { subset: 'Subset', model: 'Model', set: 'Evaluation set', method: 'Method', n: 'n', rmse: 'RMSE (grades)', mse: 'MSE (grades²)', mae: 'MAE (grades)', p_value: 'Bias p (paired t)', mae_over_seeds: 'MAE over seeds, mean ± SD (min–max)' },
        },
      ),
      tableArtifact(
        'lstm_paired_comparisons',
        out.pairedComparisons.map((c) => ({
          subset: c.subset === 'all' ? 'All subjects' : 'Persistent subset',
          set: c.set === 'validation' ? 'Temporal validation' : 'Test part',
          a: c.a,
          b: c.b,
          n: c.n,
          patients: c.patients,
          mae_a: c.mae_a.toFixed(3),
          mae_b: c.mae_b.toFixed(3),
          difference: c.difference.toFixed(3),
          ci: `${c.ci_low.toFixed(3)} to ${c.ci_high.toFixed(3)}`,
          verdict: c.ci_high < 0 ? 'a better' : c.ci_low > 0 ? 'b better' : 'no clear difference',
        })),
        ['subset', 'set', 'a', 'b', 'n', 'patients', 'mae_a', 'mae_b', 'difference', 'ci', 'verdict'],
        {
          caption: `Paired comparison of MAE (a − b, grades; negative: a is better) on the test part${out.pairedComparisons.some((c) => c.set === 'validation') ? ' and on the temporal-validation patients' : ''}: 95% CI from ${out.pairedComparisons.length ? 'patient-clustered bootstrap resamples of each set, the same resamples for every pair of a subset and set' : '—'}; an LSTM trained with several seeds enters with its absolute errors averaged over seeds${pairedDisagreement(out.pairedComparisons)}`,
          headers: { subset: 'Subset', set: 'Evaluation set', a: 'Model a', b: 'Model b', n: 'n', patients: 'Patients', mae_a: 'MAE a (grades)', mae_b: 'MAE b (grades)', difference: 'Difference a − b', ci: '95% CI', verdict: 'Verdict' },
        },
      ),
      {
        type: 'figure',
        name: 'fig5-predicted-by-grade',
        widthMm: 89,
        widthPx: Math.round(mmToPx(89)),
        caption: `Fig. 5. Predicted against actual grade at the outcome visit on the test part (${model}; ${total} samples): mean prediction ± 1 SD per actual grade, predictions more than 2 SD from their group mean, and the number of samples per grade.${outside ? ` ${outside} predictions beyond I–VI are drawn at the limit.` : ''} Model shown: ${out.figureModelRule ?? 'as chosen'}${out.warnings?.length ? `; ${plural(out.warnings.length, 'warning')} where the test part and the temporal validation disagree` : ''}.`,
        ...predictedByGradeText(out.groups, model),
        render: (document, o) => predictedByGrade(out.groups, { document, ...o, title: model }) as unknown as Element,
      },
      {
        type: 'figure',
        name: 'fig6-recovery-course',
        widthMm: 183,
        widthPx: Math.round(mmToPx(183)),
        caption: `Fig. 6. Predicted recovery course of ${out.courses.length} temporal-validation patients (${model}) from the present visit of each patient’s last window, with the window’s early visits and the patient’s actual later grades. ${courseLabelNote(out.courseLabels)}`,
        ...recoveryCourseText(out.courses, model),
        render: (document, o) => recoveryCourse(out.courses, { document, ...o }) as unknown as Element,
      },
      {
        type: 'figure',
        name: 'suppl-training-curves',
        widthMm: 183,
        widthPx: Math.round(mmToPx(183)),
        caption: 'Supplementary figure. Training and validation loss (MSE) per epoch of each LSTM model.',
        ...trainingCurvesText(out.curves.map((c) => ({ ...c, model: c.model.replace(/^all /, 'All subjects, ').replace(/^persistent /, 'Persistent, ') }))),
        render: (document, o) => trainingCurves(out.curves.map((c) => ({ ...c, model: c.model.replace(/^all /, 'All subjects, ').replace(/^persistent /, 'Persistent, ') })), { document, ...o }) as unknown as Element,
      },
    ];
  },
});
