/**
 * The text alternative (`description`) and the table behind each figure of the notebook,
 * written from the same numbers the figure draws (the cell's output), never from fixed text.
 * One pure function per figure; the cells spread the result into their figure artifact.
 */
import { dci, dcell, dnum, figureText, listing, sentences, thinned } from '../figures/figure-description';
import type { FlowDiagramInput } from '../figures/flow-diagram';
import type { ClinicalCourseInput } from '../figures/clinical-course';
import type { HeatmapCell } from '../figures/grid-heatmap';
import type { GradeGroup } from '../figures/predicted-by-grade';
import type { CoursePanel } from '../figures/recovery-course';
import type { CurvePoint as LossPoint } from '../figures/training-curves';
import type { GradeBiasPoint } from '../figures/grade-bias';
import type { AuditPoint } from '../figures/audit-intervals';
import type { SampleSizeBar } from '../figures/sample-size';
import type { CalibrationGroup } from '../stats/calibration';
import type { DecisionCurvePoint } from '../stats/decision-curve';
import type { RecoveryCurve } from '../teaching/natural-history';
import type { ClassificationEvalOutput } from './classification-eval';
import type { ImportanceOutput } from './permutation-importance';
import type { SvmDiscriminationOutput } from './svm-discrimination';
import type { SvmCalibrationOutput } from './svm-calibration';
import type { SvmDecisionCurveOutput } from './svm-decision-curve';
import type { SampleSizeOutput } from './sample-size';

type Text = ReturnType<typeof figureText>;
const SUBSET_NAMES = [
  ['all', 'All subjects'],
  ['persistent', 'Persistent subset'],
] as const;
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
const sig = (x: number) => (Number.isFinite(x) ? String(+x.toPrecision(3)) : 'n/a');
const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI'];
const grade = (g: number) => ROMAN[g] ?? String(g);

/** Fig. 1: the boxes of the flow with their n, and who leaves at each step. */
export function flowText(flow: FlowDiagramInput): Text {
  const leaving = (excluded: Record<string, number>) =>
    Object.entries(excluded)
      .filter(([, n]) => n)
      .map(([why, n]) => `${why}: ${n}`)
      .join('; ');
  const steps = flow.steps.map((s) => `${oneLine(s.label).toLowerCase()}: ${s.n}`);
  const excluded = flow.steps.reduce((sum, s) => sum + Object.values(s.excluded).reduce((a, n) => a + (n || 0), 0), 0);
  const sets = [flow.development, flow.validation, flow.persistent];
  return figureText(
    sentences(
      `Flow of patients through the inclusion criteria: ${listing(steps)}, ${excluded} excluded on the way`,
      `Of the included patients ${flow.development.n} are in the development set and ${flow.validation.n} in the temporal validation set; ${flow.persistent.n} form the persistent palsy subset`,
    ),
    ['Box', 'Patients, n', 'Leaving at the next step (reason: n)'],
    [...flow.steps.map((s) => [oneLine(s.label), s.n, leaving(s.excluded)]), ...sets.map((s) => [oneLine(s.label), s.n, ''])],
  );
}

/** Fig. 2: the visits drawn and the mean grade per time bin. */
export function courseText(course: ClinicalCourseInput, nPatients: number): Text {
  const visits = course.bins.reduce((s, b) => s + b.n, 0);
  const filled = course.bins.filter((b) => b.n > 0 && Number.isFinite(b.mean));
  const first = filled[0];
  const last = filled[filled.length - 1];
  return figureText(
    sentences(
      `Every graded visit of ${nPatients} patients up to day ${course.maxDay} (${visits} visits${course.density ? ', drawn as a density' : ''}) by day since onset and House–Brackmann grade, with the mean grade per time bin`,
      first && last
        ? `The mean grade is ${dnum(first.mean, 2)} on days ${first.start}–${first.end} and ${dnum(last.mean, 2)} on days ${last.start}–${last.end}`
        : 'No time bin has a graded visit',
    ),
    ['Start day', 'End day', 'Visits, n', 'Mean grade', '95% CI, lower', '95% CI, upper'],
    course.bins.map((b) => [b.start, b.end, b.n, dcell(b.mean, 2), dcell(b.ciLow, 2), dcell(b.ciHigh, 2)]),
  );
}

/** Suppl. grid heat map: mean CV accuracy per (C, γ), the selected pair per subset. */
export function gridText(panels: { subset: string; cells: HeatmapCell[]; best: { C: number; gamma: number; cv_accuracy?: number } }[], folds: number): Text {
  const per = panels.map((p) => {
    const means = p.cells.map((c) => c.mean).filter(Number.isFinite);
    const lo = means.length ? Math.min(...means) : NaN;
    const hi = means.length ? Math.max(...means) : NaN;
    return `${p.subset}: from ${dnum(lo)} to ${dnum(hi)} over ${p.cells.length} pairs, selected C = ${sig(p.best.C)}, γ = ${sig(p.best.gamma)} (accuracy ${dnum(p.best.cv_accuracy)})`;
  });
  return figureText(
    sentences(`Heat map of the mean ${folds}-fold cross-validated accuracy at each (C, γ) of the grid`, per.join('; ')),
    ['Subset', 'C', 'γ', 'Mean CV accuracy', 'Selected'],
    panels.flatMap((p) => p.cells.map((c) => [p.subset, +c.C.toPrecision(3), +c.gamma.toPrecision(3), dcell(c.mean), c.C === p.best.C && c.gamma === p.best.gamma ? 'yes' : ''])),
  );
}

/** Fig. 3: the share of the accuracy drop per feature, largest first. */
export function importanceText(out: ImportanceOutput, label: (feature: string) => string): Text {
  const top = out.rows.slice(0, 3).map((r) => `${label(r.feature)} ${dnum(r.percent, 1)}%`);
  const lowest = out.rows.length > 3 ? out.rows[out.rows.length - 1] : undefined;
  return figureText(
    sentences(
      `Bar chart of the permutation importance of ${out.rows.length} features for the SVM (${out.subset === 'all' ? 'all subjects' : 'persistent subset'}, measured on ${out.on === 'test' ? 'the test part' : 'all samples, in-sample'}; baseline accuracy ${dnum(out.baseline)}), as a share of the total accuracy drop`,
      top.length ? `Largest: ${listing(top)}` : 'No feature was permuted',
      lowest && `Smallest: ${label(lowest.feature)} ${dnum(lowest.percent, 1)}%`,
    ),
    ['Feature', 'Share of total (%)', 'SD of share (%)', 'Mean drop in accuracy'],
    out.rows.map((r) => [label(r.feature), dcell(r.percent, 1), dcell(r.sd_percent, 1), dcell(r.mean, 4)]),
  );
}

/** Fig. 4: the confusion matrices with accuracy, recall, precision and F1. */
export function classificationText(out: ClassificationEvalOutput): Text {
  const per = SUBSET_NAMES.map(([s, name]) => {
    const e = out[s];
    const m = e.metrics;
    return `${name} (${e.nTest} test windows): ${e.confusion.tp} recovered and ${e.confusion.tn} not recovered predicted correctly, ${e.confusion.fn} recovered predicted not recovered and ${e.confusion.fp} not recovered predicted recovered; accuracy ${dnum(m.accuracy.value)} (95% CI ${dci(m.accuracy.ci_low, m.accuracy.ci_high)}), recall ${dnum(m.recall.value)}, precision ${dnum(m.precision.value)}, F1 ${dnum(m.f1.value)}`;
  });
  const cells = (s: 'all' | 'persistent', name: string) => {
    const c = out[s].confusion;
    return [
      [name, 'Not recovered', 'Not recovered', c.tn],
      [name, 'Not recovered', 'Recovered', c.fp],
      [name, 'Recovered', 'Not recovered', c.fn],
      [name, 'Recovered', 'Recovered', c.tp],
    ];
  };
  return figureText(
    sentences('Confusion matrices of the SVM on the test part, actual against predicted recovery', ...per),
    ['Subset', 'Actual', 'Predicted', 'Windows, n'],
    SUBSET_NAMES.flatMap(([s, name]) => cells(s, name)),
  );
}

/** ROC and precision–recall curves with their AUC and average precision. */
export function discriminationText(out: SvmDiscriminationOutput): Text {
  const per = SUBSET_NAMES.map(
    ([s, name]) =>
      `${name} (${out[s].n} windows, ${out[s].n - out[s].recovered} not recovered): AUC ${dnum(out[s].auc)} (DeLong 95% CI ${dci(out[s].delong.ci_low, out[s].delong.ci_high)}), average precision ${dnum(out[s].averagePrecision)} against a share recovered of ${dnum(out[s].prevalence)}`,
  );
  return figureText(
    sentences('ROC and precision–recall curves of the SVM on the test part', ...per),
    ['Subset', 'Curve', 'Threshold', 'False-positive rate', 'True-positive rate', 'Recall', 'Precision'],
    SUBSET_NAMES.flatMap(([s, name]) => [
      ...thinned(out[s].roc, 150).map((p) => [name, 'ROC', dcell(p.threshold), dcell(p.fpr), dcell(p.tpr), null, null]),
      ...thinned(out[s].pr, 150).map((p) => [name, 'Precision–recall', dcell(p.threshold), null, null, dcell(p.recall), dcell(p.precision)]),
    ]),
  );
}

/** Calibration of the SVM's probabilities: grouped points, the smooth and the statistics. */
export function svmCalibrationText(out: SvmCalibrationOutput): Text {
  const per = SUBSET_NAMES.map(([s, name]) => {
    const st = out[s].stats;
    return `${name} (${out[s].n} windows): calibration-in-the-large ${dnum(st.intercept.value)} (95% CI ${dci(st.intercept.ci_low, st.intercept.ci_high)}), slope ${dnum(st.slope.value)} (95% CI ${dci(st.slope.ci_low, st.slope.ci_high)}), ICI ${dnum(st.ici.value)}, Brier score ${dnum(st.brier.value)}`;
  });
  return figureText(
    sentences("Calibration plot of the SVM's probability of recovery on the test part: observed share recovered against the predicted probability, with grouped points and a smooth", ...per),
    ['Subset', 'Series', 'Predicted probability', 'Observed share', '95% CI, lower', '95% CI, upper', 'Windows, n'],
    SUBSET_NAMES.flatMap(([s, name]) => [
      ...out[s].groups.map((g) => [name, 'Group', dcell(g.meanPredicted), dcell(g.observed), dcell(g.low), dcell(g.high), g.n]),
      ...thinned(out[s].curve, 100).map((c) => [name, 'Smooth', dcell(c.x), dcell(c.y), dcell(c.low), dcell(c.high), null]),
    ]),
  );
}

function usefulRange(points: { threshold: number; model: number; treatAll: number }[]): string {
  const useful = points.filter((d) => d.model > Math.max(d.treatAll, 0) + 1e-12);
  if (!useful.length) return 'at no threshold';
  const [from, to] = [useful[0]!.threshold.toFixed(2), useful[useful.length - 1]!.threshold.toFixed(2)];
  return from === to ? `at threshold ${from}` : `at thresholds from ${from} to ${to}`;
}

function peak(points: { threshold: number; model: number }[]): string {
  const finite = points.filter((p) => Number.isFinite(p.model));
  if (!finite.length) return 'net benefit could not be computed';
  const best = finite.reduce((a, b) => (b.model > a.model ? b : a));
  return `highest net benefit ${dnum(best.model, 4)} at threshold ${best.threshold.toFixed(2)}`;
}

/** Decision curves: net benefit of the model, refer all and refer none. */
export function decisionCurveText(out: SvmDecisionCurveOutput): Text {
  // What the curves count: windows, or one prediction per patient (unit: patients, the honest profile).
  const unit = out.unit === 'patients' ? 'patients' : 'windows';
  const per = SUBSET_NAMES.map(([s, name]) => {
    const pts: DecisionCurvePoint[] = out[s].points;
    const range = pts.length ? `of the thresholds ${pts[0]!.threshold.toFixed(2)}–${pts[pts.length - 1]!.threshold.toFixed(2)} drawn, ` : '';
    return `${name} (${out[s].n} ${unit}, ${out[s].notRecovered} not recovered): ${range}the SVM beats referring all and none ${usefulRange(pts)}, ${peak(pts)}`;
  });
  return figureText(
    sentences(`Decision curves for early referral on the test part: net benefit of the SVM against referring every ${unit === 'patients' ? 'patient (one prediction each: the last test window)' : 'window'} and referring none, across threshold probabilities of not recovering`, ...per),
    ['Subset', 'Threshold probability', 'Net benefit, model', 'Net benefit, refer all', 'Net benefit, refer none'],
    SUBSET_NAMES.flatMap(([s, name]) => thinned(out[s].points, 300).map((d) => [name, dcell(d.threshold), dcell(d.model, 4), dcell(d.treatAll, 4), dcell(d.treatNone, 4)])),
  );
}

/** Sample size: the patients each criterion requires against those available. */
export function sampleSizeText(out: SampleSizeOutput, bars: SampleSizeBar[], available: { subset: string; patients: number; windows: number }[]): Text {
  const per = available.map((a, k) => {
    const own = bars.filter((b) => b.subset === a.subset);
    const verdict = out[k === 0 ? 'all' : 'persistent']?.verdict.text;
    return `${a.subset}: patients required by ${own.map((b) => `${b.criterion}, ${b.n}`).join('; ')}; the training part has ${a.patients} patients and ${a.windows} windows${verdict ? ` (${verdict})` : ''}`;
  });
  return figureText(
    sentences(`Bar chart of the minimum sample size by Riley et al.'s criteria for ${out.parameters} candidate parameters against the training part`, ...per),
    ['Subset', 'Bar', 'Patients, n'],
    [...bars.map((b) => [b.subset, b.criterion, b.n]), ...available.flatMap((a) => [[a.subset, 'Available: patients', a.patients], [a.subset, 'Available: windows', a.windows]])],
  );
}

/** Fig. 5: mean predicted grade per actual grade. */
export function predictedByGradeText(groups: readonly GradeGroup[], model: string): Text {
  const total = groups.reduce((s, g) => s + g.n, 0);
  return figureText(
    sentences(
      `Mean predicted against actual House–Brackmann grade on the test part (${model}, ${total} samples)`,
      groups.length ? `Mean prediction by actual grade: ${groups.map((g) => `${grade(g.actual)} ${dnum(g.meanPredicted, 2)} (n = ${g.n})`).join(', ')}` : 'No test prediction',
    ),
    ['Actual grade', 'Samples, n', 'Mean predicted grade', 'SD', 'Predictions more than 2 SD from the mean, n'],
    groups.map((g) => [grade(g.actual), g.n, dcell(g.meanPredicted, 2), dcell(g.sd, 2), g.outliers.length]),
  );
}

/** Fig. 6: the predicted courses, each patient's last prediction beside the last actual grade. */
export function recoveryCourseText(courses: readonly CoursePanel[], model: string): Text {
  const SHOWN = 6;
  const per = courses.slice(0, SHOWN).map((c) => {
    const p = c.points[c.points.length - 1];
    const a = c.actual[c.actual.length - 1];
    return `${c.label} from day ${c.presentDay}: predicted ${p ? `${dnum(p.predicted, 1)} by day ${p.day}` : 'none'}, actual ${a ? `${grade(a.grade)} on day ${a.day}` : 'not recorded'}`;
  });
  return figureText(
    sentences(
      `Predicted recovery course of ${courses.length} temporal-validation patients (${model}) with their early visits and actual later grades`,
      per.length > 0 && `${per.join('; ')}${courses.length > SHOWN ? `; and ${courses.length - SHOWN} more in the table` : ''}`,
    ),
    ['Patient', 'Series', 'Day', 'Grade'],
    courses.flatMap((c) => [
      ...(c.early ?? []).map((v) => [c.label, 'Early visit', v.day, v.grade]),
      ...c.points.map((v) => [c.label, 'Predicted', v.day, dcell(v.predicted, 2)]),
      ...c.actual.map((v) => [c.label, 'Actual', v.day, v.grade]),
    ]),
  );
}

/** Training curves: the loss per epoch of each model. */
export function trainingCurvesText(points: readonly LossPoint[]): Text {
  const models = [...new Set(points.map((p) => p.model))];
  const per = models.map((m) => {
    const val = points.filter((p) => p.model === m && p.series === 'validation' && Number.isFinite(p.loss));
    const train = points.filter((p) => p.model === m && p.series === 'training');
    const epochs = Math.max(0, ...points.filter((p) => p.model === m).map((p) => p.epoch));
    if (!val.length) return `${m}: ${epochs} epochs, final training loss ${dnum(train[train.length - 1]?.loss)}`;
    const best = val.reduce((a, b) => (b.loss < a.loss ? b : a));
    return `${m}: ${epochs} epochs, final validation loss ${dnum(val[val.length - 1]!.loss)}, lowest ${dnum(best.loss)} at epoch ${best.epoch}`;
  });
  const rows = models.flatMap((m) => {
    const byEpoch = new Map<number, { training: number | null; validation: number | null }>();
    for (const p of points) {
      if (p.model !== m) continue;
      const e = byEpoch.get(p.epoch) ?? { training: null, validation: null };
      e[p.series] = dcell(p.loss, 4);
      byEpoch.set(p.epoch, e);
    }
    return thinned([...byEpoch].sort((a, b) => a[0] - b[0]), 100).map(([epoch, e]) => [m, epoch, e.training, e.validation]);
  });
  return figureText(
    sentences(`Training and validation loss (MSE) per epoch of ${models.length} LSTM model${models.length === 1 ? '' : 's'}`, per.join('; ')),
    ['Model', 'Epoch', 'Training loss', 'Validation loss'],
    rows,
  );
}

/** LSTM calibration: the mean error by actual grade per model. */
export function gradeBiasText(points: readonly GradeBiasPoint[]): Text {
  const lines = [...new Set(points.map((p) => `${p.subset}, ${p.model}`))];
  const per = lines.map((line) => {
    const own = points.filter((p) => `${p.subset}, ${p.model}` === line).sort((a, b) => a.grade - b.grade);
    const a = own[0]!;
    const b = own[own.length - 1]!;
    return `${line}: ${dnum(a.bias, 2)} at grade ${grade(a.grade)} to ${dnum(b.bias, 2)} at grade ${grade(b.grade)}`;
  });
  return figureText(
    sentences('Mean error of the LSTM grade predictions (predicted − actual, in grades) by actual grade on the test part', per.length ? per.join('; ') : 'No model'),
    ['Subset', 'Model', 'Actual grade', 'Samples, n', 'Mean error (grades)'],
    points.map((p) => [p.subset, p.model, grade(p.grade), p.n, dcell(p.bias, 3)]),
  );
}

/** Leakage audit: every headline number with its CI. */
export function auditText(points: readonly AuditPoint[], subset: string): Text {
  const metrics = [...new Set(points.map((p) => p.metric))];
  const per = metrics.map((m) => {
    const own = points.filter((p) => p.metric === m && Number.isFinite(p.value));
    if (!own.length) return `${m}: could not be computed`;
    const lo = own.reduce((a, b) => (b.value < a.value ? b : a));
    const hi = own.reduce((a, b) => (b.value > a.value ? b : a));
    return `${m} from ${dnum(lo.value)} (${lo.label}) to ${dnum(hi.value)} (${hi.label})`;
  });
  return figureText(
    sentences(`Leakage and ablation audit (${subset}): ${points.length} headline numbers of the test part with patient-clustered 95% CIs`, per.join('; ')),
    ['Metric', 'Split, features and method', 'Kind', 'Value', '95% CI, lower', '95% CI, upper'],
    points.map((p) => [p.metric, p.label, p.kind, dcell(p.value), dcell(p.ciLow), dcell(p.ciHigh)]),
  );
}

/** A calibration plot of one cohort (model card, external validation): grouped points. */
export function groupCalibrationText(what: string, groups: readonly CalibrationGroup[], stats: string): Text {
  const p = groups.map((g) => g.meanPredicted).filter(Number.isFinite);
  const o = groups.map((g) => g.observed).filter(Number.isFinite);
  return figureText(
    sentences(
      `${what}, in ${groups.length} group${groups.length === 1 ? '' : 's'}`,
      groups.length ? `Mean predicted chance from ${dnum(Math.min(...p), 2)} to ${dnum(Math.max(...p), 2)}, observed share from ${dnum(Math.min(...o), 2)} to ${dnum(Math.max(...o), 2)}` : 'No group could be formed',
      stats,
    ),
    ['Group', 'Patients, n', 'Mean predicted chance', 'Observed share', '95% CI, lower', '95% CI, upper'],
    groups.map((g, k) => [k + 1, dcell(g.n, 1), dcell(g.meanPredicted), dcell(g.observed), dcell(g.low), dcell(g.high)]),
  );
}

/** One decision curve (external validation): net benefit of the model, refer all and none. */
export function netBenefitText(what: string, points: readonly { threshold: number; model: number; treatAll: number }[]): Text {
  return figureText(
    sentences(`${what}: the model beats referring all and none ${usefulRange([...points])}, ${peak([...points])}`),
    ['Threshold probability', 'Net benefit, model', 'Net benefit, refer all', 'Net benefit, refer none'],
    thinned(points, 300).map((d) => [dcell(d.threshold), dcell(d.model, 4), dcell(d.treatAll, 4), 0]),
  );
}

/** Natural history: the Kaplan–Meier curves beside the published anchors. */
export function naturalHistoryText(curves: readonly RecoveryCurve[], anchors: readonly { label: string; day: number | null; percent: number; source: string }[], summary: (c: RecoveryCurve) => string): Text {
  return figureText(
    sentences(
      "Share of this cohort's patients recovered by each day since onset (Kaplan–Meier with 95% CI)",
      curves.length ? curves.map(summary).join('; ') : 'No curve',
      anchors.length > 0 && `Published figures beside it: ${anchors.map((a) => `${a.label} ${a.percent}% (${a.source})`).join('; ')}`,
    ),
    ['Series', 'Day', 'Share recovered (%)', '95% CI, lower (%)', '95% CI, upper (%)', 'At risk, n'],
    [
      ...curves.flatMap((c) => thinned(c.steps, 150).map((s) => [c.label, s.day, dcell(s.recovered * 100, 1), dcell(s.low * 100, 1), dcell(s.high * 100, 1), s.atRisk])),
      ...anchors.map((a) => [`${a.label} (${a.source})`, a.day ?? 'final outcome', a.percent, null, null, null]),
    ],
  );
}
