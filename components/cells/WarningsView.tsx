'use client';
import { collectWarnings } from '@/lib/validation/warnings';

/** The validation warnings of a cell's output (grid edge, small classes, wide CIs, ...), if any. */
export function WarningsView({ output }: { output: unknown }) {
  const warnings = collectWarnings(output);
  if (warnings.length === 0) return null;
  return (
    <div className="banner synthetic" role="note" data-testid="validation-warnings">
      <strong>Read with care:</strong>
      <ul>
        {warnings.map((w) => (
          <li key={w.message} data-code={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
