import * as Plot from '@observablehq/plot';
import { COLUMN_WIDTH, baseStyle, palette, romanGrade } from './theme';

export interface CoursePanel {
  patientId: string;
  presentDay: number;
  points: { day: number; predicted: number }[];
  actual: { day: number; grade: number }[];
}

/**
 * Fig. 6: the predicted recovery course of each validation patient, from the day of its last
 * window to day 300 (line), with the patient's actual late grades (dots). Small multiples.
 */
export function recoveryCourse(panels: CoursePanel[], options: { document?: Document; width?: number; columns?: number } = {}) {
  const width = options.width ?? COLUMN_WIDTH.double;
  const columns = options.columns ?? Math.min(4, Math.max(1, panels.length));
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const position = new Map(panels.map((p, i) => [p.patientId, { fx: i % columns, fy: Math.floor(i / columns) }]));
  const lines = panels.flatMap((p) => p.points.map((pt) => ({ ...pt, ...position.get(p.patientId)! })));
  const dots = panels.flatMap((p) => p.actual.map((a) => ({ ...a, ...position.get(p.patientId)! })));
  const labels = panels.map((p) => ({ label: p.patientId, ...position.get(p.patientId)! }));
  const maxDay = Math.max(300, ...panels.flatMap((p) => p.points.map((d) => d.day)));
  return Plot.plot({
    document: options.document,
    width,
    height: 34 + rows * Math.round((width / columns) * 0.72),
    marginLeft: 44,
    marginBottom: 40,
    marginTop: 8,
    marginRight: 8,
    style: baseStyle,
    ariaLabel: 'Predicted recovery course of each validation patient',
    fx: { axis: null, padding: 0.12 },
    fy: { axis: null, padding: 0.18 },
    x: { domain: [0, maxDay], ticks: [0, 100, 200, 300], label: 'Days since onset', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: [0.6, 6.4], ticks: [1, 2, 3, 4, 5, 6], tickFormat: romanGrade, label: 'House–Brackmann grade', labelAnchor: 'center', labelArrow: 'none', grid: true },
    marks: [
      Plot.frame({ stroke: palette.grid }),
      Plot.line(lines, { x: 'day', y: 'predicted', fx: 'fx', fy: 'fy', stroke: palette.primary, strokeWidth: 1.6, clip: true }),
      Plot.dot(dots, { x: 'day', y: 'grade', fx: 'fx', fy: 'fy', r: 3.2, fill: palette.secondary }),
      Plot.text(labels, { text: 'label', fx: 'fx', fy: 'fy', frameAnchor: 'top-right', dx: -4, dy: 4, fontSize: 9.5, fill: palette.muted }),
    ],
  });
}
