import { describe, expect, it } from 'vitest';
import { EXCLUSION_REASONS, includeCohort, exclusionReasonLabel, type CohortResult } from '@/lib/cohort/include-cohort';
import { inclusionParamsSchema } from '@/lib/cohort/inclusion-params';
import type { Patient } from '@/lib/data/types';
import { simulateCohort } from '@/lib/sim/simulate-cohort';
import { ELIGIBLE, makePatient } from './helpers';

const reasonOf = (result: CohortResult, id: string) => result.patients.find((p) => p.patientId === id)?.reason;

function expectAccounting(result: CohortResult, patients: readonly Patient[]) {
  for (const step of result.flow) {
    const excluded = Object.values(step.excluded).reduce((s, n) => s + (n ?? 0), 0);
    expect(step.nIn, `step ${step.step}`).toBe(step.n + excluded);
    if (step.split) expect(step.split.development + step.split.validation).toBe(step.n);
  }
  const [s1, s2, s3, s4, s5] = result.flow;
  expect(s1!.nIn).toBe(patients.length);
  expect(s2!.nIn).toBe(s1!.n);
  expect(s3!.nIn).toBe(s2!.n);
  expect(s4!.nIn).toBe(s3!.n);
  expect(s5!.nIn).toBe(s4!.split!.development);
  // Every patient is in exactly one place: one exclusion list, or the validation set, or the persistent subset.
  const places = [...Object.values(result.ids.excluded).flat(), ...result.ids.validation, ...result.ids.persistent];
  expect(places.slice().sort()).toEqual(patients.map((p) => p.patientId).sort());
  for (const [reason, ids] of Object.entries(result.ids.excluded)) {
    const step = result.flow.find((s) => reason in s.excluded);
    expect(step?.excluded[reason as keyof typeof step.excluded], reason).toBe(ids.length);
  }
}

describe('includeCohort', () => {
  it('inclusion: keeps a complete patient with two early and one late graded visit', () => {
    const r = includeCohort([makePatient('A', ELIGIBLE)]);
    expect(r.ids.development).toEqual(['A']);
    expect(r.ids.persistent).toEqual(['A']);
    expect(r.flow.map((s) => s.n)).toEqual([1, 1, 1, 1, 1]);
  });

  it('inclusion: counts each step-2 reason separately, in the fixed order', () => {
    const patients = [
      makePatient('ungraded-first', [[2, null], [10, 3], [60, 2]]),
      makePatient('no-visits', []),
      makePatient('single-visit', [[2, 4]]),
      makePatient('same-day-only', [[2, 4], [2, 4]]),
      makePatient('age-null', ELIGIBLE, { age: null }),
      makePatient('age-9', ELIGIBLE, { age: 9 }),
      makePatient('age-101', ELIGIBLE, { age: 101 }),
      makePatient('sex-null', ELIGIBLE, { sex: null }),
      makePatient('dm-null', ELIGIBLE, { diabetes: null }),
      makePatient('htn-null', ELIGIBLE, { hypertension: null }),
      // Unknown treatment timing is a missing value, not "not delayed".
      makePatient('tx-null', ELIGIBLE, { delayedTreatment: null }),
      // Fails several checks: counted once, under the first in the order.
      makePatient('many', [[2, null]], { age: null, sex: null, diabetes: null }),
    ];
    const r = includeCohort(patients);
    expect(r.flow[1]!.excluded).toEqual({
      'no-first-visit-grade': 3,
      'no-follow-up': 2,
      'age-unknown': 1,
      'age-out-of-range': 2,
      'sex-unknown': 1,
      'diabetes-unknown': 1,
      'hypertension-unknown': 1,
      'treatment-timing-unknown': 1,
    });
    expect(r.ids.excluded['treatment-timing-unknown']).toEqual(['tx-null']);
    expect(r.ids.excluded['no-first-visit-grade']).toEqual(['ungraded-first', 'no-visits', 'many']);
    expect(r.ids.excluded['age-out-of-range']).toEqual(['age-9', 'age-101']);
    expect(reasonOf(r, 'same-day-only')).toBe('no-follow-up');
    expectAccounting(r, patients);
  });

  it('inclusion: includes ages exactly 10 and 100', () => {
    const r = includeCohort([makePatient('ten', ELIGIBLE, { age: 10 }), makePatient('hundred', ELIGIBLE, { age: 100 })]);
    expect(r.ids.included).toEqual(['ten', 'hundred']);
  });

  it('inclusion: a visit on day 30 counts as early, day 31 as late, day 300 as late and day 301 as neither', () => {
    const patients = [
      makePatient('early-30', [[2, 4], [30, 3], [60, 3]]),
      makePatient('only-one-early', [[2, 4], [31, 3], [60, 3]]),
      makePatient('late-300', [[2, 4], [10, 3], [300, 2]]),
      makePatient('late-301', [[2, 4], [10, 3], [301, 2]]),
      makePatient('late-ungraded', [[2, 4], [10, 3], [60, null]]),
      makePatient('early-ungraded', [[2, 4], [10, null], [60, 3]]),
    ];
    const r = includeCohort(patients);
    expect(r.ids.included).toEqual(['early-30', 'late-300']);
    expect(reasonOf(r, 'only-one-early')).toBe('few-early-visits');
    expect(reasonOf(r, 'early-ungraded')).toBe('few-early-visits');
    expect(reasonOf(r, 'late-301')).toBe('no-late-visit');
    expect(reasonOf(r, 'late-ungraded')).toBe('no-late-visit');
    expect(r.flow[2]!.excluded).toEqual({ 'few-early-visits': 2, 'no-late-visit': 2 });
    expect(r.patients.find((p) => p.patientId === 'late-300')).toMatchObject({ earlyGradedVisits: 2, lateGradedVisits: 1 });
    expectAccounting(r, patients);
  });

  it('inclusion: splits on the first visit date, not the onset date', () => {
    const patients = [
      makePatient('dev', ELIGIBLE, { onsetDate: '2023-12-29' }), // first visit 2023-12-31
      makePatient('val', ELIGIBLE, { onsetDate: '2023-12-30' }), // first visit 2024-01-01, onset before the cutoff
    ];
    const r = includeCohort(patients);
    expect(r.ids.development).toEqual(['dev']);
    expect(r.ids.validation).toEqual(['val']);
    expect(r.flow[3]!.split).toEqual({ development: 1, validation: 1 });
    expect(includeCohort(patients, { cutoffDate: '2024-01-02' }).ids.validation).toEqual([]);
    // cutoffBy 'onset': "develop before, validate after" by the onset date; both onsets are in 2023.
    const byOnset = includeCohort(patients, { cutoffBy: 'onset' });
    expect(byOnset.ids.development).toEqual(['dev', 'val']);
    expect(byOnset.flow[3]!.label).toBe('Temporal split by onset date (cutoff 2024-01-01)');
    expect(includeCohort(patients, { cutoffBy: 'onset', cutoffDate: '2023-12-30' }).ids.validation).toEqual(['val']);
  });

  it('inclusion: persistent = no grade ≤ II on days 0..30; a II–III range is not recovered', () => {
    const patients = [
      makePatient('recovered-day-30', [[2, 4], [30, 2], [60, 2]]),
      makePatient('recovered-first-visit', [[2, 2], [10, 3], [60, 2]]),
      makePatient('range-2.5', [[2, 4], [20, 2.5], [60, 2]]),
      makePatient('recovered-day-31', [[2, 4], [10, 3], [31, 2]]),
    ];
    const r = includeCohort(patients);
    expect(r.ids.persistent).toEqual(['range-2.5', 'recovered-day-31']);
    expect(r.ids.excluded['recovered-by-day-30']).toEqual(['recovered-day-30', 'recovered-first-visit']);
    expect(r.flow[4]).toMatchObject({ nIn: 4, n: 2, excluded: { 'recovered-by-day-30': 2 } });
    expectAccounting(r, patients);
  });

  it('inclusion: the persistent subset comes from the development set only', () => {
    const r = includeCohort([makePatient('val', ELIGIBLE, { onsetDate: '2024-02-01' })]);
    expect(r.ids.validation).toEqual(['val']);
    expect(r.ids.persistent).toEqual([]);
    expect(r.patients[0]).toMatchObject({ set: 'validation', reason: null, isPersistent: false });
  });

  it('inclusion: validation patients meeting the persistent criterion are listed apart (the persistent models\' validation rows)', () => {
    const r = includeCohort([
      makePatient('val-persistent', [[2, 4], [10, 3], [60, 2]], { onsetDate: '2024-02-01' }),
      makePatient('val-recovered', [[2, 4], [20, 2], [60, 1]], { onsetDate: '2024-02-01' }),
      makePatient('dev', ELIGIBLE),
    ]);
    expect(r.ids.validation).toEqual(['val-persistent', 'val-recovered']);
    expect(r.ids.validationPersistent).toEqual(['val-persistent']);
    expect(r.ids.persistent).toEqual(['dev']);
  });

  it('inclusion: parameters move the boundaries', () => {
    const p = makePatient('A', [[2, 4], [10, 3], [40, 3]]);
    expect(includeCohort([p], { minEarlyVisits: 3 }).ids.excluded['few-early-visits']).toEqual(['A']);
    expect(includeCohort([p], { earlyDays: 45 }).ids.excluded['no-late-visit']).toEqual(['A']);
    expect(includeCohort([p], { lateDays: 39 }).ids.excluded['no-late-visit']).toEqual(['A']);
    expect(includeCohort([p], { recoveryThreshold: 3 }).ids.persistent).toEqual([]);
    expect(includeCohort([makePatient('old', ELIGIBLE, { age: 90 })], { ageMax: 80 }).ids.excluded['age-out-of-range']).toEqual(['old']);
  });

  it('inclusion: validates its parameters and labels every reason', () => {
    expect(() => inclusionParamsSchema.parse({ ageMin: 50, ageMax: 40 })).toThrow();
    expect(() => inclusionParamsSchema.parse({ cutoffDate: '01/01/2024' })).toThrow();
    const params = inclusionParamsSchema.parse({});
    expect(params).toEqual({ ageMin: 10, ageMax: 100, earlyDays: 30, lateDays: 300, minEarlyVisits: 2, cutoffDate: '2024-01-01', cutoffBy: 'first-visit', recoveryThreshold: 2 });
    for (const reason of EXCLUSION_REASONS) expect(exclusionReasonLabel(reason, params).length).toBeGreaterThan(5);
  });

  it('inclusion: accounts for every patient of a simulated cohort', () => {
    const { patients } = simulateCohort({}, 11, 600);
    const r = includeCohort(patients);
    expectAccounting(r, patients);
    expect(r.ids.included.length).toBeGreaterThan(300);
    expect(r.ids.validation.length).toBeGreaterThan(0);
  });

  it('inclusion: handles an empty cohort', () => {
    const r = includeCohort([]);
    expect(r.flow.map((s) => s.n)).toEqual([0, 0, 0, 0, 0]);
    expectAccounting(r, []);
  });
});
