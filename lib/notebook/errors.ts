/**
 * The errors the runtime tells apart, in one place. Everything else is a bug.
 *
 * - `CancelledError`: the user (or a superseding edit) stopped the run. Not a failure: the cell
 *   goes back to stale.
 * - `InputError`: the user's input (data, mapping, parameters) cannot be used. The CLI exits
 *   with code 2 and the page shows the message as something the user can fix.
 *
 * Errors cross the worker boundary as `{ kind, name, message }` (`toWireError`) and are rebuilt
 * as the same class on the other side (`fromWireError`), so no caller ever matches on names or
 * message text.
 */

export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** One problem with a parameter value: where (path below the cell's parameters) and what. */
export interface ParamProblem {
  path: string;
  message: string;
}

/** Parameters that do not fit their cell's schema; `problems` lets a form show each at its field. */
export class ParamsError extends InputError {
  readonly kind: string;
  readonly problems: readonly ParamProblem[];

  constructor(kind: string, problems: readonly ParamProblem[]) {
    super(`Invalid parameters for ${kind}: ${problems.map((p) => `${p.path || '(params)'}: ${p.message}`).join('; ')}`);
    this.name = 'ParamsError';
    this.kind = kind;
    this.problems = problems;
  }
}

/** True for a stopped run, however the stop was raised (ours, or a platform AbortError from fetch/DOM). */
export function isCancellation(err: unknown): boolean {
  return err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError');
}

export function isInputError(err: unknown): err is InputError {
  return err instanceof InputError;
}

/** Throws a CancelledError when the signal has fired (call between units of work). */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** How an error travels between threads (structured clone drops prototypes). */
export interface WireError {
  kind: 'cancelled' | 'input' | 'params' | 'bug';
  name: string;
  message: string;
  problems?: readonly ParamProblem[];
  paramsKind?: string;
}

export function toWireError(err: unknown): WireError {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  if (isCancellation(err)) return { kind: 'cancelled', name, message };
  if (err instanceof ParamsError) return { kind: 'params', name, message, problems: err.problems, paramsKind: err.kind };
  if (err instanceof InputError) return { kind: 'input', name, message };
  return { kind: 'bug', name, message };
}

export function fromWireError(wire: WireError): Error {
  switch (wire.kind) {
    case 'cancelled':
      return new CancelledError(wire.message);
    case 'params':
      return new ParamsError(wire.paramsKind ?? 'cell', wire.problems ?? []);
    case 'input': {
      const e = new InputError(wire.message);
      e.name = wire.name;
      return e;
    }
    default: {
      const e = new Error(wire.message);
      e.name = wire.name;
      return e;
    }
  }
}
