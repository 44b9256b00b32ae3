'use client';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';

/** Split sizes, patients per part and in several folds, and the leakage warning when one patient's windows sit on both sides. */
export function SplitView({ output }: { output: SvmSplitOutput }) {
  const subsets = [
    ['All subjects', output.all],
    ['Persistent subset', output.persistent],
  ] as const;
  const straddling = output.all.straddlingPatients + output.persistent.straddlingPatients;
  const inSeveralFolds = output.all.patientsInSeveralFolds + output.persistent.patientsInSeveralFolds;
  return (
    <div data-testid="split-summary">
      <dl className="kv">
        {subsets.map(([label, s]) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd>
              {s.train.length} train / {s.test.length} test windows ({s.patients.train} / {s.patients.test} patients); {s.straddlingPatients} patients on both sides;{' '}
              {s.patientsInSeveralFolds} in more than one CV fold (folds {s.foldGrouping === 'patients' ? 'grouped by patient' : 'over windows'})
              {s.constantFeatures.length > 0 && `; constant (set to 0): ${s.constantFeatures.join(', ')}`}
            </dd>
          </div>
        ))}
        <dt>Scaling</dt>
        <dd>{output.scaling === 'within-fold' ? 'fitted inside each CV fold (and on the training part for the final model)' : 'fitted once on the whole training part, before CV (the paper)'}</dd>
      </dl>
      {output.splitMode === 'samples' && straddling > 0 && (
        <p className="banner synthetic" role="note" data-testid="leakage-warning">
          <strong>Leakage:</strong> the paper&apos;s split is over windows, so {output.all.straddlingPatients} patients (all subjects) and{' '}
          {output.persistent.straddlingPatients} (persistent subset) have windows in both the training and the test part
          {inSeveralFolds > 0 && `, and ${output.all.patientsInSeveralFolds} (all subjects) and ${output.persistent.patientsInSeveralFolds} (persistent) have windows in more than one CV fold`}. Test
          metrics and the grid&apos;s CV accuracy are then optimistic; set <em>Train/test split</em> to <em>Grouped by patient</em> (<code>split: grouped</code>) to keep each patient on one side and in one fold.
        </p>
      )}
    </div>
  );
}
