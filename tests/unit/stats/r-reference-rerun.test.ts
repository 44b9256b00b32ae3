import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rRef, type RValidation } from './validation-fixtures';

// Re-runs scripts/reference/validation_reference.R (pROC, rms, glm) and compares its answers
// with the committed fixture, so a fixture that no longer matches its script fails here. Needs
// Rscript with r-cran-proc, r-cran-rms and r-cran-jsonlite (CI installs them); skipped where R
// is absent. The slow C-statistic simulation is not re-run (--skip-simulation).
const rscript = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((p) => existsSync(p));

function numbersClose(a: unknown, b: unknown, path: string): void {
  if (typeof b === 'number') {
    expect(typeof a, path).toBe('number');
    // 1e-9 as the fixture tests; val.prob's own lrm.fit stops at a looser criterion that another
    // rms release may change, so its Intercept and Slope are held to 1e-6.
    const tol = /valProb/.test(path) ? 1e-6 : 1e-9;
    expect(Math.abs((a as number) - b), path).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
  } else if (Array.isArray(b)) {
    expect(Array.isArray(a), path).toBe(true);
    expect((a as unknown[]).length, path).toBe(b.length);
    b.forEach((v, i) => numbersClose((a as unknown[])[i], v, `${path}[${i}]`));
  } else if (b && typeof b === 'object') {
    for (const [k, v] of Object.entries(b)) numbersClose((a as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else expect(a, path).toEqual(b);
}

describe.skipIf(!rscript)('R reference script', () => {
  it('reproduces the committed validation_r.json (pROC DeLong, val.prob, glm, lowess)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'validation-r-'));
    try {
      const out = join(dir, 'validation_r.json');
      execFileSync(rscript!, ['scripts/reference/validation_reference.R', '--out', out, '--skip-simulation'], { stdio: 'pipe', timeout: 120_000 });
      const fresh = JSON.parse(readFileSync(out, 'utf8')) as RValidation;
      const committed = rRef();
      numbersClose(fresh.discrimination, committed.discrimination, 'discrimination');
      numbersClose(fresh.calibration, committed.calibration, 'calibration');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
