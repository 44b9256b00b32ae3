import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { formatP } from '../tables/format';
import { plural, splitPhrase } from '../report/phrases';
import { DERIVED_NAME_PATTERN, featureLabelOf, featureValue, type DerivedFeatureDefinition } from '../features/derived';
import { InputError } from '../notebook/errors';
import { mean, sd } from '../stats/descriptive';
import { groupsInSeveralFolds, splitTrainTest, stratifiedFolds, stratifiedGroupFolds } from '../stats/split';
import { fitStandardizer, standardizerParams, type StandardizerParams } from '../stats/standardize';
import { tTest } from '../stats/t-test';
import { tableArtifact } from '../tables/table-artifact';
import { FILE_IDS_NOTE } from '../data/pseudonyms';
import type { WindowsOutput } from './windowing';

/** The classification features of the paper (static, then window offsets and grades). */
export const CLASSIFICATION_FEATURES = ['sex', 'age', 'hypertension', 'diabetes', 'delayed_treatment', 'SAD1', 'SAD2', 'SAD4', 'SAG1', 'SAG2', 'SAG3'] as const;
export type ClassificationFeature = (typeof CLASSIFICATION_FEATURES)[number];

/** Derived features a split may select besides the built-in ones. */
export const MAX_DERIVED_FEATURES = 32;
const MAX_FEATURES = CLASSIFICATION_FEATURES.length + MAX_DERIVED_FEATURES;

/** Seeds as the random generator reads them (lib/stats/random.ts keeps 32 bits): a whole number 0..2^32 − 1. */
const SEED_RANGE = 'a whole number from 0 to 4294967295: the random generator keeps 32 bits of the seed';
const seedSchema = z.number().int().min(0, SEED_RANGE).max(0xffff_ffff, SEED_RANGE);

export const svmSplitParamsSchema = z.object({
  /** Built-in features, and derived features (by name) of a derived-feature step between the windowing step and this one. */
  features: z
    .array(z.union([z.enum(CLASSIFICATION_FEATURES), z.string().regex(DERIVED_NAME_PATTERN, 'a built-in feature or the name of a derived feature (lower-case letters, digits and underscores)')]))
    .min(1)
    .max(MAX_FEATURES, `at most ${MAX_FEATURES} features: the ${CLASSIFICATION_FEATURES.length} built-in ones and up to ${MAX_DERIVED_FEATURES} derived ones, each once`)
    .superRefine((features, ctx) => {
      const seen = new Set<string>();
      const twice = features.filter((f) => seen.size === seen.add(f).size);
      const names = [...new Set(twice)];
      if (names.length) ctx.addIssue({ code: 'custom', message: `each feature once: ${names.map((f) => `"${f}"`).join(', ')} ${names.length === 1 ? 'is' : 'are'} listed more than once` });
    })
    .default([...CLASSIFICATION_FEATURES]),
  /**
   * `samples`: the paper's random 8:2 split over windows (a patient can be on both sides);
   * `grouped`: by patient, and the CV folds are then patient-grouped too (stratified, every
   * patient in one fold).
   */
  split: z.enum(['samples', 'grouped']).default('samples'),
  testFraction: z.number().gt(0).lt(1).max(0.9, 'at most 0.9: at least a tenth of the windows must be left to train on').default(0.2),
  /** The paper's seed. */
  splitSeed: seedSchema.default(42),
  folds: z.number().int().min(2).max(20).default(5),
  foldSeed: seedSchema.default(42),
  /**
   * `training-part`: the paper's scaler, fitted once on the whole training part before CV (the
   * held-out folds shape their own scaling); `within-fold`: the grid refits it inside each fold.
   * The final model is fitted on the training part scaled with its own statistics either way.
   */
  scaling: z.enum(['training-part', 'within-fold']).default('training-part'),
  /** Balance tables: Student (the paper's "independent samples t-test") or Welch. */
  balanceTest: z.enum(['student', 'welch']).default('student'),
});
export type SvmSplitParams = z.infer<typeof svmSplitParamsSchema>;

export interface BalanceRow {
  feature: string;
  train_mean: number;
  train_sd: number;
  test_mean: number;
  test_sd: number;
  t: number;
  p_value: number;
}

/** One subset's data, ready for the SVM: standardized features, labels, split and folds. */
export interface SubsetSplit {
  subset: 'all' | 'persistent';
  features: string[];
  /** Standardized with training statistics; zero-variance features are 0. */
  X: number[][];
  y: number[];
  patientIds: string[];
  windows: number[];
  train: number[];
  test: number[];
  /** Fold (0-based) of each training row, aligned with `train`. */
  folds: number[];
  /** `windows`: stratified over windows (the paper); `patients`: patient-grouped and stratified. */
  foldGrouping: 'windows' | 'patients';
  constantFeatures: string[];
  /** The training part's standardization, as plain data (trained models carry it). */
  scaler: StandardizerParams;
  straddlingPatients: number;
  /** Patients with training windows in more than one CV fold. */
  patientsInSeveralFolds: number;
  /** Distinct patients in the subset, in the training part and in the test part. */
  patients: { all: number; train: number; test: number };
  balance: BalanceRow[];
  /** Raw (unstandardized) feature values, for the exported tables. */
  raw: number[][];
}

export interface SvmSplitOutput {
  all: SubsetSplit;
  persistent: SubsetSplit;
  splitMode: 'samples' | 'grouped';
  scaling: 'training-part' | 'within-fold';
  /** The definitions of the derived features among `features` (from the windows), for labels and model files. */
  derived: DerivedFeatureDefinition[];
}

function splitSubset(samples: WindowsOutput['classification'], subset: 'all' | 'persistent', params: SvmSplitParams): SubsetSplit {
  const rows = subset === 'all' ? samples : samples.filter((s) => s.persistent === 1);
  const name = subset === 'all' ? 'all subjects' : 'the persistent subset';
  const minority = Math.min(rows.filter((s) => s.label === 1).length, rows.filter((s) => s.label === 0).length);
  // Each CV fold of the training part needs both classes: about folds / (1 - testFraction) windows of the rarer one.
  const needed = Math.ceil(params.folds / (1 - params.testFraction));
  if (minority < needed) {
    throw new InputError(
      `Too few windows to split ${name}: ${rows.length} windows, ${minority} in the rarer class; ${params.folds}-fold CV after a ${Math.round(params.testFraction * 100)}% test split needs at least ${needed} in each class.`,
    );
  }
  const features = [...params.features];
  const raw = rows.map((s) => features.map((f) => featureValue(s, f)));
  const y = rows.map((s) => s.label);
  const patientIds = rows.map((s) => s.patient_id);
  const split = splitTrainTest(patientIds, { mode: params.split, testFraction: params.testFraction, seed: params.splitSeed });
  const trainRaw = split.train.map((i) => raw[i]!);
  const scaler = fitStandardizer(trainRaw);
  const X = scaler.transform(raw).map((r) => Array.from(r));
  const trainLabels = split.train.map((i) => y[i]!);
  const trainPatients = split.train.map((i) => patientIds[i]!);
  const foldGrouping = params.split === 'grouped' ? 'patients' : 'windows';
  const folds = foldGrouping === 'patients' ? stratifiedGroupFolds(trainLabels, trainPatients, params.folds, params.foldSeed) : stratifiedFolds(trainLabels, params.folds, params.foldSeed);
  const balance = features.map((feature, j) => {
    const a = split.train.map((i) => raw[i]![j]!);
    const b = split.test.map((i) => raw[i]![j]!);
    const t = tTest(a, b, params.balanceTest);
    return { feature, train_mean: mean(a), train_sd: sd(a), test_mean: mean(b), test_sd: sd(b), t: t.statistic, p_value: t.pValue };
  });
  return {
    subset,
    features,
    X,
    y,
    patientIds,
    windows: rows.map((s) => s.window),
    train: split.train,
    test: split.test,
    folds,
    foldGrouping,
    constantFeatures: features.filter((_, j) => scaler.isConstant[j]),
    scaler: standardizerParams(scaler),
    straddlingPatients: split.straddling.length,
    patientsInSeveralFolds: groupsInSeveralFolds(trainPatients, folds).length,
    patients: { all: new Set(patientIds).size, train: new Set(trainPatients).size, test: new Set(split.test.map((i) => patientIds[i]!)).size },
    balance,
    raw,
  };
}

/**
 * Split and standardization (PIPELINE step 4) for all subjects and for the persistent subset,
 * with the balance tables (Suppl. Tables 2/3 and 5/6) and the stratified CV folds.
 */
export const svmSplit = defineCell<{ windows: WindowsOutput }, SvmSplitParams, SvmSplitOutput>({
  kind: 'svm-split',
  version: 2, // 2: derived features (by name, from a derived-feature step); the output carries their definitions
  title: 'Train/test split and balance check',
  description: 'Splits the windows into training and test parts, standardizes with training statistics only, assigns stratified CV folds, and compares train and test feature by feature.',
  describe: (p) =>
    `Splits the windows ${splitPhrase(p.split, p.testFraction, p.splitSeed)}, standardizes ${p.features.length === CLASSIFICATION_FEATURES.length && CLASSIFICATION_FEATURES.every((f) => p.features.includes(f)) ? 'all 11 features' : plural(p.features.length, 'feature')} with training statistics only, assigns ${p.folds} stratified CV folds (seed ${p.foldSeed}), and compares train and test feature by feature (${p.balanceTest === 'student' ? "Student's" : "Welch's"} t-test).`,
  inputs: { windows: ['windowing', 'derived-feature'] },
  params: svmSplitParamsSchema,
  featureSet: { param: 'features', family: 'svm' },
  heavy: false,
  async *run(inputs, params) {
    const derived = selectedDerived(params.features, inputs.windows.derived);
    return {
      all: splitSubset(inputs.windows.classification, 'all', params),
      persistent: splitSubset(inputs.windows.classification, 'persistent', params),
      splitMode: params.split,
      scaling: params.scaling,
      derived,
    };
  },
  headline: (out) => {
    const subset = (s: SubsetSplit) => ({
      train: s.train.length,
      test: s.test.length,
      straddling_patients: s.straddlingPatients,
      folds: s.foldGrouping,
      patients_in_several_folds: s.patientsInSeveralFolds,
      patients: s.patients,
    });
    return { split: { mode: out.splitMode, scaling: out.scaling, all: subset(out.all), persistent: subset(out.persistent) } };
  },
  artifacts: (out, params) => [
    windowsTable(out.all, out.persistent, out.derived ?? []),
    tableArtifact(
      'split_summary',
      (['all', 'persistent'] as const).map((subset) => {
        const s = out[subset];
        return {
          subset: subset === 'all' ? 'All subjects' : 'Persistent subset',
          split: out.splitMode === 'grouped' ? 'by patient' : 'over windows',
          train_windows: s.train.length,
          test_windows: s.test.length,
          train_patients: s.patients.train,
          test_patients: s.patients.test,
          straddling_patients: s.straddlingPatients,
          folds: s.foldGrouping === 'patients' ? 'grouped by patient' : 'over windows',
          patients_in_several_folds: s.patientsInSeveralFolds,
          scaling: out.scaling === 'within-fold' ? 'inside each CV fold' : 'whole training part',
        };
      }),
      ['subset', 'split', 'train_windows', 'test_windows', 'train_patients', 'test_patients', 'straddling_patients', 'folds', 'patients_in_several_folds', 'scaling'],
      {
        caption: 'Classification split: windows and patients per part, patients with windows on both sides (straddling) and in more than one CV fold',
        headers: {
          subset: 'Subset',
          split: 'Split',
          train_windows: 'Training windows',
          test_windows: 'Test windows',
          train_patients: 'Training patients',
          test_patients: 'Test patients',
          straddling_patients: 'Patients on both sides',
          folds: 'CV folds',
          patients_in_several_folds: 'Patients in several folds',
          scaling: 'Scaler fitted on',
        },
      },
    ),
    ...(['all', 'persistent'] as const).map((subset) =>
      tableArtifact(
        `balance_${subset}`,
        out[subset].balance.map((r) => ({
          feature: featureLabelOf(r.feature, out.derived),
          train: `${fmt(r.train_mean)} ± ${fmt(r.train_sd)}`,
          test: `${fmt(r.test_mean)} ± ${fmt(r.test_sd)}`,
          p_value: Number.isFinite(r.p_value) ? formatP(r.p_value) : 'n/a (constant)',
        })),
        ['feature', 'train', 'test', 'p_value'],
        {
          caption: `Balance of the training and test parts (${subset === 'all' ? 'all subjects' : 'persistent palsy subset'}; split ${splitPhrase(params.split, params.testFraction, params.splitSeed)}): mean ± SD and ${params.balanceTest === 'welch' ? "Welch's" : "Student's"} t-test p-value`,
          headers: { feature: 'Feature', train: `Training (n = ${out[subset].train.length})`, test: `Test (n = ${out[subset].test.length})`, p_value: 'p' },
        },
      ),
    ),
  ],
});

/**
 * The definitions of the derived features among `features`, in the order of `features`; an
 * InputError names a feature that is neither built in nor defined by a derived-feature step
 * upstream, and lists what is available.
 */
export function selectedDerived(features: readonly string[], derived: readonly DerivedFeatureDefinition[] | undefined): DerivedFeatureDefinition[] {
  const defs = derived ?? [];
  const builtIn = new Set<string>(CLASSIFICATION_FEATURES);
  const unknown = features.filter((f) => !builtIn.has(f) && !defs.some((d) => d.name === f));
  if (unknown.length) {
    const available = [...CLASSIFICATION_FEATURES, ...defs.map((d) => d.name)];
    throw new InputError(
      `Unknown feature${unknown.length === 1 ? '' : 's'} ${unknown.map((f) => `"${f}"`).join(', ')}: not a built-in feature${defs.length ? ' nor a derived feature of the windows' : ', and the windows carry no derived feature (connect a derived-feature step that defines it)'}. Available: ${available.join(', ')}.`,
    );
  }
  return features.flatMap((f) => defs.filter((d) => d.name === f));
}

const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'NaN');

/**
 * windows_classification.csv: every window with its raw features, label, split and fold (the
 * export contract), and where the window sits in the persistent subset's own split and folds
 * (empty for windows outside it), so that an outside pipeline can reuse both splits exactly.
 */
function windowsTable(s: SubsetSplit, persistent: SubsetSplit, derived: readonly DerivedFeatureDefinition[]) {
  const sides = (x: SubsetSplit) => {
    const side = new Map<string, { split: string; fold: number | null }>();
    const key = (row: number) => `${x.patientIds[row]}|${x.windows[row]}`;
    x.train.forEach((row, k) => side.set(key(row), { split: 'train', fold: x.folds[k]! + 1 }));
    x.test.forEach((row) => side.set(key(row), { split: 'test', fold: null }));
    return side;
  };
  const columns = ['patient_id', 'window', 'sex', 'age', 'hypertension', 'diabetes', 'delayed_treatment', 'SAD1', 'SAD2', 'SAD4', 'SAG1', 'SAG2', 'SAG3', ...derived.map((d) => d.name), 'label', 'split', 'fold', 'persistent', 'split_persistent', 'fold_persistent'];
  // Made when the CSV is first read (a download, the export), not when the page shows the cell.
  const rows = () => {
    const all = sides(s), pers = sides(persistent);
    return s.raw.map((values, i) => {
      const key = `${s.patientIds[i]}|${s.windows[i]}`;
      const p = pers.get(key);
      return {
        patient_id: s.patientIds[i],
        window: s.windows[i],
        ...Object.fromEntries(s.features.map((f, j) => [f, values[j]])),
        label: s.y[i],
        split: all.get(key)!.split,
        fold: all.get(key)!.fold,
        persistent: p ? 1 : 0,
        split_persistent: p?.split ?? null,
        fold_persistent: p?.fold ?? null,
      };
    });
  };
  return tableArtifact('windows_classification', rows, columns, {
    caption: `Every classification window with its features, label, split and fold (and the persistent subset's), for re-analysis. ${FILE_IDS_NOTE}`,
    markdown: false,
    latex: false,
    preview: false,
    rowCount: s.raw.length,
  });
}
