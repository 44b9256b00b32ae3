'use client';
import type { SvmSplitOutput } from '@/lib/cells/svm-split';

/** Split sizes, and the leakage warning when one patient's windows sit on both sides. */
export function SplitView({ output }: { output: SvmSplitOutput }) {
  const subsets = [
    ['All subjects', output.all],
    ['Persistent subset', output.persistent],
  ] as const;
  const straddling = output.all.straddlingPatients + output.persistent.straddlingPatients;
  return (
    <div data-testid="split-summary">
      <dl className="kv">
        {subsets.map(([label, s]) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd>
              {s.train.length} train / {s.test.length} test windows; {s.straddlingPatients} patients on both sides
              {s.constantFeatures.length > 0 && `; constant (set to 0): ${s.constantFeatures.join(', ')}`}
            </dd>
          </div>
        ))}
      </dl>
      {output.splitMode === 'samples' && straddling > 0 && (
        <p className="banner synthetic" role="note" data-testid="leakage-warning">
          <strong>Leakage:</strong> the paper&apos;s split is over windows, so {output.all.straddlingPatients} patients (all subjects) and{' '}
          {output.persistent.straddlingPatients} (persistent subset) have windows in both the training and the test part. Test
          metrics are then optimistic; set <em>split</em> to <code>grouped</code> to keep each patient on one side.
        </p>
      )}
    </div>
  );
}
