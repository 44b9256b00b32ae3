/** One quiz round: the resident's and the model's probability of recovery, and what happened. */
export interface QuizRound {
  caseId: string;
  resident: number;
  model: number;
  /** 1 = recovered to grade II or better. */
  actual: 0 | 1;
}

export interface GuessScore {
  n: number;
  /** Share of rounds where the probability was on the right side of 50% (0.5 counts as "recovers"). */
  accuracy: number;
  /** Mean squared difference between the probability and the outcome (0 best, 0.25 a coin). */
  brier: number;
}

function score(rounds: readonly QuizRound[], pick: (r: QuizRound) => number): GuessScore {
  const n = rounds.length;
  if (n === 0) return { n: 0, accuracy: NaN, brier: NaN };
  let right = 0, sq = 0;
  for (const r of rounds) {
    const p = pick(r);
    if ((p >= 0.5 ? 1 : 0) === r.actual) right++;
    sq += (p - r.actual) ** 2;
  }
  return { n, accuracy: right / n, brier: sq / n };
}

/** Running score of the class against the model over the rounds played. */
export function scoreQuiz(rounds: readonly QuizRound[]): { resident: GuessScore; model: GuessScore } {
  return { resident: score(rounds, (r) => r.resident), model: score(rounds, (r) => r.model) };
}
