'use client';
import { useCallback, useEffect, useState } from 'react';
import { whatIfParamsSchema, type WhatIfOutput, type WhatIfParams } from '@/lib/cells/what-if-patient';
import { iconArray } from '@/lib/figures/icon-array';
import { whatIfCourse } from '@/lib/figures/what-if-course';
import { horizonText, outOf100 } from '@/lib/teaching/prognosis-what-if';
import { bandSentence, baseRateSentence, chanceSentence, intervalSentence, methodLines } from '@/lib/teaching/what-if-text';
import { NumberSlider } from './NumberSlider';
import { PlotFigure } from './PlotFigure';
import { downloadHandout } from './handout';
import { gradeLabel } from './format';

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

/** Text at least this size in the what-if figures (drawn for the screen, as the teaching figures are). */
const SCREEN_FONT_PX = 15;

/**
 * The what-if patient: inputs on the left (sliders with number fields), the prediction on the
 * right; on a phone the prediction comes first and a one-line summary stays at the bottom of
 * the screen while the inputs change. Each edit replaces the cell's parameters at once; the
 * runtime re-runs the cheap cell in a worker, so the page never computes a prediction itself.
 */
/** The chance sentence with its count ("64 out of 100") in large type. */
function BigCount({ sentence }: { sentence: string }) {
  const m = /^(.*? out of 100)(.*)$/.exec(sentence);
  if (!m) return <>{sentence}</>;
  return (
    <>
      <span className="big">{m[1]}</span>
      {m[2]}
    </>
  );
}

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
  const result = output?.result;
  const predicted = result?.kind === 'predicted' ? result : undefined;
  const buildCourse = useCallback(
    (document: Document) =>
      output && predicted
        ? (whatIfCourse({ course: predicted.prediction.course, visits: predicted.history.visits, horizonDay: output.horizonDay, level: output.bandCoverage.level }, { document, width: 640, fontPx: SCREEN_FONT_PX }) as unknown as Element)
        : document.createElement('div'),
    [output, predicted],
  );
  const buildIcons = useCallback(
    (document: Document) =>
      output && predicted ? iconArray({ filled: outOf100(predicted.prediction.chance), filledLabel: `recover ${horizonText(output.horizonDay)}`, emptyLabel: 'do not (yet)', description: chanceSentence(output) }, document, { cell: 24, fontPx: SCREEN_FONT_PX }) : document.createElement('div'),
    [output, predicted],
  );
  const summary = output ? chanceSentence(output) : 'The prediction appears once the model is fitted.';
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
          format={(d) => (d <= 3 ? '(within the guideline’s 72 hours)' : '(later than the guideline’s 72 hours)')}
          testId="what-if-treatment"
        />
        <fieldset className="visits">
          <legend>Visits up to today (day 0–30, grade I–VI; half grades such as III–IV allowed). The last visit is today: the prediction is made there.</legend>
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
            <button type="button" className="button" disabled={draft.visits.length <= 1} onClick={() => edit({ ...draft, visits: draft.visits.slice(0, -1) })}>
              Remove the last visit
            </button>
          </div>
          {duplicateDay && (
            <p className="error-box" role="alert">
              Two visits are on the same day: give each visit its own day.
            </p>
          )}
        </fieldset>
        {/* On a phone this line stays at the bottom of the screen while the inputs above change. */}
        <p className="what-if-sticky" data-testid="what-if-sticky" aria-hidden="true">
          {summary}
          {updating && ' (updating…)'}
        </p>
      </form>
      <div className="what-if-output" aria-live="polite" aria-busy={updating}>
        {!output || !result ? (
          <p className="cell-meta">{summary}</p>
        ) : (
          <>
            <p className="big-number" data-testid="what-if-probability" data-probability={predicted ? predicted.prediction.chance : ''} data-for={whatIfKey(output.inputs)} data-horizon={output.horizonDay}>
              <span data-testid="what-if-sentence">{predicted ? <BigCount sentence={chanceSentence(output)} /> : chanceSentence(output)}</span>
              {updating && <span className="updating"> updating…</span>}
            </p>
            {predicted && (
              <>
                <p className="interval" data-testid="what-if-interval">
                  {intervalSentence(output)}
                </p>
                {predicted.prediction.flags.length > 0 && (
                  <div className="warning-box" role="note" data-testid="what-if-flags">
                    <strong>Outside the development data (read the chance with care):</strong>
                    <ul>
                      {predicted.prediction.flags.map((f) => (
                        <li key={f}>{f}</li>
                      ))}
                    </ul>
                  </div>
                )}
                <div className="what-if-risk">
                  <PlotFigure build={buildIcons} testId="what-if-icons" label={chanceSentence(output)} />
                  <p data-testid="what-if-base-rate">{baseRateSentence(output)}</p>
                </div>
                <h3>The course {horizonText(output.horizonDay)}</h3>
                <PlotFigure build={buildCourse} testId="what-if-course" label={`Best grade recorded by each day up to day ${output.horizonDay}, with its band, from today’s grade`} />
                <p className="figure-caption" data-testid="what-if-band">
                  Orange dots: the visits entered (ringed: today). Blue line: the median of the best grade recorded by each day. {bandSentence(output)} The dashed green line marks grade II; the dotted line, the horizon (day {output.horizonDay}).
                </p>
                <h3>What moves this chance most</h3>
                  <table className="data" data-testid="what-if-sensitivity">
                    <thead>
                      <tr>
                        <th scope="col">If …</th>
                        <th scope="col">Out of 100 recover {horizonText(output.horizonDay)}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {predicted.sensitivity.slice(0, 6).map((s) => (
                        <tr key={s.input + s.change}>
                          <td>
                            {s.input}: {s.change}
                          </td>
                          <td>
                            {Math.round(s.chance * 100)} ({s.delta >= 0 ? '+' : '−'}
                            {Math.abs(Math.round(s.chance * 100) - outOf100(predicted.prediction.chance))})
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
              </>
            )}
            <details className="method-note">
              <summary>How these numbers are made</summary>
              {methodLines(output).map((l) => (
                <p key={l}>{l}</p>
              ))}
            </details>
            {predicted && (
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
            )}
          </>
        )}
      </div>
    </div>
  );
}
