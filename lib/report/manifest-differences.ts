/**
 * Where two run manifests differ, number by number: what the page and the CLI are checked
 * with (tests/e2e/paper-notebook.spec.ts, `cli/compare-manifests.ts`).
 *
 * Numbers agree when |a − b| ≤ tolerance × max(1, |b|). The bootstrap CIs of the logistic
 * calibration refit get 1%: they are not continuous in their inputs (a resample near perfect
 * separation is left out as not estimable on one side of a last-bit difference and kept on the
 * other, which moves a percentile by a resample's worth and the count used by one).
 *
 *   manifestDifferences(page, cli, { tolerance: 1e-12 });   // [] when they agree
 */
const DISCONTINUOUS = /\.calibration_(slope|intercept|in_the_large|intercept_joint)\.(ci_low|ci_high|resamples_used)$/;
/**
 * The joint intercept's bounds sit in a steep tail (a resample close to separation has an
 * intercept of several units), so the one resample's worth that moves them reaches a few percent.
 */
const STEEP = /\.calibration_intercept_joint\.(ci_low|ci_high)$/;

/** What describes a run rather than its results: timings, creation time, host, versions, today. */
export const DESCRIBES_THE_RUN = /(^|\.)(ms|total_ms|totalMs|seconds|created_at|createdAt|versions|backend|timings|host)$|^parameters\.data\.today$/;

export interface DifferenceOptions {
  tolerance: number;
  /** Paths left out of the comparison (e.g. DESCRIBES_THE_RUN). */
  ignore?: RegExp;
  /** The path of `a` and `b` themselves, when they are parts of manifests. */
  path?: string;
}

/** Every path where the two differ, with both values. */
export function manifestDifferences(a: unknown, b: unknown, options: DifferenceOptions): string[] {
  const path = options.path ?? '';
  if (options.ignore?.test(path)) return [];
  if (typeof a === 'number' && typeof b === 'number') {
    const tol = STEEP.test(path) ? 5e-2 : DISCONTINUOUS.test(path) ? 1e-2 : options.tolerance;
    return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)) ? [] : [`${path}: ${a} vs ${b}`];
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      manifestDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], { ...options, path: path ? `${path}.${k}` : k }),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`];
}
