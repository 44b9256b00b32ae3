import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import { derivedFeatureParamsSchema, type DerivedFeatureOutput } from '@/lib/cells/derived-feature';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import { CLASSIFICATION_FEATURES, svmSplitParamsSchema, type SvmSplitOutput } from '@/lib/cells/svm-split';
import type { Patient } from '@/lib/data/types';
import { modelWindows, parseWindowModelFile } from '@/lib/models/model-file';
import { predictWindows } from '@/lib/models/predict';
import { modelFileText, runModelFiles } from '@/lib/models/run-models';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import { buildManifest } from '@/lib/notebook/manifest';
import type { NotebookState } from '@/lib/notebook/state';
import { assembleClaims } from '@/lib/report/claims/assemble';
import { runTiny, tinyNotebook, tinySource } from '../models/tiny-run';

const FEATURE = 'early_change';
const EXPRESSION = 'last_grade - first_grade';

/** The tiny paper notebook with a derived-feature step between the windowing and the SVM split (and the temporal validation). */
function derivedNotebook(keep: readonly string[], derived: Record<string, unknown> = {}, features: readonly string[] = [...CLASSIFICATION_FEATURES, FEATURE]): Notebook {
  const nb = tinyNotebook(keep);
  const cells = nb.cells.flatMap((c) => {
    const cell = c as { id: string; inputs?: Record<string, string>; params?: Record<string, unknown> };
    if (cell.id === 'split') return [{ ...cell, inputs: { windows: 'early' }, params: { ...cell.params, features: [...features] } }];
    if (cell.id === 'temporal') return [{ ...cell, inputs: { ...cell.inputs, windows: 'early' } }];
    if (cell.id === 'windows') {
      return [cell, { id: 'early', kind: 'derived-feature', inputs: { data: 'data', windows: 'windows' }, params: { name: FEATURE, label: 'Grade change since the first visit', expression: EXPRESSION, ...derived } }];
    }
    return [cell];
  });
  return { ...nb, cells } as Notebook;
}

/** last_grade − first_grade by hand: graded visits up to the present day, the first one on or after day 0. */
function byHand(p: Patient, presentDay: number): number {
  const visits = p.visits.filter((v) => v.grade !== null && Number.isFinite(v.grade) && v.day <= presentDay).sort((a, b) => a.day - b.day);
  const first = visits.find((v) => v.day >= 0)!;
  return visits.at(-1)!.grade! - first.grade!;
}

describe('derived-feature cell and the SVM using it', () => {
  let state: NotebookState;
  let notebook: Notebook;
  const src = tinySource();
  const out = <T,>(id: string) => state.cells[id]!.output as T;

  beforeAll(async () => {
    notebook = derivedNotebook(['data', 'cohort', 'windows', 'split', 'grid', 'importance', 'evaluate', 'svm-baselines', 'temporal']);
    notebook = { ...notebook, cells: notebook.cells.map((c) => (c.id === 'importance' ? { ...c, params: { repeats: 3 } } : c)) } as Notebook;
    state = await runTiny(notebook, src);
  }, 60_000);

  it('adds the feature to every sample, equal to a hand computation, and lists its definition', () => {
    const w = out<DerivedFeatureOutput>('early');
    const patients = new Map(out<LoadedCohort>('data').patients.map((p) => [p.patientId, p]));
    expect(w.derived).toEqual([{ name: FEATURE, label: 'Grade change since the first visit', description: '', expression: EXPRESSION }]);
    for (const rows of [w.classification, w.regression, w.validation, w.validationClassification]) {
      for (const s of rows) expect(Number.isFinite((s as unknown as Record<string, number>)[FEATURE])).toBe(true);
    }
    expect(w.classification.length).toBeGreaterThan(10);
    for (const s of [...w.classification.slice(0, 5), ...w.classification.slice(-3), ...w.validationClassification.slice(0, 3)]) {
      expect((s as unknown as Record<string, number>)[FEATURE]).toBe(byHand(patients.get(s.patient_id)!, s.present_day));
    }
    const headline = registry.get('derived-feature').headline!(w, {}) as { derived_features: { name: string; mean: number }[] };
    expect(headline.derived_features).toHaveLength(1);
    expect(headline.derived_features[0]!.name).toBe(FEATURE);
    expect(Number.isFinite(headline.derived_features[0]!.mean)).toBe(true);
  });

  it('the split’s raw matrix and windows_classification.csv carry the column; labels come from the definition', () => {
    const split = out<SvmSplitOutput>('split');
    const w = out<DerivedFeatureOutput>('early');
    const j = split.all.features.indexOf(FEATURE);
    expect(j).toBe(CLASSIFICATION_FEATURES.length);
    split.all.raw.forEach((row, i) => {
      const s = w.classification[i]!;
      expect(s.patient_id).toBe(split.all.patientIds[i]);
      expect(row[j]).toBe((s as unknown as Record<string, number>)[FEATURE]);
    });
    expect(split.derived.map((d) => d.name)).toEqual([FEATURE]);
    const artifacts = [...freshArtifacts(state, registry)];
    const csv = artifacts.find((a) => a.cellId === 'split' && a.artifact.name === 'windows_classification')!.artifact as { csv: string };
    expect(csv.csv.split('\n')[0]).toContain(`SAG3,${FEATURE},label`);
    const balance = artifacts.find((a) => a.cellId === 'split' && a.artifact.name === 'balance_all')!.artifact as { csv: string };
    expect(balance.csv).toContain('Grade change since the first visit');
    const importance = artifacts.find((a) => a.cellId === 'importance' && a.artifact.name === 'fig3_importance')!.artifact as { csv: string };
    expect(importance.csv).toContain('Grade change since the first visit');
    const summary = artifacts.find((a) => a.cellId === 'early' && a.artifact.name === `derived_feature_${FEATURE}`)!.artifact as { csv: string };
    expect(summary.csv.split('\n')).toHaveLength(3); // header, one row, final newline: no patient rows
  });

  it('a model file carries the definition, reloads, and predicts the evaluation’s test windows to the last bit', async () => {
    const files = runModelFiles(notebook, registry, (id) => state.cells[id]?.output, { dataSha256: src.sha256, createdAt: '2026-01-01T00:00:00.000Z', workbench: '0.1.0', includeSupportVectors: true });
    const svm = files.find((f) => f.fileName === 'evaluate.json')!;
    expect(svm.model.derived).toEqual([{ name: FEATURE, label: 'Grade change since the first visit', description: '', expression: EXPRESSION }]);
    expect(svm.model.features.at(-1)).toMatchObject({ name: FEATURE, label: 'Grade change since the first visit' });
    expect(files.find((f) => f.fileName === 'svm-baselines.json')?.model.derived?.[0]?.name).toBe(FEATURE);
    const model = parseWindowModelFile(JSON.parse(modelFileText(svm.model)));
    const windows = modelWindows(out<LoadedCohort>('data').patients, model);
    const byKey = new Map((await predictWindows(model, windows)).map((p) => [`${p.patient_id}|${p.window}`, p.prediction]));
    const ev = out<ClassificationEvalOutput>('evaluate').all;
    expect(ev.predictions.patients.length).toBeGreaterThan(0);
    ev.predictions.patients.forEach((patient, k) => expect(Object.is(byKey.get(`${patient}|${ev.predictions.windows[k]}`), ev.scores.probability[k])).toBe(true));
    // A file whose expression does not parse is refused, naming the feature.
    const broken = JSON.parse(modelFileText(svm.model)) as { derived: { expression: string }[] };
    broken.derived[0]!.expression = 'last_grade -';
    expect(() => parseWindowModelFile(broken)).toThrow(/derived feature "early_change" does not parse/);
  });

  it('new visits where the derived feature is not finite: those windows are skipped with the reason, not predicted', async () => {
    const files = runModelFiles(notebook, registry, (id) => state.cells[id]?.output, { dataSha256: src.sha256, includeSupportVectors: true });
    const svm = parseWindowModelFile(JSON.parse(modelFileText(files[0]!.model)));
    const file = { ...svm, derived: [{ ...svm.derived![0]!, expression: 'change(0, 14)' }] };
    const all = modelWindows(out<LoadedCohort>('data').patients, svm);
    const windows = modelWindows(out<LoadedCohort>('data').patients, file);
    const skipped = windows.skipped.filter((s) => s.reason.includes('derived feature "early_change"'));
    expect(skipped.length).toBeGreaterThan(0);
    // Every window left out is one of the skipped, each named by its window and present day.
    const kept = new Set(windows.classification.map((s) => `${s.patient_id}|${s.window}`));
    const named = new Set(skipped.map((s) => `${s.patient_id}|${/^window (\d+)/.exec(s.reason)![1]}`));
    const dropped = all.classification.filter((s) => !kept.has(`${s.patient_id}|${s.window}`));
    expect(dropped.length).toBeGreaterThan(0);
    for (const s of dropped) expect(named.has(`${s.patient_id}|${s.window}`)).toBe(true);
    expect(windows.classification.every((s) => s.present_day >= 14)).toBe(true);
    expect(skipped[0]!.reason).toMatch(/^window \d+ \(present day \d+\) not predicted/);
    expect((await predictWindows(file, windows)).every((p) => Number.isFinite(p.prediction))).toBe(true);
  });

  it('the manifest lists the feature and the methods name it by label and expression', () => {
    const manifest = buildManifest(state, registry, { seed: notebook.seed, profile: 'quick', data: { name: src.name, sha256: src.sha256, bytes: src.bytes.length }, versions: { workbench: '0.1.0' }, totalMs: 0 });
    expect((manifest.derived_features as { name: string; expression: string }[]).map((d) => [d.name, d.expression])).toEqual([[FEATURE, EXPRESSION]]);
    const methods = assembleClaims(manifest, String).sections.flatMap((x) => x.sentences).join(' ');
    expect(methods).toContain(`A derived feature, Grade change since the first visit (${FEATURE}), was computed for every window as ${EXPRESSION}`);
    expect(methods).toMatch(/The recovery classifier used 12 features: .*Grade change since the first visit\./);
  });

  it('the temporal validation uses the derived column of its windows', () => {
    const t = out<{ absent?: string; patients?: number; auc?: unknown }>('temporal');
    expect(t.absent).toBeUndefined();
    expect(t.patients).toBeGreaterThan(0);
    const caseMix = [...freshArtifacts(state, registry)].find((a) => a.cellId === 'temporal' && a.artifact.name === 'temporal_case_mix')!.artifact as { csv: string };
    expect(caseMix.csv).toContain('Grade change since the first visit: mean (SD)');
  });
});

describe('derived-feature: refusals', () => {
  const src = tinySource(40);
  const upToDerived = ['data', 'cohort', 'windows'];

  it('a bad expression fails the cell with a caret under the problem', async () => {
    await expect(runTiny(derivedNotebook(upToDerived, { expression: 'last_grade - ' }), src)).rejects.toThrow(/early: [\s\S]*\n\s*\^/);
  });

  it('a non-finite value fails the cell naming how many windows and which', async () => {
    await expect(runTiny(derivedNotebook(upToDerived, { expression: 'change(0, 14)' }), src)).rejects.toThrow(/is not a finite number in \d+ of \d+ windows: patient "[^"]+" window \d+ \(present day \d+\)/);
  });

  it('a name that is a built-in feature is refused', async () => {
    const r = derivedFeatureParamsSchema.safeParse({ name: 'age' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/"age" is a built-in feature/);
    expect(derivedFeatureParamsSchema.safeParse({ name: 'label' }).success).toBe(false);
    expect(derivedFeatureParamsSchema.safeParse({ name: 'Early' }).success).toBe(false);
    await expect(runTiny(derivedNotebook(upToDerived, { name: 'age' }), src)).rejects.toThrow(/built-in feature/);
    // Every default filled, the label made from the name.
    expect(derivedFeatureParamsSchema.parse({ name: 'early_change' })).toEqual({ name: 'early_change', label: 'Early change', description: '', expression: 'last_grade - first_grade' });
  });

  it('a split naming an unknown feature is refused, naming it and what is available; duplicates are refused', async () => {
    await expect(runTiny(derivedNotebook([...upToDerived, 'split'], {}, ['age', 'no_such_feature']), src)).rejects.toThrow(/split: Unknown feature "no_such_feature"[\s\S]*Available: .*SAG3, early_change/);
    const dup = svmSplitParamsSchema.safeParse({ features: ['age', 'age'] });
    expect(dup.success).toBe(false);
    expect(dup.error!.issues[0]!.message).toMatch(/"age" is listed more than once/);
    expect(svmSplitParamsSchema.parse({}).features).toEqual([...CLASSIFICATION_FEATURES]);
  });
});
