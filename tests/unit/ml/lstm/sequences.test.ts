import { describe, expect, it } from 'vitest';
import { buildSequences, fitSequenceScaler, MODEL_FEATURES, sequenceChannels, takeSequences, type SequenceSample } from '@/lib/ml/lstm/sequences';
import { lstmParamsSchema, resolveLstmParams, LSTM_PAPER_DEFAULTS } from '@/lib/ml/lstm/params';
import { syntheticWindows } from './fixtures';

const base: SequenceSample = {
  patient_id: 'A', window: 1, present_day: 6,
  sex: 1, age: 50, hypertension: 1, diabetes: 0, delayed_treatment: 1,
  SAD1: -7, SAD2: -4, SAD3: 0, SAD4: 114, SAG1: 1, SAG2: 5, SAG3: 4, SAG4: 2,
};

describe('lstm sequences', () => {
  it('lays out [n, 4, channels] with the model’s static features on every step', () => {
    const seq = buildSequences([base, { ...base, SAD4: 50 }], { layout: 'sequence+static', staticFeatures: MODEL_FEATURES.M1 });
    expect(seq.channels).toEqual(['SAD', 'SAG', 'known', 'sex', 'age', 'delayed_treatment', 'diabetes']);
    expect(seq.n).toBe(2);
    expect(seq.x.length).toBe(2 * 4 * 7);
    const step = (i: number, t: number) => Array.from(seq.x.subarray((i * 4 + t) * 7, (i * 4 + t + 1) * 7));
    expect(step(0, 0)).toEqual([-7, 1, 1, 1, 50, 1, 0]);
    expect(step(0, 1)).toEqual([-4, 5, 1, 1, 50, 1, 0]);
    expect(step(0, 2)).toEqual([0, 4, 1, 1, 50, 1, 0]);
    expect(step(0, 3)).toEqual([114, 0, 0, 1, 50, 1, 0]);
    expect(step(1, 3)).toEqual([50, 0, 0, 1, 50, 1, 0]);
    expect(Array.from(seq.y)).toEqual([2, 2]);
  });

  it('offers a sequence-only layout (the paper’s 4 × 3 matrix) and names the channels of M2 and M3', () => {
    const seq = buildSequences([base], { layout: 'sequence-only', staticFeatures: MODEL_FEATURES.M3 });
    expect(seq.channels).toEqual(['SAD', 'SAG', 'known']);
    expect(seq.x.length).toBe(12);
    expect(sequenceChannels('sequence+static', MODEL_FEATURES.M2)).toEqual(['SAD', 'SAG', 'known', 'sex', 'age', 'delayed_treatment', 'hypertension']);
    expect(sequenceChannels('sequence+static', MODEL_FEATURES.M3).slice(3)).toEqual(['sex', 'age', 'diabetes', 'hypertension']);
  });

  it('never puts the future grade SAG4 into the inputs (masking)', () => {
    const windows = syntheticWindows(30, 0, 7).regression;
    const options = { layout: 'sequence+static' as const, staticFeatures: MODEL_FEATURES.M3, scaler: fitSequenceScaler(windows) };
    const a = buildSequences(windows, options);
    const sentinel = 987654;
    const b = buildSequences(windows.map((s) => ({ ...s, SAG4: sentinel })), options);
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(b.x.includes(sentinel)).toBe(false);
    expect(Array.from(b.y).every((v) => v === sentinel)).toBe(true);
    // Step 4 is flagged unknown and its grade slot is 0 on every row.
    for (let i = 0; i < a.n; i++) {
      const o = (i * 4 + 3) * a.channels.length;
      expect([a.x[o + 1], a.x[o + 2]]).toEqual([0, 0]);
    }
  });

  it('fits day and age scaling on the training rows only, one day scale shared by all steps', () => {
    const train = [base, { ...base, SAD1: -11, SAD2: -3, SAD4: 60, age: 30 }];
    const scaler = fitSequenceScaler(train);
    const days = [-7, -4, 0, 114, -11, -3, 0, 60];
    const m = days.reduce((a, b) => a + b) / days.length;
    expect(scaler.dayMean).toBeCloseTo(m, 12);
    expect(scaler.daySd).toBeCloseTo(Math.sqrt(days.reduce((a, d) => a + (d - m) ** 2, 0) / days.length), 12);
    expect([scaler.ageMean, scaler.ageSd]).toEqual([40, 10]);
    // A test row far outside the training range does not move the scaling.
    const seq = buildSequences([{ ...base, age: 90 }], { layout: 'sequence+static', staticFeatures: MODEL_FEATURES.M1, scaler });
    expect(seq.x[4]).toBeCloseTo(5, 6);
    expect(seq.x[1]).toBe(1); // grades stay on the 1..6 scale
    expect(fitSequenceScaler(train, 'none')).toMatchObject({ dayMean: 0, daySd: 1, ageMean: 0, ageSd: 1 });
  });

  it('takes rows by index', () => {
    const seq = buildSequences([base, { ...base, SAG4: 6 }], { layout: 'sequence-only', staticFeatures: [] });
    const t = takeSequences(seq, [1]);
    expect(t.n).toBe(1);
    expect(Array.from(t.y)).toEqual([6]);
  });
});

describe('lstm params', () => {
  it('defaults to the paper’s settings and applies the persistent-subset overrides unless set explicitly', () => {
    expect(lstmParamsSchema.parse({})).toEqual(LSTM_PAPER_DEFAULTS);
    expect(resolveLstmParams('all')).toMatchObject({ units: [64, 32, 16], dropout: 0.2, learningRate: 0.005, batchSize: 128, earlyStoppingPatience: 40, plateauPatience: 20, plateauFactor: 0.5, plateauMinLr: 1e-6, validationFraction: 0.1 });
    expect(resolveLstmParams('persistent')).toMatchObject({ batchSize: 64, earlyStoppingPatience: 80, plateauPatience: 30 });
    expect(resolveLstmParams('persistent', { batchSize: 32, units: [8] })).toMatchObject({ batchSize: 32, earlyStoppingPatience: 80, units: [8] });
  });
});
