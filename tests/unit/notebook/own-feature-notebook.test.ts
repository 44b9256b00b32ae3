import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { PairedDifferenceOutput } from '@/lib/cells/paired-difference';
import { parseExpression } from '@/lib/features/expression';
import { MODEL_FEATURES } from '@/lib/ml/lstm/sequences';
import { checkInputs } from '@/lib/notebook/check-inputs';
import { resolveParams } from '@/lib/notebook/define-cell';
import { buildGraph } from '@/lib/notebook/graph';
import { applyProfile, isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { findNotebook, notebooks } from '@/notebooks';
import { useCpuBackend } from '../ml/lstm/fixtures';
import { runTiny, tinySource } from '../models/tiny-run';

const FEATURE = 'early_improvement';
const nb = () => findNotebook('own-feature')!;
const params = (n: Notebook, id: string) => {
  const cell = n.cells.filter(isComputeCell).find((c) => c.id === id)!;
  return resolveParams(registry.get(cell.kind), cell.params) as Record<string, unknown>;
};

describe('the "Add your own feature" notebook (#26 item 4)', () => {
  it('is in the gallery, parses, and its wiring checks under every profile', () => {
    expect(notebooks.map((n) => n.id)).toContain('own-feature');
    expect(nb().defaultProfile).toBe('quick');
    for (const profile of [undefined, ...Object.keys(nb().profiles)]) {
      const n = applyProfile(nb(), profile);
      expect(() => checkInputs(n, registry)).not.toThrow();
      expect(() => buildGraph(n)).not.toThrow();
      for (const c of n.cells.filter(isComputeCell)) expect(() => resolveParams(registry.get(c.kind), c.params)).not.toThrow();
    }
  });

  it('defines early improvement from the visits up to the present one, and each model is run without and with it', () => {
    const n = nb();
    const early = params(n, 'early');
    expect(early.name).toBe(FEATURE);
    expect(() => parseExpression(String(early.expression))).not.toThrow();
    expect(params(n, 'split-with').features).toEqual([...(params(n, 'split-without').features as string[]), FEATURE]);
    expect(params(n, 'lstm-m1-without').staticFeatures).toEqual([...MODEL_FEATURES.M1]);
    expect(params(n, 'lstm-m1-with').staticFeatures).toEqual([...MODEL_FEATURES.M1, FEATURE]);
    const cells = new Map(n.cells.filter(isComputeCell).map((c) => [c.id, c]));
    expect(cells.get('svm-difference')!.inputs).toEqual({ a: 'evaluate-with', b: 'evaluate-without' });
    expect(cells.get('lstm-difference')!.inputs).toEqual({ a: 'lstm-m1-with', b: 'lstm-m1-without' });
    // Both models of a family read the same windows and (LSTM) the same split, so their test rows pair.
    expect(cells.get('split-with')!.inputs).toEqual(cells.get('split-without')!.inputs);
    expect(cells.get('lstm-m1-with')!.inputs).toEqual(cells.get('lstm-m1-without')!.inputs);
  });

  it('runs end to end on a small file with tiny settings: both paired differences on the same rows', async () => {
    await useCpuBackend();
    const tiny: Record<string, Record<string, unknown>> = {
      'grid-without': { size: 2, includePaperPicks: false },
      'grid-with': { size: 2, includePaperPicks: false },
      'evaluate-without': { resamples: 100 },
      'evaluate-with': { resamples: 100 },
      'lstm-m1-without': { bootstrapResamples: 10, courseStepDays: 100, lstm: { units: [4], maxEpochs: 2 } },
      'lstm-m1-with': { bootstrapResamples: 10, courseStepDays: 100, lstm: { units: [4], maxEpochs: 2 } },
      'svm-difference': { resamples: 100 },
      'lstm-difference': { resamples: 100 },
    };
    const n = { ...nb(), cells: nb().cells.map((c) => (tiny[c.id] ? { ...c, params: { ...(c as { params?: object }).params, ...tiny[c.id] } } : c)) } as Notebook;
    const state = await runTiny(n, tinySource(80));
    const svm = state.cells['svm-difference']!.output as PairedDifferenceOutput;
    expect(svm.family).toBe('svm');
    expect(svm.rows.map((r) => `${r.subset}:${r.metric}`)).toEqual(['all:AUC', 'all:Brier score', 'persistent:AUC', 'persistent:Brier score']);
    const lstm = state.cells['lstm-difference']!.output as PairedDifferenceOutput;
    expect(lstm.family).toBe('lstm');
    expect(lstm.rows[0]).toMatchObject({ subset: 'all', set: 'test', metric: 'MAE' });
    for (const r of [...svm.rows, ...lstm.rows]) expect(Number.isFinite(r.difference)).toBe(true);
  }, 60_000);
});
