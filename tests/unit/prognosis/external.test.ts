/**
 * External validation of a prognosis model file on a second cohort: the net benefit against the
 * R-checked unweighted decision curve, the recalibrated files against their own definition
 * (after an update, the same data give intercept 0 and slope 1), and a shifted case mix that
 * the check notices.
 */
import { describe, expect, it } from 'vitest';
import { buildPrognosisModel, externalValidation, landmarkRows, parsePrognosisModel, pointOfUseRows, predictPatient, weightedCitl, weightedNetBenefit, weightedRecalibration, type PrognosisModel } from '@/lib/prognosis';
import { simulateCohort } from '@/lib/sim';
import { decisionCurve } from '@/lib/stats/decision-curve';
import { createRng } from '@/lib/stats/random';

const model: PrognosisModel = buildPrognosisModel(landmarkRows(simulateCohort({}, 31, 1000).patients).rows, { horizonDay: 180, bootstrapResamples: 20, rng: createRng(3), dataSha256: 'a'.repeat(64), parameters: {} });
// Another clinic: older patients (more diabetes and hypertension with age), a different seed.
const older = simulateCohort({ age: { mean: 70 } }, 909, 1500).patients;

describe('external validation of a prognosis model file', () => {
  it('net benefit with equal weights is the decision curve', () => {
    const rng = createRng(8);
    const risk = Array.from({ length: 200 }, () => rng.uniform());
    const event = risk.map((r) => (rng.uniform() < r ? 1 : 0)) as (0 | 1)[];
    const t = [0.1, 0.2, 0.35, 0.5];
    const ours = weightedNetBenefit(event, risk, risk.map(() => 1.7), t);
    const ref = decisionCurve(event, risk, t);
    ours.forEach((p, k) => {
      expect(p.model).toBeCloseTo(ref[k]!.model, 12);
      expect(p.treatAll).toBeCloseTo(ref[k]!.treatAll, 12);
    });
  });

  const ev = externalValidation(model, older, createRng(4), { sha256: 'b'.repeat(64) }, 100);

  it('sets the new case mix beside the development summary the file carries', () => {
    expect(ev.development).not.toBeNull();
    expect(ev.external.age.mean).toBeGreaterThan(ev.development!.age.mean + 5);
    expect(ev.external.patients).toBe(pointOfUseRows(older).length);
    // Every file patient is either predicted or counted with a reason.
    const predicted = older.filter((p) => 'prediction' in predictPatient(model, p)).length;
    expect(predicted).toBe(ev.external.patients);
    expect(predicted + ev.notPredicted.reduce((a, r) => a + r.patients, 0)).toBe(older.length);
  });

  it('an intercept update gives the same data intercept 0; a logistic update intercept 0 and slope 1', () => {
    const pts = ev.validation.points;
    const y = pts.map((p) => p.y);
    const w = pts.map((p) => p.w);
    const rows = pointOfUseRows(older);
    const known = new Set(pts.map((p) => p.p));
    const lpWith = (m: PrognosisModel) => {
      // The same patients, in the same order as the validation's points, predicted by the updated file.
      const out: number[] = [];
      for (const r of rows) {
        const p0 = predictPatient(model, older.find((q) => q.patientId === r.patientId)!);
        if (!('prediction' in p0) || !known.has(p0.prediction.chance)) continue;
        const p1 = predictPatient(m, older.find((q) => q.patientId === r.patientId)!) as { prediction: { chance: number } };
        out.push(Math.log(p1.prediction.chance / (1 - p1.prediction.chance)));
      }
      return out;
    };
    const li = lpWith(parsePrognosisModel(JSON.parse(JSON.stringify(ev.updated.intercept))));
    expect(li.length).toBe(pts.length);
    expect(weightedCitl(y, li, w)).toBeCloseTo(0, 8);
    expect(ev.updated.logistic).not.toBeNull();
    const ll = lpWith(parsePrognosisModel(JSON.parse(JSON.stringify(ev.updated.logistic))));
    const [a, b] = weightedRecalibration(y, ll, w);
    expect(a).toBeCloseTo(0, 6);
    expect(b).toBeCloseTo(1, 6);
    expect(ev.updated.logistic!.updates![0]).toMatchObject({ method: 'logistic', dataSha256: 'b'.repeat(64), patients: pts.length });
  });

  it('notices the older cohort: fewer recover than in development, and the check says by how much', () => {
    expect(ev.external.recoveredByHorizon!).toBeLessThan(ev.development!.recoveredByHorizon!);
    expect(Number.isFinite(ev.validation.calibrationIntercept.value)).toBe(true);
    expect(ev.validation.auc!.value).toBeGreaterThan(0.6);
    console.log(`older cohort: base rate ${ev.validation.baseRate.toFixed(3)}, O/E ${ev.observedExpected.toFixed(3)}, CITL ${ev.validation.calibrationIntercept.value.toFixed(3)}, slope ${ev.validation.calibrationSlope.value.toFixed(3)}, AUC ${ev.validation.auc!.value.toFixed(3)}, outside range ${(ev.outsideRange.share * 100).toFixed(1)}%`);
  });
});
