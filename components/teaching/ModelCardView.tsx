'use client';
import type { ModelCardOutput } from '@/lib/cells/model-card';

/** The model card: data, model, validation on held-out patients, limitations, intended use (the calibration plot is the cell's figure). */
export function ModelCardView({ output }: { output: ModelCardOutput }) {
  const d = output.data;
  return (
    <div className="teaching-block model-card" data-testid="model-card">
      <dl className="kv">
        <dt>Data</dt>
        <dd>
          {d.name} (SHA-256 <code className="hash">{d.sha256.slice(0, 12)}…</code>): {d.patients} patients ({d.development} for the fit, {d.heldOut} held out to validate it), visits {d.visitDates[0]} to {d.visitDates[1]}
        </dd>
        <dt>Model</dt>
        <dd>{output.model}</dd>
        <dt>Inputs (known at the last visit by day 30)</dt>
        <dd>
          <ul>
            {output.features.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </dd>
      </dl>
      <h3>Validation on held-out patients</h3>
      <table className="data kv-table" data-testid="model-card-validation">
          <tbody>
            {output.validation.map((v) => (
              <tr key={v.label}>
                <th scope="row">{v.label}</th>
                <td>{v.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      <h3>Known limitations</h3>
      <ul>
        {output.limitations.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      <h3>Intended use</h3>
      <p>{output.intendedUse}</p>
    </div>
  );
}
