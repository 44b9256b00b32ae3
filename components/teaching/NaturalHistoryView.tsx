'use client';
import type { NaturalHistoryOutput } from '@/lib/cells/teaching-content';
import { CITATION_LABELS } from '@/lib/teaching/clinical-facts';
import { curveSummary, stopNote } from '@/lib/teaching/natural-history';
import { Cite } from './Cite';

const pct1 = (p: number) => `${(Math.round(p * 1000) / 10).toFixed(1)}%`;

/**
 * The cohort's course as numbers beside the published anchors (the figure is the cell's
 * artifact): the estimate, its 95% CI and the number at risk every 30 days up to where each
 * curve stops, so the figure's values are also readable as text.
 */
export function NaturalHistoryView({ output }: { output: NaturalHistoryOutput }) {
  const { curves, minAtRisk } = output;
  return (
    <div className="teaching-block" data-testid="natural-history">
      <p>
        Lines: <strong>this cohort</strong> ({output.patients} included patients) — the share whose recovery to grade ≤ II, or to grade I (complete recovery), had been
        recorded by each day since onset (Kaplan–Meier estimate), with its 95% confidence interval shaded. A patient already at that grade at the first visit counts from that visit; one last
        seen unrecovered counts until that visit and no further, and the estimate assumes such patients would have recovered like those still followed. Diamonds: <strong>published figures</strong>, complete
        recovery (grade I).
      </p>
      <p data-testid="natural-history-stop">
        {stopNote(curves)} Beyond that day the estimate would rest on fewer than {minAtRisk} patients.
      </p>
      <p data-testid="natural-history-summary">Where the curves stop: {curves.map(curveSummary).join('; ')}.</p>
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
      {curves.map((c) => (
        <table className="data" key={c.endpoint} data-testid={`natural-history-${c.endpoint}`}>
          <caption>
            This cohort: recovery to {c.label} recorded ({c.events} of {c.patients} patients over the whole follow-up)
          </caption>
          <thead>
            <tr>
              <th scope="col">Day since onset</th>
              <th scope="col">At risk</th>
              <th scope="col">Recovered (Kaplan–Meier)</th>
              <th scope="col">95% CI</th>
            </tr>
          </thead>
          <tbody>
            {c.atDays.map((p) => (
              <tr key={p.day}>
                <th scope="row">{p.day}</th>
                <td>{p.atRisk}</td>
                <td>{pct1(p.recovered)}</td>
                <td>
                  {pct1(p.low)} to {pct1(p.high)}
                </td>
              </tr>
            ))}
            {c.stop && c.final && c.stop.day !== c.atDays[c.atDays.length - 1]?.day && (
              <tr>
                <th scope="row">{c.stop.day} (curve stops)</th>
                <td>{c.final.atRisk}</td>
                <td>{pct1(c.final.recovered)}</td>
                <td>
                  {pct1(c.final.low)} to {pct1(c.final.high)}
                </td>
              </tr>
            )}
            {!c.stop && (
              <tr>
                <td colSpan={4}>
                  No curve: {c.patients} patients with a graded visit, fewer than {minAtRisk}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      ))}
      <p className="cell-meta">Published sources: {[...new Set(output.anchors.map((a) => CITATION_LABELS[a.cite]))].join('; ')}.</p>
    </div>
  );
}
