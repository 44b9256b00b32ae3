import { z } from 'zod';
import { libsvmOptions } from './engine-options';
import { calibrationInstabilityPlot, decisionInstabilityPlot, predictionInstabilityPlot } from '../figures/instability-plots';
import { dcell, dnum, dpct, figureText, sentences } from '../figures/figure-description';
import { mmToPx } from '../figures/theme';
import { plural } from '../report/phrases';
import { throwIfCancelled } from '../notebook/errors';
import { defineCell } from '../notebook/define-cell';
import { sequentialTaskRunner, type TaskContext, type TaskResult } from '../notebook/tasks';
import { clusterBootstrapIndices } from '../stats/cluster-bootstrap';
import { lowess } from '../stats/lowess';
import { smoothCalibrationCurve } from '../stats/calibration';
import { fitLogisticWithFallback, harrellOptimism, logisticReplicates, OPTIMISM_MEASURES, performanceOf, replicatePerformances, type OptimismMeasure, type OptimismResult } from '../stats/optimism-bootstrap';
import { predictionInstability, type PredictionInstability } from '../stats/prediction-instability';
import { decisionCurveInstability, type DecisionCurveInstability, type DecisionInstabilityPoint } from '../stats/decision-curve-instability';
import { thresholdGrid } from '../stats/decision-curve';
import { predictLogisticRegression } from '../stats/logistic-regression';
import { stratifiedFolds, stratifiedGroupFolds } from '../stats/split';
import { fitStandardizer } from '../stats/standardize';
import { fixed } from '../tables/format';
import { tableArtifact } from '../tables/table-artifact';
import type { ClassificationEvalOutput } from './classification-eval';
import type { SampleSizeOutput } from './sample-size';
import type { SvmGridOutput } from './svm-grid';
import type { SubsetSplit, SvmSplitOutput } from './svm-split';
import { SUBSETS, subsetLabel, type Subset } from './test-resamples';

/** Below this many replicates the captions call the numbers rough. */
export const ROUGH_BELOW = 100;

export const svmOptimismParamsSchema = z.object({
  /** B: patient-level bootstrap replicates of the training (development) part. */
  replicates: z.number().int().min(10, 'at least 10 replicates').max(1000, 'at most 1000 replicates: each refits the whole pipeline').default(200),
  /**
   * `grid`: each replicate repeats the grid search with its CV on the grid cell's (C, γ) values
   * (the whole pipeline); `fixed`: C and γ held at the grid cell's pick (cheaper, and an
   * underestimate of the optimism).
   */
  tuning: z.enum(['grid', 'fixed']).default('grid'),
  /**
   * With `grid`: at most this many of the grid cell's values of C and of γ in each replicate's
   * search (evenly spaced over the sorted values, the grid cell's pick always among them); the
   * default keeps them all (the grid cell has at most 42 per axis). Quick profiles cut it down.
   */
  maxGridValues: z.number().int().min(2).max(60).default(60),
  /** Decision threshold on the probability of recovery for the classification instability index. */
  threshold: z.number().min(0.05).max(0.95).default(0.5),
  /** Folds of Platt's internal CV in each replicate (classification-eval's default). */
  plattFolds: z.number().int().min(2).max(10).default(5),
  engine: z.enum(['libsvm', 'ml-svm']).default('libsvm'),
  /** Logistic regression on separation: as the baseline cell (ridge refit, or the replicate counts as failed). */
  separation: z.enum(['ridge', 'not-estimable']).default('ridge'),
  ridgePenalty: z.number().min(1e-4).max(100).default(0.1),
});
export type SvmOptimismParams = z.infer<typeof svmOptimismParamsSchema>;

/** One replicate of one subset's SVM pipeline (plain data: it may run on another thread). */
export interface OptimismReplicateTask {
  /** Raw features of the original training part, its outcomes and patients. */
  raw: number[][];
  y: number[];
  patients: string[];
  /** Rows of the training part drawn for this replicate (patients with all their windows). */
  indices: number[];
  C: number[];
  gamma: number[];
  folds: number;
  foldGrouping: 'windows' | 'patients';
  scaling: 'training-part' | 'within-fold';
  foldSeed: number;
  plattFolds: number;
  plattSeed: number;
  engine: SvmOptimismParams['engine'];
  /** The grid's alpha seeding along C, as the original grid ran (absent: on). */
  warmStart?: boolean;
}
export type OptimismReplicateResult = { ok: true; C: number; gamma: number; boot: number[]; original: number[] } | { ok: false; error: string };

/**
 * The SVM pipeline of the split, grid and evaluation cells on one bootstrap replicate: the scaler
 * fitted on the replicate's rows, CV folds drawn as the split draws them (grouped by patient when
 * the split is), the grid search with its CV (the scaler inside each fold when the split says
 * so), the final fit with the picked (C, γ), Platt's sigmoid on internal CV; the replicate
 * model's probabilities of recovery for its own rows and for every original training row.
 */
async function replicate(task: OptimismReplicateTask, ctx: TaskContext): Promise<OptimismReplicateResult> {
  const [{ getEngine }, { gridSearch }, { foldScaledGridSearch }, { fitPlatt, sigmoidProbability }, { signedDecision }, { fitWithPlattOnSharedKernel }, { SHARED_KERNEL_MAX_ROWS }] = await Promise.all([
    import('../ml/svm/engines'),
    import('../ml/svm/grid-search'),
    import('../ml/svm/fold-scaled-grid'),
    import('../ml/svm/platt'),
    import('../ml/svm/rbf-model'),
    import('../ml/svm/shared-kernel-fit'),
    import('../ml/svm/shared-kernel'),
  ]);
  try {
    const engine = await getEngine(task.engine, libsvmOptions(ctx.env));
    const rawB = task.indices.map((i) => task.raw[i]!), yB = task.indices.map((i) => task.y[i]!), pB = task.indices.map((i) => task.patients[i]!);
    if (new Set(yB).size !== 2) return { ok: false, error: 'one outcome only in the replicate' };
    const scaler = fitStandardizer(rawB);
    const XB = scaler.transform(rawB), XO = scaler.transform(task.raw);
    const foldsOf = (k: number, seed: number) => (task.foldGrouping === 'patients' ? stratifiedGroupFolds(yB, pB, k, seed) : stratifiedFolds(yB, k, seed));
    let C = task.C[0]!, gamma = task.gamma[0]!;
    if (task.C.length > 1 || task.gamma.length > 1) {
      const folds = foldsOf(task.folds, task.foldSeed);
      const search = task.scaling === 'within-fold' ? await foldScaledGridSearch(rawB, yB, folds, { C: task.C, gamma: task.gamma }, engine, { signal: ctx.signal, warmStart: task.warmStart !== false }) : await gridSearch(XB, yB, folds, { C: task.C, gamma: task.gamma }, engine, { signal: ctx.signal, warmStart: task.warmStart !== false });
      ({ C, gamma } = search.best);
    }
    const plattFolds = foldsOf(task.plattFolds, task.plattSeed);
    let model, platt;
    /** Decision values of rows of XB, by index. */
    let decisionOfRows: (rows: readonly number[]) => Float64Array;
    if (task.engine === 'libsvm' && XB.length <= SHARED_KERNEL_MAX_ROWS) {
      // The final fit and the Platt folds' fits on one kernel (libsvm's fits on a precomputed kernel).
      ({ model, platt, decisionOfRows } = await fitWithPlattOnSharedKernel(XB, yB, { C, gamma }, plattFolds));
    } else {
      const fitted = engine.fit(XB, yB, { C, gamma });
      try {
        model = fitted.rbf();
      } finally {
        fitted.free();
      }
      platt = fitPlatt(engine, XB, yB, { C, gamma }, plattFolds);
      const fittedModel = model;
      decisionOfRows = (rows) => signedDecision(fittedModel, rows.map((j) => XB[j]!));
    }
    // The scaler acts row by row, so a drawn row of XB is its original row of XO to the last
    // bit: the drawn rows' decisions are the replicate's own (from the kernel's distances on the
    // shared kernel), the others are computed.
    const decision = new Float64Array(XO.length);
    const firstDraw = new Map<number, number>();
    task.indices.forEach((i, j) => {
      if (!firstDraw.has(i)) firstDraw.set(i, j);
    });
    const drawn = [...firstDraw.keys()];
    const others = Array.from(XO.keys()).filter((i) => !firstDraw.has(i));
    decisionOfRows(drawn.map((i) => firstDraw.get(i)!)).forEach((v, k) => (decision[drawn[k]!] = v));
    signedDecision(model, others.map((i) => XO[i]!)).forEach((v, k) => (decision[others[k]!] = v));
    const original = sigmoidProbability(platt.sigmoid, decision);
    // And a replicate's own rows' probabilities are their original rows'.
    return { ok: true, C, gamma, boot: task.indices.map((i) => original[i]!), original: Array.from(original) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export interface ModelOptimism {
  optimism: OptimismResult;
  instability: PredictionInstability;
  /**
   * Decision-curve instability: net benefit of early referral (event: not recovered, risk
   * 1 − p(recovered)) of the original model and of each replicate model on the original training
   * windows, at DECISION_THRESHOLDS (per window).
   */
  decision: DecisionCurveInstability;
  /** Why replicates failed, with counts. */
  failures: { reason: string; count: number }[];
  /** The original model's smoothed apparent calibration curve on the development windows and one per replicate (at most CURVES). */
  apparentCurve: { x: number; y: number }[];
  curves: { x: number; y: number }[][];
  /** Replicate predictions for the instability plot: the first replicates, at most DOTS points. */
  dots: { x: number; y: number }[];
  /** Smoothed 2.5th / 97.5th percentiles along the original prediction. */
  band: { x: number; low: number; high: number }[];
}

export interface SubsetOptimism {
  nWindows: number;
  nPatients: number;
  recovered: number;
  svm: ModelOptimism;
  lr: ModelOptimism;
  /** (C, γ) picked in each successful SVM replicate: how often the original pick came back. */
  picks: { C: number; gamma: number; count: number }[];
  original: { C: number; gamma: number };
}

export type SvmOptimismOutput = Record<Subset, SubsetOptimism> & {
  replicates: number;
  tuning: SvmOptimismParams['tuning'];
  threshold: number;
  /** Values of C and γ searched in each replicate (all subjects) and those of the grid cell. */
  gridSize: { C: number; gamma: number; gridC: number; gridGamma: number };
  /** The sample-size cell's required patients for each subset, when connected. */
  sampleSize: Record<Subset, { required: number; available: number }> | null;
  sentence: string;
};

/** The distinct values, sorted; at most `max` of them evenly spaced, `pick` always kept. */
export function thinGrid(values: readonly number[], pick: number, max: number): number[] {
  const all = [...new Set(values)].sort((a, b) => a - b);
  if (all.length <= max) return all;
  const kept = new Set(Array.from({ length: max }, (_, k) => all[Math.round((k * (all.length - 1)) / (max - 1))]!));
  kept.add(pick);
  return [...kept].sort((a, b) => a - b);
}

const CURVE_POINTS = 40;
const DOTS = 6000;
/** Thresholds of the decision-curve instability: every 0.02 over the decision-curve cell's default range (0.01–0.6). */
export const DECISION_THRESHOLDS = thresholdGrid(0.02, 0.6, 0.02);

function countReasons(reasons: string[]): { reason: string; count: number }[] {
  const m = new Map<string, number>();
  for (const r of reasons) m.set(r, (m.get(r) ?? 0) + 1);
  return [...m.entries()].map(([reason, count]) => ({ reason, count }));
}

function curveOf(y: number[], p: readonly number[]): { x: number; y: number }[] {
  try {
    const c = smoothCalibrationCurve(y, p.map((v) => Math.min(1 - 1e-9, Math.max(1e-9, v))), { points: CURVE_POINTS });
    return c.x.map((x, k) => ({ x, y: c.y[k]! }));
  } catch {
    return [];
  }
}

function summarize(y: number[], patients: string[], apparentP: number[], indices: Int32Array[], reps: { boot: number[] | null; original: number[] | null; error?: string }[], threshold: number): ModelOptimism {
  const optimism = harrellOptimism(performanceOf(y, apparentP), replicatePerformances(y, indices, reps));
  const originals = reps.map((r) => r.original);
  const instability = predictionInstability(apparentP, originals, patients, threshold);
  const ok = originals.filter((r): r is number[] => r !== null);
  const perRep = Math.max(1, Math.floor(DOTS / Math.max(1, y.length)));
  const dots = ok.slice(0, perRep).flatMap((r) => r.map((v, i) => ({ x: apparentP[i]!, y: v })));
  let band: ModelOptimism['band'] = [];
  if (instability.windows.length >= 3 && ok.length) {
    const lo = lowess(apparentP, instability.windows.map((w) => w.low)), hi = lowess(apparentP, instability.windows.map((w) => w.high));
    band = Array.from(lo.x, (x, k) => ({ x, low: lo.y[k]!, high: hi.y[k]! }));
  }
  const notRecovered = y.map((v) => 1 - v);
  const decision = decisionCurveInstability(notRecovered, apparentP.map((v) => 1 - v), originals.map((r) => r && r.map((v) => 1 - v)), DECISION_THRESHOLDS);
  return {
    optimism,
    instability,
    decision,
    failures: countReasons(reps.filter((r) => !r.boot).map((r) => r.error ?? 'fit failed')),
    apparentCurve: curveOf(y, apparentP),
    curves: ok.map((r) => curveOf(y, r)),
    dots,
    band,
  };
}

const t3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3).replace(/^-/, '−') : 'n/a');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
/** Where the original model beats referring all and none, and the largest share of refits that do not there. */
export function decisionUsefulness(d: DecisionCurveInstability): { from: number; to: number; worst: DecisionInstabilityPoint } | null {
  const useful = d.points.filter((p) => p.original > Math.max(p.treatAll, p.treatNone) + 1e-12);
  if (!useful.length) return null;
  return { from: useful[0]!.threshold, to: useful.at(-1)!.threshold, worst: useful.reduce((a, b) => (b.notUseful > a.notUseful ? b : a)) };
}
const usefulText = (d: DecisionCurveInstability, model: string) => {
  const u = decisionUsefulness(d);
  if (!u) return `the original ${model} beat referring all and none at no threshold from ${DECISION_THRESHOLDS[0]!.toFixed(2)} to ${DECISION_THRESHOLDS.at(-1)!.toFixed(2)}`;
  return `the original ${model} beat referring all and none at thresholds ${u.from.toFixed(2)}–${u.to.toFixed(2)} (not necessarily every threshold between), where up to ${pct(u.worst.notUseful)} of refits did not (at ${u.worst.threshold.toFixed(2)})`;
};

const roughNote = (B: number) => (B < ROUGH_BELOW ? ` With ${B} replicates these numbers are rough (a quick run; ${ROUGH_BELOW} or more are needed for stable optimism and instability estimates).` : '');

export const MEASURE_LABELS: Record<OptimismMeasure, string> = {
  auc: 'AUC',
  brier: 'Brier score',
  citl: 'Calibration-in-the-large (offset; ideal 0)',
  interceptJoint: 'Calibration intercept, joint fit (ideal 0)',
  slope: 'Calibration slope (ideal 1)',
};
const MODEL_LABELS = { svm: 'RBF-SVM (Platt probability)', lr: 'Logistic regression' } as const;

function subsetSentence(subset: Subset, s: SubsetOptimism, B: number): string {
  const a = (m: ModelOptimism) => m.optimism.auc;
  return `${subsetLabel(subset)} (${plural(s.nWindows, 'training window')} of ${plural(s.nPatients, 'patient')}): SVM AUC apparent ${t3(a(s.svm).apparent)}, optimism ${t3(a(s.svm).optimism)}, corrected ${t3(a(s.svm).corrected)}; logistic regression ${t3(a(s.lr).apparent)} → ${t3(a(s.lr).corrected)} (optimism ${t3(a(s.lr).optimism)}); over ${B} refits a window's SVM probability moved by a median ${t3(s.svm.instability.mape.median)} (90th percentile ${t3(s.svm.instability.mape.p90)}, max ${t3(s.svm.instability.mape.max)}), ${pct(s.svm.instability.cii.over10)} of windows changed class in more than 10% of refits, and in net benefit per training window ${usefulText(s.svm.decision, 'SVM')}.`;
}

/**
 * Harrell's bootstrap optimism correction and Riley & Collins' prediction instability (issue #24
 * items 2 and 3): the whole classification pipeline (scaler, grid search with its CV, final fit,
 * Platt) and the logistic-regression baseline refitted in B patient-level bootstrap replicates of
 * the training part; apparent, optimism and corrected AUC, Brier, calibration intercepts and slope;
 * per-window prediction instability of the development windows.
 */
export const svmOptimism = defineCell<{ split: SvmSplitOutput; grid: SvmGridOutput; evaluation: ClassificationEvalOutput; sampleSize?: SampleSizeOutput }, SvmOptimismParams, SvmOptimismOutput>({
  kind: 'svm-optimism',
  // 2: decision-curve instability (each refit's net benefit on the training windows).
  // 3: each replicate's grid on a shared kernel, warm-started along C as the grid step is.
  // 4: each replicate's final and Platt fits on one shared kernel (libsvm on a precomputed kernel).
  version: 4,
  title: 'Optimism-corrected performance and prediction instability',
  description:
    'Refits the whole classification pipeline (scaler, grid search with its CV, final SVM, Platt scaling) and the logistic-regression baseline in patient-level bootstrap replicates of the training part: Harrell’s optimism-corrected AUC, Brier score and calibration, how much each window’s predicted probability and class move between refits, and how each refit’s decision curve on the training windows differs from the original model’s (Riley & Collins 2023).',
  describe: (p) =>
    `Refits the whole classification pipeline (scaler, ${p.tuning === 'grid' ? `grid search with its CV${p.maxGridValues < 42 ? ` on at most ${p.maxGridValues} of the grid’s values of C and of γ plus its pick` : ''}` : 'C and γ held at the grid’s pick'}, final SVM, Platt scaling) and the logistic-regression baseline in ${plural(p.replicates, 'patient-level bootstrap replicate')} of the training part: Harrell’s optimism-corrected AUC, Brier score and calibration, and prediction instability of every training window (classification instability at ${p.threshold}), and decision-curve instability: each refit’s net benefit of early referral on the training windows (per window, thresholds ${DECISION_THRESHOLDS[0]!.toFixed(2)}–${DECISION_THRESHOLDS.at(-1)!.toFixed(2)}).${roughNote(p.replicates)}`,
  inputs: { split: ['svm-split'], grid: ['svm-grid'], evaluation: ['classification-eval'], sampleSize: ['sample-size'] },
  optionalInputs: ['sampleSize'],
  params: svmOptimismParamsSchema,
  heavy: true,
  tasks: { replicate },
  async *run(inputs, params, ctx) {
    const { sigmoidProbability } = await import('../ml/svm/platt');
    const { svmSignedDecisionStandardized } = await import('../ml/svm/trained-svm');
    const B = params.replicates;
    const prepared = SUBSETS.map((subset) => {
      const s: SubsetSplit = inputs.split[subset], g = inputs.grid[subset], e = inputs.evaluation[subset];
      const raw = s.train.map((i) => s.raw[i]!), y = s.train.map((i) => s.y[i]!), patients = s.train.map((i) => s.patientIds[i]!);
      const X = s.train.map((i) => s.X[i]!);
      const indices = clusterBootstrapIndices(patients, B, ctx.rng.fork(`optimism:${subset}`));
      const foldRng = ctx.rng.fork(`optimism-folds:${subset}`), plattRng = ctx.rng.fork(`optimism-platt:${subset}`);
      const C = params.tuning === 'grid' ? thinGrid(g.cells.map((c) => c.C), g.best.C, params.maxGridValues) : [g.best.C];
      const gamma = params.tuning === 'grid' ? thinGrid(g.cells.map((c) => c.gamma), g.best.gamma, params.maxGridValues) : [g.best.gamma];
      const payloads: OptimismReplicateTask[] = indices.map((idx) => ({
        raw,
        y,
        patients,
        indices: Array.from(idx),
        C,
        gamma,
        folds: Math.max(...s.folds) + 1,
        foldGrouping: s.foldGrouping,
        scaling: inputs.split.scaling ?? 'training-part',
        foldSeed: foldRng.nextUint32(),
        plattFolds: params.plattFolds,
        plattSeed: plattRng.nextUint32(),
        engine: params.engine,
        warmStart: inputs.grid.warmStart !== false,
      }));
      // The original model: the evaluation's SVM and Platt sigmoid on the training part.
      const sig = e.model.probability;
      const apparentSvm = sig ? Array.from(sigmoidProbability(sig, svmSignedDecisionStandardized(e.model, X))) : X.map(() => NaN);
      return { subset, s, g, raw, y, patients, X, indices, payloads, apparentSvm, grid: { C: C.length, gamma: gamma.length, gridC: new Set(g.cells.map((c) => c.C)).size, gridGamma: new Set(g.cells.map((c) => c.gamma)).size } };
    });
    const all = prepared.flatMap((p) => p.payloads);
    const fanOut = ctx.fanOut ?? (<P, R>(task: string, ps: readonly P[]) => sequentialTaskRunner(() => replicate, ctx.env)({ kind: 'svm-optimism', task, payloads: ps }, ctx.signal) as AsyncIterable<TaskResult<R>>);
    const results: OptimismReplicateResult[] = new Array(all.length);
    let done = 0;
    for await (const { index, result } of fanOut<OptimismReplicateTask, OptimismReplicateResult>('replicate', all)) {
      throwIfCancelled(ctx.signal);
      results[index] = result;
      done++;
      yield { fraction: (0.9 * done) / all.length, message: `SVM replicate ${done} of ${all.length}` };
    }
    const out = {} as Record<Subset, SubsetOptimism>;
    prepared.forEach((p, k) => {
      const svmReps = results.slice(k * B, (k + 1) * B).map((r) => (r.ok ? { boot: r.boot, original: r.original } : { boot: null, original: null, error: r.error }));
      // Logistic regression: the replicate's own standardization, then the fit (ridge on separation).
      const lrOpts = { separation: params.separation, ridgePenalty: params.ridgePenalty };
      const lrReps = logisticReplicates(p.raw, p.y, p.indices, lrOpts, (rows) => {
        const sc = fitStandardizer(rows);
        return (xs) => sc.transform(xs);
      }).map((r) => ({ boot: r.boot, original: r.original, ...(r.boot ? {} : { error: 'fit failed (one outcome only, or separation with no estimable fallback)' }) }));
      const lrFit = fitLogisticWithFallback(p.X, p.y, lrOpts);
      const apparentLr = lrFit ? predictLogisticRegression(lrFit, p.X) : p.X.map(() => NaN);
      const picks = new Map<string, { C: number; gamma: number; count: number }>();
      for (const r of results.slice(k * B, (k + 1) * B)) {
        if (!r.ok) continue;
        const key = `${r.C}|${r.gamma}`;
        const e = picks.get(key) ?? { C: r.C, gamma: r.gamma, count: 0 };
        e.count++;
        picks.set(key, e);
      }
      out[p.subset] = {
        nWindows: p.y.length,
        nPatients: new Set(p.patients).size,
        recovered: p.y.filter((v) => v === 1).length,
        svm: summarize(p.y, p.patients, p.apparentSvm, p.indices, svmReps, params.threshold),
        lr: summarize(p.y, p.patients, apparentLr, p.indices, lrReps, params.threshold),
        picks: [...picks.values()].sort((a, b) => b.count - a.count),
        original: { C: p.g.best.C, gamma: p.g.best.gamma },
      };
    });
    yield { fraction: 0.97, message: 'summaries' };
    const ss = inputs.sampleSize;
    const sampleSize = ss ? (Object.fromEntries(SUBSETS.map((s) => [s, { required: ss[s].verdict.required, available: ss[s].verdict.available }])) as Record<Subset, { required: number; available: number }>) : null;
    const ssSentence = sampleSize
      ? ` The sample-size calculation asked for ${SUBSETS.map((s) => `${sampleSize[s].required} patients (${subsetLabel(s).toLowerCase()}; ${sampleSize[s].available} available)`).join(' and ')}: ${SUBSETS.some((s) => sampleSize[s].available < sampleSize[s].required) ? 'the training part is below it, where optimism and instability of this order are to be expected' : 'the training part meets it'}.`
      : '';
    const sentence = `${SUBSETS.map((s) => subsetSentence(s, out[s], B)).join(' ')}${ssSentence}${roughNote(B)}`;
    return { ...out, replicates: B, tuning: params.tuning, threshold: params.threshold, gridSize: prepared[0]!.grid, sampleSize, sentence };
  },
  headline: (out) => {
    const model = (m: ModelOptimism) => ({
      ...Object.fromEntries(OPTIMISM_MEASURES.map((k) => [k === 'interceptJoint' ? 'calibration_intercept_joint' : k === 'citl' ? 'calibration_in_the_large' : k === 'slope' ? 'calibration_slope' : k, { apparent: m.optimism[k].apparent, optimism: m.optimism[k].optimism, corrected: m.optimism[k].corrected, used: m.optimism[k].used, undefined: m.optimism[k].undefined }])),
      failed_replicates: m.optimism.failed,
    });
    const inst = (m: ModelOptimism) => ({
      windows: 'training (development) windows',
      replicates_used: m.instability.replicates,
      mape: m.instability.mape,
      classification_instability: m.instability.cii,
      patients: m.instability.patients,
      net_benefit: {
        unit: 'windows',
        event: 'not recovered',
        replicates_used: m.decision.replicates,
        useful_from: decisionUsefulness(m.decision)?.from ?? null,
        useful_to: decisionUsefulness(m.decision)?.to ?? null,
        points: m.decision.points.map((d) => ({ threshold: d.threshold, original: d.original, refer_all: d.treatAll, low: d.low, high: d.high, below_refer_all: d.belowAll, below_refer_none: d.belowNone, not_useful: d.notUseful })),
      },
    });
    return {
      optimism: {
        replicates: out.replicates,
        tuning: out.tuning,
        resampling: 'patients',
        threshold: out.threshold,
        svm: { all: model(out.all.svm), persistent: model(out.persistent.svm) },
        lr: { all: model(out.all.lr), persistent: model(out.persistent.lr) },
        instability: { svm: { all: inst(out.all.svm), persistent: inst(out.persistent.svm) }, lr: { all: inst(out.all.lr), persistent: inst(out.persistent.lr) } },
        sentence: out.sentence,
      },
    };
  },
  artifacts: (out) => {
    const B = out.replicates;
    const rough = roughNote(B);
    const how = `${B} patient-level bootstrap replicates of the training part (patients drawn with replacement, all their windows along), in each of which the whole pipeline was refitted: the scaler, ${out.tuning === 'grid' ? `the grid search with its CV on ${out.gridSize.C} × ${out.gridSize.gamma} (C, γ) values${out.gridSize.C < out.gridSize.gridC || out.gridSize.gamma < out.gridSize.gridGamma ? ` thinned from the grid cell's ${out.gridSize.gridC} × ${out.gridSize.gridGamma} for speed` : ' (the grid cell’s)'}` : 'the SVM with C and γ held at the grid cell’s pick (an underestimate of the optimism)'}, the final SVM, Platt's sigmoid, and the logistic regression`;
    const failures = SUBSETS.flatMap((s) => (['svm', 'lr'] as const).flatMap((m) => out[s][m].failures.map((f) => `${subsetLabel(s)}, ${MODEL_LABELS[m]}: ${f.count} replicate${f.count === 1 ? '' : 's'} failed (${f.reason})`)));
    const rows = SUBSETS.flatMap((s) =>
      (['svm', 'lr'] as const).flatMap((m) =>
        OPTIMISM_MEASURES.map((k) => {
          const o = out[s][m].optimism[k];
          return { subset: subsetLabel(s), model: MODEL_LABELS[m], measure: MEASURE_LABELS[k], apparent: fixed(o.apparent, 3), optimism: fixed(o.optimism, 3), corrected: fixed(o.corrected, 3), replicates_used: o.used, undefined_in: o.undefined, failed: out[s][m].optimism.failed };
        }),
      ),
    );
    const instRows = SUBSETS.flatMap((s) =>
      (['svm', 'lr'] as const).map((m) => {
        const i = out[s][m].instability;
        return {
          subset: subsetLabel(s),
          model: MODEL_LABELS[m],
          windows: i.windows.length,
          patients: i.patients.n,
          mape_mean: fixed(i.mape.mean, 3),
          mape_median: fixed(i.mape.median, 3),
          mape_p90: fixed(i.mape.p90, 3),
          mape_max: fixed(i.mape.max, 3),
          cii_mean: fixed(i.cii.mean, 3),
          cii_over10: pct(i.cii.over10),
          patient_mape_median: fixed(i.patients.mape.median, 3),
          patient_cii_over10: pct(i.patients.cii.over10),
          replicates_used: i.replicates,
        };
      }),
    );
    const widthPx = Math.round(mmToPx(183));
    return [
      tableArtifact('optimism_correction', rows, ['subset', 'model', 'measure', 'apparent', 'optimism', 'corrected', 'replicates_used', 'undefined_in', 'failed'], {
        caption: `Harrell's bootstrap optimism correction from ${how}. Apparent: the original model on the training part; optimism: the mean over replicates of the replicate model's measure on its own replicate minus on the original training part; corrected = apparent − optimism. Calibration-in-the-large: a in logit P(recovered) = a + logit(p); joint intercept and slope: a and b of logit P(recovered) = a + b · logit(p). Replicates used: those where the measure was defined on both; undefined in: fitted replicates where it was not (one outcome only, separation); failed: replicates whose fit failed.${failures.length ? ` ${failures.join('. ')}.` : ''}${rough}`,
        headers: { subset: 'Subset', model: 'Model', measure: 'Measure', apparent: 'Apparent', optimism: 'Optimism', corrected: 'Optimism-corrected', replicates_used: 'Replicates used', undefined_in: 'Undefined in', failed: 'Failed fits' },
      }),
      tableArtifact('prediction_instability', instRows, ['subset', 'model', 'windows', 'patients', 'mape_mean', 'mape_median', 'mape_p90', 'mape_max', 'cii_mean', 'cii_over10', 'patient_mape_median', 'patient_cii_over10', 'replicates_used'], {
        caption: `Prediction instability (Riley & Collins 2023) of the training (development) windows over ${B} refits: MAPE, a window's mean absolute difference between the bootstrap models' probabilities of recovery and the original model's, summarized over windows; the classification instability index, the share of refits in which a window's class at a probability of ${out.threshold} differs from the original model's (mean over windows, and the share of windows flipping in more than 10% of refits); per patient: a patient's windows averaged, so each patient counts once.${rough}`,
        headers: { subset: 'Subset', model: 'Model', windows: 'Windows', patients: 'Patients', mape_mean: 'MAPE, mean', mape_median: 'MAPE, median', mape_p90: 'MAPE, 90th percentile', mape_max: 'MAPE, max', cii_mean: 'Class instability, mean', cii_over10: 'Windows flipping in > 10% of refits', patient_mape_median: 'MAPE per patient, median', patient_cii_over10: 'Patients flipping in > 10% of refits', replicates_used: 'Replicates used' },
      }),
      {
        type: 'figure',
        name: 'svm-prediction-instability',
        widthMm: 183,
        widthPx,
        caption: `Prediction instability of the SVM: each training window's probability of recovery from the original model (x) and from the bootstrap models (y; one faint dot per window and refit${out.all.svm.dots.length < out.all.svm.instability.windows.length * out.all.svm.instability.replicates ? ', the first refits only' : ''}), with the 2.5th and 97.5th percentiles of the bootstrap predictions (LOWESS-smoothed along x), from ${how}.${rough}`,
        description: SUBSETS.map((s) => `${subsetLabel(s)}: a window's SVM probability moved by a median ${t3(out[s].svm.instability.mape.median)} between refits (max ${t3(out[s].svm.instability.mape.max)}); ${pct(out[s].svm.instability.cii.over10)} of windows changed class in more than 10% of refits.`).join(' '),
        data: {
          columns: ['Subset', 'Original probability', 'Bootstrap 2.5th percentile', 'Bootstrap 97.5th percentile', 'MAPE', 'Class instability'],
          rows: SUBSETS.flatMap((s) => out[s].svm.instability.windows.map((w) => [subsetLabel(s), fixed(w.original, 3), fixed(w.low, 3), fixed(w.high, 3), fixed(w.mape, 3), fixed(w.cii, 3)])),
        },
        render: (document, o) =>
          predictionInstabilityPlot(
            SUBSETS.map((s) => ({
              subset: `${subsetLabel(s)} (${out[s].nWindows} windows)`,
              dots: out[s].svm.dots,
              band: out[s].svm.band,
              caption: `MAPE median ${t3(out[s].svm.instability.mape.median)} · max ${t3(out[s].svm.instability.mape.max)}\nFlip in > 10% of refits: ${pct(out[s].svm.instability.cii.over10)} of windows`,
            })),
            { document, ...o },
          ) as unknown as Element,
      },
      {
        type: 'figure',
        name: 'svm-calibration-instability',
        widthMm: 183,
        widthPx,
        caption: `Calibration instability of the SVM: one thin LOWESS calibration curve per bootstrap model, each on the original training windows, over the original model's apparent curve (black), from ${how}.${rough}`,
        description: SUBSETS.map((s) => `${subsetLabel(s)}: ${out[s].svm.curves.length} bootstrap calibration curves; optimism-corrected calibration slope ${t3(out[s].svm.optimism.slope.corrected)} (apparent ${t3(out[s].svm.optimism.slope.apparent)}).`).join(' '),
        data: {
          columns: ['Subset', 'Curve', 'Predicted probability', 'Observed share (smoothed)'],
          rows: SUBSETS.flatMap((s) => [
            ...out[s].svm.apparentCurve.map((pt) => [subsetLabel(s), 'original', fixed(pt.x, 3), fixed(pt.y, 3)] as (string | number)[]),
            ...out[s].svm.curves.flatMap((c, b) => c.map((pt) => [subsetLabel(s), `replicate ${b + 1}`, fixed(pt.x, 3), fixed(pt.y, 3)])),
          ]),
        },
        render: (document, o) =>
          calibrationInstabilityPlot(
            SUBSETS.map((s) => ({
              subset: `${subsetLabel(s)} (${out[s].nWindows} windows)`,
              curves: out[s].svm.curves,
              apparent: out[s].svm.apparentCurve,
              caption: `Slope apparent ${t3(out[s].svm.optimism.slope.apparent)} · corrected ${t3(out[s].svm.optimism.slope.corrected)}`,
            })),
            { document, ...o },
          ) as unknown as Element,
      },
      {
        type: 'figure',
        name: 'svm-decision-instability',
        widthMm: 183,
        widthPx,
        caption: `Decision-curve instability of the SVM: net benefit of early referral (event: not recovered; risk = 1 − the probability of recovery) of each bootstrap model on the original training windows (one thin curve per refit), over the original model's curve (black), with referring every window and referring none; per window (every training window counted, a patient with several windows several times), thresholds ${DECISION_THRESHOLDS[0]!.toFixed(2)}–${DECISION_THRESHOLDS.at(-1)!.toFixed(2)} by 0.02, from ${how}. ${SUBSETS.map((s) => `${subsetLabel(s)}: ${usefulText(out[s].svm.decision, 'SVM')}`).join('; ')}.${rough}`,
        ...decisionInstabilityText(out),
        render: (document, o) =>
          decisionInstabilityPlot(
            SUBSETS.map((s) => {
              const d = out[s].svm.decision, u = decisionUsefulness(d);
              return {
                subset: `${subsetLabel(s)} (${out[s].nWindows} windows, ${out[s].nWindows - out[s].recovered} not recovered)`,
                curves: d.curves.map((c) => c.map((nb, k) => ({ threshold: d.thresholds[k]!, netBenefit: nb }))),
                original: d.points.map((p) => ({ threshold: p.threshold, model: p.original, treatAll: p.treatAll, treatNone: p.treatNone })),
                eventRate: (out[s].nWindows - out[s].recovered) / Math.max(1, out[s].nWindows),
                caption: u ? `Original beats refer all and none: ${u.from.toFixed(2)}–${u.to.toFixed(2)}\nRefits no better there: up to ${pct(u.worst.notUseful)} (at ${u.worst.threshold.toFixed(2)})` : 'Original never beats refer all and none',
              };
            }),
            { document, ...o, unit: 'window' },
          ) as unknown as Element,
      },
      tableArtifact(
        'decision_instability',
        SUBSETS.flatMap((s) =>
          (['svm', 'lr'] as const).flatMap((m) =>
            out[s][m].decision.points.map((d) => ({
              subset: subsetLabel(s),
              model: MODEL_LABELS[m],
              threshold: d.threshold.toFixed(2),
              net_benefit_original: fixed(d.original, 4),
              net_benefit_refer_all: fixed(d.treatAll, 4),
              low: fixed(d.low, 4),
              high: fixed(d.high, 4),
              below_refer_all: pct(d.belowAll),
              below_refer_none: pct(d.belowNone),
              not_useful: pct(d.notUseful),
              replicates_used: out[s][m].decision.replicates,
            })),
          ),
        ),
        ['subset', 'model', 'threshold', 'net_benefit_original', 'net_benefit_refer_all', 'low', 'high', 'below_refer_all', 'below_refer_none', 'not_useful', 'replicates_used'],
        {
          caption: `Decision-curve instability (Riley & Collins 2023) over ${B} refits: net benefit of early referral (event: not recovered) per training window (every training window counted), of the original model and of each bootstrap model on the original training windows; 2.5th and 97.5th percentiles of the bootstrap models' net benefit, and the shares of bootstrap models below referring all, below referring none (net benefit 0), and no better than the better of the two (the model's usefulness at that threshold is unstable when this share is large).${rough}`,
          headers: { subset: 'Subset', model: 'Model', threshold: 'Threshold probability', net_benefit_original: 'Net benefit, original model', net_benefit_refer_all: 'Net benefit, refer all', low: 'Bootstrap 2.5th percentile', high: 'Bootstrap 97.5th percentile', below_refer_all: 'Refits below refer all', below_refer_none: 'Refits below refer none', not_useful: 'Refits no better than refer all or none', replicates_used: 'Replicates used' },
        },
      ),
    ];
  },
});

/** The decision-curve instability figure's text alternative and data, written from the run (the SVM). */
export function decisionInstabilityText(out: SvmOptimismOutput): ReturnType<typeof figureText> {
  const per = SUBSETS.map((s) => {
    const d = out[s].svm.decision;
    const finite = d.points.filter((p) => Number.isFinite(p.original));
    const best = finite.length ? finite.reduce((a, b) => (b.original > a.original ? b : a)) : null;
    const above = finite.filter((p) => p.original > p.high + 1e-12).length;
    return `${subsetLabel(s)} (${out[s].nWindows} training windows, ${out[s].nWindows - out[s].recovered} not recovered): ${usefulText(d, 'SVM')}${best ? `; its highest net benefit, ${dnum(best.original, 4)} per window at threshold ${best.threshold.toFixed(2)}, ranged from ${dnum(best.low, 4)} to ${dnum(best.high, 4)} over the bootstrap models (2.5th–97.5th percentile), ${dpct(best.notUseful)} of which were no better than referring all or none there` : ''}${above ? `; the original's net benefit lies above the bootstrap models' 97.5th percentile at ${above} of ${d.points.length} thresholds (its apparent net benefit, on the windows it was fitted to, is optimistic)` : ''}`;
  });
  return figureText(
    sentences(`Decision-curve instability of the SVM: net benefit per training window of ${out.all.svm.decision.replicates} bootstrap models (all subjects) on the original training windows over the original model's, with referring all and referring none, at thresholds of not recovering from ${DECISION_THRESHOLDS[0]!.toFixed(2)} to ${DECISION_THRESHOLDS.at(-1)!.toFixed(2)}`, ...per),
    ['Subset', 'Curve', 'Threshold probability', 'Net benefit (per window)'],
    SUBSETS.flatMap((s) => {
      const d = out[s].svm.decision;
      const series = (name: string, pick: (p: DecisionInstabilityPoint) => number) => d.points.map((p) => [subsetLabel(s), name, dcell(p.threshold, 2), dcell(pick(p), 4)]);
      return [
        ...series('original model', (p) => p.original),
        ...series('refer all', (p) => p.treatAll),
        ...series('refer none', (p) => p.treatNone),
        ...series('bootstrap 2.5th percentile', (p) => p.low),
        ...series('bootstrap 97.5th percentile', (p) => p.high),
        ...d.curves.flatMap((c, b) => c.map((nb, k) => [subsetLabel(s), `replicate ${b + 1}`, dcell(d.thresholds[k]!, 2), dcell(nb, 4)])),
      ];
    }),
  );
}
