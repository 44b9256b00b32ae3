import * as Plot from '@observablehq/plot';
import { stackSvgs } from './compose-figure';
import { legendSvg } from './legend';
import { FONT, STROKE, baseStyle, clampGrade, figureWidthPx, palette, romanGrade, textWidth, type FigureOptions, documentOf } from './theme';

export interface CoursePanel {
  /**
   * The panel's label: a study pseudonym ("P7", lib/data/pseudonyms.ts) for publication, the
   * file's patient id only where the user asked for it.
   */
  label: string;
  presentDay: number;
  points: { day: number; predicted: number }[];
  actual: { day: number; grade: number }[];
  /** The graded visits of the window the prediction starts from (absent in older results). */
  early?: { day: number; grade: number }[];
}

/**
 * Fig. 6: the predicted recovery course of each validation patient, from the present visit of
 * its last window to the course's end (line), with the window's early visits (grey squares)
 * and the patient's actual later grades (dots). Small multiples, 2–4 per row by width.
 * Predictions beyond I–VI are drawn at the limit and counted in the legend. Each panel shows
 * its `label` only: the caller decides how a patient is named.
 */
export function recoveryCourse(panels: CoursePanel[], options: FigureOptions & { columns?: number } = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const columns = options.columns ?? Math.min(width < 400 ? 2 : width < 560 ? 3 : 4, Math.max(1, panels.length));
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const marginLeft = 40;
  const panelW = (width - marginLeft - 8) / columns;
  const maxDay = Math.max(300, ...panels.flatMap((p) => p.points.map((d) => d.day)));
  const ticks = [0, 100, 200, 300].filter((t) => t <= maxDay);
  // Room between panels for the end tick labels of neighbours ("300" next to "0").
  const padding = Math.min(0.4, Math.max(0.12, (textWidth(String(ticks[ticks.length - 1]), FONT.tick) + 10) / panelW));
  const position = panels.map((_, i) => ({ fx: i % columns, fy: Math.floor(i / columns) }));
  let outside = 0;
  let predictions = 0;
  const lines = panels.flatMap((p, i) =>
    p.points.map((pt) => {
      predictions++;
      if (pt.predicted < 1 || pt.predicted > 6) outside++;
      return { day: pt.day, predicted: clampGrade(pt.predicted), ...position[i]! };
    }),
  );
  const dots = panels.flatMap((p, i) => p.actual.map((a) => ({ ...a, ...position[i]! })));
  const early = panels.flatMap((p, i) => (p.early ?? []).filter((e) => e.day >= 0).map((e) => ({ ...e, ...position[i]! })));
  const labels = panels.map((p, i) => ({ label: p.label, ...position[i]! }));
  const height = 34 + rows * Math.round(Math.max(90, panelW * 0.72));
  // The axis title runs along the plot's height: a single short row gets the short form.
  const yLabel = height - 36 >= textWidth('House–Brackmann grade', FONT.tick) + 8 ? 'House–Brackmann grade' : 'H–B grade';
  const plot = Plot.plot({
    document,
    width,
    height,
    marginLeft,
    marginBottom: 32,
    marginTop: 4,
    marginRight: 8,
    style: baseStyle,
    ariaLabel: 'Predicted recovery course of each validation patient',
    fx: { axis: null, padding },
    fy: { axis: null, padding: 0.2 },
    x: { domain: [0, maxDay], ticks, label: 'Days since onset', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: [0.6, 6.4], ticks: [1, 2, 3, 4, 5, 6], tickFormat: romanGrade, label: yLabel, labelAnchor: 'center', labelArrow: 'none', grid: true },
    marks: [
      Plot.frame({ stroke: palette.grid, strokeWidth: STROKE.hair }),
      Plot.line(lines, { x: 'day', y: 'predicted', fx: 'fx', fy: 'fy', stroke: palette.primary, strokeWidth: STROKE.line }),
      Plot.dot(early, { x: 'day', y: 'grade', fx: 'fx', fy: 'fy', r: 2.4, symbol: 'square', fill: palette.muted }),
      Plot.dot(dots, { x: 'day', y: 'grade', fx: 'fx', fy: 'fy', r: 2.4, fill: palette.accent }),
      Plot.text(labels, { text: 'label', fx: 'fx', fy: 'fy', frameAnchor: 'top-right', dx: -3, dy: 3, fontSize: FONT.note, fill: palette.ink }),
    ],
  });
  const legend = legendSvg(
    document,
    [
      ...(early.length ? [{ kind: 'square' as const, color: palette.muted, label: 'Early visit (window)' }] : []),
      { kind: 'line', color: palette.primary, label: 'Predicted course' },
      { kind: 'dot', color: palette.accent, label: 'Actual later grade' },
      ...(outside > 0 ? [{ kind: 'text' as const, color: palette.ink, label: `${outside} of ${predictions} predicted points beyond I–VI drawn at the limit` }] : []),
    ],
    width,
  );
  return stackSvgs(document, [legend, plot as unknown as Element], 2);
}
