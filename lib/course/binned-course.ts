import { mean, sd } from '../stats/descriptive';
import { studentTCdf } from '../stats/student-t';
import type { CourseBin } from '../figures/clinical-course';

/** Bin edges (days since onset): 3-day bins to day 30, weekly to day 100, then 30-day bins (PIPELINE step 2). */
export function defaultCourseBins(maxDay: number, edges = { fine: 3, fineUntil: 30, weekUntil: 100, coarse: 30 }): number[] {
  const out: number[] = [];
  for (let d = 0; d < edges.fineUntil; d += edges.fine) out.push(d);
  for (let d = edges.fineUntil; d < edges.weekUntil; d += 7) out.push(d);
  for (let d = out.length ? Math.max(edges.weekUntil, out[out.length - 1]! + 7) : edges.weekUntil; d < maxDay; d += edges.coarse) out.push(d);
  out.push(maxDay + 1);
  return out;
}

/** Two-sided t quantile (e.g. 0.975 for a 95% interval) by bisection on the t CDF. */
export function tQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Mean grade per time bin with a 95% t-interval (bins with one visit get no interval width).
 *
 * @example
 *   binnedCourse([{ day: 1, grade: 3 }, { day: 2, grade: 4 }], [0, 3, 31])
 */
export function binnedCourse(points: readonly { day: number; grade: number }[], edges: readonly number[]): CourseBin[] {
  const bins: CourseBin[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i]!;
    const end = edges[i + 1]!;
    const grades = points.filter((p) => p.day >= start && p.day < end).map((p) => p.grade);
    if (grades.length === 0) {
      bins.push({ start, end, n: 0, mean: NaN, ciLow: NaN, ciHigh: NaN });
      continue;
    }
    const m = mean(grades);
    const half = grades.length > 1 ? tQuantile(0.975, grades.length - 1) * (sd(grades) / Math.sqrt(grades.length)) : 0;
    bins.push({ start, end, n: grades.length, mean: m, ciLow: m - half, ciHigh: m + half });
  }
  return bins;
}
