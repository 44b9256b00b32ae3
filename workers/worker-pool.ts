/**
 * A pool of compute workers behind the runtime's CellExecutor interface: each run goes to an
 * idle worker (or waits for one), progress streams back as the generator's yields, and an
 * aborted signal cancels the run in its worker.
 */
import type { Progress } from '../lib/notebook/define-cell';
import { CancelledError } from '../lib/notebook/runtime';
import type { CellExecutor, ExecuteRequest } from '../lib/notebook/executor';
import type { FromWorker, ToWorker } from './protocol';

type Event = FromWorker & { runId: number };

interface Slot {
  worker: Worker;
  busy: boolean;
}

export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, cores));
}

export class WorkerPool implements CellExecutor {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private readonly handlers = new Map<number, (event: Event) => void>();
  private nextRunId = 1;

  constructor(size = defaultPoolSize(), createWorker: () => Worker = () => new Worker(new URL('./compute.worker.ts', import.meta.url))) {
    for (let i = 0; i < size; i++) {
      const worker = createWorker();
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        if (e.data.type === 'ready') return;
        this.handlers.get(e.data.runId)?.(e.data);
      };
      this.slots.push({ worker, busy: false });
    }
  }

  get size(): number {
    return this.slots.length;
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  async *execute(request: ExecuteRequest, signal: AbortSignal): AsyncGenerator<Progress, unknown, void> {
    const slot = await this.acquire();
    const runId = this.nextRunId++;
    const queue: Event[] = [];
    let wake: (() => void) | undefined;
    this.handlers.set(runId, (event) => {
      queue.push(event);
      wake?.();
    });
    let settled = false; // the worker said result, error or cancelled: it is free again
    const onAbort = () => slot.worker.postMessage({ type: 'cancel', runId } satisfies ToWorker);
    signal.addEventListener('abort', onAbort);
    try {
      if (signal.aborted) throw new CancelledError();
      slot.worker.postMessage({ type: 'execute', runId, request } satisfies ToWorker);
      for (;;) {
        while (queue.length === 0) await new Promise<void>((r) => (wake = r));
        const event = queue.shift()!;
        if (event.type !== 'progress') settled = true;
        switch (event.type) {
          case 'progress':
            yield event.progress;
            break;
          case 'result':
            return event.output;
          case 'cancelled':
            throw new CancelledError();
          case 'error': {
            const error = new Error(event.message);
            error.name = event.name;
            throw error;
          }
          default:
            break;
        }
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (settled) {
        this.handlers.delete(runId);
        this.release(slot);
      } else {
        // Left early (cancelled before the worker answered): the worker is busy until it
        // acknowledges, so keep its slot until then rather than queueing a second run on it.
        onAbort();
        this.handlers.set(runId, (event) => {
          if (event.type === 'progress') return;
          this.handlers.delete(runId);
          this.release(slot);
        });
      }
    }
  }

  terminate(): void {
    for (const slot of this.slots) slot.worker.terminate();
  }
}
