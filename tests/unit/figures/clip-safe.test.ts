import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { visibleSegments, visibleSegmentsBy } from '@/lib/figures/clip-safe';

describe('lines clipped at the frame never hand resvg a path wholly outside its clip', () => {
  it('keeps the points of segments that reach the band, breaks the line elsewhere', () => {
    const rows = [-5, -3, 0.1, 0.2, -4, -6, -7, 0.5].map((y, i) => ({ x: i, y }));
    const kept = visibleSegments(rows, 'y', -1, 1).map((r) => r.y);
    // -5 is not on a visible segment; -3 leads into 0.1; -4 leaves 0.2; -6 is out; -7 leads into 0.5.
    expect(kept).toEqual([NaN, -3, 0.1, 0.2, -4, NaN, -7, 0.5]);
    // A segment crossing the whole band (above to below) keeps both ends.
    expect(visibleSegments([{ y: 5 }, { y: -5 }], 'y', -1, 1).map((r) => r.y)).toEqual([5, -5]);
    // Wholly outside: nothing is drawn.
    expect(visibleSegments([{ y: -5 }, { y: -9 }], 'y', -1, 1).every((r) => Number.isNaN(r.y))).toBe(true);
    expect(visibleSegmentsBy([{ b: 1, y: -5 }, { b: 2, y: 0 }, { b: 1, y: 0 }], 'b', 'y', -1, 1).map((r) => r.y)).toEqual([-5, 0, 0]);
  });

  it('a decision curve where no patient has the event rasterizes to PNG (resvg aborted the process on it before)', () => {
    const script = `
      import { decisionCurves } from './lib/figures/decision-curve';
      import { figureSvgText } from './lib/figures/compose-figure';
      import { nodeDocument, svgToPng } from './cli/render-figure';
      const thresholds = Array.from({ length: 19 }, (_, k) => 0.05 + k * 0.025);
      const points = thresholds.map((t) => ({ threshold: t, model: -1 - t, treatAll: -t / (1 - t), treatNone: 0 }));
      const el = decisionCurves([{ subset: 'No events', points, eventRate: 0 }], { document: nodeDocument(), widthMm: 89 });
      process.stdout.write(String(svgToPng(figureSvgText(el), 96).length));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(Number(r.stdout)).toBeGreaterThan(1000);
  }, 60_000);
});
