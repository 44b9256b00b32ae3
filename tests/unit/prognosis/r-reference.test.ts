import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateCohort } from '@/lib/sim';
import { censoringSurvival, chanceByHorizon, featureVector, fitPrognosis, knownUntil, landmarkRows } from '@/lib/prognosis';

// Fixtures: scripts/reference/make-prognosis-inputs.ts, then prognosis_reference.R (survival + glm).
const dir = new URL('../../fixtures/reference/', import.meta.url);
const inputs = JSON.parse(readFileSync(new URL('prognosis_inputs.json', dir), 'utf8')) as {
  seed: number;
  patients: number;
  rows: { patient_id: string; landmark_day: number; x: number[]; event_day: number | null; known_until: number }[];
};
const r = JSON.parse(readFileSync(new URL('prognosis_r.json', dir), 'utf8')) as {
  g_times: number[];
  g_survival: number[];
  intercepts: number[];
  coefficients: number[];
  fixed_at_zero: string[] | Record<string, never>;
  chance: number[][];
};

const { rows } = landmarkRows(simulateCohort({}, inputs.seed, inputs.patients).patients);
const fit = fitPrognosis(rows);

describe('prognosis model against R (survival::survfit + glm quasibinomial)', () => {
  it('builds the same landmark rows as the fixture', () => {
    expect(rows.length).toBe(inputs.rows.length);
    rows.forEach((row, i) => {
      const ref = inputs.rows[i]!;
      expect(row.patientId).toBe(ref.patient_id);
      expect(row.eventDay).toBe(ref.event_day);
      expect(knownUntil(row, fit.censoringShift)).toBe(ref.known_until);
      featureVector(row.history).forEach((v, j) => expect(v).toBeCloseTo(ref.x[j]!, 12));
    });
  });

  it('censoring survival G(t) equals survfit to 1e-12', () => {
    const g = censoringSurvival(rows, fit.censoringShift);
    r.g_times.forEach((t, i) => expect(Math.abs(g.before(t + 1e-9) - r.g_survival[i]!)).toBeLessThan(1e-12));
  });

  it('coefficients and intercepts equal glm to 1e-6, with the same constraints active', () => {
    const rFixed = Array.isArray(r.fixed_at_zero) ? r.fixed_at_zero : [];
    expect(fit.fixedAtZero).toEqual(rFixed);
    fit.rawIntercepts.forEach((a, j) => expect(Math.abs(a - r.intercepts[j]!)).toBeLessThan(1e-6));
    fit.coefficients.forEach((b, j) => expect(Math.abs(b - r.coefficients[j]!)).toBeLessThan(1e-6));
  });

  it('the intercepts the model uses are the fitted ones made non-decreasing in the horizon', () => {
    let running = -Infinity;
    fit.rawIntercepts.forEach((a, j) => {
      running = Math.max(running, a);
      expect(fit.intercepts[j]).toBe(running);
    });
  });

  it('predicted chances by every horizon equal R to 1e-6', () => {
    let compared = 0;
    rows.forEach((row, i) => {
      chanceByHorizon({ ...fit, intercepts: fit.rawIntercepts }, row.history).forEach((p, j) => {
        if (p === null) return;
        expect(Math.abs(p - r.chance[i]![j]!)).toBeLessThan(1e-6);
        compared++;
      });
    });
    expect(compared).toBeGreaterThan(3000);
  });
});
