'use client';
import { labelFigure } from './figure-accessibility';
import { useEffect, useRef, useState } from 'react';
import { gridHeatmap, type HeatmapCell } from '@/lib/figures/grid-heatmap';
import { trainingCurves, type CurvePoint } from '@/lib/figures/training-curves';
import type { Progress } from '@/lib/notebook/define-cell';
import { formatDuration, fractionSecondsLeft, modelSecondsLeft, trackEpoch, type EarlyStopping, type EpochTrack } from './time-left';

type GridMetrics = { subset: string; cells: HeatmapCell[] };
type EpochMetrics = { epoch: number; loss: number; valLoss: number; lr: number };

const isGrid = (m: Record<string, unknown> | undefined): m is GridMetrics => Array.isArray(m?.cells);
const isEpoch = (m: Record<string, unknown> | undefined): m is EpochMetrics => typeof m?.epoch === 'number';

/**
 * A training run's time left: until early stopping ends it if the validation loss stops
 * improving (patience epochs after its best), and at most until the epoch limit.
 */
function trainingEta(epochs: EpochMetrics[], stop: EarlyStopping, elapsedSeconds: number): string {
  const track = epochs.reduce<EpochTrack | undefined>((t, e) => trackEpoch(t, e.epoch, e.valLoss, stop.minDelta), undefined);
  if (!track || track.epoch === 0) return '';
  const left = modelSecondsLeft(track, stop, elapsedSeconds / track.epoch);
  if (left.likely >= left.atMost) return `${formatDuration(left.atMost)} left (epoch ${track.epoch} of ${stop.maxEpochs})`;
  return `${formatDuration(left.likely)} left if it stops early (best epoch ${track.bestEpoch}, patience ${stop.patience}); at most ${formatDuration(left.atMost).replace(/^about /, '')}`;
}

/**
 * A running cell's progress: bar, message, time left (from the pace so far), and live metrics
 * as they arrive — the grid heat map filling in, the loss curves growing epoch by epoch.
 */
export function LiveProgress({ runId, progress, earlyStopping }: { runId: number | undefined; progress: Progress | undefined; earlyStopping?: EarlyStopping }) {
  const [history, setHistory] = useState<{ runId?: number; started: number; items: Record<string, unknown>[] }>({ started: Date.now(), items: [] });
  if (history.runId !== runId) setHistory({ runId, started: Date.now(), items: [] });
  const last = useRef<Progress | undefined>(undefined);
  useEffect(() => {
    if (!progress || progress === last.current) return;
    last.current = progress;
    const m = progress.metrics;
    if (m) setHistory((h) => ({ ...h, items: [...h.items, m] }));
  }, [progress]);

  const fraction = progress?.fraction ?? 0;
  const elapsed = (Date.now() - history.started) / 1000;
  const figureRef = useRef<HTMLDivElement>(null);
  const grid = history.items.filter(isGrid);
  const epochs = history.items.filter(isEpoch);
  const byFraction = fractionSecondsLeft(fraction, elapsed);
  const eta = earlyStopping && epochs.length > 0 && fraction < 0.93 ? trainingEta(epochs, earlyStopping, elapsed) : byFraction !== undefined ? `${formatDuration(byFraction)} left` : '';
  const latest = useRef({ grid, epochs });
  latest.current = { grid, epochs };
  const lastDraw = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    // Redraw when a new slice or epoch arrived, at most once a second: two models training at
    // once send ~10 epochs a second, and drawing each would take CPU from the workers.
    const draw = () => {
      pending.current = undefined;
      lastDraw.current = Date.now();
      const host = figureRef.current;
      if (!host) return;
      const { grid, epochs } = latest.current;
      if (grid.length) {
        const bySubset = new Map<string, HeatmapCell[]>();
        for (const g of grid) bySubset.set(g.subset, [...(bySubset.get(g.subset) ?? []), ...g.cells]);
        const panels = [...bySubset].map(([subset, cells]) => {
          const best = cells.reduce((a, b) => (b.mean > a.mean ? b : a));
          return { subset, cells, best };
        });
        const el = gridHeatmap(panels, { document, widthMm: 150 }) as unknown as Element;
        labelFigure(el, 'Grid search so far: cross-validated accuracy for each C and γ tried');
        host.replaceChildren(el);
      } else if (epochs.length > 1) {
        const points: CurvePoint[] = epochs.flatMap((e) => [
          { model: 'this run', epoch: e.epoch, series: 'training' as const, loss: e.loss },
          { model: 'this run', epoch: e.epoch, series: 'validation' as const, loss: e.valLoss },
        ]);
        const el = trainingCurves(points, { document, widthMm: 111 }) as unknown as Element;
        labelFigure(el, `Training so far: training and validation loss over ${epochs.length} epochs`);
        host.replaceChildren(el);
      }
    };
    if (grid.length === 0 && epochs.length < 2) return;
    const wait = 1000 - (Date.now() - lastDraw.current);
    if (wait <= 0) draw();
    else pending.current ??= setTimeout(draw, wait);
  }, [grid.length, epochs.length]);
  useEffect(() => () => clearTimeout(pending.current), []);

  return (
    <div role="status" aria-live="polite" className="live-progress">
      <div className="progress" aria-hidden="true">
        <span style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
      <span className="cell-meta">
        {progress?.message ?? 'running…'} {eta && `· ${eta}`}
      </span>
      <div className="live-figure" ref={figureRef} data-testid="live-figure" />
    </div>
  );
}
