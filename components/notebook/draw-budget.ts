/**
 * A drawing budget per browser task, so that many figures arriving at once (a cell's output
 * with four figures, a restored notebook) never make one long main-thread task.
 *
 * Figures are drawn in a layout effect, before the browser paints, so that a frame never shows
 * empty and then grows. That is right for one figure, but every figure of one React commit is
 * drawn in the same task. `drawWithinBudget` draws at once while the current task has spent less
 * than `budgetMs` drawing; after that it queues the drawing, and the queue draws one figure per
 * task. A queued figure keeps showing what it showed before (or its reserved height).
 *
 *   const cancel = drawWithinBudget(() => host.replaceChildren(render()));
 *   return cancel; // from the effect: a superseded drawing is dropped
 */
export interface DrawBudget {
  draw(job: () => void): () => void;
}

export function createDrawBudget(options: { budgetMs?: number; now?: () => number; later?: (fn: () => void) => void } = {}): DrawBudget {
  const budgetMs = options.budgetMs ?? 80;
  const now = options.now ?? (() => performance.now());
  const later = options.later ?? ((fn: () => void) => void setTimeout(fn, 0));
  let spent = 0;
  let resetScheduled = false;
  const queue: Array<{ job: () => void; cancelled: boolean }> = [];
  let pumping = false;

  const charge = (job: () => void) => {
    const t0 = now();
    try {
      job();
    } finally {
      spent += now() - t0;
      // The budget is per task: a macrotask later, this one is over.
      if (!resetScheduled) {
        resetScheduled = true;
        later(() => {
          spent = 0;
          resetScheduled = false;
        });
      }
    }
  };
  const pump = () => {
    if (pumping) return;
    pumping = true;
    later(() => {
      pumping = false;
      const next = queue.shift();
      if (next && !next.cancelled) charge(next.job);
      if (queue.length) pump();
    });
  };
  return {
    draw(job) {
      if (spent < budgetMs && queue.length === 0) {
        charge(job);
        return () => {};
      }
      const entry = { job, cancelled: false };
      queue.push(entry);
      pump();
      return () => {
        entry.cancelled = true;
      };
    },
  };
}

/** The page's budget, shared by every figure on it. */
export const figureDrawBudget = createDrawBudget();
