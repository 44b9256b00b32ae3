'use client';
import type { NaturalHistoryOutput } from '@/lib/cells/teaching-content';
import { CITATION_LABELS } from '@/lib/teaching/clinical-facts';
import { Cite } from './Cite';
import { pct } from './format';

/** The cohort's course as numbers beside the published anchors (the figure is the cell's artifact). */
export function NaturalHistoryView({ output }: { output: NaturalHistoryOutput }) {
  return (
    <div className="teaching-block" data-testid="natural-history">
      <p>
        Lines: <strong>this cohort</strong> ({output.patients} included patients) — of the patients graded in each period, the share whose last grade there was I
        (complete recovery) or II or better. Patients who recover often stop coming, so later periods lean towards slow recoveries. Diamonds:{' '}
        <strong>published figures</strong>, complete recovery (grade I).
      </p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Published figure</th>
            <th scope="col">Complete recovery</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {output.anchors.map((a) => (
            <tr key={a.label + a.group}>
              <td>
                {a.label} ({a.group.replace(/ \(.*\)/, '')})
              </td>
              <td>{a.percent}%</td>
              <td>
                <Cite k={a.cite} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data">
        <caption>This cohort</caption>
        <thead>
          <tr>
            <th scope="col">Days since onset</th>
            <th scope="col">Patients graded</th>
            <th scope="col">Grade I</th>
            <th scope="col">Grade ≤ II</th>
          </tr>
        </thead>
        <tbody>
          {output.course.map((c) => (
            <tr key={c.from}>
              <td>
                {c.from}–{c.to - 1}
              </td>
              <td>{c.n}</td>
              <td>{c.n ? pct(c.complete) : '–'}</td>
              <td>{c.n ? pct(c.acceptable) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="cell-meta">Published sources: {[...new Set(output.anchors.map((a) => CITATION_LABELS[a.cite]))].join('; ')}.</p>
    </div>
  );
}
