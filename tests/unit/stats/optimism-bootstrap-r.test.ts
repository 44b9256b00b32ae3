/**
 * Harrell's optimism correction (lib/stats/optimism-bootstrap.ts) against R: glm in a loop on the
 * same fixed patient-level bootstrap indices (scripts/reference/optimism_reference.R, base R +
 * jsonlite) on tests/fixtures/reference/optimism_inputs.json, written by
 * scripts/reference/make-optimism-inputs.ts (regenerated here: a change in the generator shows).
 * The committed optimism_r.json is always compared; where Rscript exists the script is re-run and
 * its fresh answer compared too, so the committed file cannot drift from its script.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitLogisticWithFallback, harrellOptimism, logisticReplicates, performanceOf, replicatePerformances, OPTIMISM_MEASURES, type OptimismMeasure } from '@/lib/stats/optimism-bootstrap';
import { predictLogisticRegression } from '@/lib/stats/logistic-regression';
import { optimismFixtureJson, type OptimismFixture } from '@/scripts/reference/make-optimism-inputs';

const rscript = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((p) => existsSync(p));
const inputText = readFileSync('tests/fixtures/reference/optimism_inputs.json', 'utf8');
const input = JSON.parse(inputText) as OptimismFixture;

type RKey = 'auc' | 'brier' | 'citl' | 'intercept_joint' | 'slope';
interface ROptimism {
  n: number;
  replicates: number;
  coefficients: number[];
  apparent: Record<RKey, number>;
  optimism: Record<RKey, number>;
  corrected: Record<RKey, number>;
  boot: Record<RKey, number[]>;
  test: Record<RKey, number[]>;
}
const rKey: Record<OptimismMeasure, RKey> = { auc: 'auc', brier: 'brier', citl: 'citl', interceptJoint: 'intercept_joint', slope: 'slope' };

function ours() {
  const options = { separation: 'not-estimable' as const, ridgePenalty: 0.1 };
  const fit = fitLogisticWithFallback(input.X, input.y, options)!;
  const apparent = performanceOf(input.y, predictLogisticRegression(fit, input.X));
  const reps = logisticReplicates(input.X, input.y, input.indices, options);
  const perf = replicatePerformances(input.y, input.indices, reps);
  return { fit, reps, perf, result: harrellOptimism(apparent, perf) };
}

function expectAgree(r: ROptimism) {
  const { fit, perf, result } = ours();
  expect(result.replicates).toBe(r.replicates);
  expect(result.failed).toBe(0);
  fit.coefficients.forEach((c, j) => expect(c).toBeCloseTo(r.coefficients[j]!, 6));
  for (const m of OPTIMISM_MEASURES) {
    const k = rKey[m];
    expect(Math.abs(result[m].apparent - r.apparent[k]), `${m} apparent`).toBeLessThan(1e-6);
    expect(Math.abs(result[m].optimism - r.optimism[k]), `${m} optimism`).toBeLessThan(1e-6);
    expect(Math.abs(result[m].corrected - r.corrected[k]), `${m} corrected`).toBeLessThan(1e-6);
    expect(result[m].used).toBe(r.replicates);
    perf.forEach((p, b) => {
      expect(Math.abs(p!.boot[m] - r.boot[k][b]!), `${m} boot ${b}`).toBeLessThan(1e-6);
      expect(Math.abs(p!.test[m] - r.test[k][b]!), `${m} test ${b}`).toBeLessThan(1e-6);
    });
  }
}

describe('bootstrap optimism of logistic regression vs R (glm in a loop, fixed indices)', () => {
  it('the committed input is what the generator writes', () => {
    expect(optimismFixtureJson()).toBe(inputText);
  });

  it('agrees with the committed R output to 1e-6 (apparent, optimism, corrected and every replicate)', () => {
    expectAgree(JSON.parse(readFileSync('tests/fixtures/reference/optimism_r.json', 'utf8')) as ROptimism);
  });

  it.runIf(!!rscript)('agrees with a fresh run of the R script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'optimism-r-'));
    try {
      const out = join(dir, 'optimism_r.json');
      execFileSync(rscript!, ['scripts/reference/optimism_reference.R', '--out', out], { stdio: 'pipe', timeout: 60_000 });
      expectAgree(JSON.parse(readFileSync(out, 'utf8')) as ROptimism);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
