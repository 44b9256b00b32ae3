'use client';
import { useState } from 'react';
import type { GuessFirstOutput } from '@/lib/cells/guess-first';
import { scoreQuiz, type QuizRound } from '@/lib/teaching/quiz-score';
import { NumberSlider } from './NumberSlider';
import { gradeLabel, intervalText, pct, predictedGrade } from './format';

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
  const [guessGrade, setGuessGrade] = useState(2);
  const [revealedFor, setRevealedFor] = useState<string>();
  const [rounds, setRounds] = useState<QuizRound[]>([]);
  if (!output) return <p className="cell-meta">The quiz starts once the models are trained.</p>;
  const c = output.case;
  const draw = typeof params.draw === 'number' ? params.draw : 0;
  const revealed = revealedFor === c.patient_id && !updating;
  const score = scoreQuiz(rounds);
  // One round per shown case (a case drawn again later is a new round).
  const roundId = `${draw}|${String(params.caseId ?? '')}|${c.patient_id}`;
  const reveal = () => {
    setRevealedFor(c.patient_id);
    if (!rounds.some((r) => r.caseId === roundId)) setRounds([...rounds, { caseId: roundId, resident: guess / 100, model: c.model.probability, actual: c.actual.recovered }]);
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
          Case {c.patient_id} {output.picked === 'teacher' && <span className="cell-meta">(picked by the teacher)</span>}
        </h3>
        <p>
          {c.sex === 'M' ? 'Male' : 'Female'}, {c.age} years; diabetes {c.diabetes ? 'yes' : 'no'}; hypertension {c.hypertension ? 'yes' : 'no'}; steroid {c.delayed ? 'started after day 7' : 'started within 7 days'}.
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
          <NumberSlider label="Your guess: chance this patient ends at grade II or better (%)" value={guess} min={0} max={100} step={5} onChange={setGuess} testId="quiz-guess" />
          <label className="field">
            <span>Your guess: grade at 3 months</span>
            <select value={guessGrade} onChange={(e) => setGuessGrade(Number(e.target.value))} data-testid="quiz-guess-grade">
              {[1, 2, 3, 4, 5, 6].map((g) => (
                <option key={g} value={g}>
                  {gradeLabel(g)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary" data-testid="quiz-reveal" disabled={updating}>
            Commit the guess and reveal
          </button>
        </form>
      ) : (
        <div className="quiz-answer" data-testid="quiz-answer">
          <p>
            Model: <strong>{pct(c.model.probability)}</strong> chance of grade ≤ II ({intervalText(c.model.interval.low, c.model.interval.high)}); grade at 3 months {predictedGrade(c.model.grade90)}, band {c.model.band90.low.toFixed(1)}–{c.model.band90.high.toFixed(1)}.
          </p>
          <p data-testid="quiz-actual">
            What happened: <strong>{c.actual.recovered ? 'recovered to grade II or better' : 'did not recover to grade II'}</strong> (grade {gradeLabel(c.actual.outcomeGrade)} on day {c.actual.outcomeDay})
            {c.actual.grade90 ? `; grade ${gradeLabel(c.actual.grade90.grade)} on day ${c.actual.grade90.day} (your guess ${gradeLabel(guessGrade)})` : '; no visit near 3 months'}.
          </p>
          <p className="cell-meta">Later visits: {c.actual.late.map((v) => `day ${v.day} ${gradeLabel(v.grade)}`).join(', ')}</p>
        </div>
      )}
      <div className="quiz-controls" role="group" aria-label="Cases">
        <button type="button" className="button" data-testid="quiz-new-case" onClick={() => next({ draw: draw + 1, caseId: '' })} disabled={updating}>
          New case
        </button>
        <label className="field inline">
          <span>Teacher: pick a case</span>
          <select value={typeof params.caseId === 'string' ? params.caseId : ''} onChange={(e) => next({ caseId: e.target.value })} data-testid="quiz-pick">
            <option value="">drawn at random</option>
            {output.pool.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <span className="cell-meta">{output.pool.length} held-out patients (never used to train the models)</span>
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
