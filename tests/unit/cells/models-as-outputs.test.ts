import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import { lstmRegression, lstmRegressionParamsSchema } from '@/lib/cells/lstm-regression';
import { lstmSplit, lstmSplitParamsSchema } from '@/lib/cells/lstm-split';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';
import { predictWithTrainedLstm, courseWithTrainedLstm } from '@/lib/ml/lstm/trained-lstm';
import { svmDecision, svmLabels } from '@/lib/ml/svm/trained-svm';
import { sha256Hex } from '@/lib/notebook/hash';
import { applyProfile } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { createRng } from '@/lib/stats/random';
import { findNotebook } from '@/notebooks';
import { syntheticWindows, useCpuBackend } from '../ml/lstm/fixtures';

async function finish<T>(gen: AsyncGenerator<unknown, T, void>): Promise<T> {
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}

describe('trained models are outputs a downstream cell predicts with', () => {
  beforeAll(async () => {
    await useCpuBackend();
  });

  it('the SVM: labels from the serialized model (raw features in, after a structured clone) equal the evaluation cell’s, bit for bit', async () => {
    const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
    const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };
    const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
    const nb = applyProfile(findNotebook('han-2026')!, 'quick');
    const keep = new Set(['data', 'cohort', 'windows', 'split', 'grid', 'evaluate']);
    const state = await runNotebook({ notebook: { ...nb, cells: nb.cells.filter((c) => keep.has(c.id)) }, registry, source, env: { host: 'node', libsvmWasmBinary } });
    const split = state.cells['split']!.output as SvmSplitOutput;
    const evaluation = structuredClone(state.cells['evaluate']!.output as ClassificationEvalOutput);
    for (const subset of ['all', 'persistent'] as const) {
      const s = split[subset];
      const { model } = evaluation[subset];
      expect(model.features).toEqual(s.features);
      const decision = svmDecision(model, s.test.map((i) => s.raw[i]!));
      expect(svmLabels(model, decision)).toEqual(evaluation[subset].predictions.predicted);
      expect(model.model.supportVectors.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it('the LSTM: predictions and courses from the serialized weights equal the training cell’s, bit for bit', async () => {
    const windows = syntheticWindows(60, 8, 21);
    const split = await finish(lstmSplit.run({ windows }, lstmSplitParamsSchema.parse({}), { rng: createRng(1), seed: 1, signal: new AbortController().signal, env: {} }));
    for (const engine of ['fused', 'layers'] as const) {
      const params = lstmRegressionParamsSchema.parse({ model: 'M2', lstm: { units: [6, 4], maxEpochs: 3, batchSize: 32, engine }, bootstrapResamples: 20, courseStepDays: 30 });
      const out = structuredClone(await finish(lstmRegression.run({ windows, split }, params, { rng: createRng(9).fork('lstm'), seed: 9, signal: new AbortController().signal, env: {} })));
      const test = split.all.test.map((i) => windows.regression[i]!);
      expect(Array.from(predictWithTrainedLstm(out.trained, test))).toEqual(out.testPredictions.map((p) => p.predicted));
      expect(Array.from(predictWithTrainedLstm(out.trained, windows.validation))).toEqual(out.validationPredictions.map((p) => p.predicted));
      const course = out.courses[0]!;
      const window = windows.validation.find((s) => s.patient_id === course.patient_id && s.window === course.window)!;
      expect(courseWithTrainedLstm(out.trained, window, course.points.map((p) => p.day))).toEqual(course.points);
    }
  }, 120_000);
});
