import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { NaturalHistoryOutput } from '@/lib/cells/teaching-content';
import type { Patient } from '@/lib/data/types';
import { sha256Hex } from '@/lib/notebook/hash';
import { isComputeCell } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { findNotebook } from '@/notebooks';
import { kaplanMeier, MIN_AT_RISK, naturalHistoryCurves, recoveryCurve, recoveryTimes } from '@/lib/teaching/natural-history';

const visit = (day: number, grade: number | null) => ({ row: 0, date: '2020-01-01', day, grade, gradeText: '' });
const patient = (id: string, visits: ReturnType<typeof visit>[]): Patient => ({ patientId: id, sex: null, age: null, diabetes: null, hypertension: null, onsetDate: '2020-01-01', delayedTreatment: null, visits });
const times = (n: number, make: (i: number) => Patient) => Array.from({ length: n }, (_, i) => make(i));

/**
 * 24 patients, worked by hand.
 *   A (2): grade II on day 0, grade I on day 30     → ≤ II on day 0,  grade I on day 30
 *   B (1): grade IV on days 2 and 10 (an ungraded visit on day 50 does not count)
 *                                                   → censored on day 10 for both
 *   C (3): grade IV on day 2, I–II (1.5) on day 35, grade I on day 90
 *                                                   → ≤ II on day 35 (a half grade I–II is ≤ II), grade I on day 90
 *   D (18): grade I before onset (day −3, ignored), V on day 2, II–III (2.5, not ≤ II) on day 60, grade I on day 120
 *                                                   → both on day 120
 * Grade ≤ II: times 0 (2 events), 10 (1 censored), 35 (3 events), 120 (18 events).
 *   n at risk: day 0 24, day 30 21 (B gone, A recovered), day 35 21, after 35 18 → stops on day 35.
 *   S(0) = 22/24, S(35) = 22/24 · 18/21 = 11/14 → recovered 1/12 by day 0–34, 3/14 by day 35.
 * Grade I: times 10 (1 censored), 30 (2 events), 90 (3 events), 120 (18 events).
 *   n at risk: day 0 24, day 30 23, day 60 21, day 90 21, after 90 18 → stops on day 90.
 *   S(30) = 21/23, S(90) = 21/23 · 18/21 = 18/23 → recovered 2/23 by day 30, 5/23 by day 90.
 */
const cohort: Patient[] = [
  ...times(2, (i) => patient(`A${i}`, [visit(0, 2), visit(30, 1)])),
  patient('B', [visit(2, 4), visit(10, 4), visit(50, null)]),
  ...times(3, (i) => patient(`C${i}`, [visit(2, 4), visit(35, 1.5), visit(90, 1)])),
  ...times(18, (i) => patient(`D${i}`, [visit(-3, 1), visit(2, 5), visit(60, 2.5), visit(120, 1)])),
];

/**
 * The 95% intervals from R 4.2.2, survival 3.5.3:
 *   le2 <- data.frame(day = c(0, 0, 10, 35, 35, 35, rep(120, 18)), recovered = c(1, 1, 0, 1, 1, 1, rep(1, 18)))
 *   g1  <- data.frame(day = c(30, 30, 10, 90, 90, 90, rep(120, 18)), recovered = c(1, 1, 0, 1, 1, 1, rep(1, 18)))
 *   s <- summary(survfit(Surv(day, recovered) ~ 1, data = le2, conf.type = "log-log"), times = c(0, 30, 35))
 *   data.frame(time = s$time, n.risk = s$n.risk, recovered = 1 - s$surv, low = 1 - s$upper, high = 1 - s$lower)
 * (and the same for g1 at times c(0, 30, 60, 90)).
 */
const R = {
  acceptable: [
    { day: 0, atRisk: 24, recovered: 0.08333333333, low: 0.02151696343, high: 0.2939447322 },
    { day: 30, atRisk: 21, recovered: 0.08333333333, low: 0.02151696343, high: 0.2939447322 },
    { day: 35, atRisk: 21, recovered: 0.21428571429, low: 0.09518935989, high: 0.4408957378 },
  ],
  complete: [
    { day: 0, atRisk: 24, recovered: 0, low: 0, high: 0 },
    { day: 30, atRisk: 23, recovered: 0.08695652174, low: 0.0224843301, high: 0.3050524625 },
    { day: 60, atRisk: 21, recovered: 0.08695652174, low: 0.0224843301, high: 0.3050524625 },
    { day: 90, atRisk: 21, recovered: 0.21739130435, low: 0.09679251012, high: 0.4457884933 },
  ],
};

const close = (actual: { day: number; atRisk: number; recovered: number; low: number; high: number }, expected: typeof actual) => {
  expect(actual.day).toBe(expected.day);
  expect(actual.atRisk, `n at risk on day ${expected.day}`).toBe(expected.atRisk);
  expect(actual.recovered).toBeCloseTo(expected.recovered, 9);
  expect(actual.low).toBeCloseTo(expected.low, 9);
  expect(actual.high).toBeCloseTo(expected.high, 9);
};

describe('natural history: Kaplan–Meier time to a recorded recovery', () => {
  it('a patient’s time is the first graded visit at the grade or better on or after onset, else the last graded visit (censored)', () => {
    expect(recoveryTimes(cohort, 2).slice(0, 4)).toEqual([
      { day: 0, recovered: true },
      { day: 0, recovered: true },
      { day: 10, recovered: false },
      { day: 35, recovered: true },
    ]);
    // Grade I: the pre-onset grade I of group D is not a recovery; I–II (1.5) is not grade I.
    expect(recoveryTimes(cohort, 1).slice(3, 7)).toEqual([{ day: 90, recovered: true }, { day: 90, recovered: true }, { day: 90, recovered: true }, { day: 120, recovered: true }]);
  });

  it('grade ≤ II: the hand-worked estimate, R’s log-log interval, the n at risk, and the stop on the last day with ≥ 20 at risk', () => {
    const c = recoveryCurve(cohort, 2);
    expect(MIN_AT_RISK).toBe(20);
    expect(c.patients).toBe(24);
    expect(c.events).toBe(23); // recorded over the whole follow-up, after the stop too
    expect(c.stop).toEqual({ day: 35, atRisk: 21, atRiskAfter: 18 });
    // Hand: 1 − (22/24)(18/21) = 3/14.
    expect(c.final!.recovered).toBeCloseTo(3 / 14, 12);
    // Hand: Greenwood V = 2/(24·22) + 3/(21·18); the log-log bounds S^exp(±z√V/log S).
    const s = 11 / 14, v = 2 / (24 * 22) + 3 / (21 * 18), k = Math.exp((1.959963984540054 * Math.sqrt(v)) / -Math.log(s));
    expect(c.final!.low).toBeCloseTo(1 - s ** (1 / k), 12);
    expect(c.final!.high).toBeCloseTo(1 - s ** k, 12);
    close(c.final!, R.acceptable[2]!);
    expect(c.atDays.map((p) => p.day)).toEqual([0, 30]);
    c.atDays.forEach((p, i) => close(p, R.acceptable[i]!));
    // Drawn up to the stop day and not beyond: the 18 recoveries on day 120 are not on the curve.
    expect(c.steps.map((st) => [st.day, st.atRisk, st.events, st.censored])).toEqual([
      [0, 24, 2, 0],
      [10, 22, 0, 1],
      [35, 21, 3, 0],
    ]);
  });

  it('grade I: a curve that starts at 0 on day 0 (no step there) and stops later, on day 90', () => {
    const c = recoveryCurve(cohort, 1);
    expect(c.stop).toEqual({ day: 90, atRisk: 21, atRiskAfter: 18 });
    expect(c.final!.recovered).toBeCloseTo(5 / 23, 12);
    expect(c.atDays.map((p) => p.day)).toEqual([0, 30, 60, 90]);
    c.atDays.forEach((p, i) => close(p, R.complete[i]!));
    expect(c.steps[0]).toEqual({ day: 0, atRisk: 24, recovered: 0, low: 0, high: 0, events: 0, censored: 0 });
    expect(c.steps[c.steps.length - 1]!.day).toBe(90);
    expect(naturalHistoryCurves(cohort).map((x) => x.endpoint)).toEqual(['acceptable', 'complete']);
  });

  it('stops earlier when one more patient leaves: the stop is where the n at risk would fall below 20', () => {
    // Without one D patient, 17 remain after day 35 and 20 at it; without two, 19 at day 35: the stop moves to day 10.
    const c1 = recoveryCurve(cohort.slice(0, -1), 2);
    expect(c1.stop).toEqual({ day: 35, atRisk: 20, atRiskAfter: 17 });
    const c2 = recoveryCurve(cohort.slice(0, -2), 2);
    expect(c2.stop).toEqual({ day: 10, atRisk: 20, atRiskAfter: 19 });
    expect(c2.steps.every((st) => st.atRisk >= MIN_AT_RISK)).toBe(true);
    expect(c2.final!.recovered).toBeCloseTo(2 / 22, 12);
  });

  it('fewer than 20 patients with a graded visit: no curve, and it says so', () => {
    const c = recoveryCurve(cohort.slice(5, 24), 2);
    expect(c.patients).toBe(19);
    expect(c.stop).toBeNull();
    expect(c.steps).toEqual([]);
    expect(c.atDays).toEqual([]);
    expect(c.final).toBeNull();
  });

  it('the interval is [0, 0] before the first recovery and [1, 1] once every patient at risk has recovered', () => {
    const steps = kaplanMeier([{ day: 5, recovered: false }, { day: 10, recovered: true }, { day: 10, recovered: true }]);
    expect(steps[0]).toMatchObject({ day: 5, recovered: 0, low: 0, high: 0 });
    expect(steps[1]).toMatchObject({ day: 10, atRisk: 2, recovered: 1, low: 1, high: 1 });
  });
});

/**
 * The bundled cohort (271 included patients), by the teaching notebook's own steps. R 4.2.2,
 * survival 3.5.3, on the times `recoveryTimes` gives (written as CSV with columns time, status):
 *   f <- survfit(Surv(time, status) ~ 1, data = read.csv("rows.csv"), conf.type = "log-log")
 *   s <- summary(f, times = c(0, 30, 60, 90, 101))   # grade I: c(0, 30, …, 180, 185)
 *   data.frame(time = s$time, n.risk = s$n.risk, F = 1 - s$surv, lo = 1 - s$upper, hi = 1 - s$lower)
 */
describe('natural history on the bundled cohort', () => {
  it('grade ≤ II stops on day 101 (20 at risk, 19 after) at 91.5% (87.5–94.6%); grade I on day 185 at 74.5% (65.6–82.6%); as R computes them', async () => {
    const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
    const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };
    const nb = findNotebook('teaching')!;
    const keep = new Set(['load-cohort', 'cohort-inclusion', 'natural-history']);
    const state = await runNotebook({ notebook: { ...nb, cells: nb.cells.filter((c) => isComputeCell(c) && keep.has(c.kind)) }, registry, source, env: { host: 'node' } });
    const id = nb.cells.find((c) => isComputeCell(c) && c.kind === 'natural-history')!.id;
    const out = state.cells[id]!.output as NaturalHistoryOutput;
    expect(out.patients).toBe(271);
    const [le2, g1] = out.curves;
    const rows = (c: typeof le2) => [...c!.atDays, c!.final!].map((p) => [p.day, p.atRisk, +p.recovered.toFixed(6), +p.low.toFixed(6), +p.high.toFixed(6)]);
    expect(le2!.stop).toEqual({ day: 101, atRisk: 20, atRiskAfter: 19 });
    expect(rows(le2)).toEqual([
      [0, 271, 0.04059, 0.022686, 0.072096],
      [30, 160, 0.424354, 0.368048, 0.485499],
      [60, 42, 0.831316, 0.781513, 0.875372],
      [90, 20, 0.910705, 0.869838, 0.942862],
      [101, 20, 0.91517, 0.874988, 0.946451],
    ]);
    expect(g1!.stop).toEqual({ day: 185, atRisk: 20, atRiskAfter: 19 });
    expect(rows(g1)).toEqual([
      [0, 271, 0, 0, 0],
      [30, 267, 0.01476, 0.005565, 0.038846],
      [60, 181, 0.132801, 0.095099, 0.183858],
      [90, 111, 0.302942, 0.242974, 0.373673],
      [120, 62, 0.489161, 0.414205, 0.569872],
      [150, 39, 0.58486, 0.503279, 0.668642],
      [180, 21, 0.731362, 0.642737, 0.813341],
      [185, 20, 0.744794, 0.656046, 0.825804],
    ]);
  }, 60_000);
});
