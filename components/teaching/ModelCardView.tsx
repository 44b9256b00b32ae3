'use client';
import type { ModelCardOutput } from '@/lib/cells/model-card';

/** The model card: data, models, validation figures, limitations, intended use. */
export function ModelCardView({ output }: { output: ModelCardOutput }) {
  const d = output.data;
  return (
    <div className="teaching-block model-card" data-testid="model-card">
      <dl className="kv">
        <dt>Data</dt>
        <dd>
          {d.name} (SHA-256 <code className="hash">{d.sha256.slice(0, 12)}…</code>): {d.patients} included patients ({d.development} development, {d.validation} temporal validation), visits {d.visitDates[0]} to {d.visitDates[1]}
        </dd>
        <dt>Models</dt>
        <dd>
          {output.models.svm}; {output.models.lstm}
        </dd>
        <dt>Splits</dt>
        <dd>
          SVM {output.split.svm}; LSTM {output.split.lstm}
        </dd>
      </dl>
      <h3>Validation</h3>
      <table className="data">
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
