import { describe, expect, it } from 'vitest';
import { createDrawBudget } from '@/components/notebook/draw-budget';

// A fake clock and task queue: each job "takes" the time it is given.
function harness(budgetMs: number) {
  let t = 0;
  const tasks: Array<() => void> = [];
  const budget = createDrawBudget({ budgetMs, now: () => t, later: (fn) => void tasks.push(fn) });
  const drawn: string[] = [];
  const job = (name: string, ms: number) => () => {
    t += ms;
    drawn.push(name);
  };
  const runTask = () => tasks.shift()?.();
  return { budget, drawn, job, runTask, tasks };
}

describe('the figure drawing budget', () => {
  it('draws at once within the budget, then one figure per later task', () => {
    const h = harness(80);
    h.budget.draw(h.job('a', 50));
    h.budget.draw(h.job('b', 50)); // 50 spent < 80: still now
    h.budget.draw(h.job('c', 50)); // 100 spent: queued
    h.budget.draw(h.job('d', 50));
    expect(h.drawn).toEqual(['a', 'b']);
    // The tasks that follow draw the rest, one at a time (the reset of the budget runs first).
    while (h.tasks.length) h.runTask();
    expect(h.drawn).toEqual(['a', 'b', 'c', 'd']);
  });

  it('drops a queued drawing that was superseded (the effect cleaned up)', () => {
    const h = harness(10);
    h.budget.draw(h.job('a', 20));
    const cancel = h.budget.draw(h.job('old', 20));
    h.budget.draw(h.job('new', 20));
    cancel();
    while (h.tasks.length) h.runTask();
    expect(h.drawn).toEqual(['a', 'new']);
  });

  it('keeps the order: once something is queued, later figures queue behind it', () => {
    const h = harness(30);
    h.budget.draw(h.job('a', 40));
    h.budget.draw(h.job('b', 1));
    h.runTask(); // the budget's reset: a new task
    h.budget.draw(h.job('c', 1)); // budget free again, but b is still waiting
    while (h.tasks.length) h.runTask();
    expect(h.drawn).toEqual(['a', 'b', 'c']);
  });
});
