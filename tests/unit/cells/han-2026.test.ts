import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { sha256Hex } from '@/lib/notebook/hash';
import { buildManifest, stripTimings } from '@/lib/notebook/manifest';
import { applyProfile, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { findNotebook } from '@/notebooks';

// The paper notebook up to the SVM evaluation, quick profile (the LSTM cells have their own
// determinism tests; on tfjs's cpu backend they are too slow to run twice here).
function svmPart(): Notebook {
  const nb = applyProfile(findNotebook('han-2026')!, 'quick');
  return { ...nb, cells: nb.cells.filter((c) => !c.id.startsWith('lstm') && !c.id.startsWith('about-lstm')) };
}

const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };

async function manifestOnce() {
  const state = await runNotebook({ notebook: svmPart(), registry, source, env: { host: 'node', libsvmWasmBinary } });
  return { state, manifest: buildManifest(state, registry, { seed: state.notebook.seed, data: { name: source.name, sha256: source.sha256, bytes: bytes.length }, versions: {}, totalMs: 0 }) };
}

describe('paper notebook on the bundled cohort (SVM part, quick profile)', () => {
  it('runs every cell, and the same seed gives an identical manifest apart from timings', async () => {
    const a = await manifestOnce();
    const b = await manifestOnce();
    for (const [id, cell] of Object.entries(a.state.cells)) expect(cell.status, `${id}: ${cell.error ?? ''}`).toBe('fresh');
    expect(stripTimings(b.manifest)).toEqual(stripTimings(a.manifest));
  }, 120_000);

  it('writes the manifest keys of the export contract, and the flow adds up', async () => {
    const { manifest: m } = await manifestOnce();
    const cohort = m.cohort as { flow: { n_in: number; n: number; excluded: Record<string, number> }[]; development: number; validation: number; persistent: number };
    for (const step of cohort.flow) expect(step.n_in).toBe(step.n + Object.values(step.excluded).reduce((s, n) => s + n, 0));
    expect(cohort.development + cohort.validation).toBe(cohort.flow[2]!.n);
    expect(m.data).toMatchObject({ sha256: source.sha256 });
    const svm = m.svm as Record<'all' | 'persistent', { best: { C: number; gamma: number; cv_accuracy: number }; test: Record<string, { value: number; ci_low: number; ci_high: number }> }>;
    for (const subset of ['all', 'persistent'] as const) {
      expect(svm[subset].best).toEqual({ C: expect.any(Number), gamma: expect.any(Number), cv_accuracy: expect.any(Number) });
      for (const metric of ['accuracy', 'recall', 'precision', 'f1']) {
        const v = svm[subset].test[metric]!;
        expect(v.ci_low).toBeLessThanOrEqual(v.value);
        expect(v.ci_high).toBeGreaterThanOrEqual(v.value);
      }
    }
    // Part 2 of the validation: discrimination and calibration in the same `svm.<subset>.test` form.
    for (const subset of ['all', 'persistent'] as const) {
      for (const metric of ['auc', 'brier', 'calibration_intercept', 'calibration_slope', 'ici']) {
        const v = svm[subset].test[metric]!;
        expect(v, metric).toEqual(expect.objectContaining({ value: expect.any(Number), ci_low: expect.any(Number), ci_high: expect.any(Number) }));
        expect(Number.isFinite(v.value) && Number.isFinite(v.ci_low) && Number.isFinite(v.ci_high), metric).toBe(true);
      }
      const auc = svm[subset].test.auc!;
      expect(auc.ci_low).toBeLessThanOrEqual(auc.value);
      expect(auc.ci_high).toBeGreaterThanOrEqual(auc.value);
    }
    const importance = (m.importance as { all: { feature: string; mean: number; sd: number; percent: number }[] }).all;
    expect(importance.length).toBeGreaterThan(5);
    expect((m.windows as { classification: { n: number } }).classification.n).toBeGreaterThan(100);
  }, 120_000);
});
