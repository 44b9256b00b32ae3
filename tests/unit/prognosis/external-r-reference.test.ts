/**
 * The external validation's statistics on exported predictions against R
 * (scripts/reference/external_reference.R: glm with an offset and weights, pROC's DeLong).
 * Inputs from scripts/reference/make-external-inputs.ts, which this test also recomputes, so a
 * change in the validation shows here as well as in R's numbers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPrognosisModel, externalValidation, landmarkRows, weightedCitl, weightedRecalibration } from '@/lib/prognosis';
import { simulateCohort } from '@/lib/sim';
import { delongAuc } from '@/lib/stats/delong';
import { createRng } from '@/lib/stats/random';

const [, ...lines] = readFileSync('tests/fixtures/reference/external_inputs.csv', 'utf8').trim().split('\n');
const rows = lines.map((l) => l.split(',').map(Number) as [number, number, number]);
const p = rows.map((r) => r[0]);
const y = rows.map((r) => r[1]);
const w = rows.map((r) => r[2]);
const lp = p.map((x) => Math.log(x / (1 - x)));
const R = JSON.parse(readFileSync('tests/fixtures/reference/external_r.json', 'utf8'));

describe('external validation statistics agree with R to 1e-6', () => {
  it('calibration-in-the-large (offset glm with weights)', () => {
    expect(weightedCitl(y, lp, w)).toBeCloseTo(R.citl, 6);
  });
  it('logistic recalibration intercept and slope (glm with weights)', () => {
    const [a, b] = weightedRecalibration(y, lp, w);
    expect(a).toBeCloseTo(R.recalibration_intercept, 6);
    expect(b).toBeCloseTo(R.recalibration_slope, 6);
  });
  it('AUC and its DeLong CI (pROC)', () => {
    const d = delongAuc(y as (0 | 1)[], p);
    expect(d.auc).toBeCloseTo(R.auc, 6);
    expect(d.ciLow).toBeCloseTo(R.auc_low, 6);
    expect(d.ciHigh).toBeCloseTo(R.auc_high, 6);
  });
  it('the fixture is what the external validation exports today, and its reported numbers are these', () => {
    const model = buildPrognosisModel(landmarkRows(simulateCohort({}, 31, 1000).patients).rows, { horizonDay: 180, bootstrapResamples: 20, rng: createRng(3), dataSha256: '', parameters: {} });
    const ev = externalValidation(model, simulateCohort({ age: { mean: 70 } }, 909, 1500).patients, createRng(4), { sha256: '' }, 20);
    expect(ev.validation.points.length).toBe(R.n);
    ev.validation.points.forEach((x, i) => {
      expect(x.p).toBeCloseTo(p[i]!, 12);
      expect(x.y).toBe(y[i]);
      expect(x.w).toBeCloseTo(w[i]!, 12);
    });
    expect(ev.validation.calibrationIntercept.value).toBeCloseTo(R.citl, 6);
    expect(ev.validation.calibrationSlope.value).toBeCloseTo(R.recalibration_slope, 6);
    expect(ev.validation.auc!.value).toBeCloseTo(R.auc, 6);
    expect(ev.validation.brier).toBeCloseTo(R.brier, 9);
    expect(ev.validation.baseRate).toBeCloseTo(R.observed, 9);
  });
});
