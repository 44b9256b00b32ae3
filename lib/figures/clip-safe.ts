/**
 * Lines drawn with `clip: true` whose points lie far outside the y domain (a decision curve's
 * "refer all" at high thresholds, or when no patient has the event) are clipped by the frame in
 * SVG. resvg, which rasterizes the figures to PNG, aborts the whole process (a Rust panic that
 * cannot be caught) on a clipped path lying entirely outside its clip rectangle. So a series keeps
 * only the points of segments that reach the visible band; the others become NaN, which breaks
 * the line (Plot draws nothing for them), and a series wholly outside draws no path at all. What
 * is drawn is unchanged: the kept segments are still clipped at the frame.
 */
export function visibleSegments<T extends object>(rows: readonly T[], key: keyof T & string, lo: number, hi: number): T[] {
  const y = rows.map((r) => r[key] as unknown as number);
  const keep = new Array<boolean>(rows.length).fill(false);
  for (let i = 0; i < rows.length; i++) {
    if (y[i]! >= lo && y[i]! <= hi) keep[i] = true;
    if (i + 1 < rows.length && Math.min(y[i]!, y[i + 1]!) <= hi && Math.max(y[i]!, y[i + 1]!) >= lo) keep[i] = keep[i + 1] = true;
  }
  return rows.map((r, i) => (keep[i] ? r : { ...r, [key]: NaN }));
}

/** `visibleSegments` for each line of a series grouped by `z` (rows of one line consecutive or not). */
export function visibleSegmentsBy<T extends object>(rows: readonly T[], z: keyof T & string, key: keyof T & string, lo: number, hi: number): T[] {
  const groups = new Map<unknown, T[]>();
  for (const r of rows) {
    const g = groups.get(r[z]) ?? [];
    g.push(r);
    groups.set(r[z], g);
  }
  return [...groups.values()].flatMap((g) => visibleSegments(g, key, lo, hi));
}
