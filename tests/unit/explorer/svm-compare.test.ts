import { describe, expect, it } from 'vitest';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import { SVM_COMPARISON_COLUMNS, SVM_COMPARISON_HEADERS, svmComparisonCaption, svmComparisonRows } from '@/lib/explorer/feature-sets';
import { EXPLORER_PAIRED_RESAMPLES, EXPLORER_PAIRED_SEED, explorerResamples, pairedSvmDifference, unpairedReason } from '@/lib/explorer/svm-compare';
import { percentileInterval } from '@/lib/stats/bootstrap';
import { aucOf } from '@/lib/stats/roc';
import { createRng } from '@/lib/stats/random';

/** A test part of 60 windows from 20 patients, the reference and a run scoring them differently. */
function fixture() {
  const rng = createRng(3);
  const n = 60;
  const patients = Array.from({ length: n }, (_, i) => `p${Math.floor(i / 3)}`);
  const windows = Array.from({ length: n }, (_, i) => i % 3);
  const actual = Array.from({ length: n }, () => (rng.uniform() < 0.6 ? 1 : 0));
  const score = (noise: number) => actual.map((y) => (y ? 0.6 : -0.6) + noise * (rng.uniform() * 2 - 1));
  const eval_ = (decision: number[]) => ({
    nTest: n,
    C: 1,
    gamma: 0.1,
    metrics: {},
    predictions: { actual, predicted: decision.map((d) => (d > 0 ? 1 : 0)), patients, windows },
    scores: { patientIds: patients, decision, probability: decision.map((d) => 1 / (1 + Math.exp(-d))) },
  });
  return { ref: eval_(score(1)), run: eval_(score(2)), actual, patients };
}

describe('explorer: paired difference of an SVM run to the notebook row', () => {
  it('equals a direct recomputation: run − reference on the same seeded patient resamples', () => {
    const { ref, run, actual, patients } = fixture();
    const d = pairedSvmDifference(ref, run, { resamples: 300, seed: 9 });
    if ('reason' in d) throw new Error(d.reason);
    const acc = (e: typeof ref, rows: ArrayLike<number>) => Array.from(rows).filter((i) => e.predictions.predicted[i] === actual[i]).length / rows.length;
    const all = actual.map((_, i) => i);
    expect(d.accuracy.estimate).toBeCloseTo(acc(run, all) - acc(ref, all), 12);
    expect(d.auc.estimate).toBeCloseTo(aucOf(actual, run.scores.decision) - aucOf(actual, ref.scores.decision), 12);
    const sets = explorerResamples(patients, 300, 9);
    const reps = sets.map((rows) => acc(run, rows) - acc(ref, rows));
    const [lo, hi] = percentileInterval(reps);
    expect(d.accuracy.lower).toBe(lo);
    expect(d.accuracy.upper).toBe(hi);
    expect(d.patients).toBe(20);
    // Seeded: the same answer twice.
    expect(pairedSvmDifference(ref, run, { resamples: 300, seed: 9 })).toEqual(d);
  });

  it('refuses to pair other test windows, and says why', () => {
    const { ref, run } = fixture();
    const other = { ...run, predictions: { ...run.predictions, windows: run.predictions.windows.map((w) => w + 1) } };
    expect(unpairedReason(ref, other)).toBe('other test windows');
    expect(pairedSvmDifference(ref, other)).toEqual({ reason: 'other test windows' });
  });

  it('adds balanced accuracy, AUC, the no-information rate and the paired differences to the rows', () => {
    const { ref, run } = fixture();
    const m = (v: number) => ({ value: v, ci_low: v - 0.1, ci_high: v + 0.05 });
    const metrics = { accuracy: m(0.8), balanced_accuracy: m(0.75), no_information_rate: m(0.6), recall: m(0.9), precision: m(0.8), f1: m(0.85) };
    const out = (e: typeof ref) => ({ all: { ...e, metrics }, persistent: { ...e, metrics }, resamples: 10, ciMethod: 'patients' }) as unknown as ClassificationEvalOutput;
    const reference = out(ref), explored = out(run);
    const refRows = svmComparisonRows('notebook: evaluate', 'Paper', reference, reference);
    const runRows = svmComparisonRows('explorer 1', 'Grades', explored, reference);
    expect(refRows[0]).toMatchObject({ balanced_accuracy: '0.750 (0.650–0.800)', no_information_rate: '0.600', accuracy_diff: 'reference', auc_diff: 'reference' });
    expect(String(runRows[0]!.auc)).toMatch(/^\d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\)$/);
    expect(String(runRows[0]!.auc_diff)).toMatch(/^[+−]?\d\.\d{3} \([+−]?\d\.\d{3} to [+−]?\d\.\d{3}\)$/);
    const d = pairedSvmDifference(ref, run);
    if ('reason' in d) throw new Error(d.reason);
    expect(String(runRows[0]!.accuracy_diff)).toContain(Math.abs(d.accuracy.estimate).toFixed(3));
    for (const c of SVM_COMPARISON_COLUMNS) expect(SVM_COMPARISON_HEADERS[c], c).toBeDefined();
    expect(svmComparisonCaption(EXPLORER_PAIRED_RESAMPLES, EXPLORER_PAIRED_SEED)).toContain(`${EXPLORER_PAIRED_RESAMPLES} patient resamples`);
  });
});
