import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { sha256Hex } from '@/lib/notebook/hash';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { buildManifest, stripTimings } from '@/lib/notebook/manifest';
import { applyProfile, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { findNotebook } from '@/notebooks';

// The paper notebook up to the SVM evaluation, quick profile (the LSTM cells have their own
// determinism tests; on tfjs's cpu backend they are too slow to run twice here).
// The audit stays, without its LSTM inputs (they are optional).
function svmPart(profile = 'quick'): Notebook {
  const nb = applyProfile(findNotebook('han-2026')!, profile);
  return {
    ...nb,
    cells: nb.cells
      .filter((c) => !c.id.startsWith('lstm') && !c.id.startsWith('about-lstm'))
      .map((c) => (c.id === 'audit' && 'inputs' in c ? { ...c, inputs: Object.fromEntries(Object.entries(c.inputs).filter(([k]) => !k.startsWith('lstm'))) } : c)),
  };
}

const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };

async function manifestOnce(profile = 'quick') {
  const state = await runNotebook({ notebook: svmPart(profile), registry, source, env: { host: 'node', libsvmWasmBinary } });
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
      for (const metric of ['accuracy', 'recall', 'precision', 'f1', 'balanced_accuracy', 'specificity', 'npv', 'no_information_rate']) {
        const v = svm[subset].test[metric]!;
        expect(v.ci_low).toBeLessThanOrEqual(v.value);
        expect(v.ci_high).toBeGreaterThanOrEqual(v.value);
      }
      expect(svm[subset].test['ci_method']).toBe('samples');
    }
    // The audit: every condition's SVM and baselines with patient-clustered CIs, and its sentence.
    const audit = m.audit as Record<string, unknown> & { sentence: string; ci_method: string };
    expect(audit.ci_method).toBe('patients');
    for (const split of ['window_level', 'patient_level']) {
      for (const features of ['paper_features', 'without_sad4']) {
        const block = (audit[split] as Record<string, Record<string, { accuracy: { value: number; ci_low: number; ci_high: number }; balanced_accuracy: object }>>)[features]!;
        for (const method of ['svm', 'majority_class', 'carried_forward_present_grade']) {
          const a = block[method]!.accuracy;
          expect(a.ci_low).toBeLessThanOrEqual(a.value);
          expect(a.ci_high).toBeGreaterThanOrEqual(a.value);
        }
      }
    }
    // The window-level, all-features condition is the notebook's own evaluation (paper split).
    const own = (audit['window_level'] as Record<string, Record<string, { accuracy: { value: number } }>>)['paper_features']!['svm']!.accuracy.value;
    expect(own).toBe(svm.all.test['accuracy']!.value);
    expect(audit.sentence).toMatch(/^With the paper's design/);
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

  it('under honest-quick: no patient on both sides of the split nor in two CV folds (windows_classification.csv), patient CIs head the tables', async () => {
    const { state, manifest: m } = await manifestOnce('honest-quick');
    for (const [id, cell] of Object.entries(state.cells)) expect(cell.status, `${id}: ${cell.error ?? ''}`).toBe('fresh');
    const table = [...freshArtifacts(state, registry)].find((a) => a.artifact.name === 'windows_classification')!.artifact;
    if (table.type !== 'table') throw new Error('expected a table');
    const [header, ...lines] = table.csv.trim().split('\n');
    const col = (name: string) => header!.split(',').indexOf(name);
    const sides = new Map<string, Set<string>>();
    const folds = new Map<string, Set<string>>();
    for (const line of lines) {
      const cells = line.split(',');
      const id = cells[col('patient_id')]!;
      (sides.get(id) ?? sides.set(id, new Set()).get(id)!).add(cells[col('split')]!);
      if (cells[col('split')] === 'train') (folds.get(id) ?? folds.set(id, new Set()).get(id)!).add(cells[col('fold')]!);
    }
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
    expect([...folds.values()].every((f) => f.size === 1)).toBe(true);
    expect(new Set([...folds.values()].map((f) => [...f][0])).size).toBe(5);
    const split = m.split as { scaling: string; all: { straddling_patients: number; patients_in_several_folds: number; folds: string } };
    expect(split).toMatchObject({ scaling: 'within-fold', all: { straddling_patients: 0, patients_in_several_folds: 0, folds: 'patients' } });
    expect((m.svm as { all: { test: { ci_method: string } } }).all.test.ci_method).toBe('patients');
    // The patient as the unit everywhere (issue #24 item 4): SAD4 out of the headline SVM; the AUC,
    // calibration CIs by patient; the binomial test and net benefit per patient (last test window).
    expect((state.cells.split!.output as { all: { features: string[] } }).all.features).not.toContain('SAD4');
    const test = (m.svm as Record<'all' | 'persistent', { test: Record<string, Record<string, unknown> | unknown> }>).all.test;
    expect(test.auc).toMatchObject({ ci_method: 'bootstrap-patients', bootstrap_ci_method: 'patients' });
    expect(test.brier).toMatchObject({ ci_method: 'bootstrap-patients' });
    expect(test.net_benefit).toMatchObject({ unit: 'patients', n: (m.svm as { all: { test: { patients: number } } }).all.test.patients });
    expect(test.accuracy_vs_nir_unit).toBe('patients');
    const ev = (state.cells.evaluate!.output as { all: { predictions: { actual: number[]; predicted: number[]; patients: string[]; windows: number[] } } }).all.predictions;
    const last = new Map<string, number>();
    ev.patients.forEach((id, i) => {
      if (!last.has(id) || ev.windows[i]! > ev.windows[last.get(id)!]!) last.set(id, i);
    });
    const perPatient = test.accuracy_vs_nir_per_patient as { correct: number; n: number; p_value: number };
    expect(perPatient.n).toBe(last.size);
    expect(perPatient.correct).toBe([...last.values()].filter((i) => ev.actual[i] === ev.predicted[i]).length);
    expect(test.accuracy_vs_nir_p_value).toBe(perPatient.p_value);
    // Platt's internal folds follow the split: grouped by patient here.
    const evaluation = state.cells.evaluate!.output as { all: { platt: { grouping: string } }; persistent: { platt: { grouping: string } } };
    expect([evaluation.all.platt.grouping, evaluation.persistent.platt.grouping]).toEqual(['patients', 'patients']);
    // Importance on the test part, each feature with its patient-bootstrap CI; no in-sample warning.
    const importance = m.importance as { measured_on: string; all: { mean: number; boot_ci_low: number; boot_ci_high: number }[] };
    expect(importance.measured_on).toBe('test part');
    for (const f of importance.all) expect(f.boot_ci_low <= f.mean + 1e-12 && f.mean <= f.boot_ci_high + 1e-12).toBe(true);
    expect((m.warnings as { importance: string[] }).importance).toEqual([]);
  }, 180_000);
});
