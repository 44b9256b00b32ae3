import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import { svmCalibration, type SvmCalibrationOutput } from '@/lib/cells/svm-calibration';
import { testResamples } from '@/lib/cells/test-resamples';
import { percentileInterval } from '@/lib/stats/bootstrap';
import { calibrationStats } from '@/lib/stats/calibration';
import { createRng } from '@/lib/stats/random';
import { cases, rRef } from '../stats/validation-fixtures';

// The calibration cell names its intercept convention and exports both intercepts:
// calibration-in-the-large (offset, slope fixed at 1) and the joint fit's intercept (rms::val.prob
// "Intercept"), each against the committed R fixture (scripts/reference/validation_reference.R:
// glm with an offset, glm joint, val.prob) and, where Rscript is installed, against R run now.
const data = cases();
const r = rRef();
const params = { resamples: 200, groups: 10, ciMethod: 'samples' as const };

async function runCell(all: { y: number[]; p: number[] }, persistent: { y: number[]; p: number[] }, seed = 11) {
  const ev = (c: { y: number[]; p: number[] }) => ({ predictions: { actual: c.y }, scores: { probability: c.p } });
  const inputs = { evaluation: { all: ev(all), persistent: ev(persistent) } as unknown as ClassificationEvalOutput };
  const gen = svmCalibration.run(inputs, params, { rng: createRng(seed) } as never);
  let step = await gen.next();
  while (!step.done) step = await gen.next();
  return step.value as SvmCalibrationOutput;
}

type Ci = { value: number; ci_low: number; ci_high: number };
type Test = Record<string, Ci | string>;

describe('svm-calibration: calibration-in-the-large and the joint intercept', () => {
  it('exports both, named, with the old key kept equal to calibration-in-the-large; both equal R (glm offset; glm joint, val.prob)', async () => {
    const out = await runCell(data.probabilities.platt, data.probabilities.miscalibrated);
    const h = svmCalibration.headline!(out, params) as { svm: Record<'all' | 'persistent', { test: Test }> };
    for (const [subset, name] of [['all', 'platt'], ['persistent', 'miscalibrated']] as const) {
      const t = h.svm[subset].test;
      const citl = t.calibration_in_the_large as Ci, joint = t.calibration_intercept_joint as Ci;
      expect(t.calibration_intercept).toEqual(citl);
      expect(String(t.calibration_intercept_convention)).toMatch(/slope fixed at 1/);
      expect(Math.abs(citl.value - r.calibration[name].intercept)).toBeLessThan(1e-9);
      expect(Math.abs(joint.value - r.calibration[name].recalibrationIntercept)).toBeLessThan(1e-9);
      expect(Math.abs(joint.value - r.calibration[name].valProbIntercept)).toBeLessThan(1e-6);
      expect(Math.abs((t.calibration_slope as Ci).value - r.calibration[name].slope)).toBeLessThan(1e-9);
    }
    // The two conventions differ when the slope is not 1 (the miscalibrated case).
    expect(Math.abs((h.svm.persistent.test.calibration_in_the_large as Ci).value - (h.svm.persistent.test.calibration_intercept_joint as Ci).value)).toBeGreaterThan(1e-3);
  });

  it('draws both CIs from the same resamples as every other statistic', async () => {
    const c = data.probabilities.platt;
    const out = await runCell(c, c, 23);
    const sets = testResamples(c.y.length, params.resamples, createRng(23).fork('bootstrap:all'));
    const reps = sets.map((rows) => calibrationStats(Array.from(rows, (i) => c.y[i]!), Array.from(rows, (i) => c.p[i]!)));
    for (const [key, pick] of [['intercept', (x: (typeof reps)[number]) => x.intercept], ['intercept_joint', (x: (typeof reps)[number]) => x.recalibrationIntercept]] as const) {
      const finite = reps.map(pick).filter(Number.isFinite);
      const [lo, hi] = percentileInterval(finite);
      const s = out.all.stats[key];
      expect(s.resamples_used).toBe(finite.length);
      expect(s.ci_low).toBe(lo);
      expect(s.ci_high).toBe(hi);
    }
  });

  it('names the convention in the figure caption and the table', async () => {
    const out = await runCell(data.probabilities.platt, data.probabilities.miscalibrated);
    const arts = svmCalibration.artifacts!(out, params, {} as never);
    const fig = arts.find((a) => a.type === 'figure')!;
    expect(fig.caption).toMatch(/slope fixed at 1/);
    expect(fig.caption).toMatch(/joint intercept/);
    expect(fig.caption).toContain(out.persistent.stats.intercept_joint.value.toFixed(3));
    const table = arts.find((a) => a.type === 'table' && a.name === 'svm_calibration');
    if (!table || table.type !== 'table') throw new Error('no svm_calibration table');
    expect(table.csv).toMatch(/Calibration-in-the-large/);
    expect(table.csv).toMatch(/val\.prob Intercept/);
  });
});

const rscript = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((p) => existsSync(p));

describe.skipIf(!rscript)('svm-calibration intercepts against R run now', () => {
  it('glm offset (calibration-in-the-large) and rms::val.prob Intercept equal the cell to 1e-6', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cal-int-'));
    try {
      const c = data.probabilities.miscalibrated;
      const csv = join(dir, 'cases.csv'), out = join(dir, 'out.txt');
      writeFileSync(csv, `y,p\n${c.y.map((y, i) => `${y},${c.p[i]!.toPrecision(17)}`).join('\n')}\n`);
      const code = [
        `d <- read.csv('${csv}')`,
        'lp <- qlogis(d$p)',
        'citl <- coef(glm(d$y ~ 1 + offset(lp), family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100)))[1]',
        'joint <- coef(glm(d$y ~ lp, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100)))[1]',
        "vp <- if (requireNamespace('rms', quietly = TRUE)) unname(rms::val.prob(d$p, d$y, pl = FALSE)['Intercept']) else NA",
        `writeLines(format(c(citl, joint, vp), digits = 17), '${out}')`,
      ].join('; ');
      execFileSync(rscript!, ['-e', code], { stdio: 'pipe', timeout: 60_000 });
      const [citl, joint, vp] = readFileSync(out, 'utf8').trim().split('\n').map(Number);
      const cell = await runCell(c, c);
      expect(Math.abs(cell.all.stats.intercept.value - citl!)).toBeLessThan(1e-9);
      expect(Math.abs(cell.all.stats.intercept_joint.value - joint!)).toBeLessThan(1e-9);
      if (Number.isFinite(vp)) expect(Math.abs(cell.all.stats.intercept_joint.value - vp!)).toBeLessThan(1e-6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
