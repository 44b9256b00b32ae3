'use client';
import { useMemo } from 'react';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { gradeGroups, predictedByGrade } from '@/lib/figures/predicted-by-grade';
import { mmToPx } from '@/lib/figures/theme';
import { trainingCurves, type CurvePoint } from '@/lib/figures/training-curves';
import type { Artifact } from '@/lib/notebook/define-cell';
import { FigureView } from '@/components/notebook/ArtifactView';
import { WarningsView } from './WarningsView';

type FigureArtifact = Extract<Artifact, { type: 'figure' }>;
type TableArtifact = Extract<Artifact, { type: 'table' }>;

/**
 * The LSTM cell's raw tables (every prediction, the predicted courses, the training history:
 * CSV only, for re-analysis) go behind a "Tables" disclosure; the metrics table, written for
 * reading (Markdown, LaTeX), stays in view. CellFrame asks this of the cell's tables.
 */
export function isLstmRawTable(table: TableArtifact): boolean {
  return table.markdown === undefined && table.latex === undefined;
}

/** The figures of one LSTM cell, drawn from its output: the test-part predictions first, then the loss curves. */
function lstmFigures(output: LstmRegressionOutput): FigureArtifact[] {
  const prefix = `lstm_${output.subset}_${output.model}`;
  const label = `${output.subset === 'all' ? 'All subjects' : 'Persistent subset'}, ${output.model}`;
  const seed = output.seeds.n > 1 ? ', seed 1' : '';
  const figures: FigureArtifact[] = [];
  const predictions = output.testPredictions;
  if (predictions.length > 0) {
    const groups = gradeGroups(predictions);
    const outside = groups.reduce((s, g) => s + (g.outOfRange ?? 0), 0);
    figures.push({
      type: 'figure',
      name: `${prefix}_predicted_by_grade`,
      widthMm: 89,
      widthPx: Math.round(mmToPx(89)),
      caption: `Predicted against actual grade at the outcome visit on the test part (${label}${seed}; ${predictions.length} samples): mean prediction ± 1 SD per actual grade, predictions more than 2 SD from their group mean, and the number of samples per grade.${outside ? ` ${outside} predictions beyond I–VI are drawn at the limit.` : ''}`,
      render: (document, o) => predictedByGrade(groups, { document, ...o, title: label }) as unknown as Element,
    });
  }
  const history = output.training.history;
  if (history.length > 0) {
    const points: CurvePoint[] = history.flatMap((h) => [
      { model: label, epoch: h.epoch, series: 'training' as const, loss: h.loss },
      { model: label, epoch: h.epoch, series: 'validation' as const, loss: h.valLoss },
    ]);
    const t = output.training;
    figures.push({
      type: 'figure',
      name: `${prefix}_loss_curves`,
      widthMm: 111,
      widthPx: Math.round(mmToPx(111)),
      caption: `Training and validation loss (MSE) per epoch (${label}${seed}): ${t.epochsRun} epochs${t.stoppedEarly ? ', stopped early' : ''}; the model keeps the weights of epoch ${t.bestEpoch} (validation loss ${Number.isFinite(t.bestValLoss) ? t.bestValLoss.toFixed(4) : 'n/a'}).`,
      render: (document, o) => trainingCurves(points, { document, ...o }) as unknown as Element,
    });
  }
  return figures;
}

/**
 * One LSTM cell's result: its warnings, its figures (the test-part predictions by actual grade,
 * then the training and validation loss), then how its rows were split (patients on both sides,
 * the early-stopping holdout) and its seeds. The metrics table follows (CellFrame), the raw
 * tables behind "Tables".
 */
export function LstmView({ output }: { output: LstmRegressionOutput }) {
  const s = output.seeds;
  const mae = s.summary.test_mae;
  const figures = useMemo(() => lstmFigures(output), [output]);
  return (
    <div data-testid="lstm-summary">
      <WarningsView output={output} />
      {figures.length > 0 && (
        <div className="lstm-figures">
          {figures.map((f) => (
            <FigureView key={f.name} artifact={f} />
          ))}
        </div>
      )}
      <dl className="kv">
        <dt>Split</dt>
        <dd>
          {output.split.train} train / {output.split.test} test samples, {output.split.mode === 'grouped' ? 'by patient' : 'over samples'}; {output.split.straddlingPatients} patients on both sides
        </dd>
        <dt>Early stopping</dt>
        <dd>
          holdout drawn over {output.holdout.grouping}; {output.holdout.straddlingPatients} patients both fitted and held out
        </dd>
        <dt>Validation rows</dt>
        <dd>{output.validationScope}</dd>
        {s.n > 1 && mae && (
          <>
            <dt>Seeds</dt>
            <dd data-testid="lstm-seeds">
              {s.n} seeds: test MAE {mae.mean.toFixed(3)} ± {mae.sd.toFixed(3)} (range {mae.min.toFixed(3)}–{mae.max.toFixed(3)}); tables and figures show seed 1
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
