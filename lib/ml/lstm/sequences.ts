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
  /**
   * Derived (user-defined) static features, standardized like age with the training rows'
   * mean and SD (`zscore` only; absent with `none` or when the model uses none): a derived
   * feature can be on any scale (days, grades, a slope), unlike the 0/1 clinical factors.
   */
  derived?: { name: string; mean: number; sd: number }[];
}

export interface SequenceOptions {
  layout: SequenceLayout;
  /**
   * Built-in static features (STATIC_FEATURES) and derived features by name: a derived
   * feature's value is a field of the sample (the derived-feature step adds it to every window,
   * computed from the visits up to the window's present visit, i.e. the sequence's last known
   * step), repeated on every step like the built-in ones.
   */
  staticFeatures: readonly string[];
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

/** Whether a static feature is one of the built-in ones (else a derived feature's name). */
export const isBuiltInStatic = (f: string): f is StaticFeature => (STATIC_FEATURES as readonly string[]).includes(f);

/** A sample's value of a static feature, built-in or derived; a derived value that is absent or not finite is an error naming it. */
export function staticValue(s: object, f: string): number {
  const v = (s as Record<string, unknown>)[f];
  if (typeof v !== 'number' || (!isBuiltInStatic(f) && !Number.isFinite(v))) {
    const w = s as Partial<SequenceSample>;
    throw new Error(`static feature "${f}" has no finite value in patient "${w.patient_id}" window ${w.window}${isBuiltInStatic(f) ? '' : ': a derived feature must be computed on these windows (connect the derived-feature step that defines it)'}`);
  }
  return v;
}

/**
 * Day and age statistics of the training rows (population SD; a constant channel gets SD 1),
 * and those of the derived features named in `derivedFeatures` (built-in names are ignored).
 */
export function fitSequenceScaler(train: readonly SequenceSample[], scaling: 'zscore' | 'none' = 'zscore', derivedFeatures: readonly string[] = []): SequenceScaler {
  if (scaling === 'none') return IDENTITY_SCALER;
  if (train.length === 0) throw new Error('fitSequenceScaler: no training rows');
  const [dayMean, daySd] = meanSd(train.flatMap(days));
  const [ageMean, ageSd] = meanSd(train.map((s) => s.age));
  const derived = derivedFeatures
    .filter((f) => !isBuiltInStatic(f))
    .map((name) => {
      const [mean, sd] = meanSd(train.map((s) => staticValue(s, name)));
      return { name, mean, sd };
    });
  return { scaling, dayMean, daySd, ageMean, ageSd, ...(derived.length ? { derived } : {}) };
}

function meanSd(values: readonly number[]): [number, number] {
  const m = values.reduce((a, v) => a + v, 0) / values.length;
  const v = values.reduce((a, x) => a + (x - m) ** 2, 0) / values.length;
  const sd = Math.sqrt(v);
  return [m, sd > 1e-12 * Math.max(1, Math.abs(m)) ? sd : 1];
}

/** Channel names of one time step for a layout. */
export function sequenceChannels(layout: SequenceLayout, staticFeatures: readonly string[]): string[] {
  return ['SAD', 'SAG', 'known', ...(layout === 'sequence+static' ? staticFeatures : [])];
}

/** Encodes samples as [n, 4, channels] sequences; SAG4 only ever goes to `y`. */
export function buildSequences(samples: readonly SequenceSample[], options: SequenceOptions): Sequences {
  const { layout, staticFeatures, scaler = IDENTITY_SCALER } = options;
  const channels = sequenceChannels(layout, staticFeatures);
  const c = channels.length;
  const derivedScale = new Map((scaler.derived ?? []).map((d) => [d.name, d]));
  const scaledStatic = (s: SequenceSample, f: string) => {
    if (f === 'age') return (s.age - scaler.ageMean) / scaler.ageSd;
    const d = derivedScale.get(f);
    const v = staticValue(s, f);
    return d ? (v - d.mean) / d.sd : v;
  };
  const n = samples.length;
  const x = new Float32Array(n * SEQUENCE_STEPS * c);
  const y = new Float32Array(n);
  samples.forEach((s, i) => {
    const statics = layout === 'sequence+static' ? staticFeatures.map((f) => scaledStatic(s, f)) : [];
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

/**
 * The network's key in the manifest (`lstm.<subset>.<key>`) and its files (`lstm_<subset>_<key>_…`):
 * its model (M1–M3) when it uses that model's static features, else the model with what was added
 * and removed ("M1_early_improvement", "M1_no_diabetes"), so that two networks of one model with
 * other features (with and without a derived feature) do not overwrite each other's numbers.
 */
export function lstmKey(model: string, staticFeatures: unknown): string {
  const own: readonly string[] = MODEL_FEATURES[model as ModelName] ?? [];
  const features = Array.isArray(staticFeatures) ? staticFeatures.map(String) : [...own];
  const added = features.filter((f) => !own.includes(f));
  const removed = own.filter((f) => !features.includes(f));
  return [model, ...added, ...removed.map((f) => `no_${f}`)].join('_');
}
