'use client';
import { HB_GRADES, HB_NOTES } from '@/lib/teaching/clinical-facts';
import { Cite } from './Cite';

/** Grade cards I–VI and the notes on the III/IV line, half grades and agreement. */
export function HbScaleView() {
  return (
    <div className="teaching-block" data-testid="hb-scale">
      <ol className="hb-cards">
        {HB_GRADES.map((g) => (
          <li key={g.grade} className={`hb-card${g.grade >= 4 ? ' eye-open' : ''}`} data-testid={`hb-card-${g.roman}`}>
            <h3>
              <span className="hb-roman">{g.roman}</span> {g.name}
            </h3>
            <p>{g.overall}</p>
            <dl>
              <dt>At rest</dt>
              <dd>{g.rest}</dd>
              <dt>Forehead</dt>
              <dd>{g.forehead}</dd>
              <dt>Eye</dt>
              <dd>{g.eye}</dd>
              <dt>Mouth</dt>
              <dd>{g.mouth}</dd>
            </dl>
            <Cite k={g.cite} />
          </li>
        ))}
      </ol>
      <ul className="teaching-notes">
        {HB_NOTES.map((n) => (
          <li key={n.text}>
            {n.text} <Cite k={n.cite} />
          </li>
        ))}
      </ul>
    </div>
  );
}
