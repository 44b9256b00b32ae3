/**
 * A pool of compute workers behind the runtime's CellExecutor interface: each run goes to an
 * idle worker (or waits for one), progress streams back as the generator's yields, and an
 * aborted signal cancels the run in its worker.
 *
 * It also schedules cells' fan-outs (`ctx.fanOut`, lib/notebook/tasks.ts): a worker whose cell
 * asks for tasks (the grid's γ slices) runs them itself while its cell awaits them, and every
 * idle worker joins in, one task at a time. A helper goes back to the pool after each task, so
 * a cell run waiting for a worker gets the next free one: fan-out only fills idle capacity.
 *
 * A worker can die mid-run (out of memory, a crash, an uncaught error). The pool hears of it
 * from the worker's `error` event, or, for a worker that stops without one, from a Web Lock the
 * worker holds for as long as it lives. Then only that worker's run fails (a retry runs it in
 * a fresh worker), the fan-out task it was helping with goes to another worker, and a new worker
 * takes its place.
 *
 * Inputs stay where they were sent (workers/input-cache.ts): each worker keeps the decoded
 * inputs it recently received, within its share of a byte budget; a run goes to the free worker
 * that holds the most of its inputs (never waiting for a busy one for that), and the page posts
 * only keys for what that worker holds.
 */
import type { FileInspection, InspectFileParams } from '../lib/data/inspect-file';
import type { DataSource, Progress } from '../lib/notebook/define-cell';
import { CancelledError, fromWireError } from '../lib/notebook/errors';
import type { CellExecutor, ExecuteRequest } from '../lib/notebook/executor';
import { DEFAULT_INPUT_CACHE_BYTES, estimateDecodedBytes, HeldInputs, keyOfValue, type InputPlan } from './input-cache';
import type { FromWorker, ToWorker } from './protocol';
import { codecBuffers } from '../lib/notebook/columnar-codec';
import { columnBytes, copyColumnsInSlices, fromWireInSlices, keptColumns, SLICED_POST_BYTES, toWire } from './wire-values';

type RunEvent = Extract<FromWorker, { runId: number }>;
type CallReply = Extract<FromWorker, { callId: number }>;

interface Slot {
  worker: Worker;
  /** Holds a cell run, or helps a fan-out with one task. */
  busy: boolean;
  /** The task (of any fan-out) this worker is computing, if any. */
  task: number | null;
  /** The cell run or the typed call this worker holds, if any (failed if the worker dies). */
  runId: number | null;
  callId: number | null;
  /** The worker said ready (it loaded); deaths before that count as failed starts. */
  ready: boolean;
  failedStarts: number;
  /** Given up on: its worker failed to start too often in a row (a script that cannot load). */
  broken: boolean;
  /** The inputs its worker keeps (emptied when a new worker takes the slot). */
  held: HeldInputs;
}

/** Workers a slot may fail to start in a row before the pool stops replacing it. */
const MAX_FAILED_STARTS = 3;

/** What the pool needs of `navigator.locks` (injected in tests). */
export interface LockWatch {
  request(name: string, callback: () => void): Promise<unknown>;
}

/** The message a run gets when its worker died under it. */
export function workerLostMessage(detail: string | undefined): string {
  return `The worker running this step stopped${detail ? ` (${detail})` : ''}: it crashed or ran out of memory. Only this step failed, and a new worker has taken the stopped one's place; Retry runs it again.`;
}

/** One cell's fan-out: its payloads, handed out in order. */
interface FanJob {
  owner: Slot;
  fanId: number;
  kind: string;
  task: string;
  payloads: unknown[];
  next: number;
  /** Payloads handed to a worker that died before it answered: handed out again first. */
  requeued: number[];
  closed: boolean;
}

export function noWorkers(): Error {
  const e = new Error(`No compute worker could start in this browser (each failed to load ${MAX_FAILED_STARTS} times in a row); reload the page.`);
  e.name = 'WorkerLostError';
  return e;
}

/**
 * The pool's budget for inputs kept in workers, in bytes (estimated, decoded). The page's
 * address can set it for measurements: `?worker-input-cache-mib=0` turns keeping off.
 */
export function defaultInputCacheBytes(): number {
  const search = typeof location !== 'undefined' ? location.search : '';
  const mib = new URLSearchParams(search).get('worker-input-cache-mib');
  return mib !== null && mib !== '' && Number(mib) >= 0 ? Number(mib) * 2 ** 20 : DEFAULT_INPUT_CACHE_BYTES;
}

export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, cores));
}

/** How long a cancelled run's worker may take to acknowledge before it is stopped and replaced. */
export const CANCEL_GRACE_MS = 2_000;

export class WorkerPool implements CellExecutor {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<{ resolve: (slot: Slot) => void; reject: (err: Error) => void }> = [];
  private readonly handlers = new Map<number, (event: RunEvent) => void>();
  private readonly calls = new Map<number, (reply: CallReply) => void>();
  private nextCallId = 1;
  private nextRunId = 1;
  private jobs: FanJob[] = [];
  private readonly tasks = new Map<number, { job: FanJob; index: number; helper: boolean }>();
  private nextTaskId = 1;
  private nextWorker = 1;
  /** Lock names are per origin: this pool's prefix keeps two tabs' workers apart. */
  private readonly lockPrefix = `palsy-worker-${typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Date.now()}`;
  private terminated = false;
  private readonly createWorker: (name: string) => Worker;
  private readonly locks: LockWatch | undefined;
  private readonly cancelGraceMs: number;
  /** Each worker's share of the input budget (0: nothing is kept, every input is posted). */
  private readonly inputBudget: number;

  constructor(
    size = defaultPoolSize(),
    createWorker: (name: string) => Worker = (name) => new Worker(new URL('./compute.worker.ts', import.meta.url), { name }),
    options: { locks?: LockWatch; inputCacheBytes?: number; cancelGraceMs?: number } = {},
  ) {
    this.createWorker = createWorker;
    this.cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.inputBudget = Math.floor((options.inputCacheBytes ?? defaultInputCacheBytes()) / Math.max(1, size));
    this.locks = options.locks ?? (typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockWatch }).locks : undefined);
    for (let i = 0; i < size; i++) {
      const slot = { busy: false, task: null, runId: null, callId: null, ready: false, failedStarts: 0, broken: false } as unknown as Slot;
      this.startWorker(slot);
      this.slots.push(slot);
    }
  }

  /** A new worker in the slot, wired to the pool; its death is noticed however it happens. */
  private startWorker(slot: Slot): void {
    const worker = this.createWorker(`${this.lockPrefix}-${this.nextWorker++}`);
    slot.worker = worker;
    slot.ready = false;
    slot.held = new HeldInputs(this.inputBudget);
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const message = e.data;
      if (message.type === 'ready') {
        slot.ready = true;
        slot.failedStarts = 0;
      }
      // The worker holds its lock once it says ready: the pool's request is granted when it dies.
      if (message.type === 'ready' && message.lock && this.locks) void this.locks.request(message.lock, () => this.died(slot, worker, undefined));
      this.onMessage(slot, message);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault?.();
      this.died(slot, worker, e.message || 'an uncaught error in the worker');
    };
  }

  /**
   * The worker of a slot died (or threw where nothing caught it, and cannot be trusted with the
   * rest of its run): its run or call fails, its task goes back to its fan-out, and a new
   * worker takes the slot.
   */
  private died(slot: Slot, worker: Worker, detail: string | undefined): void {
    if (this.terminated || slot.worker !== worker) return; // replaced already, or shut down on purpose
    worker.terminate();
    const error = { kind: 'bug', name: 'WorkerLostError', message: workerLostMessage(detail) } as const;
    // Its own fan-outs die with its run.
    for (const job of this.jobs) if (job.owner === slot) this.close(job);
    for (const entry of this.tasks.values()) if (entry.job.owner === slot) entry.job.closed = true;
    // The task it was computing for another run goes to the next free worker.
    let helper = false;
    if (slot.task !== null) {
      const entry = this.tasks.get(slot.task);
      this.tasks.delete(slot.task);
      if (entry) {
        helper = entry.helper;
        if (!entry.job.closed) {
          entry.job.requeued.push(entry.index);
          if (!this.jobs.includes(entry.job)) this.jobs.push(entry.job);
        }
      }
      slot.task = null;
    }
    // A worker that cannot even start (its script does not load) is not replaced for ever.
    if (!slot.ready) slot.failedStarts++;
    if (slot.failedStarts >= MAX_FAILED_STARTS) slot.broken = true;
    else this.startWorker(slot);
    const { runId, callId } = slot;
    if (runId !== null) this.handlers.get(runId)?.({ type: 'error', runId, error });
    if (callId !== null) this.calls.get(callId)?.({ type: 'inspect-failed', callId, error });
    if (helper && runId === null && callId === null) this.release(slot);
    this.pump();
  }

  get size(): number {
    return this.slots.length;
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'fan-out':
        this.jobs.push({ owner: slot, fanId: message.fanId, kind: message.kind, task: message.task, payloads: message.payloads, next: 0, requeued: [], closed: false });
        this.pump();
        return;
      case 'fan-cancel':
        for (const job of this.jobs) if (job.owner === slot && job.fanId === message.fanId) this.close(job);
        return;
      case 'task-result':
      case 'task-error':
        this.taskDone(slot, message);
        return;
      case 'inspected':
      case 'inspect-failed':
        this.calls.get(message.callId)?.(message);
        return;
      default:
        this.handlers.get(message.runId)?.(message);
    }
  }

  private close(job: FanJob): void {
    job.closed = true;
    this.jobs = this.jobs.filter((j) => j !== job);
  }

  private taskDone(slot: Slot, message: Extract<FromWorker, { type: 'task-result' | 'task-error' }>): void {
    const entry = this.tasks.get(message.taskId);
    this.tasks.delete(message.taskId);
    slot.task = null;
    if (entry && !entry.job.closed) {
      const { job, index } = entry;
      if (message.type === 'task-result') {
        job.owner.worker.postMessage({ type: 'fan-result', fanId: job.fanId, index, result: message.result } satisfies ToWorker);
      } else {
        job.owner.worker.postMessage({ type: 'fan-error', fanId: job.fanId, error: message.error } satisfies ToWorker);
        this.close(job);
      }
    }
    if (entry?.helper) this.release(slot);
    this.pump();
  }

  /** Hands out pending tasks: to each job's own worker when it is free, then to idle workers. */
  private pump(): void {
    for (const job of [...this.jobs]) {
      while (job.requeued.length > 0 || job.next < job.payloads.length) {
        if (job.owner.task === null) {
          this.dispatch(job, job.owner, false);
          continue;
        }
        const idle = this.slots.find((s) => !s.busy && !s.broken && s.task === null);
        if (!idle) break;
        idle.busy = true;
        this.dispatch(job, idle, true);
      }
      // Everything handed out: results still come back through `tasks`, which keep the job.
      if (job.requeued.length === 0 && job.next >= job.payloads.length) this.jobs = this.jobs.filter((j) => j !== job);
    }
  }

  private dispatch(job: FanJob, slot: Slot, helper: boolean): void {
    const index = job.requeued.shift() ?? job.next++;
    const taskId = this.nextTaskId++;
    slot.task = taskId;
    this.tasks.set(taskId, { job, index, helper });
    slot.worker.postMessage({ type: 'task', taskId, kind: job.kind, task: job.task, payload: job.payloads[index] } satisfies ToWorker);
  }

  /**
   * A free worker, preferring the one that holds the most (in bytes) of `keys`; when none is
   * free, the first to be released (affinity never makes a run wait).
   */
  private acquire(keys: readonly string[] = []): Promise<Slot> {
    let free: Slot | undefined;
    let best = -1;
    for (const s of this.slots) {
      if (s.busy || s.broken) continue;
      const held = keys.length > 0 ? s.held.heldBytes(keys) : 0;
      if (held > best) {
        free = s;
        best = held;
      }
    }
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (this.slots.every((s) => s.broken)) return Promise.reject(noWorkers());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(slot: Slot): void {
    slot.runId = null;
    slot.callId = null;
    // The slot's cell run is over: whatever it fanned out is no longer wanted.
    for (const job of this.jobs) if (job.owner === slot) this.close(job);
    for (const entry of this.tasks.values()) if (entry.job.owner === slot) entry.job.closed = true;
    if (slot.broken) {
      slot.busy = false;
      // The last working slot gone: nobody will serve the runs that wait.
      if (this.slots.every((s) => s.broken)) for (const w of this.waiting.splice(0)) w.reject(noWorkers());
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(slot);
    else {
      slot.busy = false;
      this.pump();
    }
  }

  /**
   * What to post for a run's inputs on this worker: the request with the inputs it holds left
   * out, and the plan that tells the worker which to take from its store, keep and drop.
   */
  private postedInputs(slot: Slot, inputs: Record<string, unknown>): { posted: Record<string, unknown>; plan?: InputPlan } {
    const wire = new Map<string, unknown>();
    const wireOf = (name: string) => {
      if (!wire.has(name)) wire.set(name, toWire(inputs[name]));
      return wire.get(name);
    };
    const plan = this.inputBudget > 0 ? slot.held.plan(inputs, (name) => estimateDecodedBytes(wireOf(name))) : undefined;
    const posted: Record<string, unknown> = {};
    for (const name of Object.keys(inputs)) if (!plan || !(name in plan.refs)) posted[name] = wireOf(name);
    return { posted, plan };
  }

  /** Copies, made in slices, of the inputs with ≥ SLICED_POST_BYTES of columns that `slot`'s worker does not hold. */
  private async slicedCopies(slot: Slot, inputs: Record<string, unknown>): Promise<Map<string, unknown>> {
    const copies = new Map<string, unknown>();
    for (const [name, value] of Object.entries(inputs)) {
      const key = this.inputBudget > 0 ? keyOfValue(value) : undefined;
      if (key !== undefined && slot.held.has(key)) continue;
      const columns = keptColumns(value);
      if (columns === undefined || columnBytes(columns) < SLICED_POST_BYTES) continue;
      copies.set(name, await copyColumnsInSlices(columns));
    }
    return copies;
  }

  async *execute(request: ExecuteRequest, signal: AbortSignal): AsyncGenerator<Progress, unknown, void> {
    const keys = this.inputBudget > 0 ? Object.values(request.inputs).flatMap((v) => keyOfValue(v) ?? []) : [];
    const slot = await this.acquire(keys);
    const runId = this.nextRunId++;
    const queue: RunEvent[] = [];
    let wake: (() => void) | undefined;
    this.handlers.set(runId, (event) => {
      queue.push(event);
      wake?.();
    });
    let settled = false; // the worker said result, error or cancelled: it is free again
    let sent = false; // the worker got the run (until then it owes no answer)
    const onAbort = () => {
      if (sent) slot.worker.postMessage({ type: 'cancel', runId } satisfies ToWorker);
      // The run ends now for its caller, whether or not the worker can answer (see finally).
      wake?.();
    };
    signal.addEventListener('abort', onAbort);
    try {
      if (signal.aborted) throw new CancelledError();
      slot.runId = runId;
      // Large inputs this worker does not hold (a million-row upload's windows): their columns
      // copied first, a slice per task, then transferred, so that posting them is not one long
      // copy on the page's main thread. Before the plan: nothing awaits between it and the post.
      const copies = await this.slicedCopies(slot, request.inputs);
      if (signal.aborted) throw new CancelledError();
      // The worker died while the copies were made: its error is queued, and its replacement gets nothing.
      if (queue.length === 0) {
        const { posted, plan } = this.postedInputs(slot, request.inputs);
        const transfer: ArrayBuffer[] = [];
        for (const [name, copy] of copies) {
          if (!(name in posted)) continue;
          posted[name] = copy;
          transfer.push(...codecBuffers(copy));
        }
        slot.worker.postMessage({ type: 'execute', runId, request: { ...request, inputs: posted }, ...(plan ? { inputs: plan } : {}) } satisfies ToWorker, transfer);
        sent = true;
      }
      for (;;) {
        while (queue.length === 0) {
          if (signal.aborted) throw new CancelledError();
          await new Promise<void>((r) => (wake = r));
        }
        const event = queue.shift()!;
        if (event.type !== 'progress' && event.type !== 'need-inputs') settled = true;
        switch (event.type) {
          case 'progress':
            yield event.progress;
            break;
          case 'need-inputs': {
            // The worker lacks what the pool thought it held (it was replaced, or a decode
            // failed): post the values; the pool's record forgets those keys.
            const resent: Record<string, unknown> = {};
            for (const name of event.names) {
              const key = keyOfValue(request.inputs[name]);
              if (key !== undefined) slot.held.forget(key);
              resent[name] = toWire(request.inputs[name]);
            }
            slot.worker.postMessage({ type: 'inputs', runId, inputs: resent } satisfies ToWorker);
            break;
          }
          case 'result':
            return await fromWireInSlices(event.output);
          case 'cancelled':
            throw new CancelledError();
          case 'error':
            throw fromWireError(event.error);
          default:
            break;
        }
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      // Never sent (cancelled while it waited for a worker, or its inputs could not be posted):
      // the worker owes nothing, and its slot is free at once.
      if (settled || !sent) {
        this.handlers.delete(runId);
        this.release(slot);
      } else {
        // Left early (cancelled before the worker answered): the worker is busy until it
        // acknowledges, so keep its slot until then rather than queueing a second run on it.
        // A worker that cannot hear the cancel (QuickJS running a code step, one long libsvm fit)
        // is stopped after a grace period and replaced, so Cancel frees its place at once
        // instead of at the code's time limit.
        onAbort();
        const worker = slot.worker;
        const grace = setTimeout(() => this.died(slot, worker, 'it did not stop when its run was cancelled'), this.cancelGraceMs);
        this.handlers.set(runId, (event) => {
          // Not an answer: the worker still owes one (its 'cancelled' comes once it hears the cancel).
          if (event.type === 'progress' || event.type === 'need-inputs') return;
          clearTimeout(grace);
          this.handlers.delete(runId);
          this.release(slot);
        });
      }
    }
  }

  /**
   * A first look at a file (columns, preview, suggested mapping, date format) in a worker, for
   * the upload's mapping step. A typed call, not a cell: it belongs to no notebook.
   */
  async inspect(source: DataSource, params: Partial<InspectFileParams>, signal?: AbortSignal): Promise<FileInspection> {
    const slot = await this.acquire();
    const callId = this.nextCallId++;
    try {
      if (signal?.aborted) throw new CancelledError();
      const reply = await new Promise<CallReply>((resolve) => {
        this.calls.set(callId, resolve);
        slot.callId = callId;
        slot.worker.postMessage({ type: 'inspect', callId, source, params } satisfies ToWorker);
      });
      if (signal?.aborted) throw new CancelledError();
      if (reply.type === 'inspect-failed') throw fromWireError(reply.error);
      return reply.result;
    } finally {
      this.calls.delete(callId);
      this.release(slot);
    }
  }

  terminate(): void {
    this.terminated = true;
    for (const slot of this.slots) slot.worker.terminate();
  }
}
