'use client';
import { registry } from '@/lib/cells';
import { resolveParams } from '@/lib/notebook/define-cell';
import { isComputeCell } from '@/lib/notebook/notebook-schema';
import type { NotebookState } from '@/lib/notebook/state';
import type { ProfileTimings } from './local-store';
import type { LiveRun, RunBatch } from './session';
import { earlyStoppingOf, formatDuration, fractionSecondsLeft, modelSecondsLeft, runAllTimeLeftText, staleStepsText } from './time-left';

function titleOf(state: NotebookState, id: string): string {
  const cell = state.notebook.cells.find((c) => c.id === id);
  if (!cell || !isComputeCell(cell)) return id;
  return cell.title ?? registry.get(cell.kind).title;
}

function isHidden(state: NotebookState, id: string): boolean {
  const cell = state.notebook.cells.find((c) => c.id === id);
  return !!cell && isComputeCell(cell) && cell.hidden === true;
}

function resolvedParams(state: NotebookState, id: string): unknown {
  const cell = state.notebook.cells.find((c) => c.id === id);
  if (!cell || !isComputeCell(cell)) return undefined;
  try {
    return resolveParams(registry.get(cell.kind), cell.params);
  } catch {
    return undefined;
  }
}

/** Seconds a running step still needs: a model by its epochs and early stopping, others by their share done. */
function runningSecondsLeft(state: NotebookState, id: string, live: LiveRun | undefined, measuredMs: number | undefined, now: number): number | undefined {
  const run = state.cells[id];
  const elapsed = live ? (now - live.startedAt) / 1000 : 0;
  const stop = earlyStoppingOf(resolvedParams(state, id));
  if (stop && live?.epochs && live.epochs.epoch > 0) return modelSecondsLeft(live.epochs, stop, elapsed / live.epochs.epoch).likely;
  const byFraction = fractionSecondsLeft(run?.progress?.fraction ?? 0, elapsed);
  if (byFraction !== undefined) return byFraction;
  return measuredMs !== undefined ? Math.max(0, measuredMs / 1000 - elapsed) : undefined;
}

/** What a running step is at: "epoch 12 of up to 500", or its own message. */
function runningDetail(state: NotebookState, id: string, live: LiveRun | undefined): string {
  const stop = earlyStoppingOf(resolvedParams(state, id));
  if (stop && live?.epochs) return `epoch ${live.epochs.epoch} of up to ${stop.maxEpochs}, stops ${stop.patience} epochs after its best`;
  return state.cells[id]?.progress?.message ?? 'starting';
}

/**
 * The notebook's progress during Run all: steps done of steps to run, the ones running, and
 * the time left from this machine's measured step times and the running steps' pace.
 */
export function NotebookProgress({
  state,
  batch,
  live,
  timings,
  concurrency,
}: {
  state: NotebookState;
  batch: RunBatch | undefined;
  live: Readonly<Record<string, LiveRun>>;
  timings: ProfileTimings | undefined;
  concurrency: number;
}) {
  if (!batch) {
    // Before any Run all: what it would do (the slot is always there, so nothing moves when a run starts).
    // Hidden audit copies run with Run all, but are not counted as steps the reader can see.
    const toRun = state.graph.order.filter((id) => state.cells[id]?.status !== 'fresh');
    const hidden = toRun.filter((id) => isHidden(state, id)).length;
    const text = staleStepsText(toRun.length - hidden, hidden, timings?.runAllMs !== undefined ? timings.runAllMs / 1000 : undefined);
    return (
      <div className="notebook-progress idle" data-testid="notebook-progress-idle">
        <div className="progress" aria-hidden="true">
          <span style={{ width: 0 }} />
        </div>
        <p className="cell-meta">{text}</p>
      </div>
    );
  }
  const now = Date.now();
  const total = batch.steps.length;
  const done = batch.doneAtEnd ?? batch.steps.filter((id) => state.cells[id]?.status === 'fresh').length;
  const running = batch.steps.filter((id) => state.cells[id]?.status === 'running');
  const finished = batch.finishedAt !== undefined;
  let text: string;
  if (finished) {
    const took = formatDuration((batch.finishedAt! - batch.startedAt) / 1000);
    const cached = batch.fromCache > 0 ? ` (${batch.fromCache} from the cache)` : '';
    text =
      done === total
        ? `Run all finished: ${done} of ${total} steps in ${took}${cached}.`
        : `Run all stopped after ${took}: ${done} of ${total} steps done, ${total - done} not run.`;
  } else {
    const left = batch.steps.filter((id) => state.cells[id]?.status !== 'fresh');
    let known = 0;
    let longest = 0;
    let unknown = 0;
    for (const id of left) {
      const measured = timings?.cells[id];
      const seconds = state.cells[id]?.status === 'running' ? runningSecondsLeft(state, id, live[id], measured, now) : measured !== undefined ? measured / 1000 : undefined;
      if (seconds === undefined) unknown++;
      else {
        known += seconds;
        longest = Math.max(longest, seconds);
      }
    }
    const whole = timings?.runAllMs !== undefined ? { low: 0, high: timings.runAllMs / 1000, source: 'here' as const } : undefined;
    const timeLeft = runAllTimeLeftText({
      knownSeconds: known,
      longestSeconds: longest,
      unknownSteps: unknown,
      stepsLeft: left.length,
      workers: concurrency,
      elapsedSeconds: (now - batch.startedAt) / 1000,
      wholeRunSeconds: whole,
    });
    const what = running.length ? `running ${running.map((id) => `${titleOf(state, id)} (${runningDetail(state, id, live[id])})`).join(', ')}` : 'waiting for inputs';
    text = `Run all: ${done} of ${total} steps done · ${what} · ${timeLeft}`;
  }
  return (
    <div className={`notebook-progress${finished ? ' done' : ''}`} data-testid="notebook-progress" data-done={done} data-total={total} data-finished={finished}>
      <div className="progress" aria-hidden="true">
        <span style={{ width: `${total ? Math.round((done / total) * 100) : 100}%` }} />
      </div>
      <p className="cell-meta" aria-live="polite">
        {text}
      </p>
    </div>
  );
}
