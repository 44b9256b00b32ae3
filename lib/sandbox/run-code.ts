/**
 * Runs a code cell's JavaScript inside QuickJS compiled to WebAssembly (issue #27). The same
 * engine runs in the page's compute worker and in Node (CLI, tests), so both give the same
 * output, and the host never compiles the user's text (the page's CSP keeps out 'unsafe-eval';
 * compiling the engine's WebAssembly needs only 'wasm-unsafe-eval').
 *
 * Inside the sandbox there is nothing but the language itself, the declared inputs (a JSON copy),
 * `aq`/`op` (arquero), `Plot` (Observable Plot drawing into `document`, linkedom's DOM that lives
 * inside the sandbox) and `console` (collected lines). There is no host object, no fetch,
 * XMLHttpRequest, WebSocket, importScripts, module loader, timer or clock (see prelude.ts and
 * docs/SECURITY.md). Each run gets a fresh WebAssembly instance, thrown away afterwards.
 *
 * Limits: a deadline checked by QuickJS's interrupt handler (the user's code, its result's
 * conversion and its promise jobs; the libraries' start has its own allowance), a memory limit on
 * the runtime's heap (libraries included), and a maximum stack size. Each ends the run with a
 * plain message, never a crash of the host.
 */
import { newQuickJSWASMModuleFromVariant, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import variant from '@jitl/quickjs-singlefile-browser-release-sync';
import { SANDBOX_LIBS } from './generated/sandbox-libs';
import { preludeSource } from './prelude';
import { sanitizeSvgTree, svgToString, type SvgNode } from './svg-sanitize';
import { inputVariables } from './input-variables';

export const RUN_CODE_DEFAULTS = {
  timeLimitMs: 10_000,
  memoryLimitBytes: 256 * 1024 * 1024,
  /**
   * QuickJS's own stack allowance (recursion about 3,000 calls deep). Kept below what the host's
   * native stack holds of the engine's frames (512 KiB overflowed Node's main-thread stack before
   * QuickJS noticed); a host stack overflow is reported with the same message all the same.
   */
  maxStackBytes: 384 * 1024,
  /** The result's JSON text, as it leaves the sandbox. */
  maxOutputChars: 50_000_000,
  /** What starting arquero and Plot inside the sandbox may take (not counted in timeLimitMs). */
  libraryTimeLimitMs: 30_000,
} as const;

export interface RunCodeOptions {
  /** The body of a function: `return` gives the result. */
  code: string;
  /** The declared inputs by name: copied in as JSON (typed arrays as arrays, Map/Set as object/array, Dates as ISO text, non-finite numbers as null). */
  inputs: Record<string, unknown>;
  /** Seeds Math.random inside the sandbox. */
  seed: number;
  timeLimitMs?: number;
  memoryLimitBytes?: number;
  maxStackBytes?: number;
  maxOutputChars?: number;
  libraryTimeLimitMs?: number;
  /** Stops the run at QuickJS's next interrupt check (reported as `cancelled`). */
  signal?: AbortSignal;
}

export type CellValue = string | number | boolean | null;

export type RunCodeResult =
  | { kind: 'value'; value: unknown; logs: string[] }
  | { kind: 'table'; columns: string[]; rows: CellValue[][]; logs: string[] }
  | {
      kind: 'figure';
      /** The sanitized element tree (render it with renderSvgTree). */
      tree: SvgNode;
      /** The sanitized tree as SVG markup. */
      svg: string;
      /** What the sanitizer removed (empty for Plot's own output). */
      removed: string[];
      /** A <figcaption>'s text when Plot returned a <figure>. */
      caption?: string;
      logs: string[];
    }
  | { kind: 'error'; error: RunCodeError; logs: string[] };

export interface RunCodeError {
  type: 'syntax' | 'runtime' | 'timeout' | 'memory' | 'stack' | 'input' | 'output' | 'engine' | 'cancelled';
  /** One or two plain sentences; syntax and runtime errors name the line:column in the code. */
  message: string;
  line?: number;
  column?: number;
}

/** The file name the user's code has in QuickJS's stack traces. */
const CODE_FILE = 'code-cell.js';
/** Names the code may not take as inputs (the wrapper's own and the sandbox's globals). */
export { inputVariables };

/** Which library parts the code needs: arquero when it names aq/op, Plot (and its DOM) when it names Plot, document, DOMParser or returns SVG text. */
export function librariesFor(code: string): Array<'arquero' | 'plot'> {
  const parts: Array<'arquero' | 'plot'> = [];
  if (/\b(aq|op)\b/.test(code)) parts.push('arquero');
  if (/\b(Plot|document|DOMParser)\b|<svg/i.test(code)) parts.push('plot');
  return parts;
}

/** Inputs as JSON text: what the sandbox receives (throws a plain Error for a cycle). */
export function inputsToJson(inputs: Record<string, unknown>): string {
  return JSON.stringify(inputs, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (x) => (typeof x === 'bigint' ? String(x) : Number.isFinite(x) ? x : null));
    if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), v]));
    if (value instanceof Set) return [...value];
    return value;
  });
}

const seconds = (ms: number) => `${+(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
const mib = (bytes: number) => `${+(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Line and column in the user's code from a QuickJS stack ("at <anonymous> (code-cell.js:3:9)"): the wrapper's first line is line 0. */
function codePosition(stack: string): { line: number; column: number } | undefined {
  const m = new RegExp(`${CODE_FILE.replace('.', '\\.')}:(\\d+)(?::(\\d+))?`).exec(stack);
  if (!m) return undefined;
  return { line: Math.max(1, Number(m[1]) - 1), column: m[2] ? Number(m[2]) : 1 };
}

/** A fresh QuickJS WebAssembly instance: each run gets its own memory, dropped afterwards. */
function freshModule(): Promise<QuickJSWASMModule> {
  return newQuickJSWASMModuleFromVariant(variant);
}

interface Described {
  name: string;
  message: string;
  stack: string;
  logs?: string[];
}

/** Runs `code` in a fresh sandbox. Never throws for anything the code does: errors come back as `{ kind: 'error' }`. */
export async function runCode(options: RunCodeOptions): Promise<RunCodeResult> {
  const timeLimitMs = options.timeLimitMs ?? RUN_CODE_DEFAULTS.timeLimitMs;
  const memoryLimitBytes = options.memoryLimitBytes ?? RUN_CODE_DEFAULTS.memoryLimitBytes;
  const maxStackBytes = options.maxStackBytes ?? RUN_CODE_DEFAULTS.maxStackBytes;
  const maxOutputChars = options.maxOutputChars ?? RUN_CODE_DEFAULTS.maxOutputChars;
  const libraryTimeLimitMs = options.libraryTimeLimitMs ?? RUN_CODE_DEFAULTS.libraryTimeLimitMs;
  /** Set by the interrupt handler when the deadline passed. */
  let interrupted = false;
  const fail = (error: RunCodeError, logs: string[] = []): RunCodeResult =>
    options.signal?.aborted && !interrupted ? { kind: 'error', error: { type: 'cancelled', message: 'Stopped: the run was cancelled.' }, logs } : { kind: 'error', error, logs };

  let inputsJson: string;
  try {
    inputsJson = inputsToJson(options.inputs);
  } catch (e) {
    return fail({ type: 'input', message: `The inputs cannot be copied into the sandbox as JSON: ${(e as Error).message}` });
  }
  if (inputsJson.length > memoryLimitBytes) return fail({ type: 'memory', message: `The inputs as JSON (${mib(inputsJson.length)}) are larger than the memory limit (${mib(memoryLimitBytes)}): raise the limit or give the code less data.` });

  let module: QuickJSWASMModule;
  try {
    module = await freshModule();
  } catch (e) {
    return fail({ type: 'engine', message: `The sandbox (QuickJS WebAssembly) could not start: ${(e as Error).message}` });
  }

  let runtime: QuickJSRuntime | undefined;
  let vm: QuickJSContext | undefined;
  const handles: QuickJSHandle[] = [];
  const keep = (h: QuickJSHandle) => (handles.push(h), h);
  let deadline = Date.now() + libraryTimeLimitMs;
  let phase: 'libraries' | 'code' = 'libraries';
  let engineBroken = false;
  let userStart = 0;
  try {
    runtime = module.newRuntime();
    runtime.setMemoryLimit(memoryLimitBytes);
    runtime.setMaxStackSize(maxStackBytes);
    runtime.setInterruptHandler(() => {
      if (Date.now() > deadline) interrupted = true;
      return interrupted || options.signal?.aborted === true;
    });
    vm = runtime.newContext();
    const ctx = vm;

    const evalOrThrow = (source: string, file: string): QuickJSHandle => {
      const r = ctx.evalCode(source, file);
      if (r.error) {
        const described = describeWith(ctx, undefined, r.error);
        r.error.dispose();
        throw new SandboxFailure(described);
      }
      return keep(r.value);
    };

    // The prelude (seeded random, no clock, console, result conversion), then the libraries.
    const prelude = evalOrThrow(preludeSource(options.seed), 'prelude.js');
    const finish = keep(ctx.getProp(prelude, 'finish'));
    const describeError = keep(ctx.getProp(prelude, 'describeError'));
    const describe = (error: QuickJSHandle) => describeWith(ctx, describeError, error);
    for (const part of ['base', ...librariesFor(options.code)] as const) evalOrThrow(SANDBOX_LIBS[part], `${part}.js`);

    // From here on the user's time limit runs.
    phase = 'code';
    userStart = Date.now();
    deadline = userStart + timeLimitMs;
    const logsOf = (d: Described | undefined) => (Array.isArray(d?.logs) ? d.logs.filter((l): l is string => typeof l === 'string') : []);
    const codeError = (handle: QuickJSHandle): RunCodeResult => {
      const d = describe(handle);
      return fail(classify(d, { interrupted, timeLimitMs, memoryLimitBytes, maxStackBytes, elapsedMs: Date.now() - userStart }), logsOf(d));
    };

    const jsonParse = evalOrThrow('JSON.parse', 'marshal.js');
    const inputsText = keep(ctx.newString(inputsJson));
    const parsed = ctx.callFunction(jsonParse, ctx.undefined, inputsText);
    if (parsed.error) {
      keep(parsed.error);
      return codeError(parsed.error);
    }
    const inputsHandle = keep(parsed.value);

    const names = inputVariables(Object.keys(options.inputs));
    const compiled = ctx.evalCode(`(function (inputs${names.map((n) => `, ${n}`).join('')}) {"use strict";\n${options.code}\n})`, CODE_FILE);
    if (compiled.error) {
      keep(compiled.error);
      return codeError(compiled.error);
    }
    const fn = keep(compiled.value);
    const args = [inputsHandle, ...names.map((n) => keep(ctx.getProp(inputsHandle, n)))];
    const called = ctx.callFunction(fn, ctx.undefined, args);
    if (called.error) {
      keep(called.error);
      return codeError(called.error);
    }
    let result = keep(called.value);

    // An async function's promise: its jobs run now (nothing in the sandbox waits on the host).
    const state = ctx.getPromiseState(result);
    if (!(state.type === 'fulfilled' && state.notAPromise)) {
      if (state.type === 'fulfilled') keep(state.value);
      if (state.type === 'rejected') keep(state.error);
      const jobs = runtime.executePendingJobs();
      if (jobs.error) {
        keep(jobs.error);
        return codeError(jobs.error);
      }
      // A job stopped by the deadline rejects its own promise, not this call: the flag tells.
      if (interrupted) return fail({ type: 'timeout', message: timeoutMessage(Date.now() - userStart, timeLimitMs) });
      const settled = ctx.getPromiseState(result);
      if (settled.type === 'pending') return fail({ type: 'runtime', message: 'The code returned a promise that never settles: the sandbox has no timers, network or files to wait for.' });
      if (settled.type === 'rejected') {
        keep(settled.error);
        return codeError(settled.error);
      }
      result = keep(settled.value);
    }

    const finished = ctx.callFunction(finish, ctx.undefined, result);
    if (finished.error) {
      keep(finished.error);
      return codeError(finished.error);
    }
    const out = keep(finished.value);
    if (ctx.typeof(out) !== 'string') return fail({ type: 'output', message: 'The result could not be read from the sandbox.' });
    const text = ctx.getString(out);
    if (text.length > maxOutputChars) return fail({ type: 'output', message: `The result is too large to bring back (${mib(text.length)} of JSON; the limit is ${mib(maxOutputChars)}): return a summary, a smaller table or a figure.` });
    return readResult(text);
  } catch (e) {
    if (!(e instanceof SandboxFailure)) engineBroken = true;
    if (e instanceof SandboxFailure) {
      if (phase === 'libraries') {
        const c = classify(e.described, { interrupted, timeLimitMs: libraryTimeLimitMs, memoryLimitBytes, maxStackBytes, elapsedMs: 0 });
        const hint = c.type === 'memory' ? ` (arquero and Plot need some of it: raise the memory limit)` : '';
        return fail({ type: c.type === 'memory' ? 'memory' : 'engine', message: `The sandbox's libraries could not start: ${c.message}${hint}` });
      }
      return fail(classify(e.described, { interrupted, timeLimitMs, memoryLimitBytes, maxStackBytes, elapsedMs: Date.now() - userStart }));
    }
    // The engine itself failed (a WebAssembly trap, an allocation outside the JS heap's limit).
    const message = (e as Error)?.message ?? String(e);
    if (interrupted) return fail({ type: 'timeout', message: timeoutMessage(Date.now() - userStart, timeLimitMs) });
    if (/call stack|stack overflow/i.test(message)) return fail(classify({ name: 'RangeError', message: 'stack overflow', stack: '' }, { interrupted, timeLimitMs, memoryLimitBytes, maxStackBytes, elapsedMs: 0 }));
    if (/memory/i.test(message)) return fail({ type: 'memory', message: memoryMessage(memoryLimitBytes) });
    return fail({ type: 'engine', message: `The sandbox stopped with an internal error: ${message}` });
  } finally {
    // Handles first, then the context and runtime; a failure here (an engine left in a bad state) is ignored: the instance is dropped.
    // After a trap or a host stack overflow inside the engine its heap cannot be trusted: nothing is freed, the instance is dropped whole.
    // Interrupted code or unfinished promise jobs leave objects QuickJS would assert on when freed: the instance is dropped whole then too.
    let clean = !engineBroken && !interrupted;
    try {
      clean &&= !(runtime?.hasPendingJob() ?? false);
    } catch {
      clean = false;
    }
    if (clean) disposeAll(handles, vm, runtime);
  }
}

function disposeAll(handles: QuickJSHandle[], vm: QuickJSContext | undefined, runtime: QuickJSRuntime | undefined): void {
  for (const h of handles.reverse()) {
    try {
      if (h.alive) h.dispose();
    } catch {
      // ignored
    }
  }
  try {
    vm?.dispose();
    runtime?.dispose();
  } catch {
    // ignored: the WebAssembly instance is garbage now
  }
}

class SandboxFailure extends Error {
  constructor(readonly described: Described) {
    super(described.message);
  }
}

/** A thrown value described inside the sandbox (its describeError) or, before the prelude exists, from the handle itself. */
function describeWith(ctx: QuickJSContext, describeError: QuickJSHandle | undefined, error: QuickJSHandle): Described {
  try {
    if (describeError) {
      const r = ctx.callFunction(describeError, ctx.undefined, error);
      if (r.error) {
        r.error.dispose();
      } else {
        const text = ctx.typeof(r.value) === 'string' ? ctx.getString(r.value) : '';
        r.value.dispose();
        const d = JSON.parse(text) as Described;
        if (d && typeof d === 'object') return { name: String(d.name ?? ''), message: String(d.message ?? ''), stack: String(d.stack ?? ''), logs: Array.isArray(d.logs) ? d.logs : [] };
      }
    }
    const field = (name: string) => {
      const h = ctx.getProp(error, name);
      try {
        return ctx.typeof(h) === 'string' ? ctx.getString(h) : '';
      } finally {
        h.dispose();
      }
    };
    if (ctx.typeof(error) === 'object') return { name: field('name'), message: field('message'), stack: field('stack') };
    return { name: '', message: ctx.typeof(error) === 'string' ? ctx.getString(error) : `a thrown ${ctx.typeof(error)}`, stack: '' };
  } catch {
    // Describing needs memory too: an error that cannot be described is most often out of memory.
    return { name: 'InternalError', message: 'out of memory', stack: '' };
  }
}

/** Names the limit, not the time measured: the same message on every machine and every run. */
function timeoutMessage(_elapsedMs: number, limitMs: number): string {
  return `Stopped after ${seconds(limitMs)}: the code reached its time limit. Does a loop never end?`;
}
function memoryMessage(limitBytes: number): string {
  return `Stopped: the code ran out of memory (the sandbox's limit is ${mib(limitBytes)}, libraries included). Does it build a very large array or string?`;
}

function classify(d: Described, at: { interrupted: boolean; timeLimitMs: number; memoryLimitBytes: number; maxStackBytes: number; elapsedMs: number }): RunCodeError {
  if (at.interrupted) return { type: 'timeout', message: timeoutMessage(at.elapsedMs, at.timeLimitMs) };
  if (/out of memory/i.test(d.message)) return { type: 'memory', message: memoryMessage(at.memoryLimitBytes) };
  if (/stack overflow|maximum call stack/i.test(d.message)) return { type: 'stack', message: `Stopped: too deep a recursion (the stack limit is ${Math.round(at.maxStackBytes / 1024)} KiB). Does a function call itself without end?` };
  const position = codePosition(d.stack);
  const where = position ? ` (line ${position.line}:${position.column})` : '';
  const name = d.name || 'Error';
  if (name === 'SyntaxError') return { type: 'syntax', message: `Syntax error${where}: ${d.message}`, ...position };
  return { type: 'runtime', message: `${name}${where}: ${d.message}`, ...position };
}

const isCell = (v: unknown): v is CellValue => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** The result text from the sandbox, checked and converted (untrusted: anything the code could make). */
function readResult(text: string): RunCodeResult {
  let parsed: { result?: { kind?: unknown; [k: string]: unknown }; logs?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'error', error: { type: 'output', message: 'The result could not be read from the sandbox.' }, logs: [] };
  }
  const logs = Array.isArray(parsed?.logs) ? parsed.logs.filter((l): l is string => typeof l === 'string') : [];
  const r = parsed?.result;
  const bad = (message: string): RunCodeResult => ({ kind: 'error', error: { type: 'output', message }, logs });
  if (!r || typeof r !== 'object') return bad('The result could not be read from the sandbox.');
  if (r.kind === 'value') return { kind: 'value', value: r.value ?? null, logs };
  if (r.kind === 'table') {
    if (!Array.isArray(r.columns) || !r.columns.every((c) => typeof c === 'string') || !Array.isArray(r.rows)) return bad('The table could not be read from the sandbox.');
    const columns = r.columns as string[];
    const rows: CellValue[][] = [];
    for (const row of r.rows as unknown[]) {
      if (!Array.isArray(row)) return bad('The table could not be read from the sandbox.');
      rows.push(columns.map((_c, i) => (isCell(row[i]) ? row[i] : row[i] === undefined ? null : JSON.stringify(row[i]))));
    }
    return { kind: 'table', columns, rows, logs };
  }
  if (r.kind === 'figure') {
    try {
      const { tree, removed } = sanitizeSvgTree(r.tree);
      const caption = typeof r.caption === 'string' && r.caption.trim() ? r.caption.trim().slice(0, 2000) : undefined;
      return { kind: 'figure', tree, svg: svgToString(tree), removed, ...(caption ? { caption } : {}), logs };
    } catch (e) {
      return bad(`The figure was refused: ${(e as Error).message}.`);
    }
  }
  return bad('The result could not be read from the sandbox.');
}
