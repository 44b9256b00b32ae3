'use client';
import type { LoadedCohort } from '@/lib/cells/load-cohort';

/** Counts with thousands separators: a million rows reads as 1,000,000. */
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Rows the file gives that are not in the cohort: rejected for a value of their own, and rows of
 * patients rejected as a whole. The ingest counts them apart (rowsRead = accepted + both), and
 * the rejected-rows download lists every one of them.
 */
export function rowsNotUsed(output: LoadedCohort): number {
  return output.counts.rowsRejected + output.counts.rowsOfRejectedPatients;
}

/**
 * A problem's column as the user knows it: the header of their file ("H-B grade"), with our
 * field name after it when they differ; a column not mapped (or a whole-file problem) as it is.
 */
export function columnAsInFile(output: Pick<LoadedCohort, 'mapping'>, column: string): { header: string; field?: string } {
  const mapping = (output.mapping ?? {}) as Record<string, unknown>;
  // Own keys only: a problem's column could be any text ("__proto__" must not reach Object.prototype).
  const header = Object.hasOwn(mapping, column) ? mapping[column] : undefined;
  return typeof header === 'string' && header !== column ? { header, field: column } : { header: column };
}

/** The validation report of a loaded file: counts that add up, how it was read, the first problems. */
export function LoadCohortView({ output }: { output: LoadedCohort }) {
  const c = output.counts;
  const problems = output.problems.filter((p) => p.scope !== 'warning');
  const notUsed = rowsNotUsed(output);
  return (
    <div className="validation-report" data-testid="validation-report">
      <dl className="kv">
        <dt>File</dt>
        <dd>{output.fileName}</dd>
        <dt>Rows read</dt>
        <dd data-testid="rows-read">{count(c.rowsRead)}</dd>
        <dt>Rows accepted</dt>
        <dd data-testid="rows-accepted">{count(c.rowsAccepted)}</dd>
        <dt>Rows rejected for a bad value</dt>
        <dd data-testid="rows-rejected">{count(c.rowsRejected)}</dd>
        <dt>Rows of rejected patients</dt>
        <dd data-testid="rows-of-rejected-patients">{count(c.rowsOfRejectedPatients)}</dd>
        <dt>Rows not used, in all</dt>
        <dd data-testid="rows-not-used">
          {count(notUsed)}
          {notUsed > 0 && <span className="cell-meta"> (every one is in rejected_rows.csv, with its reason)</span>}
        </dd>
        <dt>Patients</dt>
        <dd>
          {count(c.patientsSeen)} seen, {count(output.patients.length)} accepted, {count(c.patientsRejected)} rejected
          {c.patientsWithoutValidRows ? `, ${count(c.patientsWithoutValidRows)} without a valid row` : ''}
        </dd>
      </dl>
      {output.decisions.length > 0 && (
        <ul className="decisions">
          {output.decisions.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      {problems.length > 0 ? (
        <>
          <p className="table-caption">First problems (every one is in rejected_rows.csv):</p>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Value</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Rejects</th>
                </tr>
              </thead>
              <tbody>
                {problems.slice(0, 10).map((p, i) => {
                  const col = columnAsInFile(output, p.column);
                  return (
                    <tr key={i}>
                      <td>{p.row || 'file'}</td>
                      <td>
                        {col.header}
                        {col.field && <span className="cell-meta"> ({col.field})</span>}
                      </td>
                      <td>{p.value}</td>
                      <td>{p.reason}</td>
                      <td>{p.scope}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="cell-meta">Every row was read without a problem.</p>
      )}
    </div>
  );
}
