'use client';
import { EDUCATIONAL_LABEL, EYE_CARE, GUIDELINE, PROGNOSIS, REASSESS, type Statement } from '@/lib/teaching/clinical-facts';
import { Cite } from './Cite';

function List({ items }: { items: readonly Statement[] }) {
  return (
    <ul className="teaching-notes">
      {items.map((s) => (
        <li key={s.text}>
          {s.text} <Cite k={s.cite} />
        </li>
      ))}
    </ul>
  );
}

/** The guideline with its strengths, eye care, when to reassess or refer, and the evidence (steroid timing: the guideline's 72 hours; the paper's 7-day cut named as its feature). */
export function ClinicalContextView() {
  return (
    <div className="teaching-block" data-testid="clinical-context">
      <p className="banner synthetic" role="note">
        <strong>{EDUCATIONAL_LABEL}</strong> A summary for teaching, not a substitute for the guideline itself.
      </p>
      <h3>AAO-HNS clinical practice guideline (2013)</h3>
      <table className="data guideline">
        <thead>
          <tr>
            <th scope="col">Strength</th>
            <th scope="col">Statement</th>
          </tr>
        </thead>
        <tbody>
          {GUIDELINE.map((g) => (
            <tr key={g.text}>
              <td className={`strength ${g.strength.split(' ')[0]!.toLowerCase()}`}>{g.strength}</td>
              <td>
                {g.text} <Cite k={g.cite} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Eye care</h3>
      <List items={EYE_CARE} />
      <h3>When to reassess or refer</h3>
      <List items={REASSESS} />
      <h3>What the trials, the series and the reproduced paper report</h3>
      <List items={PROGNOSIS} />
    </div>
  );
}
