/**
 * External validation of a prognosis model file on another cohort, without refitting: each new
 * patient at the point of use (its last visit by day 30, not yet recovered), the model's chance
 * by its horizon against what happened, weighted for censoring with the new cohort's own visit
 * schedule (its censoring shift and Kaplan–Meier G).
 *
 * Reported: case mix beside the development summary in the file, the share of patients with an
 * input outside the development data, discrimination (AUC, DeLong), calibration (observed/
 * expected, calibration-in-the-large with the slope fixed at 1, the slope, grouped observed vs
 * predicted), Brier, net benefit of "treat the patients at risk of not recovering" against
 * treat-all and treat-none, and two updated models: intercept recalibration (a in logit P =
 * a + LP) and logistic recalibration (logit P = a + b · LP), each a new model file that records
 * what was updated and on which data.
 */
import type { Patient } from '../data/types';
import { weightedCalibrationGroups, type CalibrationGroup } from '../stats/calibration';
import type { Rng } from '../stats/random';
import { rileyValidationBinary, type ValidationSampleSizeResult } from '../stats/validation-sample-size';
import { mean, sd } from '../stats/descriptive';
import { caseMix, type CaseMix } from './case-mix';
import { censoringShift, type CensoringShift } from './censoring';
import { pointOfUseHistory } from './apply-model';
import { EARLY_WINDOW_DAYS } from './landmark-rows';
import { outOfRange, type PrognosisModel } from './model-file';
import { pointOfUseRows, validateHeldOut, weightedCitl, weightedRecalibration, type HeldOutValidation } from './validate';

export interface NetBenefitPoint {
  threshold: number;
  model: number;
  treatAll: number;
}

export interface ExternalValidation {
  horizonDay: number;
  development: CaseMix | null;
  external: CaseMix;
  /** Patients of the file not predicted, by reason. */
  notPredicted: { reason: string; patients: number }[];
  outsideRange: { patients: number; share: number; byInput: { input: string; patients: number }[] };
  shift: CensoringShift;
  validation: HeldOutValidation;
  /** IPCW observed share recovered over the mean predicted chance (patients with a known status). */
  observedExpected: number;
  groups: CalibrationGroup[];
  /** Net benefit for the event "not recovered by the horizon" (risk 1 − chance). */
  netBenefit: NetBenefitPoint[];
  updated: { intercept: PrognosisModel | null; logistic: PrognosisModel | null; problem: string | null };
  /**
   * Is this validation sample big enough? Riley et al. 2021's criteria (pmvalsampsize's defaults:
   * O/E, calibration slope and C statistic CI widths 0.2, 0.2, 0.1) at this cohort's own outcome
   * rate, AUC and linear-predictor distribution (normal with its mean and SD), against the
   * patients with a known status. Null where the cohort gives no AUC.
   */
  sampleSize: { result: ValidationSampleSizeResult; available: number; adequate: boolean; assumptions: string } | { result: null; problem: string };
}

/** The first words of an out-of-range flag name its input ("age 97 years is outside …" → "age"). */
function flagInput(flag: string): string {
  const m = /^(grade [IV–]+ at the landmark|grade|age|steroid start|landmark visit day)/.exec(flag);
  return m ? m[1]! : flag;
}

/** Net benefit with weights: (TP − FP · t/(1 − t)) / n, all weighted. */
export function weightedNetBenefit(event: readonly (0 | 1)[], risk: readonly number[], w: readonly number[], thresholds: readonly number[]): NetBenefitPoint[] {
  const total = w.reduce((a, b) => a + b, 0);
  const prevalence = event.reduce<number>((a, e, i) => a + e * w[i]!, 0) / total;
  return thresholds.map((t) => {
    let tp = 0;
    let fp = 0;
    risk.forEach((r, i) => {
      if (r >= t) {
        if (event[i] === 1) tp += w[i]!;
        else fp += w[i]!;
      }
    });
    const odds = t / (1 - t);
    return { threshold: t, model: (tp - fp * odds) / total, treatAll: prevalence - (1 - prevalence) * odds };
  });
}

/** A copy of the model with every horizon's linear predictor mapped to a + b · LP (bootstrap sets alike). */
export function recalibrated(model: PrognosisModel, a: number, b: number, method: 'intercept' | 'logistic', data: { sha256: string; patients: number }): PrognosisModel {
  const map = (s: { intercepts: number[]; coefficients: number[] }) => ({ intercepts: s.intercepts.map((c) => a + b * c), coefficients: s.coefficients.map((c) => b * c) });
  const fit = { ...model.fit, ...map(model.fit), rawIntercepts: model.fit.rawIntercepts.map((c) => a + b * c) };
  const note =
    method === 'intercept'
      ? `intercept recalibration: logit P = ${a.toFixed(4)} + LP (the model's linear predictor at every horizon); slopes unchanged`
      : `logistic recalibration: logit P = ${a.toFixed(4)} + ${b.toFixed(4)} · LP at every horizon; every slope scaled by ${b.toFixed(4)}`;
  return {
    ...model,
    fit,
    bootstrap: { ...model.bootstrap, sets: model.bootstrap.sets.map(map) },
    updates: [...(model.updates ?? []), { method, intercept: a, slope: b, dataSha256: data.sha256, patients: data.patients, note: `${note}; fitted at day ${model.horizonDay} on ${data.patients} patients, IPCW-weighted; the bootstrap intervals do not include the uncertainty of this update` }],
  };
}

export function externalValidation(model: PrognosisModel, patients: readonly Patient[], rng: Rng, data: { sha256: string }, resamples = 500): ExternalValidation {
  const H = model.horizonDay;
  const reasons = new Map<string, number>();
  for (const p of patients) {
    const h = pointOfUseHistory(p);
    if ('reason' in h) reasons.set(h.reason, (reasons.get(h.reason) ?? 0) + 1);
  }
  const rows = pointOfUseRows(patients);
  if (rows.length === 0) throw new Error(`no patient of this file can be predicted at day ${EARLY_WINDOW_DAYS} (${[...reasons].map(([r, n]) => `${n}: ${r}`).join('; ') || 'no patients'})`);
  // The new cohort's own visit schedule says how long an unrecovered patient's status is known.
  const shift = censoringShift(patients.map((p) => p.visits.filter((v) => v.grade !== null).map((v) => ({ day: v.day, grade: v.grade as number }))));
  const validation = validateHeldOut(model.fit, patients, H, rng, resamples, shift);
  const pts = validation.points;
  const y = pts.map((x) => x.y);
  const w = pts.map((x) => x.w);
  const lp = pts.map((x) => Math.log(x.p / (1 - x.p)));
  const totalW = w.reduce((a, b) => a + b, 0);
  const expected = pts.reduce((a, x, i) => a + x.p * w[i]!, 0) / totalW;
  const byInput = new Map<string, number>();
  let outside = 0;
  for (const r of rows) {
    const flags = outOfRange(model, r.history);
    if (flags.length) outside++;
    for (const input of new Set(flags.map(flagInput))) byInput.set(input, (byInput.get(input) ?? 0) + 1);
  }
  const both = y.includes(0) && y.includes(1);
  const a = both ? weightedCitl(y, lp, w) : NaN;
  let logistic: PrognosisModel | null = null;
  let problem: string | null = null;
  if (!both) problem = 'every patient with a known status has the same outcome: no recalibration can be fitted';
  else {
    const [la, lb] = weightedRecalibration(y, lp, w);
    // A slope ≤ 0 would reverse every direction the model guarantees (a worse grade could raise the chance).
    if (!(lb > 0)) problem = `the fitted recalibration slope is ${lb.toFixed(3)} (not above 0): rescaling by it would reverse the model's directions, so no logistic update is offered`;
    else logistic = recalibrated(model, la, lb, 'logistic', { sha256: data.sha256, patients: pts.length });
  }
  let sampleSize: ExternalValidation['sampleSize'];
  const auc = validation.auc?.value;
  const lpMean = lp.length ? mean(lp) : NaN;
  const lpSd = lp.length > 1 ? sd(lp) : NaN;
  if (!(auc !== undefined && auc > 0.5 && auc < 1) || !(validation.baseRate > 0 && validation.baseRate < 1) || !(lpSd > 0)) {
    sampleSize = { result: null, problem: 'the criteria need an outcome rate strictly between 0 and 1, an AUC above 0.5 and below 1, and a spread of predictions; this cohort does not give them' };
  } else {
    try {
      const result = rileyValidationBinary({ prevalence: validation.baseRate, cstatistic: auc, lp: { kind: 'normal', mean: lpMean, sd: lpSd } }, rng.fork('sample size'));
      sampleSize = { result, available: pts.length, adequate: pts.length >= result.final.n, assumptions: `outcome rate ${validation.baseRate.toFixed(3)}, C statistic ${auc.toFixed(3)}, linear predictor normal(${lpMean.toFixed(2)}, ${lpSd.toFixed(2)}) as observed here; CI widths 0.2 (O/E), 0.2 (slope), 0.1 (C)` };
    } catch (err) {
      sampleSize = { result: null, problem: (err as Error).message };
    }
  }
  const thresholds = Array.from({ length: 19 }, (_, k) => Math.round((0.05 + k * 0.025) * 1000) / 1000);
  return {
    horizonDay: H,
    development: model.development.caseMix ?? null,
    external: caseMix(rows, H, shift),
    notPredicted: [...reasons].map(([reason, n]) => ({ reason, patients: n })),
    outsideRange: { patients: outside, share: outside / rows.length, byInput: [...byInput].map(([input, n]) => ({ input, patients: n })).sort((p, q) => q.patients - p.patients) },
    shift,
    validation,
    observedExpected: validation.baseRate / expected,
    groups: pts.length ? weightedCalibrationGroups(y, pts.map((x) => x.p), w, Math.min(10, Math.max(1, Math.floor(pts.length / 20)))) : [],
    netBenefit: weightedNetBenefit(y.map((v) => (v === 1 ? 0 : 1)), pts.map((x) => 1 - x.p), w, thresholds),
    updated: {
      intercept: both ? recalibrated(model, a, 1, 'intercept', { sha256: data.sha256, patients: pts.length }) : null,
      logistic,
      problem,
    },
    sampleSize,
  };
}
