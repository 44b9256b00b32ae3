import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry, type CellKind } from '@/lib/cells';
import { buildManifest } from '@/lib/notebook/manifest';
import { applyProfile, isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { cellsOfKind, methodsSections } from '@/lib/report/methods';
import { num } from '@/lib/report/phrases';
import { probastItems, probastLatex, probastMarkdown } from '@/lib/report/probast-ai';
import { tripodItems } from '@/lib/report/tripod';
import { findNotebook } from '@/notebooks';
import { source } from './export-fixture';

/**
 * Issue #28 item 1: the methods paragraph, TRIPOD+AI and PROBAST+AI are written from what ran.
 * The `quick`, `honest-quick` and `teaching` runs on the bundled cohort (the LSTMs cut to one
 * small layer and two epochs so that the file stays fast; the manifest records those settings,
 * and the text must say them) are checked through a table of claims: each reads the manifest
 * field the text depends on and says what the text must (and must not) say for its value. The
 * same table runs on manifests with a parameter flipped, so a text that does not follow a
 * parameter fails.
 */
type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
const LSTM_SMALL = { bootstrapResamples: 10, courseStepDays: 50, lstm: { units: [4], maxEpochs: 2 } };
const GRID_SMALL = { size: 2 };

/** The notebook under a profile, its LSTMs and SVM grid small (the audit's copies inherit them). */
function small(id: string, profile?: string): Notebook {
  const nb = applyProfile(findNotebook(id)!, profile);
  return {
    ...nb,
    cells: nb.cells.map((c) => {
      if (!isComputeCell(c) || c.inheritParams) return c;
      const p = (c.params ?? {}) as Json;
      if (c.kind === 'svm-grid') return { ...c, params: { ...p, ...GRID_SMALL } };
      if (c.kind !== 'lstm-regression') return c;
      return { ...c, params: { ...p, ...LSTM_SMALL, lstm: { ...obj(p.lstm), ...LSTM_SMALL.lstm } } };
    }),
  };
}

async function manifestOf(id: string, profile?: string): Promise<Json> {
  const notebook = small(id, profile);
  const state = await runNotebook({ notebook, registry, source, env: { host: 'node', libsvmWasmBinary } });
  const failed = Object.entries(state.cells).filter(([, c]) => c.status !== 'fresh');
  expect(failed.map(([cell, c]) => `${cell}: ${c.status} ${c.error ?? ''}`)).toEqual([]);
  return buildManifest(state, registry, { seed: notebook.seed, profile, data: { name: source.name, sha256: source.sha256, bytes: source.bytes.length }, versions: { workbench: '0.1.0' }, backend: 'node, tfjs cpu', totalMs: 0 });
}

/** Everything written from one manifest, as plain text. */
function texts(m: Json) {
  const sections = methodsSections(m);
  const section = (heading: string) => sections.find((s) => s.heading === heading)?.text ?? '';
  const tripod = new Map(tripodItems(m).map((i) => [i.item, i]));
  const probast = new Map(probastItems(m).map((i) => [`${i.model} ${i.question}`, i]));
  return { methods: sections.map((s) => s.text).join('\n'), section, tripod: (item: string) => tripod.get(item)?.answer ?? '', tripodItem: (item: string) => tripod.get(item)!, probast: (key: string) => probast.get(key) };
}
type Texts = ReturnType<typeof texts>;

const first = (m: Json, kind: CellKind) => cellsOfKind(m, kind)[0];
const paramsOf = (m: Json, kind: CellKind): Json | undefined => {
  const id = first(m, kind);
  return id && obj(obj(m.cells)[id]).status === 'fresh' ? obj(obj(m.parameters)[id]) : undefined;
};
const lstmCells = (m: Json) => cellsOfKind(m, 'lstm-regression').filter((id) => obj(obj(m.cells)[id]).status === 'fresh').map((id) => obj(obj(m.parameters)[id]));

/**
 * A claim: the manifest field a statement depends on, and what the text must say for it. The
 * checks throw (expect) naming the claim; a claim whose field is absent checks that the text
 * does not make the statement at all.
 */
interface Claim {
  claim: string;
  field: (m: Json) => unknown;
  check: (value: unknown, t: Texts, m: Json) => void;
}

const CLAIMS: Claim[] = [
  {
    claim: 'permutation importance: measured on the test part or in-sample on all samples (importance.on)',
    field: (m) => paramsOf(m, 'permutation-importance')?.on,
    check: (on, t, m) => {
      const svm = t.section('Recovery classification (SVM)');
      if (on === undefined) return expect(t.methods).not.toMatch(/Permutation importance/);
      const p = paramsOf(m, 'permutation-importance')!;
      if (on === 'test') {
        expect(svm).toContain(`Permutation importance was measured on the test part`);
        expect(svm).toContain(`${num(Number(p.bootstrapResamples))} bootstrap resamples of the test part in which patients were resampled`);
        expect(svm).not.toMatch(/fitted on all samples/);
      } else {
        expect(svm).toContain('computed in-sample, with the selected model fitted on all samples');
        expect(svm).not.toMatch(/importance was measured on the test part/);
      }
      expect(svm).toContain(`each feature was permuted ${p.repeats} time`);
    },
  },
  {
    claim: 'SVM CIs: patients or windows resampled (evaluate.ciMethod), from its resamples',
    field: (m) => paramsOf(m, 'classification-eval')?.ciMethod,
    check: (method, t, m) => {
      if (method === undefined) return expect(t.methods).not.toMatch(/refitted on the whole training part/);
      const sentence = t.section('Recovery classification (SVM)').split('. ').find((s) => s.includes('evaluated on the test part'))!;
      expect(sentence).toContain(`${paramsOf(m, 'classification-eval')!.resamples} bootstrap resamples of the test part in which ${method === 'patients' ? 'patients were resampled with all their windows' : 'windows were resampled independently'}`);
      expect(t.tripod('12e')).toContain(method === 'patients' ? 'patients were resampled' : 'windows were resampled independently');
      expect(t.tripod('23a')).toContain(`95% CIs: ${method === 'patients' ? 'patients were resampled' : 'windows were resampled independently'}`);
    },
  },
  {
    claim: 'SVM performance measures: every metric, AUC, calibration and decision curve when they ran (TRIPOD 12e, 23a)',
    field: (m) => [first(m, 'classification-eval'), paramsOf(m, 'svm-discrimination') !== undefined, paramsOf(m, 'svm-calibration') !== undefined, paramsOf(m, 'svm-decision-curve') !== undefined],
    check: (v, t, m) => {
      const [evaluated, auc, calibration, curve] = v as [string | undefined, boolean, boolean, boolean];
      if (!evaluated) return expect(t.tripod('12e')).not.toContain('SVM');
      for (const metric of ['accuracy', 'balanced accuracy', 'recall', 'specificity', 'precision', 'NPV', 'F1']) expect(t.tripod('12e')).toContain(metric);
      expect(t.tripod('12e').includes('AUC')).toBe(auc);
      expect(t.tripod('12e').includes('SVM calibration')).toBe(calibration);
      expect(t.tripod('12e').includes('decision curve')).toBe(curve);
      const test = obj(obj(obj(m.svm).all).test);
      for (const [key, name] of [['accuracy', 'accuracy'], ['balanced_accuracy', 'balanced accuracy'], ['specificity', 'specificity'], ['f1', 'F1']] as const) {
        expect(t.tripod('23a')).toContain(`${name} ${Number(obj(test[key]).value).toFixed(3)} (95% CI ${Number(obj(test[key]).ci_low).toFixed(3)}`);
      }
      if (auc) expect(t.tripod('23a')).toContain(`SVM AUC, all subjects: ${Number(obj(test.auc).value).toFixed(3)}`);
      if (calibration) expect(t.tripod('23a')).toContain(`slope ${Number(obj(test.calibration_slope).value).toFixed(3)}`);
    },
  },
  {
    claim: 'Platt scaling fitted on the training part (plattFolds; TRIPOD 12f and 24 not "None")',
    field: (m) => paramsOf(m, 'classification-eval')?.plattFolds,
    check: (folds, t, m) => {
      for (const item of ['12f', '24']) expect(t.tripod(item)).not.toMatch(/None: models are evaluated as fitted|^No updating\.$/);
      if (folds === undefined) return expect(t.methods).not.toContain('Platt');
      const grouped = obj(obj(m.split).all).folds === 'patients';
      expect(t.section('Recovery classification (SVM)')).toContain(`Platt scaling: a sigmoid fitted to the decision values of an internal ${folds}-fold cross-validation on the training part${grouped ? ' with folds grouped by patient' : ','}`);
      expect(t.tripod('12f')).toContain(`Platt scaling, fitted on the training part only (internal ${folds}-fold cross-validation`);
    },
  },
  {
    claim: 'SVM output: decision value and probability, not only a class (TRIPOD 15)',
    field: (m) => first(m, 'classification-eval'),
    check: (id, t) => {
      expect(t.tripod('15')).not.toContain('SVM: predicted class (recovered / not recovered)');
      if (id) expect(t.tripod('15')).toContain('the Platt-scaled probability of recovery');
      else expect(t.tripod('15')).not.toContain('SVM');
    },
  },
  {
    claim: 'split by patient or over windows, with the patients on both sides (split.mode, split.all.straddling_patients)',
    field: (m) => paramsOf(m, 'svm-split')?.split,
    check: (mode, t, m) => {
      if (mode === undefined) return expect(t.methods).not.toContain('Windows were split');
      const svm = t.section('Recovery classification (SVM)');
      const straddling = obj(obj(m.split).all).straddling_patients;
      if (mode === 'grouped') expect(svm).toMatch(/Windows were split 8:2 \(by patient, seed \d+\).*so that no patient had windows in both parts/);
      else expect(svm).toContain(`${straddling} patients of all subjects had windows in both parts`);
      expect(t.probast('svm 4.8')!.rating).toBe(mode === 'grouped' && paramsOf(m, 'svm-split')!.scaling === 'within-fold' ? 'PY' : 'N');
    },
  },
  {
    claim: 'CV folds grouped by patient (split.all.folds)',
    field: (m) => (first(m, 'svm-split') ? obj(obj(m.split).all).folds : undefined),
    check: (folds, t, m) => {
      if (folds === undefined) return;
      const svm = t.section('Recovery classification (SVM)');
      expect(svm).toContain(`${paramsOf(m, 'svm-split')!.folds} stratified folds`);
      expect(svm.includes('grouped by patient: all windows of a patient fell in one fold')).toBe(folds === 'patients');
      expect(svm.includes('drawn over windows')).toBe(folds !== 'patients');
    },
  },
  {
    claim: 'scaler within each fold or once on the training part (split.scaling)',
    field: (m) => (first(m, 'svm-split') ? obj(m.split).scaling : undefined),
    check: (scaling, t) => {
      if (scaling === undefined) return;
      const svm = t.section('Recovery classification (SVM)');
      expect(svm.includes('within-fold scaling')).toBe(scaling === 'within-fold');
      expect(svm.includes('fitted once before cross-validation')).toBe(scaling !== 'within-fold');
    },
  },
  {
    claim: 'SAD4 unknown for a new patient when it is a feature (TRIPOD 12g, PROBAST 2.3)',
    field: (m) => {
      const f = paramsOf(m, 'svm-split')?.features;
      return Array.isArray(f) ? f.includes('SAD4') : undefined;
    },
    check: (sad4, t) => {
      if (sad4 === undefined) return expect(t.tripod('12g')).not.toContain('SVM');
      expect(t.tripod('12g').includes('for a new patient the outcome visit has not happened, so a prediction must assume its day')).toBe(sad4);
      expect(t.probast('svm 2.3')!.rating).toBe(sad4 ? 'N' : 'Y');
    },
  },
  {
    claim: 'LSTM seeds: how many networks per model were trained (lstm-regression seeds)',
    field: (m) => [...new Set(lstmCells(m).map((p) => p.seeds))],
    check: (seeds, t) => {
      const s = seeds as number[];
      const lstm = t.section('Grade regression (LSTM)');
      if (!s.length) return expect(t.methods).not.toMatch(/LSTM/);
      expect(s).toHaveLength(1);
      if (s[0]! > 1) expect(lstm).toContain(`Each network was trained from ${s[0]} seeds`);
      else expect(lstm).toContain('Each network was trained once (one seed)');
    },
  },
  {
    claim: 'LSTM subsets and settings: only those that ran (persistent-subset settings only with a persistent LSTM)',
    field: (m) => [...new Set(lstmCells(m).map((p) => p.subset))].sort(),
    check: (subsets, t, m) => {
      const s = subsets as string[];
      const lstm = t.section('Grade regression (LSTM)');
      expect(lstm.includes('persistent palsy subset')).toBe(s.includes('persistent'));
      const cells = lstmCells(m);
      const settings = (subset: string) => obj(cells.find((p) => p.subset === subset)?.lstm);
      if (s.includes('all')) expect(lstm).toContain(`batch size ${settings('all').batchSize}, at most ${settings('all').maxEpochs} epochs`);
      if (s.includes('all') && s.includes('persistent') && settings('persistent').batchSize !== settings('all').batchSize) expect(lstm).toContain(`For the models of the persistent palsy subset: batch size ${settings('persistent').batchSize}`);
      if (s.length) expect(lstm).toContain(`layers of ${(settings(s[0]!).units as number[]).join(', ')} units`);
    },
  },
  {
    claim: 'LSTM split and early-stopping holdout by patient (lstm-split split, lstm.*.split.holdout)',
    field: (m) => (lstmCells(m).length ? paramsOf(m, 'lstm-split')?.split : undefined),
    check: (mode, t, m) => {
      if (mode === undefined) return;
      const lstm = t.section('Grade regression (LSTM)');
      expect(lstm).toContain(`Regression samples were split 8:2 (${mode === 'grouped' ? 'by patient' : 'random over samples'}`);
      const holdout = obj(obj(obj(obj(m.lstm).all).M1).split).holdout;
      expect(lstm.includes('held out by patient')).toBe(holdout === 'patients');
    },
  },
  {
    claim: 'LSTM CIs: resamples and resampling unit (bootstrapResamples, ciMethod)',
    field: (m) => lstmCells(m).map((p) => `${p.bootstrapResamples} ${p.ciMethod}`)[0],
    check: (v, t) => {
      if (v === undefined) return;
      const [b, method] = String(v).split(' ');
      expect(t.section('Grade regression (LSTM)')).toContain(`percentile 95% CIs from ${b} bootstrap resamples in which ${method === 'patients' ? 'patients were resampled with all their samples' : 'samples were resampled independently'}`);
    },
  },
  {
    claim: 'temporal validation without refitting: the LSTM only (TRIPOD 16)',
    field: (m) => Object.keys(obj(obj(obj(obj(m.lstm).all).M1).validation)).length > 0,
    check: (validated, t, m) => {
      const item = t.tripod('16');
      expect(item).not.toContain('evaluated without refitting.');
      if (first(m, 'classification-eval')) expect(item).toContain('The SVM was evaluated on the test part of the development set only, not on the temporal validation set');
      expect(item.includes('LSTM: the trained networks were applied without refitting to the temporal validation samples')).toBe(validated as boolean);
    },
  },
  {
    claim: 'sample size: the sample-size step answers TRIPOD 10 and PROBAST 4.1 (events per parameter)',
    field: (m) => obj(m.sample_size).all,
    check: (all, t, m) => {
      const s = obj(all);
      if (s.required === undefined) return expect(t.tripod('10')).toBe('');
      expect(t.tripod('10')).not.toMatch(/Justification: To be completed/);
      expect(t.tripod('10')).toContain(`all subjects: ${s.required} patients required, ${s.available_patients} in the training part (${num(Number(s.events_per_parameter))} events per candidate parameter)`);
      expect(t.tripod('10')).toContain(`${obj(m.sample_size).parameters} candidate predictor parameters`);
      const p = t.probast('svm 4.1')!;
      expect(p.answer).toContain(`${num(Number(s.events_per_parameter))} events per candidate parameter`);
      expect(p.rating).toBe(Number(s.available_patients) < Number(s.required) || Number(s.events_per_parameter) < 10 ? 'N' : 'PY');
    },
  },
  {
    claim: 'flow: counts of the cohort step, no stray "1)." (TRIPOD 20a)',
    field: (m) => obj(obj(m.cohort).flow && (obj(m.cohort).flow as unknown[])[0]).n_in,
    check: (nIn, t, m) => {
      expect(t.tripod('20a')).not.toMatch(/^1\)|Characteristics: Table 1\./);
      if (nIn !== undefined) expect(t.tripod('20a')).toMatch(new RegExp(`[Oo]f ${nIn} patients with a facial palsy record`));
      const included = Number(obj(m.cohort).development) + Number(obj(m.cohort).validation);
      if (nIn !== undefined) expect(t.tripod('20a')).toContain(`${included} were included`);
    },
  },
  {
    claim: 'Table 1 cited only where the run exports it (TRIPOD 20b)',
    field: (m) => obj(obj(m.table1).n).development,
    check: (n, t, m) => {
      if (n === undefined) return expect(t.tripod('20b')).not.toContain('Table 1');
      expect(t.tripod('20b')).toContain(`Table 1: development vs temporal validation set (${n} and ${obj(obj(m.table1).n).validation} patients)`);
    },
  },
  {
    claim: 'model files: which the run writes (TRIPOD 22, methods)',
    field: (m) => cellsOfKind(m, 'prognosis-model'),
    check: (ids, t, m) => {
      for (const id of ids as string[]) {
        expect(t.tripod('22')).toContain(`models/${id}.json`);
        expect(t.section('Prognosis model')).toContain(`models/${id}.json`);
      }
      expect(t.tripod('22')).not.toContain('Fitted models: exported with the run');
      // The SVM's file: listed in the manifest (with or without its support vectors), or how to get it.
      if (first(m, 'classification-eval')) expect(t.tripod('22')).toMatch(Array.isArray(m.models) ? /The SVM \(C, γ, scaler, features, sigmoid\) is written with this run as models\// : /The SVM \(C, γ, scaler, features, sigmoid\) is not written/);
    },
  },
  {
    claim: 'prognosis model: the assumed outcome day and the intervals (horizonDay, bootstrapResamples)',
    field: (m) => (paramsOf(m, 'prognosis-model') ? [m['prognosis.horizonDay'], paramsOf(m, 'prognosis-model')!.bootstrapResamples, paramsOf(m, 'prognosis-model')!.heldOutShare] : undefined),
    check: (v, t) => {
      if (v === undefined) return expect(t.methods).not.toContain('prognosis model');
      const [horizon, resamples, share] = v as [number, number, number];
      const text = t.section('Prognosis model');
      expect(text).toContain(`recovery recorded by day ${horizon} after onset (the horizon: the outcome day every prediction assumes)`);
      expect(text).toContain(`95% interval is the percentile interval over ${resamples} refits`);
      expect(text).toContain(`a seeded ${+(share * 100).toFixed(1)}% of patients was held out`);
      expect(t.tripod('12g')).toContain(`by day ${horizon}`);
      expect(t.tripod('12f')).toContain('Prognosis model: no recalibration');
      expect(t.methods).not.toMatch(/Platt|LSTM|persistent-subset/);
    },
  },
  {
    claim: 'PROBAST 4.7: discrimination and calibration assessed when their steps ran',
    field: (m) => (first(m, 'classification-eval') ? [paramsOf(m, 'svm-discrimination') !== undefined, paramsOf(m, 'svm-calibration') !== undefined] : undefined),
    check: (v, t) => {
      if (v === undefined) return expect(t.probast('svm 4.7')).toBeUndefined();
      const [auc, calibration] = v as [boolean, boolean];
      expect(t.probast('svm 4.7')!.rating).toBe(auc && calibration ? 'Y' : 'PN');
    },
  },
  {
    claim: 'PROBAST 4.4: complete cases named with their counts',
    field: (m) => obj(obj((obj(m.cohort).flow as unknown[] | undefined)?.[1]).excluded)['diabetes-unknown'],
    check: (n, t, m) => {
      if (n === undefined || !first(m, 'windowing')) return;
      expect(t.probast('svm 4.4')!.answer).toContain(`diabetes status unknown: ${n}`);
      expect(t.probast('svm 4.4')!.rating).toBe(Number(n) > 0 ? 'PN' : 'PY');
    },
  },
  {
    claim: 'baselines beside the SVM: their resamples and thresholds (baseline-models)',
    field: (m) => paramsOf(m, 'baseline-models'),
    check: (p, t) => {
      if (p === undefined) return expect(t.methods).not.toContain('Beside the SVM');
      const b = obj(p);
      expect(t.section('Discrimination, calibration and clinical usefulness (SVM)')).toContain(`paired differences from ${b.resamples} bootstrap resamples in which patients were resampled`);
      expect(t.tripod('12e')).toContain('Baselines (logistic regression, present grade)');
    },
  },
  {
    claim: 'SVM grid: its size and the selected pair (svm-grid size, svm.all.best)',
    field: (m) => paramsOf(m, 'svm-grid')?.size,
    check: (size, t, m) => {
      if (size === undefined) return;
      expect(t.section('Recovery classification (SVM)')).toContain(`a grid of ${size} log-spaced values of C`);
      expect(t.section('Recovery classification (SVM)')).toContain(`Selected: C = ${num(Number(obj(obj(obj(m.svm).all).best).C))}`);
    },
  },
  {
    claim: 'no placeholder or broken value anywhere',
    field: () => null,
    check: (_v, t, m) => {
      const all = [t.methods, ...tripodItems(m).map((i) => i.answer ?? ''), probastMarkdown(m)].join('\n');
      expect(all).not.toMatch(/undefined|NaN|\[object|\?\//);
      expect(all).not.toContain('could not be written');
    },
  },
];

const runs: Record<string, Json> = {};

beforeAll(async () => {
  [runs['honest-quick'], runs.quick, runs.teaching] = await Promise.all([manifestOf('han-2026', 'honest-quick'), manifestOf('han-2026', 'quick'), manifestOf('teaching')]);
}, 120_000);

function checkAll(m: Json) {
  const t = texts(m);
  for (const c of CLAIMS) {
    try {
      c.check(c.field(m), t, m);
    } catch (err) {
      throw new Error(`claim “${c.claim}”: ${(err as Error).message}`);
    }
  }
}

describe('methods, TRIPOD+AI and PROBAST+AI say what ran (issue #28 item 1)', () => {
  it.each(['honest-quick', 'quick', 'teaching'])('%s: every claim follows its manifest field', (run) => {
    checkAll(runs[run]!);
  });

  it('the parameters the text reads agree with what the cells report having run', () => {
    for (const m of [runs['honest-quick']!, runs.quick!]) {
      expect(paramsOf(m, 'classification-eval')!.ciMethod).toBe(obj(obj(obj(m.svm).all).test).ci_method);
      expect(paramsOf(m, 'permutation-importance')!.on === 'test').toBe(obj(m.importance).measured_on === 'test part');
      expect(paramsOf(m, 'svm-split')!.split).toBe(obj(m.split).mode);
      expect(paramsOf(m, 'svm-split')!.scaling).toBe(obj(m.split).scaling);
      for (const p of lstmCells(m)) expect(p.seeds).toBe(obj(obj(obj(obj(m.lstm)[String(p.subset)])[String(p.model)]).seeds).n);
      expect(paramsOf(m, 'lstm-split')!.split).toBe(obj(m.lstm_split).mode);
    }
    // The honest profile's choices reach the text.
    const honest = texts(runs['honest-quick']!);
    expect(honest.section('Recovery classification (SVM)')).toContain('Permutation importance was measured on the test part');
    expect(honest.section('Grade regression (LSTM)')).toContain('trained from 5 seeds');
    // The patient as the unit: AUC and calibration CIs by patient, net benefit and the binomial test per patient, no SAD4.
    for (const m of [runs['honest-quick']!, runs.quick!]) expect(paramsOf(m, 'svm-discrimination')!.ciMethod ?? 'samples').toBe(obj(obj(obj(obj(m.svm).all).test).auc).bootstrap_ci_method);
    const validation = honest.section('Discrimination, calibration and clinical usefulness (SVM)');
    expect(validation).toContain('one prediction per patient');
    expect(validation).not.toContain('windows were resampled independently');
    expect(honest.section('Recovery classification (SVM)')).toContain('counting one prediction per patient');
    expect(honest.tripod('23a')).toContain('(patient bootstrap)');
    expect(honest.tripod('9a')).toContain('SVM: 10 predictors');
    const quick = texts(runs.quick!);
    expect(quick.section('Recovery classification (SVM)')).toContain('fitted on all samples of all subjects');
    expect(quick.section('Grade regression (LSTM)')).toContain('trained once (one seed)');
  });

  /** Parameter flips: each changes a field a claim reads; the whole table must still hold. */
  const FLIPS: { name: string; run: string; flip: (m: Json) => void; changes: (t: Texts) => string }[] = [
    { name: 'importance.on test → all', run: 'honest-quick', flip: (m) => (obj(obj(m.parameters).importance).on = 'all'), changes: (t) => t.section('Recovery classification (SVM)') },
    { name: 'evaluate.ciMethod patients → samples', run: 'honest-quick', flip: (m) => (obj(obj(m.parameters).evaluate).ciMethod = 'samples'), changes: (t) => t.tripod('12e') },
    { name: 'plattFolds 5 → 3', run: 'quick', flip: (m) => (obj(obj(m.parameters).evaluate).plattFolds = 3), changes: (t) => t.tripod('12f') },
    {
      name: 'LSTM seeds 5 → 1',
      run: 'honest-quick',
      flip: (m) => {
        for (const id of cellsOfKind(m, 'lstm-regression')) obj(obj(m.parameters)[id]).seeds = 1;
      },
      changes: (t) => t.section('Grade regression (LSTM)'),
    },
    {
      name: 'persistent LSTMs not run',
      run: 'quick',
      flip: (m) => {
        for (const id of cellsOfKind(m, 'lstm-regression')) if (obj(obj(m.parameters)[id]).subset === 'persistent') obj(obj(m.cells)[id]).status = 'idle';
      },
      changes: (t) => t.section('Grade regression (LSTM)'),
    },
    { name: 'SAD4 dropped from the features', run: 'quick', flip: (m) => (obj(obj(m.parameters).split).features = (obj(obj(m.parameters).split).features as string[]).filter((f) => f !== 'SAD4')), changes: (t) => t.tripod('12g') },
    { name: 'decision curve not run', run: 'honest-quick', flip: (m) => (obj(obj(m.cells)['decision-curve']).status = 'idle'), changes: (t) => t.tripod('12e') },
    {
      name: 'prognosis horizon 180 → 90, 100 refits',
      run: 'teaching',
      flip: (m) => {
        m['prognosis.horizonDay'] = 90;
        obj(obj(m.parameters).prognosis).bootstrapResamples = 100;
      },
      changes: (t) => t.section('Prognosis model'),
    },
  ];

  it.each(FLIPS.map((f) => [f.name, f] as const))('flip: %s — the text follows', (_name, f) => {
    const flipped = structuredClone(runs[f.run]!);
    f.flip(flipped);
    expect(f.changes(texts(flipped))).not.toBe(f.changes(texts(runs[f.run]!)));
    checkAll(flipped);
  });

  it('a text that ignores a parameter fails the table', () => {
    // The manifest says patients were resampled; a text claiming windows would not pass.
    const m = runs['honest-quick']!;
    const claim = CLAIMS.find((c) => c.claim.startsWith('SVM CIs'))!;
    const t = texts(m);
    const stale: Texts = { ...t, section: (h) => t.section(h).replaceAll('patients were resampled with all their windows', 'windows were resampled independently') };
    expect(() => claim.check(claim.field(m), stale, m)).toThrow();
  });

  it('steps that did not run are named, not described', () => {
    const m = structuredClone(runs.quick!);
    obj(obj(m.cells).importance).status = 'idle';
    const t = texts(m);
    expect(t.methods).not.toContain('Permutation importance');
    expect(t.section('Software and reproducibility')).toContain('Steps that did not run in this export, and so are not described: importance.');
  });

  it('PROBAST+AI: one table per model that ran, every question answered or left to the author', () => {
    const honest = probastItems(runs['honest-quick']!);
    expect([...new Set(honest.map((i) => i.model))]).toEqual(['svm', 'lstm']);
    expect([...new Set(probastItems(runs.teaching!).map((i) => i.model))]).toEqual(['prognosis']);
    for (const i of honest) {
      if (i.answer) expect(i.source, `${i.model} ${i.question}`).toBeTruthy();
      else expect(i.rating).toBe('NI');
    }
    const md = probastMarkdown(runs['honest-quick']!);
    expect(md).toContain('## Recovery classifier (RBF SVM): model development');
    expect(md).toContain('**[author to complete: representativeness and subgroups]**');
    expect(probastLatex(runs.teaching!)).toContain('\\begin{longtable}');
    // The teaching run's TRIPOD: no Table 1 and no sample-size step to cite.
    const teaching = new Map(tripodItems(runs.teaching!).map((i) => [i.item, i]));
    expect(teaching.get('20b')!.answer).toBeUndefined();
    expect(teaching.get('10')!.answer).toBeUndefined();
  });
});
