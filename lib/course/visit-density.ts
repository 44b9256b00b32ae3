/**
 * Fig. 2 draws one dot per graded visit, which stops being readable (and becomes a file of tens
 * of megabytes) for a large export. Above `MAX_COURSE_DOTS` visits the figure shows their
 * density instead: counts of visits per day bin and grade, a bounded number of cells
 * whatever the number of visits.
 */

/** Above this many graded visits, Fig. 2 shows a density instead of one dot per visit. */
export const MAX_COURSE_DOTS = 20_000;

export interface DensityCell {
  /** Day bin start and end (end exclusive). */
  start: number;
  end: number;
  /** The grade of the row (ranges such as III–IV are their own row at 3.5). */
  grade: number;
  n: number;
}

export interface VisitDensity {
  dayWidth: number;
  /** Graded visits counted (every one shown on the figure's axes). */
  visits: number;
  cells: DensityCell[];
}

/**
 * Counts visits per `dayWidth`-day bin and half grade, for days 0..maxDay.
 *
 * @example
 *   visitDensity([{ day: 1, grade: 3 }, { day: 2, grade: 3 }], { maxDay: 30, dayWidth: 3 }).cells;
 *   // [{ start: 0, end: 3, grade: 3, n: 2 }]
 */
export function visitDensity(points: Iterable<{ day: number; grade: number }>, options: { maxDay: number; dayWidth: number }): VisitDensity {
  const { maxDay, dayWidth } = options;
  const bins = Math.floor(maxDay / dayWidth) + 1;
  // Half grades 1, 1.5, ..., 6: 11 rows.
  const counts = new Float64Array(bins * 11);
  let visits = 0;
  for (const p of points) {
    if (p.day < 0 || p.day > maxDay) continue;
    const row = Math.round((p.grade - 1) * 2);
    if (row < 0 || row > 10) continue;
    counts[Math.floor(p.day / dayWidth) * 11 + row]!++;
    visits++;
  }
  const cells: DensityCell[] = [];
  for (let b = 0; b < bins; b++) {
    for (let row = 0; row < 11; row++) {
      const n = counts[b * 11 + row]!;
      if (n > 0) cells.push({ start: b * dayWidth, end: Math.min((b + 1) * dayWidth, maxDay + 1), grade: 1 + row / 2, n });
    }
  }
  return { dayWidth, visits, cells };
}
