import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { splitTrainTest } from '../stats/split';
import { tableArtifact } from '../tables/table-artifact';
import { FILE_IDS_NOTE } from '../data/pseudonyms';
import { splitPhrase } from '../report/phrases';
import type { WindowsOutput } from './windowing';

/** Seeds as the random generator reads them (lib/stats/random.ts keeps 32 bits): a whole number 0..2^32 − 1. */
const SEED_RANGE = 'a whole number from 0 to 4294967295: the random generator keeps 32 bits of the seed';
const seedSchema = z.number().int().min(0, SEED_RANGE).max(0xffff_ffff, SEED_RANGE);

export const lstmSplitParamsSchema = z.object({
  /** `samples`: the paper's random 8:2 split over samples (a patient can be on both sides); `grouped`: by patient. */
  split: z.enum(['samples', 'grouped']).default('samples'),
  testFraction: z.number().gt(0).lt(1).max(0.9, 'at most 0.9: at least a tenth of the samples must be left to train on').default(0.2),
  /** The paper's seed. */
  splitSeed: seedSchema.default(42),
});
export type LstmSplitParams = z.infer<typeof lstmSplitParamsSchema>;

/** One subset's split, as row indices into `windows.regression` (ascending). */
export interface RegressionSplit {
  train: number[];
  test: number[];
  straddlingPatients: number;
}

export interface LstmSplitOutput {
  mode: 'samples' | 'grouped';
  seed: number;
  testFraction: number;
  all: RegressionSplit;
  persistent: RegressionSplit;
}

/** Minimum regression samples in a subset for a train/test split the LSTM can learn from. */
export const MIN_REGRESSION_SAMPLES = 20;

function splitRows(windows: WindowsOutput, rows: number[], name: string, params: LstmSplitParams): RegressionSplit {
  if (rows.length < MIN_REGRESSION_SAMPLES) {
    throw new InputError(`Too few regression samples to split ${name}: ${rows.length} (the LSTM needs at least ${MIN_REGRESSION_SAMPLES}).`);
  }
  const split = splitTrainTest(rows.map((i) => windows.regression[i]!.patient_id), { mode: params.split, testFraction: params.testFraction, seed: params.splitSeed });
  return { train: split.train.map((k) => rows[k]!), test: split.test.map((k) => rows[k]!), straddlingPatients: split.straddling.length };
}

/**
 * The LSTM's train/test split (PIPELINE step 8), once for all subjects and once for the
 * persistent subset: every LSTM of a subset (M1–M3) trains and is tested on the same rows, and
 * the exported windows carry exactly these sides.
 */
export const lstmSplit = defineCell<{ windows: WindowsOutput }, LstmSplitParams, LstmSplitOutput>({
  kind: 'lstm-split',
  version: 1,
  title: 'Train/test split of the regression samples',
  description: 'Splits the regression samples of all subjects, and separately of the persistent subset, into training and test parts for the LSTM models.',
  describe: (p) => `Splits the regression samples of all subjects, and separately of the persistent subset, ${splitPhrase(p.split, p.testFraction, p.splitSeed, 'samples')} into training and test parts for the LSTM models.`,
  // A derived-feature step's windows are the windowing step's with extra columns: the same rows, so the same split.
  inputs: { windows: ['windowing', 'derived-feature'] },
  params: lstmSplitParamsSchema,
  heavy: false,
  async *run({ windows }, params) {
    const all = windows.regression.map((_, i) => i);
    const persistent = all.filter((i) => windows.regression[i]!.persistent === 1);
    return {
      mode: params.split,
      seed: params.splitSeed,
      testFraction: params.testFraction,
      all: splitRows(windows, all, 'all subjects', params),
      persistent: splitRows(windows, persistent, 'the persistent subset', params),
    };
  },
  headline: (out) => ({
    lstm_split: {
      mode: out.mode,
      seed: out.seed,
      all: { train: out.all.train.length, test: out.all.test.length, straddling_patients: out.all.straddlingPatients },
      persistent: { train: out.persistent.train.length, test: out.persistent.test.length, straddling_patients: out.persistent.straddlingPatients },
    },
  }),
  artifacts: (out, _params, inputs) => [windowsRegressionTable(inputs.windows, out)],
});

const SIDES = [null, 'train', 'test'] as const;

/** The side of every row (0: none, 1: train, 2: test), one byte a row rather than a Map entry. */
const sideOf = (s: RegressionSplit, n: number) => {
  const side = new Uint8Array(n);
  for (const i of s.train) side[i] = 1;
  for (const i of s.test) side[i] = 2;
  return side;
};

/**
 * windows_regression.csv: every regression sample with the LSTM split it was given (`split`
 * for all subjects, `split_persistent` for the persistent subset's own split, empty outside it)
 * and the temporal validation rows (`set = validation`): an outside pipeline can reuse the
 * splits exactly.
 */
export function windowsRegressionTable(windows: WindowsOutput, split: LstmSplitOutput) {
  const n = windows.regression.length;
  const side = sideOf(split.all, n);
  const persistentSide = sideOf(split.persistent, n);
  // Derived features (a derived-feature step's columns) after the built-in ones.
  const derived = (windows.derived ?? []).map((d) => d.name);
  const columns = ['patient_id', 'window', 'set', 'persistent', 'sex', 'age', 'hypertension', 'diabetes', 'delayed_treatment', 'SAD1', 'SAD2', 'SAD3', 'SAD4', 'SAG1', 'SAG2', 'SAG3', 'SAG4', ...derived, 'split', 'split_persistent'];
  // Made one at a time as the CSV is written: a large cohort's samples are not copied whole.
  function* rows() {
    for (let i = 0; i < windows.regression.length; i++) {
      yield { ...windows.regression[i]!, set: 'development', split: SIDES[side[i]!], split_persistent: SIDES[persistentSide[i]!] };
    }
    for (const s of windows.validation) yield { ...s, set: 'validation', persistent: s.persistent ?? null, split: 'validation', split_persistent: null };
  }
  return tableArtifact('windows_regression', rows, columns, {
    caption: `Every regression sample with its LSTM split (and the persistent subset's), and the temporal validation samples, for re-analysis. ${FILE_IDS_NOTE}`,
    markdown: false,
    latex: false,
    preview: false,
    rowCount: windows.regression.length + windows.validation.length,
  });
}
