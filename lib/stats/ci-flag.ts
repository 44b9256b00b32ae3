/**
 * Percentile bootstrap CIs that exclude their own point estimate. With a small, skewed test part
 * the bootstrap distribution of a statistic can sit wholly on one side of the estimate (a
 * maximum such as Emax, a share near 0 or 1, a patient bootstrap where a few patients carry the
 * events): the percentile interval then does not contain the number it is an interval for. That
 * says the estimate is unstable, not that it is wrong; the cells flag it (manifest
 * `ci_excludes_estimate: true`, a note in the caption or table) rather than hide it.
 *
 * @example
 *   ciExcludesEstimate(0.30, 0.05, 0.21);   // true
 *   ciExcludesEstimate(0.10, 0.05, 0.21);   // false
 */

/** The words a caption or table uses for a flagged interval. */
export const CI_EXCLUDES_ESTIMATE_NOTE = 'the bootstrap interval excludes the estimate: the estimate is unstable; read with care';

/**
 * True when all three are finite and the estimate lies outside [low, high] (beyond a relative
 * 1e-12, so an estimate equal to a bound in floating point is not flagged). Missing values
 * (NaN) are never flagged: there is nothing to compare.
 */
export function ciExcludesEstimate(estimate: number, low: number, high: number): boolean {
  if (!(Number.isFinite(estimate) && Number.isFinite(low) && Number.isFinite(high))) return false;
  const tol = 1e-12 * Math.max(1, Math.abs(estimate));
  return estimate < Math.min(low, high) - tol || estimate > Math.max(low, high) + tol;
}

/**
 * A sentence for a caption naming the flagged statistics, or '' when none is: "Note: for AUC
 * (all subjects), the bootstrap interval excludes the estimate: …".
 */
export function ciExcludesEstimateSentence(flagged: readonly string[]): string {
  return flagged.length ? ` Note: for ${flagged.join('; ')}, ${CI_EXCLUDES_ESTIMATE_NOTE}.` : '';
}
