'use client';
import { useCallback, useEffect, useState } from 'react';
import { whatIfParamsSchema, type WhatIfOutput, type WhatIfParams } from '@/lib/cells/what-if-patient';
import { whatIfCourse } from '@/lib/figures/what-if-course';
import { DELAYED_AFTER_DAY } from '@/lib/teaching/patient-window';
import { NumberSlider } from './NumberSlider';
import { PlotFigure } from './PlotFigure';
import { downloadHandout } from './handout';
import { gradeLabel, intervalText, pct, predictedGrade } from './format';

export interface WhatIfViewProps {
  output: WhatIfOutput | undefined;
  params: Record<string, unknown>;
  onParamsReplace: (params: Record<string, unknown>) => void;
  /** The output is older than the inputs (a re-run in the worker is under way). */
  updating: boolean;
  data?: { name: string; sha256: string; isBundled: boolean };
}

/** What an output was computed for (tests wait on it): age and the visits' days and grades. */
export function whatIfKey(p: WhatIfParams): string {
  return `${p.age}|${p.visits.map((v) => `${v.day}:${v.grade}`).join(',')}`;
}

function resolved(params: Record<string, unknown>): WhatIfParams {
  const parsed = whatIfParamsSchema.safeParse(params);
  return parsed.success ? parsed.data : whatIfParamsSchema.parse({});
}

/**
 * The what-if patient: inputs on the left (sliders with number fields), the prediction on the
 * right. Each edit replaces the cell's parameters at once; the runtime re-runs the cheap cell in
 * a worker, so the page never computes a prediction itself.
 */
export function WhatIfView({ output, params, onParamsReplace, updating, data }: WhatIfViewProps) {
  const [draft, setDraft] = useState<WhatIfParams>(() => resolved(params));
  const [exportError, setExportError] = useState<string>();
  // The document can change from elsewhere (a reopened notebook): follow it.
  const paramsText = JSON.stringify(params);
  useEffect(() => {
    // Only a valid document replaces the draft: an edit the schema rejects (two visits on one
    // day) stays on screen with its message instead of snapping back.
    const parsed = whatIfParamsSchema.safeParse(JSON.parse(paramsText));
    if (parsed.success) setDraft(parsed.data);
  }, [paramsText]);
  const edit = (next: WhatIfParams) => {
    setDraft(next);
    onParamsReplace({ ...next });
  };
  const setVisit = (k: number, patch: Partial<{ day: number; grade: number }>) => edit({ ...draft, visits: draft.visits.map((v, j) => (j === k ? { ...v, ...patch } : v)) });
  const days = draft.visits.map((v) => v.day);
  const duplicateDay = days.some((d, i) => days.indexOf(d) !== i);
  const build = useCallback(
    (document: Document) => (output ? (whatIfCourse({ course: output.course, visits: output.inputs.visits, neighbours: output.neighbours, level: output.band.level }, { document, width: 620 }) as unknown as Element) : document.createElement('div')),
    [output],
  );
  return (
    <div className="what-if" data-testid="what-if">
      <form className="what-if-inputs" aria-label="What-if patient inputs" onSubmit={(e) => e.preventDefault()}>
        <NumberSlider label="Age (years)" value={draft.age} min={0} max={100} onChange={(age) => edit({ ...draft, age })} testId="what-if-age" />
        <fieldset className="inline-choices">
          <legend>Sex</legend>
          {(['F', 'M'] as const).map((s) => (
            <label key={s}>
              <input type="radio" name="what-if-sex" checked={draft.sex === s} onChange={() => edit({ ...draft, sex: s })} /> {s === 'F' ? 'Female' : 'Male'}
            </label>
          ))}
        </fieldset>
        <fieldset className="inline-choices">
          <legend>History</legend>
          <label>
            <input type="checkbox" checked={draft.diabetes} onChange={(e) => edit({ ...draft, diabetes: e.target.checked })} data-testid="what-if-diabetes" /> Diabetes
          </label>
          <label>
            <input type="checkbox" checked={draft.hypertension} onChange={(e) => edit({ ...draft, hypertension: e.target.checked })} /> Hypertension
          </label>
        </fieldset>
        <NumberSlider
          label="Steroid started on day"
          value={draft.treatmentDay}
          min={0}
          max={30}
          onChange={(treatmentDay) => edit({ ...draft, treatmentDay })}
          format={(d) => (d > DELAYED_AFTER_DAY ? '(delayed: after day 7)' : '(within 7 days)')}
          testId="what-if-treatment"
        />
        <fieldset className="visits">
          <legend>Early visits (day 0–30, grade I–VI; half grades such as III–IV allowed)</legend>
          {draft.visits.map((v, k) => (
            <div className="visit-row" key={k} data-testid={`what-if-visit-${k}`}>
              <NumberSlider label={`Visit ${k + 1}: day`} value={v.day} min={0} max={30} onChange={(day) => setVisit(k, { day })} testId={`what-if-visit-${k}-day`} />
              <NumberSlider label={`Visit ${k + 1}: grade`} value={v.grade} min={1} max={6} step={0.5} onChange={(grade) => setVisit(k, { grade })} format={gradeLabel} testId={`what-if-visit-${k}-grade`} />
            </div>
          ))}
          <div className="visit-buttons">
            <button type="button" className="button" disabled={draft.visits.length >= 4} onClick={() => edit({ ...draft, visits: [...draft.visits, { day: Math.min(30, Math.max(...days) + 7), grade: draft.visits[draft.visits.length - 1]!.grade }] })}>
              Add a visit
            </button>
            <button type="button" className="button" disabled={draft.visits.length <= 2} onClick={() => edit({ ...draft, visits: draft.visits.slice(0, -1) })}>
              Remove the last visit
            </button>
          </div>
          {duplicateDay && (
            <p className="error-box" role="alert">
              Two visits are on the same day: give each visit its own day.
            </p>
          )}
        </fieldset>
      </form>
      <div className="what-if-output" aria-live="polite" aria-busy={updating}>
        {!output ? (
          <p className="cell-meta">The prediction appears once the models are trained.</p>
        ) : (
          <>
            <p className="big-number" data-testid="what-if-probability" data-probability={output.probability} data-for={whatIfKey(output.inputs)}>
              <span className="big">{pct(output.probability)}</span> chance of recovering to grade II or better
              <span className="interval"> ({intervalText(output.interval.low, output.interval.high)})</span>
              {updating && <span className="updating"> updating…</span>}
            </p>
            <p>
              Predicted grade at 3 months: <strong data-testid="what-if-grade90">{predictedGrade(output.grade90)}</strong>
            </p>
            {output.flags.length > 0 && (
              <div className="warning-box" role="note" data-testid="what-if-flags">
                <strong>Outside what the models learned from:</strong>
                <ul>
                  {output.flags.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              </div>
            )}
            <PlotFigure build={build} testId="what-if-course" label="Predicted grade course with its band, the entered visits and similar patients" />
            <p className="figure-caption">
              Blue line: predicted grade; shaded: {Math.round(output.band.level * 100)}% prediction band; orange dots: the visits entered; grey lines: the {output.neighbours.length} most similar patients of the cohort (their actual grades).
            </p>
            <h3>What moves this prediction most</h3>
            <table className="data" data-testid="what-if-sensitivity">
              <thead>
                <tr>
                  <th scope="col">If …</th>
                  <th scope="col">Chance of grade ≤ II</th>
                  <th scope="col">Grade at 3 months</th>
                </tr>
              </thead>
              <tbody>
                {output.sensitivity.slice(0, 6).map((s) => (
                  <tr key={s.input + s.change}>
                    <td>
                      {s.input}: {s.change}
                    </td>
                    <td>
                      {pct(s.probability)} ({s.deltaProbability >= 0 ? '+' : '−'}
                      {Math.abs(s.deltaProbability * 100).toFixed(0)} points)
                    </td>
                    <td>
                      {s.grade90.toFixed(1)} ({s.deltaGrade90 >= 0 ? '+' : '−'}
                      {Math.abs(s.deltaGrade90).toFixed(1)})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Most similar patients in the cohort</h3>
            <ul className="neighbours" data-testid="what-if-neighbours">
              {output.neighbours.map((n) => (
                <li key={n.patient_id}>
                  {n.patient_id}: age {n.window.age}, grades {gradeLabel(n.window.SAG2)} → {gradeLabel(n.window.SAG3)} by day {n.window.present_day}; {n.recovered ? 'recovered to grade II or better' : 'did not recover to grade II'} (last grade{' '}
                  {gradeLabel(n.course[n.course.length - 1]?.grade ?? NaN)} on day {n.course[n.course.length - 1]?.day})
                </li>
              ))}
            </ul>
            <details className="method-note">
              <summary>How these numbers are made</summary>
              <p>Probability: {output.probabilityMethod}.</p>
              <p>Band: {output.band.method}.</p>
              <p>
                The classifier also uses the timing of the outcome visit (SAD4), which is only known afterwards; here it is fixed at day {output.followUpDay}, the training median. The course comes from {output.models.lstm}.
              </p>
            </details>
            <div className="exports" role="group" aria-label="Handout">
              <span>One-page handout:</span>
              {(['svg', 'png', 'pdf'] as const).map((k) => (
                <button
                  key={k}
                  type="button"
                  className="button"
                  data-testid={`handout-${k}`}
                  disabled={!data}
                  onClick={() => data && void downloadHandout(k, output, data).catch((err: Error) => setExportError(`The handout could not be made: ${err.message}`))}
                >
                  {k.toUpperCase()}
                </button>
              ))}
              {exportError && <span role="alert">{exportError}</span>}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
