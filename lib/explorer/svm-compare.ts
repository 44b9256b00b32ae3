import type { SubsetEvaluation } from '../cells/classification-eval';
import { percentileInterval } from '../stats/bootstrap';
import { clusterBootstrapIndices } from '../stats/cluster-bootstrap';
import { createRng } from '../stats/random';
import { aucOf } from '../stats/roc';

/**
 * The explorer's paired comparison of an SVM run with the notebook's reference row: on the same
 * test windows (same patients, windows and outcomes, in the same order), the difference in
 * accuracy and in AUC (decision values, positive = recovered) with a percentile 95% CI from
 * seeded patient-bootstrap resamples, both models scored on exactly the same resampled rows so
 * what they share cancels. The AUC's own CI comes from the same resamples.
 *
 * @example
 *   pairedSvmDifference(reference.all, run.all);  // { accuracy: { estimate, lower, upper }, auc: {…}, resamples, … }
 */
export const EXPLORER_PAIRED_RESAMPLES = 1000;
export const EXPLORER_PAIRED_SEED = 20240;

export interface Difference {
  /** run − reference on all test windows. */
  estimate: number;
  lower: number;
  upper: number;
  /** Resamples with a finite difference (AUC needs both outcomes). */
  used: number;
}

export interface PairedSvmDifference {
  accuracy: Difference;
  auc: Difference;
  resamples: number;
  seed: number;
  patients: number;
}

type Evaluated = Pick<SubsetEvaluation, 'predictions'> & { scores?: Partial<SubsetEvaluation['scores']> };

const sameArray = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined) => !!a && !!b && a.length === b.length && a.every((v, i) => v === b[i]);

/** Why two evaluations cannot be paired, or undefined when they can (the same test windows, with decision values). */
export function unpairedReason(reference: Evaluated, run: Evaluated): string | undefined {
  const a = reference.predictions, b = run.predictions;
  if (!sameArray(a.actual, b.actual) || !sameArray(a.patients, b.patients) || !sameArray(a.windows, b.windows)) return 'other test windows';
  if (!reference.scores?.decision || !run.scores?.decision) return 'no decision values';
  return undefined;
}

const accuracyOn = (rows: ArrayLike<number>, y: readonly number[], yhat: readonly number[]) => {
  let hit = 0;
  for (let k = 0; k < rows.length; k++) if (y[rows[k]!] === yhat[rows[k]!]) hit++;
  return hit / rows.length;
};

const aucOn = (rows: ArrayLike<number>, y: readonly number[], s: readonly number[]) =>
  aucOf(Array.from(rows, (i) => y[i]!), Array.from(rows, (i) => s[i]!));

function summarize(estimate: number, replicates: number[]): Difference {
  const finite = replicates.filter(Number.isFinite);
  const [lower, upper] = finite.length ? percentileInterval(finite) : [NaN, NaN];
  return { estimate, lower, upper, used: finite.length };
}

/** Seeded patient resamples of one test part: the same for every row compared on it. */
export function explorerResamples(patients: readonly string[], resamples = EXPLORER_PAIRED_RESAMPLES, seed = EXPLORER_PAIRED_SEED): Int32Array[] {
  return clusterBootstrapIndices(patients, resamples, createRng(seed).fork('explorer-paired'));
}

/** AUC of the decision values with a patient-bootstrap percentile 95% CI (the explorer's seeded resamples). */
export function aucWithCi(e: Evaluated, sets?: readonly Int32Array[]): Difference | undefined {
  const y = e.predictions.actual, s = e.scores?.decision;
  if (!s || s.length !== y.length || y.length === 0) return undefined;
  const resamples = sets ?? explorerResamples(e.predictions.patients);
  return summarize(aucOf(y, s), resamples.map((rows) => aucOn(rows, y, s)));
}

/** run − reference in accuracy and AUC with paired patient-bootstrap CIs, or the reason they cannot be paired. */
export function pairedSvmDifference(reference: Evaluated, run: Evaluated, options: { resamples?: number; seed?: number } = {}): PairedSvmDifference | { reason: string } {
  const reason = unpairedReason(reference, run);
  if (reason) return { reason };
  const resamples = options.resamples ?? EXPLORER_PAIRED_RESAMPLES, seed = options.seed ?? EXPLORER_PAIRED_SEED;
  const y = reference.predictions.actual;
  const pa = reference.predictions.predicted, pb = run.predictions.predicted;
  const sa = reference.scores!.decision!, sb = run.scores!.decision!;
  const sets = explorerResamples(reference.predictions.patients, resamples, seed);
  const all = Array.from(y, (_, i) => i);
  return {
    accuracy: summarize(accuracyOn(all, y, pb) - accuracyOn(all, y, pa), sets.map((rows) => accuracyOn(rows, y, pb) - accuracyOn(rows, y, pa))),
    auc: summarize(aucOf(y, sb) - aucOf(y, sa), sets.map((rows) => aucOn(rows, y, sb) - aucOn(rows, y, sa))),
    resamples,
    seed,
    patients: new Set(reference.predictions.patients).size,
  };
}
