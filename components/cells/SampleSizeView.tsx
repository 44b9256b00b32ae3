'use client';
import type { SampleSizeOutput } from '@/lib/cells/sample-size';
import { SUBSETS, subsetLabel } from '@/lib/cells/test-resamples';
import { WarningsView } from './WarningsView';

/** The sample-size verdict per subset (required against available patients), and a read-with-care box when short. */
export function SampleSizeView({ output }: { output: SampleSizeOutput }) {
  if (!output?.all?.verdict) return null;
  return (
    <>
      <p className="cell-desc" data-testid="sample-size-verdict">
        {SUBSETS.map((s) => `${subsetLabel(s)}: ${output[s].verdict.text}.`).join(' ')}
      </p>
      <WarningsView output={output} />
    </>
  );
}
