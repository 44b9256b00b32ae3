import type { StaticFeatures, WindowCore } from '../../windows/windowing';

/**
 * LSTM inputs (PIPELINE step 8): each regression sample becomes a 4-step sequence over the
 * visit days SAD1..SAD4. Step t carries
 *
 * - `SAD`: the day offset of visit t from the present visit (scaled, see below);
 * - `SAG`: the grade of visit t, and 0 at step 4, whose grade (SAG4) is the target and must
 *   never be seen by the model;
 * - `known`: 1 for the three observed visits, 0 for the future one;
 * - in the `sequence+static` layout, the model's four static features repeated on every step.
 *
 * `sequence-only` drops the static features (the paper's "4 × 3 matrix" read literally): an
 * ablation in which M1, M2 and M3 coincide.
 *
 * Scaling (fitted on the training rows only, `fitSequenceScaler`): the day channel is
 * standardized with ONE mean and SD pooled over the four steps of every training row, so that
 * the time axis stays linear and shared by all steps (the LSTM applies the same weights at every
 * step); age is standardized; grades stay on their 1–6 scale (0 then means "unknown") and the
 * binary features stay 0/1. The target SAG4 is not scaled, so losses and errors are in grades.
 *
 * @example
 *   const scaler = fitSequenceScaler(trainRows);
 *   const seq = buildSequences(rows, { layout: 'sequence+static', staticFeatures: MODEL_FEATURES.M1, scaler });
 *   seq.x.length === rows.length * 4 * seq.channels.length;
 */
export type SequenceLayout = 'sequence+static' | 'sequence-only';
export type StaticFeature = keyof StaticFeatures;
export type ModelName = 'M1' | 'M2' | 'M3';

/** Every static feature a model may use, in the order they enter the network. */
export const STATIC_FEATURES = ['sex', 'age', 'delayed_treatment', 'diabetes', 'hypertension'] as const satisfies readonly StaticFeature[];

/** The paper's three models: sex and age plus two of the three clinical factors. */
export const MODEL_FEATURES: Record<ModelName, readonly StaticFeature[]> = {
  M1: ['sex', 'age', 'delayed_treatment', 'diabetes'],
  M2: ['sex', 'age', 'delayed_treatment', 'hypertension'],
  M3: ['sex', 'age', 'diabetes', 'hypertension'],
};

export const SEQUENCE_STEPS = 4;

/** What a sequence is built from: a window with a future day; SAG4 (the target) is optional. */
export type SequenceSample = WindowCore & { SAD4: number; SAG4?: number };

/** Affine maps of the scaled channels: value ↦ (value − mean) / sd. */
export interface SequenceScaler {
  scaling: 'zscore' | 'none';
  dayMean: number;
  daySd: number;
  ageMean: number;
  ageSd: number;
}

export interface SequenceOptions {
  layout: SequenceLayout;
  staticFeatures: readonly StaticFeature[];
  /** Defaults to the identity (raw values). */
  scaler?: SequenceScaler;
}

export interface Sequences {
  /** Row-major [sample][step][channel]. */
  x: Float32Array;
  /** SAG4 per sample (NaN where a sample has none). */
  y: Float32Array;
  n: number;
  steps: number;
  channels: string[];
}

export const IDENTITY_SCALER: SequenceScaler = { scaling: 'none', dayMean: 0, daySd: 1, ageMean: 0, ageSd: 1 };

const days = (s: SequenceSample): [number, number, number, number] => [s.SAD1, s.SAD2, s.SAD3, s.SAD4];

/** Day and age statistics of the training rows (population SD; a constant channel gets SD 1). */
export function fitSequenceScaler(train: readonly SequenceSample[], scaling: 'zscore' | 'none' = 'zscore'): SequenceScaler {
  if (scaling === 'none') return IDENTITY_SCALER;
  if (train.length === 0) throw new Error('fitSequenceScaler: no training rows');
  const [dayMean, daySd] = meanSd(train.flatMap(days));
  const [ageMean, ageSd] = meanSd(train.map((s) => s.age));
  return { scaling, dayMean, daySd, ageMean, ageSd };
}

function meanSd(values: readonly number[]): [number, number] {
  const m = values.reduce((a, v) => a + v, 0) / values.length;
  const v = values.reduce((a, x) => a + (x - m) ** 2, 0) / values.length;
  const sd = Math.sqrt(v);
  return [m, sd > 1e-12 * Math.max(1, Math.abs(m)) ? sd : 1];
}

/** Channel names of one time step for a layout. */
export function sequenceChannels(layout: SequenceLayout, staticFeatures: readonly StaticFeature[]): string[] {
  return ['SAD', 'SAG', 'known', ...(layout === 'sequence+static' ? staticFeatures : [])];
}

/** Encodes samples as [n, 4, channels] sequences; SAG4 only ever goes to `y`. */
export function buildSequences(samples: readonly SequenceSample[], options: SequenceOptions): Sequences {
  const { layout, staticFeatures, scaler = IDENTITY_SCALER } = options;
  const channels = sequenceChannels(layout, staticFeatures);
  const c = channels.length;
  const n = samples.length;
  const x = new Float32Array(n * SEQUENCE_STEPS * c);
  const y = new Float32Array(n);
  samples.forEach((s, i) => {
    const statics = layout === 'sequence+static' ? staticFeatures.map((f) => (f === 'age' ? (s.age - scaler.ageMean) / scaler.ageSd : s[f])) : [];
    // Step 4's grade is the target: the slot holds 0 and its `known` flag says so.
    const grades = [s.SAG1, s.SAG2, s.SAG3, 0];
    const d = days(s);
    for (let t = 0; t < SEQUENCE_STEPS; t++) {
      const o = (i * SEQUENCE_STEPS + t) * c;
      x[o] = (d[t]! - scaler.dayMean) / scaler.daySd;
      x[o + 1] = grades[t]!;
      x[o + 2] = t < SEQUENCE_STEPS - 1 ? 1 : 0;
      for (let k = 0; k < statics.length; k++) x[o + 3 + k] = statics[k]!;
    }
    y[i] = s.SAG4 ?? NaN;
  });
  return { x, y, n, steps: SEQUENCE_STEPS, channels };
}

/** The rows `idx` of a sequence set (a copy). */
export function takeSequences(seq: Sequences, idx: readonly number[]): Sequences {
  const width = seq.steps * seq.channels.length;
  const x = new Float32Array(idx.length * width);
  const y = new Float32Array(idx.length);
  idx.forEach((r, i) => {
    x.set(seq.x.subarray(r * width, (r + 1) * width), i * width);
    y[i] = seq.y[r]!;
  });
  return { x, y, n: idx.length, steps: seq.steps, channels: seq.channels };
}
