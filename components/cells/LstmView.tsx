'use client';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { WarningsView } from './WarningsView';

/** How the LSTM's rows were split (patients on both sides, the early-stopping holdout), its seeds, and its warnings. */
export function LstmView({ output }: { output: LstmRegressionOutput }) {
  const s = output.seeds;
  const mae = s.summary.test_mae;
  return (
    <div data-testid="lstm-summary">
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
      <WarningsView output={output} />
    </div>
  );
}
