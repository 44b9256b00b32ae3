'use client';
import { useState } from 'react';
import type { GuessFirstOutput } from '@/lib/cells/guess-first';
import { scoreQuiz, type QuizRound } from '@/lib/teaching/quiz-score';
import { NumberSlider } from './NumberSlider';
import { horizonText, outOf100Text } from '@/lib/teaching/prognosis-what-if';
import { gradeLabel, pct } from './format';

export interface QuizViewProps {
  output: GuessFirstOutput | undefined;
  params: Record<string, unknown>;
  onParamsReplace: (params: Record<string, unknown>) => void;
  updating: boolean;
}

/**
 * Guess first: the case's early visits, the class's guess, then (on reveal only) the model's
 * prediction and the actual course, and the running score. Nothing about the outcome is in the
 * page before the reveal.
 */
export function QuizView({ output, params, onParamsReplace, updating }: QuizViewProps) {
  const [guess, setGuess] = useState(50);
  const [revealedFor, setRevealedFor] = useState<string>();
  const [rounds, setRounds] = useState<QuizRound[]>([]);
  if (!output) return <p className="cell-meta">The quiz starts once the model is fitted.</p>;
  const c = output.case;
  const H = horizonText(output.horizonDay);
  const draw = typeof params.draw === 'number' ? params.draw : 0;
  const caseKey = String(c.caseNumber);
  const revealed = revealedFor === caseKey && !updating;
  const score = scoreQuiz(rounds);
  // One round per shown case (a case drawn again later is a new round).
  const roundId = `${draw}|${String(params.caseNumber ?? 0)}|${caseKey}`;
  const reveal = () => {
    setRevealedFor(caseKey);
    if (!rounds.some((r) => r.caseId === roundId)) setRounds([...rounds, { caseId: roundId, resident: guess / 100, model: c.model.chance, actual: c.actual.recovered }]);
  };
  const next = (patch: Record<string, unknown>) => {
    setRevealedFor(undefined);
    setGuess(50);
    onParamsReplace({ ...params, ...patch });
  };
  return (
    <div className="quiz" data-testid="quiz">
      <div className="quiz-case">
        <h3 data-testid="quiz-case-id">
          Case {c.caseNumber} {output.picked === 'teacher' && <span className="cell-meta">(picked by the teacher)</span>}
        </h3>
        <p>
          {c.sex === 'M' ? 'Male' : 'Female'}, {c.age} years; diabetes {c.diabetes ? 'yes' : 'no'}; hypertension {c.hypertension ? 'yes' : 'no'}; steroid started on day {c.steroidDay} after onset.
        </p>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Day</th>
              {c.early.map((v) => (
                <th key={v.day} scope="col">
                  {v.day}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Grade</th>
              {c.early.map((v) => (
                <td key={v.day}>{gradeLabel(v.grade)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {!revealed ? (
        <form className="quiz-guess" onSubmit={(e) => (e.preventDefault(), reveal())} aria-label="Your guess">
          <NumberSlider label={`Your guess: out of 100 patients like this one, how many recover to grade II or better ${H}?`} value={guess} min={0} max={100} step={5} onChange={setGuess} testId="quiz-guess" />
          <button type="submit" className="button primary" data-testid="quiz-reveal" disabled={updating}>
            Commit the guess and reveal
          </button>
        </form>
      ) : (
        <div className="quiz-answer" data-testid="quiz-answer">
          <p>
            Model: <strong>{outOf100Text(c.model.chance)}</strong> recover to grade II or better {H} ({Math.round(output.bootstrapLevel * 100)}% interval {Math.round(c.model.low * 100)} to {Math.round(c.model.high * 100)}). Your guess: {guess} out of 100.
          </p>
          <p data-testid="quiz-actual">
            What happened: <strong>{c.actual.recovered ? `recovered to grade II or better ${H}` : `not recovered ${H}`}</strong>
            {c.actual.byHorizon ? ` (grade ${gradeLabel(c.actual.byHorizon.grade)} on day ${c.actual.byHorizon.day})` : ' (no visit between the landmark and the horizon; seen again later)'}.
          </p>
          <p className="cell-meta">Later visits: {c.actual.later.map((v) => `day ${v.day} ${gradeLabel(v.grade)}`).join(', ')}</p>
        </div>
      )}
      <div className="quiz-controls" role="group" aria-label="Cases">
        <button type="button" className="button" data-testid="quiz-new-case" onClick={() => next({ draw: draw + 1, caseNumber: 0 })} disabled={updating}>
          New case
        </button>
        <label className="field inline">
          <span>Teacher: pick a case</span>
          <select value={typeof params.caseNumber === 'number' ? params.caseNumber : 0} onChange={(e) => next({ caseNumber: Number(e.target.value) })} data-testid="quiz-pick">
            <option value={0}>drawn at random</option>
            {Array.from({ length: output.poolSize }, (_, k) => (
              <option key={k + 1} value={k + 1}>
                Case {k + 1}
              </option>
            ))}
          </select>
        </label>
        <span className="cell-meta">{output.poolSize} held-out patients (never used to fit the model), each with a known status {H}</span>
      </div>
      <table className="data quiz-score" data-testid="quiz-score">
        <caption>Running score over {score.resident.n} case{score.resident.n === 1 ? '' : 's'}</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Accuracy (50% cut)</th>
            <th scope="col">Brier score (lower is better)</th>
          </tr>
        </thead>
        <tbody>
          {(['resident', 'model'] as const).map((who) => (
            <tr key={who}>
              <th scope="row">{who === 'resident' ? 'Class' : 'Model'}</th>
              <td data-testid={`quiz-accuracy-${who}`}>{score[who].n ? pct(score[who].accuracy) : '–'}</td>
              <td data-testid={`quiz-brier-${who}`}>{score[who].n ? score[who].brier.toFixed(3) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
