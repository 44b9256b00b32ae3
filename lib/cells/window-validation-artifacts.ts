/**
 * Tables, figures and manifest entries of a window-level model's validation (lib/models/
 * external-window), shared by the external-validation step (another clinic's file) and the
 * temporal-validation step (the training file's later patients), so both read the same way.
 */
import type { Artifact } from '../notebook/define-cell';
import { calibrationPlot } from '../figures/calibration-plot';
import { decisionCurves } from '../figures/decision-curve';
import { mmToPx } from '../figures/theme';
import type { ClassifierValidation, Estimate, LstmValidation, WindowValidation } from '../models/external-window';
import type { WindowCaseMix } from '../models/window-case-mix';
import { FEATURES, type FeatureEntry } from '../features/dictionary';
import type { DerivedFeatureDefinition } from '../features/derived';
import { tableArtifact } from '../tables/table-artifact';
import { groupCalibrationText, netBenefitText } from './figure-texts';

const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '' : x.toFixed(3));
const f2 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(2));
const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`);
const KIND = { svm: 'RBF-SVM', logistic: 'logistic regression', lstm: 'LSTM' } as const;
const labelOf = (name: string, derived?: readonly DerivedFeatureDefinition[]) => derived?.find((d) => d.name === name)?.label ?? (FEATURES as Record<string, FeatureEntry>)[name]?.label ?? name;

export interface WindowValidationWords {
  /** Manifest and file prefix: `external` or `temporal`. */
  prefix: 'external' | 'temporal';
  /** The data in a caption: "the loaded cohort", "the temporal validation set". */
  where: string;
  modelName: string;
}

export const modelWords = (v: WindowValidation) => `the ${KIND[v.modelKind]} of ${v.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'}`;

/** Case mix: one variable per row, the development summary from the model file beside these data. */
export function windowCaseMixRows(dev: WindowCaseMix | null, ext: WindowCaseMix, derived?: readonly DerivedFeatureDefinition[]): { variable: string; development: string; validation: string }[] {
  const both = (variable: string, f: (c: WindowCaseMix) => string) => ({ variable, development: dev ? f(dev) : 'not in this model file', validation: f(ext) });
  const grades = [...new Set([...Object.keys(dev?.presentGrade ?? {}), ...Object.keys(ext.presentGrade)])];
  return [
    both(ext.outcome.kind === 'recovered' ? 'Windows' : 'Regression samples (window × later visit)', (c) => String(c.windows)),
    both('Patients', (c) => String(c.patients)),
    ...(ext.outcome.kind === 'recovered'
      ? [
          both('Recovered: share of windows', (c) => (c.outcome.kind === 'recovered' ? pct(c.outcome.windowShare) : '–')),
          both('Recovered: share of patients (last window)', (c) => (c.outcome.kind === 'recovered' ? pct(c.outcome.patientShare) : '–')),
        ]
      : [both('Later grade: mean (SD)', (c) => (c.outcome.kind === 'grade' ? `${f2(c.outcome.mean)} (${f2(c.outcome.sd)})` : '–'))]),
    ...ext.features.map((f) =>
      both(`${labelOf(f.name, derived)}: mean (SD) [range], over ${f.unit}`, (c) => {
        const g = c.features.find((x) => x.name === f.name);
        return g ? `${f2(g.mean)} (${f2(g.sd)}) [${f2(g.min)}, ${f2(g.max)}]` : '–';
      }),
    ),
    both('Present visit, day since onset: median [range]', (c) => `${f2(c.presentDay.median)} [${f2(c.presentDay.min)}, ${f2(c.presentDay.max)}]`),
    ...grades.map((g) => both(`Grade ${g} at the present visit (share of windows)`, (c) => pct(c.presentGrade[g] ?? 0))),
  ];
}

const est = (e: Estimate | null) => (e ? { value: f3(e.value), ci_low: f3(e.low), ci_high: f3(e.high) } : { value: '', ci_low: '', ci_high: '' });
// A CI is shown only beside its estimate: where the whole sample gives none (one outcome, separation), the resamples' spread means nothing.
const ciOf = (s: { value: number; ci_low: number; ci_high: number }) => (Number.isFinite(s.value) ? { value: f3(s.value), ci_low: f3(s.ci_low), ci_high: f3(s.ci_high) } : { value: 'not estimable', ci_low: '', ci_high: '' });

function classifierArtifacts(v: ClassifierValidation, w: WindowValidationWords): Artifact[] {
  const c = v.calibration;
  const st = c.stats;
  const metrics = [
    { metric: `AUC (DeLong 95% CI), ${v.patients} patients`, ...(v.auc ? est(v.auc) : { value: `not estimable: ${v.aucProblem ?? ''}`, ci_low: '', ci_high: '' }) },
    { metric: 'Calibration-in-the-large: a in logit P = a + logit(p), slope fixed at 1 (offset convention; ideal 0)', ...ciOf(st.intercept) },
    { metric: 'Calibration intercept of the joint fit logit P = a + b · logit(p) (rms::val.prob Intercept; ideal 0)', ...ciOf(st.intercept_joint) },
    { metric: 'Calibration slope: b of the joint fit (ideal 1)', ...ciOf(st.slope) },
    { metric: 'Observed / expected (share recovered over the mean predicted probability)', value: f3(v.observedExpected), ci_low: '', ci_high: '' },
    { metric: 'Brier score', ...ciOf(st.brier) },
    { metric: 'ICI (mean |p − smoothed observed|)', ...ciOf(st.ici) },
    { metric: 'E50', ...ciOf(st.e50) },
    { metric: 'E90', ...ciOf(st.e90) },
    { metric: 'Patients with a feature outside the development range (share)', value: v.outsideRange ? f3(v.outsideRange.share) : '', ci_low: '', ci_high: '' },
  ];
  const stats = `Calibration-in-the-large ${f2(st.intercept.value)}, slope ${f2(st.slope.value)}, observed/expected ${f2(v.observedExpected)}, ICI ${f2(st.ici.value)}, AUC ${v.auc ? f2(v.auc.value) : 'n/a'}`;
  return [
    tableArtifact(`${w.prefix}_metrics`, metrics, ['metric', 'value', 'ci_low', 'ci_high'], {
      caption: `${w.prefix === 'external' ? 'External' : 'Temporal'} validation of ${modelWords(v)} (${w.modelName}) on ${w.where}, without refitting: one prediction per patient at its last window (${v.patients} patients, ${v.recovered} recovered); AUC with DeLong's CI, the other CIs from ${v.resamples} bootstrap resamples of the patients.`,
    }),
    tableArtifact(`${w.prefix}_predictions`, () => v.points.map((x, i) => ({ row: i + 1, p_recovered: x.p, recovered: x.y, ipcw_weight: 1 })), ['row', 'p_recovered', 'recovered', 'ipcw_weight'], {
      caption: `Each patient's prediction at its last window (numbered, no identifiers) and whether it recovered; weight 1 (every outcome is observed): the input to scripts/reference/external_reference.R.`,
      markdown: false,
      latex: false,
      rowCount: v.points.length,
    }),
    tableArtifact(`${w.prefix}_case_mix`, windowCaseMixRows(v.development, v.external, v.derived), ['variable', 'development', 'validation'], { caption: `Case mix: the training windows' summary recorded in the model file beside ${w.where} (static variables over patients, window variables over windows).` }),
    {
      type: 'figure',
      name: `${w.prefix}-calibration`,
      widthMm: 89,
      widthPx: Math.round(mmToPx(89)),
      caption: `Calibration of ${modelWords(v)} on ${w.where}: predicted probability of recovery against the observed share, one prediction per patient (${v.patients}); a LOWESS smooth with its band from ${v.resamples} bootstrap resamples of the patients, ${c.groups.length} groups of equal size with 95% Wilson intervals, and a rug of the predictions; the diagonal is perfect calibration.`,
      ...groupCalibrationText(`Calibration plot of ${modelWords(v)} on ${w.where}: predicted probability of recovery against the observed share (${v.patients} patients)`, c.groups, stats),
      render: (document, o) =>
        calibrationPlot([{ subset: `${w.where[0]!.toUpperCase()}${w.where.slice(1)} (n = ${v.patients} patients)`, curve: c.curve, groups: c.groups, predictions: c.predictions, caption: `CITL ${f2(st.intercept.value)} · slope ${f2(st.slope.value)}\nO/E ${f2(v.observedExpected)} · ICI ${f2(st.ici.value)}` }], { document, ...o }) as unknown as Element,
    },
    {
      type: 'figure',
      name: `${w.prefix}-decision-curve`,
      widthMm: 89,
      widthPx: Math.round(mmToPx(89)),
      caption: `Net benefit on ${w.where} of referring the patients whose risk of not recovering (1 − the model's probability of recovery) is at least the threshold, against referring all and none; one prediction per patient (${v.patients}).`,
      ...netBenefitText(`Decision curve of ${modelWords(v)} on ${w.where}: net benefit of referring patients at risk of not recovering, against referring all and none`, v.netBenefit),
      render: (document, o) => decisionCurves([{ subset: 'Not recovered', points: v.netBenefit, eventRate: 1 - v.recovered / v.patients }], { document, ...o, modelLabel: 'Model (refer if risk ≥ threshold)' }) as unknown as Element,
    },
  ];
}

function lstmArtifacts(v: LstmValidation, w: WindowValidationWords): Artifact[] {
  const e = v.errors;
  const metrics = [
    { metric: 'MAE, LSTM (grades)', ...est(e.lstm.mae) },
    { metric: 'MAE, last grade carried forward', ...est(e.carriedForward.mae) },
    { metric: 'MAE, linear model refitted here (cross-fitted over patients)', ...est(e.linear.mae) },
    { metric: 'RMSE, LSTM', ...est(e.lstm.rmse) },
    { metric: 'RMSE, last grade carried forward', ...est(e.carriedForward.rmse) },
    { metric: 'RMSE, linear model refitted here', ...est(e.linear.rmse) },
    ...v.paired.map((p) => ({ metric: `Paired difference in absolute error, LSTM − ${p.baseline} (below 0 favours the LSTM)`, ...est(p.difference) })),
  ];
  return [
    tableArtifact(`${w.prefix}_metrics`, metrics, ['metric', 'value', 'ci_low', 'ci_high'], {
      caption: `${w.prefix === 'external' ? 'External' : 'Temporal'} validation of ${modelWords(v)} (${w.modelName}) on ${w.where}, without refitting: ${v.samples} regression samples (window × later visit) of ${v.patients} patients; 95% CIs from ${v.resamples} bootstrap resamples of the patients, the same resamples for every method (paired). ${v.linearFit.note[0]!.toUpperCase()}${v.linearFit.note.slice(1)}.`,
    }),
    tableArtifact(`${w.prefix}_predictions`, () => v.rows.map((r, i) => ({ row: i + 1, ...r })), ['row', 'day', 'actual', 'lstm', 'carried_forward', 'linear'], {
      caption: 'Each regression sample (numbered, no identifiers): the day of the predicted visit, the grade recorded, and the three predictions.',
      markdown: false,
      latex: false,
      rowCount: v.rows.length,
    }),
    tableArtifact(`${w.prefix}_case_mix`, windowCaseMixRows(v.development, v.external, v.derived), ['variable', 'development', 'validation'], { caption: `Case mix: the training samples' summary recorded in the model file beside ${w.where}.` }),
  ];
}

export function windowValidationArtifacts(v: WindowValidation, w: WindowValidationWords): Artifact[] {
  return v.kind === 'classifier' ? classifierArtifacts(v, w) : lstmArtifacts(v, w);
}

/** Manifest entries `<prefix>.<metric>`: `{ value, ci_low, ci_high }` where there is a CI. */
export function windowValidationHeadline(v: WindowValidation, prefix: string): Record<string, unknown> {
  const e = (x: Estimate | null) => (x ? { value: x.value, ci_low: x.low, ci_high: x.high } : null);
  const s = (x: { value: number; ci_low: number; ci_high: number }) => (Number.isFinite(x.value) ? { value: x.value, ci_low: x.ci_low, ci_high: x.ci_high } : null);
  const common = { [`${prefix}.model`]: { kind: v.modelKind, subset: v.subset, unit: v.unit }, [`${prefix}.patients`]: v.patients, [`${prefix}.outsideRangeShare`]: v.outsideRange?.share ?? null };
  if (v.kind === 'lstm') {
    return {
      ...common,
      [`${prefix}.samples`]: v.samples,
      [`${prefix}.mae`]: e(v.errors.lstm.mae),
      [`${prefix}.rmse`]: e(v.errors.lstm.rmse),
      [`${prefix}.mae_carried_forward`]: e(v.errors.carriedForward.mae),
      [`${prefix}.mae_linear`]: e(v.errors.linear.mae),
      [`${prefix}.mae_difference_vs_carried_forward`]: e(v.paired[0]!.difference),
      [`${prefix}.mae_difference_vs_linear`]: e(v.paired[1]!.difference),
    };
  }
  const st = v.calibration.stats;
  return {
    ...common,
    [`${prefix}.recovered`]: v.recovered,
    [`${prefix}.auc`]: e(v.auc),
    [`${prefix}.calibrationInTheLarge`]: s(st.intercept),
    [`${prefix}.calibrationInterceptJoint`]: s(st.intercept_joint),
    [`${prefix}.calibrationSlope`]: s(st.slope),
    [`${prefix}.observedExpected`]: v.observedExpected,
    [`${prefix}.brier`]: s(st.brier),
    [`${prefix}.ici`]: s(st.ici),
    [`${prefix}.e50`]: s(st.e50),
    [`${prefix}.e90`]: s(st.e90),
    [`${prefix}.sampleSize`]: v.sampleSize.result ? { required: v.sampleSize.result.final.n, drivenBy: v.sampleSize.result.final.drivenBy, available: v.sampleSize.available } : null,
  };
}
