import { describe, expect, it } from 'vitest';
import { scoreQuiz } from '@/lib/teaching/quiz-score';

describe('quiz score', () => {
  it('accuracy at 50% and the Brier score, for the class and the model (hand-worked)', () => {
    const s = scoreQuiz([
      { caseId: 'a', resident: 0.9, model: 0.6, actual: 1 },
      { caseId: 'b', resident: 0.5, model: 0.2, actual: 0 },
      { caseId: 'c', resident: 0.2, model: 0.7, actual: 1 },
    ]);
    expect(s.resident.accuracy).toBeCloseTo(1 / 3, 12);
    expect(s.resident.brier).toBeCloseTo((0.01 + 0.25 + 0.64) / 3, 12);
    expect(s.model.accuracy).toBeCloseTo(1, 12);
    expect(s.model.brier).toBeCloseTo((0.16 + 0.04 + 0.09) / 3, 12);
    expect(scoreQuiz([]).resident.n).toBe(0);
  });
});
