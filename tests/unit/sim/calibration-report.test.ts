import { describe, expect, it } from 'vitest';
import { calibrationReport, calibrationReportToMarkdown, calibrationStability, type CalibrationRow } from '@/lib/sim/calibration-report';

const report = calibrationReport({ seed: 20260101, nPatients: 5000 });
const row = (key: string) => {
  const r = report.rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};

const TABLE1_KEYS = [
  'age-mean', 'age-sd', 'male', 'diabetes', 'hypertension', 'first-visit-mean', 'first-visit-sd', 'delayed',
  'initial-grade-II', 'initial-grade-III', 'initial-grade-IV', 'initial-grade-V', 'initial-grade-mean',
];

describe('calibration report', () => {
  it('calibration: judges sampling rows by their 95% band and tolerance rows by their tolerance', () => {
    for (const r of report.rows) {
      if (r.check === 'sampling' || r.check === 'tolerance') {
        expect(r.verdict, r.key).toBe(Math.abs(r.difference!) <= r.halfWidth! ? 'ok' : 'off');
      }
    }
    expect(row('week5-grade').verdict).toBe('known mismatch');
    expect(row('htn-or').verdict).toBe('info');
  });

  it('calibration: Table 1 quantities of the development set stay near the targets (5,000 patients)', () => {
    // Twice the 95% band: a bias, not one seed's luck (the report's stability table shows the latter).
    for (const key of TABLE1_KEYS) {
      const r = row(key);
      expect(Math.abs(r.difference!), key).toBeLessThanOrEqual(2 * r.halfWidth!);
    }
    expect(row('inclusion-pass').verdict).toBe('ok');
    expect(row('follow-up-mean').verdict).toBe('ok');
  });

  it('calibration: the share not recovered by day 30 is within 10 points of 57%', () => {
    expect(Math.abs(row('not-recovered-day30').simulated! - 56.6)).toBeLessThanOrEqual(10);
  });

  it('calibration: the known week-5 mismatch stays visible', () => {
    expect(row('week5-grade').simulated!).toBeGreaterThan(2.3);
  });

  it('calibration: the markdown has the flow and one line per row', () => {
    const md = calibrationReportToMarkdown(report);
    expect(md).toContain('| quantity | population | n | target | simulated | difference | band (±) | verdict | source | note |');
    expect(md).toContain('| 4. Temporal split by first visit date (cutoff 2024-01-01) |');
    for (const r of report.rows) expect(md).toContain(`| ${r.quantity} |`);
  });

  it('calibration: stability aggregates a quantity over seeds', () => {
    const base: CalibrationRow = {
      key: 'x', quantity: 'X', population: 'p', n: 10, target: 1, source: 's', simulated: 1, difference: 0,
      halfWidth: 0.5, check: 'sampling', verdict: 'ok', unit: 'grade',
    };
    const rows = calibrationStability([[base], [{ ...base, simulated: 2, difference: 1, verdict: 'off' }], [{ ...base, simulated: 3, difference: 2, verdict: 'off' }]]);
    expect(rows).toEqual([expect.objectContaining({ key: 'x', mean: 2, sdAcrossSeeds: 1, okCount: 1, seeds: 3 })]);
  });
});
