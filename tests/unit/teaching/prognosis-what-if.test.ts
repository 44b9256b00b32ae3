import { describe, expect, it } from 'vitest';
import { buildPrognosisModel, landmarkRows } from '@/lib/prognosis';
import { simulateCohort } from '@/lib/sim';
import { createRng } from '@/lib/stats/random';
import { horizonText, outOf100Text, predictWhatIf } from '@/lib/teaching/prognosis-what-if';

describe('the what-if in words', () => {
  it('states the horizon in months where it is whole months, else in days', () => {
    expect(horizonText(180)).toBe('by 6 months (day 180)');
    expect(horizonText(60)).toBe('by 2 months (day 60)');
    expect(horizonText(45)).toBe('by day 45');
  });

  it('never says 0 or 100 out of 100 for a chance strictly between', () => {
    expect(outOf100Text(0.27)).toBe('27 out of 100');
    expect(outOf100Text(0.004)).toBe('fewer than 1 out of 100');
    expect(outOf100Text(0.996)).toBe('more than 99 out of 100');
    expect(outOf100Text(0)).toBe('0 out of 100');
  });
});

describe('the what-if patient on a fitted prognosis model', () => {
  const rows = landmarkRows(simulateCohort({}, 77, 600).patients).rows;
  const model = buildPrognosisModel(rows, { horizonDay: 180, bootstrapResamples: 20, rng: createRng(5), dataSha256: '', parameters: {} });
  const base = { age: 50, sex: 'F' as const, diabetes: false, hypertension: false, treatmentDay: 2, visits: [{ day: 0, grade: 4 }, { day: 7, grade: 4 }, { day: 14, grade: 3 }] };

  it('lists what one change does, and no worse input raises the chance', () => {
    const r = predictWhatIf(model, base);
    if (r.kind !== 'predicted') throw new Error('predicted');
    const worse = r.sensitivity.filter((s) => /→ (IV|V|VI)$|no → yes|day 2 → day 10/.test(s.change) && !/Sex|Age/.test(s.input));
    expect(worse.length).toBeGreaterThanOrEqual(5);
    for (const s of worse) expect(s.delta, `${s.input}: ${s.change}`).toBeLessThanOrEqual(1e-12);
    // Sorted by the size of the change.
    const sizes = r.sensitivity.map((s) => Math.abs(s.delta));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('predicts nothing for a patient already recovered at a follow-up visit, and says why', () => {
    const r = predictWhatIf(model, { ...base, visits: [{ day: 0, grade: 3 }, { day: 10, grade: 1.5 }] });
    expect(r.kind).toBe('not-predicted');
    if (r.kind === 'not-predicted') expect(r.reason).toBe('grade I–II on day 10 is already a recovery (grade ≤ II at a follow-up visit): the model predicts for patients not yet recovered');
  });

  it('orders the entered visits by day whatever order they were entered in', () => {
    const a = predictWhatIf(model, base);
    const b = predictWhatIf(model, { ...base, visits: [...base.visits].reverse() });
    if (a.kind !== 'predicted' || b.kind !== 'predicted') throw new Error('predicted');
    expect(b.prediction.chance).toBe(a.prediction.chance);
    expect(b.prediction.landmarkDay).toBe(14);
  });
});
