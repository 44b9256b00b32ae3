/**
 * What a compute worker does with the page's messages, apart from `self` and the tfjs backend
 * (compute.worker.ts wires those), so the protocol can be tested in Node with stand-in workers.
 */
import { inspectFile } from '../lib/data/inspect-file';
import type { ExecutionEnv } from '../lib/notebook/define-cell';
import { CancelledError, fromWireError, toWireError } from '../lib/notebook/errors';
import { inProcessExecutor, registryTask } from '../lib/notebook/executor';
import type { CellRegistry } from '../lib/notebook/registry';
import { type TaskResult, type TaskRunner } from '../lib/notebook/tasks';
import { InputStore } from './input-cache';
import type { FromWorker, ToWorker } from './protocol';
import { codecBuffers } from '../lib/notebook/columnar-codec';
import { encodeForWire, inputsFromWire } from './wire-values';

/**
 * `post` sends a message to the page; `transfer` lists buffers that go with it rather than be
 * copied (a result's columns, which the worker made for that message and never reads again).
 */
export function createComputeHost(options: {
  registry: CellRegistry;
  env: ExecutionEnv;
  post: (message: FromWorker, transfer?: ArrayBuffer[]) => void;
  ready?: Promise<unknown>;
}): (message: ToWorker) => Promise<void> {
  const { registry, env, post } = options;

  // A cell's fan-out goes to the page's pool, which hands the tasks to this worker (while the
  // cell awaits them) and to idle workers; results come back here as 'fan-result' messages.
  type FanMessage = Extract<ToWorker, { type: 'fan-result' | 'fan-error' }>;
  const fans = new Map<number, (message: FanMessage) => void>();
  let nextFanId = 1;
  const poolTasks: TaskRunner = async function* ({ kind, task, payloads }, signal) {
    const fanId = nextFanId++;
    const inbox: FanMessage[] = [];
    let wake: (() => void) | undefined;
    const onAbort = () => wake?.();
    fans.set(fanId, (message) => {
      inbox.push(message);
      wake?.();
    });
    signal.addEventListener('abort', onAbort);
    let received = 0;
    try {
      post({ type: 'fan-out', fanId, kind, task, payloads: [...payloads] });
      while (received < payloads.length) {
        while (inbox.length === 0 && !signal.aborted) await new Promise<void>((r) => (wake = r));
        if (signal.aborted) throw new CancelledError();
        const message = inbox.shift()!;
        if (message.type === 'fan-error') throw fromWireError(message.error);
        received++;
        yield { index: message.index, result: message.result } satisfies TaskResult<unknown>;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      fans.delete(fanId);
      if (received < payloads.length) post({ type: 'fan-cancel', fanId });
    }
  };

  const executor = inProcessExecutor(registry, env, poolTasks);
  const findTask = registryTask(registry);
  const controllers = new Map<number, AbortController>();
  // Inputs kept from earlier runs (workers/input-cache.ts), and the runs waiting for inputs
  // they were sent by key but this worker does not hold.
  const store = new InputStore();
  const resent = new Map<number, (inputs: Record<string, unknown>) => void>();

  /**
   * A run's inputs: those sent by key from the store, the posted ones decoded (and kept when
   * the pool says so), then the pool's evictions. Synchronous, so that the store follows the
   * pool's record message by message. `missing`: inputs sent by key that the store lacks.
   */
  const takeInputs = (message: Extract<ToWorker, { type: 'execute' }>) => {
    const plan = message.inputs;
    const inputs: Record<string, unknown> = {};
    const missing: string[] = [];
    for (const [name, key] of Object.entries(plan?.refs ?? {})) {
      const held = store.get(key);
      if (held) inputs[name] = held.value;
      else missing.push(name);
    }
    try {
      const decoded = inputsFromWire(message.request.inputs);
      for (const [name, key] of Object.entries(plan?.keep ?? {})) if (name in decoded) store.set(key, decoded[name]);
      Object.assign(inputs, decoded);
    } finally {
      store.drop(plan?.evict ?? []);
    }
    return { inputs, missing };
  };

  /** The pool's answer to `need-inputs` (or undefined when the run is cancelled first). */
  const awaitResent = (runId: number, signal: AbortSignal) =>
    new Promise<Record<string, unknown> | undefined>((resolve) => {
      const onAbort = () => {
        resent.delete(runId);
        resolve(undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      resent.set(runId, (inputs) => {
        resent.delete(runId);
        signal.removeEventListener('abort', onAbort);
        resolve(inputs);
      });
    });
  // Tasks are not cancelled mid-way (a γ slice takes a fraction of a second): the pool drops
  // the result of a cancelled fan-out instead.
  const neverAborted = new AbortController().signal;

  return async (message) => {
    switch (message.type) {
      case 'cancel':
        controllers.get(message.runId)?.abort();
        return;
      case 'inputs':
        resent.get(message.runId)?.(message.inputs);
        return;
      case 'inspect':
        try {
          post({ type: 'inspected', callId: message.callId, result: await inspectFile(message.source, message.params) });
        } catch (err) {
          post({ type: 'inspect-failed', callId: message.callId, error: toWireError(err) });
        }
        return;
      case 'fan-result':
      case 'fan-error':
        fans.get(message.fanId)?.(message);
        return;
      case 'task':
        try {
          const result = await findTask(message.kind, message.task)(message.payload, { env, signal: neverAborted });
          post({ type: 'task-result', taskId: message.taskId, result });
        } catch (err) {
          post({ type: 'task-error', taskId: message.taskId, error: toWireError(err) });
        }
        return;
      case 'execute': {
        const controller = new AbortController();
        controllers.set(message.runId, controller);
        try {
          const { inputs, missing } = takeInputs(message);
          const waiting = missing.length > 0 ? awaitResent(message.runId, controller.signal) : undefined;
          if (waiting) post({ type: 'need-inputs', runId: message.runId, names: missing });
          await options.ready;
          if (waiting) {
            const more = await waiting;
            if (!more) throw new CancelledError();
            Object.assign(inputs, inputsFromWire(more));
          }
          const generator = executor.execute({ ...message.request, inputs }, controller.signal);
          for (;;) {
            const step = await generator.next();
            if (controller.signal.aborted) {
              await generator.return(undefined);
              post({ type: 'cancelled', runId: message.runId });
              return;
            }
            if (step.done) {
              // The columns are transferred, not copied: receiving a million-row result is
              // then no copy on the page's main thread (the structured clone of ~100 MB of
              // columns took 0.5 s there).
              const output = encodeForWire(step.value);
              post({ type: 'result', runId: message.runId, output }, codecBuffers(output));
              return;
            }
            post({ type: 'progress', runId: message.runId, progress: step.value });
          }
        } catch (err) {
          if (controller.signal.aborted) post({ type: 'cancelled', runId: message.runId });
          else post({ type: 'error', runId: message.runId, error: toWireError(err) });
        } finally {
          controllers.delete(message.runId);
        }
        return;
      }
      default: {
        const unreachable: never = message;
        throw new Error(`compute worker: unknown message ${JSON.stringify(unreachable)}`);
      }
    }
  };
}
