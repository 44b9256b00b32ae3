'use client';
import type { LeakageAuditOutput } from '@/lib/cells/leakage-audit';

/** The audit's plain-language summary and what each condition ran with (the table and figure come from its artifacts). */
export function AuditView({ output }: { output: LeakageAuditOutput }) {
  return (
    <div data-testid="audit-summary">
      <p className="banner synthetic" role="note" data-testid="audit-sentence">
        <strong>What changes:</strong> {output.sentence}
      </p>
      <dl className="kv">
        {output.conditions.map((c) => (
          <div key={`${c.split}|${c.features}`} style={{ display: 'contents' }}>
            <dt>SVM, {c.split} split</dt>
            <dd>
              features {c.features}; selected C = {c.C}, γ = {+c.gamma.toPrecision(3)}
            </dd>
          </div>
        ))}
        {output.lstm.map((l, i) => (
          <div key={i} style={{ display: 'contents' }}>
            <dt>LSTM {l.model}</dt>
            <dd>
              {l.seeds} seed{l.seeds === 1 ? '' : 's'}; early-stopping holdout over {l.holdout}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
