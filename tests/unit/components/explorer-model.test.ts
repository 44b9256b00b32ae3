import { beforeAll, describe, expect, it } from 'vitest';
import {
  comparisonRows,
  derivedChoices,
  featureCellOf,
  featureOptions,
  optionLabel,
  runFeatureName,
  runFigures,
  runSpec,
  statusOf,
  type ExplorerRun,
} from '@/components/explorer/explorer-model';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { LSTM_STATIC_FEATURES, SVM_FEATURES } from '@/lib/explorer/feature-sets';
import { MODEL_FEATURES } from '@/lib/ml/lstm/sequences';
import { deriveNotebook } from '@/lib/notebook/derive';
import { isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import type { NotebookRuntime } from '@/lib/notebook/runtime';
import type { NotebookState } from '@/lib/notebook/state';
import { findNotebook } from '@/notebooks';
import { useCpuBackend } from '../ml/lstm/fixtures';
import { runTiny, tinySource } from '../models/tiny-run';

const FEATURE = 'early_improvement';
const LABEL = 'Early improvement (grades since the first visit)';

/** The own-feature notebook with tiny settings (a few seconds in Node). */
function tinyOwnFeature(): Notebook {
  const nb = findNotebook('own-feature')!;
  const tiny: Record<string, Record<string, unknown>> = {
    'grid-without': { size: 2, includePaperPicks: false },
    'grid-with': { size: 2, includePaperPicks: false },
    'evaluate-without': { resamples: 100 },
    'evaluate-with': { resamples: 100 },
    'lstm-m1-without': { bootstrapResamples: 10, courseStepDays: 100, lstm: { units: [4], maxEpochs: 2 } },
    'lstm-m1-with': { bootstrapResamples: 10, courseStepDays: 100, lstm: { units: [4], maxEpochs: 2 } },
  };
  const keep = ['data', 'cohort', 'windows', 'early', 'split-without', 'grid-without', 'evaluate-without', 'lstm-split', 'lstm-m1-without'];
  return { ...nb, cells: nb.cells.filter((c) => keep.includes(c.id)).map((c) => (tiny[c.id] ? { ...c, params: { ...(c as { params?: object }).params, ...tiny[c.id] } } : c)) } as Notebook;
}

/** A finished explorer run over a state computed here (the page's runtime reduced to what the model reads). */
const finishedRun = (id: number, family: 'svm' | 'lstm', features: string[], target: string, notebook: Notebook, state: NotebookState): ExplorerRun => ({
  id,
  family,
  features,
  subset: 'all',
  target,
  notebook,
  basis: '',
  runtime: { getState: () => state } as unknown as NotebookRuntime,
});

describe('explorer model (#26 item 4): derived features for both families', () => {
  it('offers the derived features that reach a model’s windows, after the built-in ones, with their labels', () => {
    const cells = findNotebook('own-feature')!.cells.filter(isComputeCell);
    const svmCell = featureCellOf(cells, 'svm', 'all')!;
    const lstmCell = featureCellOf(cells, 'lstm', 'all')!;
    expect(svmCell.id).toBe('split-without');
    expect(lstmCell.id).toBe('lstm-m1-without');
    for (const cell of [svmCell, lstmCell]) expect(derivedChoices(cells, cell)).toEqual([{ name: FEATURE, label: LABEL }]);
    expect(featureOptions('svm', derivedChoices(cells, svmCell))).toEqual([...SVM_FEATURES, FEATURE]);
    expect(featureOptions('lstm', derivedChoices(cells, lstmCell))).toEqual([...LSTM_STATIC_FEATURES, FEATURE]);
    expect(optionLabel(FEATURE, derivedChoices(cells, lstmCell))).toBe(LABEL);
    expect(optionLabel('delayed_treatment', [])).toBe('delayed treatment');
    // The paper's notebook feeds its models the windowing step's windows: no derived feature to offer.
    const paper = findNotebook('han-2026')!.cells.filter(isComputeCell);
    expect(derivedChoices(paper, featureCellOf(paper, 'lstm', 'all'))).toEqual([]);
    expect(featureOptions('lstm', [])).toEqual([...LSTM_STATIC_FEATURES]);
  });

  it('names a feature set by its preset, or by its features with derived ones by label', () => {
    expect(runFeatureName('lstm', [...MODEL_FEATURES.M1])).toBe('M1');
    expect(runFeatureName('lstm', [...MODEL_FEATURES.M1, FEATURE], [{ name: FEATURE, label: LABEL }])).toBe(`sex, age, delayed_treatment, diabetes, ${LABEL}`);
    expect(runFeatureName('svm', [...SVM_FEATURES])).toBe('Paper');
  });

  describe('runs on the own-feature notebook', () => {
    let state: NotebookState;
    let notebook: Notebook;
    beforeAll(async () => {
      await useCpuBackend();
      notebook = tinyOwnFeature();
      state = await runTiny(notebook, tinySource(80));
    }, 60_000);

    it('an LSTM run with a derived feature: the derived notebook sets the network’s static features; its row and figure name the feature by label', async () => {
      const cells = state.notebook.cells.filter(isComputeCell);
      const cell = featureCellOf(cells, 'lstm', 'all')!;
      const features = [...MODEL_FEATURES.M1, FEATURE];
      const { spec, target } = runSpec(state, 1, 'lstm', cell, features);
      expect(target).toBe('lstm-m1-without');
      expect(spec.params).toEqual({ 'lstm-m1-without': { staticFeatures: features } });
      const derived = deriveNotebook(state.notebook, spec);
      expect(derived.cells.map((c) => c.id)).toEqual(['data', 'cohort', 'windows', 'early', 'lstm-split', 'lstm-m1-without']);
      const runState = await runTiny(derived, tinySource(80));
      const out = runState.cells[target]!.output as LstmRegressionOutput;
      expect(out.staticFeatures).toEqual(features);
      expect(out.derived?.map((d) => d.name)).toEqual([FEATURE]);
      const run = finishedRun(1, 'lstm', features, target, derived, runState);
      expect(statusOf(run)).toBe('done');
      const { lstmRows } = comparisonRows(state, [run], () => 'explorer 1');
      expect(lstmRows.map((r) => [r.run, r.features])).toEqual([
        ['notebook: lstm-m1-without', 'M1'],
        ['explorer 1', `sex, age, delayed_treatment, diabetes, ${LABEL}`],
      ]);
      expect(runFigures([run])[0]!.artifact.caption).toContain(LABEL);
    }, 60_000);

    it('an SVM run with a derived feature targets the evaluation downstream of the split and is paired with the notebook’s', async () => {
      const cells = state.notebook.cells.filter(isComputeCell);
      const cell = featureCellOf(cells, 'svm', 'all')!;
      const features = [...SVM_FEATURES, FEATURE];
      const { spec, target } = runSpec(state, 2, 'svm', cell, features);
      expect(target).toBe('evaluate-without');
      const derived = deriveNotebook(state.notebook, spec);
      const runState = await runTiny(derived, tinySource(80));
      const run = finishedRun(2, 'svm', features, target, derived, runState);
      const { svmRows } = comparisonRows(state, [run], () => 'explorer 2');
      const mine = svmRows.filter((r) => r.run === 'explorer 2');
      expect(mine).toHaveLength(2);
      expect(mine[0]!.features).toContain(LABEL);
      // Same windows and split as the notebook's SVM: the paired difference is computed, not refused.
      expect(String(mine[0]!.auc_diff)).not.toMatch(/other test windows|—/);
    }, 60_000);
  });
});
