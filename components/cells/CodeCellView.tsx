'use client';
import { useEffect, useId, useRef, useState } from 'react';
import type { CodeCellOutput } from '@/lib/cells/code-cell';
import { FREE_INPUT_NAME } from '@/lib/notebook/check-inputs';
import { SANDBOX_RESERVED_NAMES } from '@/lib/sandbox/input-variables';
import { MAX_LOG_LINES } from '@/lib/sandbox/prelude';
import { CodeEditor } from '@/components/editor/CodeEditor';

/** How long typing pauses before the code is handed on (a new code makes the step out of date). */
const CODE_IDLE_MS = 600;
/** Console lines shown at most (the last ones). */
const SHOWN_LOG_LINES = 200;

export interface CodeCellViewProps {
  cellId: string;
  code: string;
  /** Variable name → the id of the step it reads. */
  inputs: Record<string, string>;
  /** The steps above this one, which it may read. */
  available: readonly { id: string; title: string }[];
  output: CodeCellOutput | undefined;
  /** A run is under way: the console shown is the last run's. */
  updating: boolean;
  onCodeChange(code: string): void;
  onInputsChange(inputs: Record<string, string>): void;
}

interface Row {
  key: number;
  name: string;
  from: string;
}

let nextKey = 1;
const rowsOf = (inputs: Record<string, string>): Row[] => Object.entries(inputs).map(([name, from]) => ({ key: nextKey++, name, from }));
const recordOf = (rows: readonly Row[]) => Object.fromEntries(rows.map((r) => [r.name.trim(), r.from]));
const sameInputs = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** What is wrong with each row (by key), in words; none when the rows can be the step's inputs. */
function rowProblems(rows: readonly Row[], available: readonly { id: string }[]): Map<number, string> {
  const problems = new Map<number, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (!name) problems.set(row.key, 'Give the input a variable name.');
    else if (!FREE_INPUT_NAME.test(name)) problems.set(row.key, `“${name}” is not a variable name: use letters, digits and _ (not starting with a digit, at most 64).`);
    else if (seen.has(name)) problems.set(row.key, `Two inputs are named “${name}”.`);
    else if (!available.some((a) => a.id === row.from)) problems.set(row.key, `“${name}” reads a step that is not above this one: choose another.`);
    seen.add(name);
  }
  return problems;
}

/** A variable name made from a step's id (`lstm-split` → `lstm_split`) that no row has yet. */
function nameFor(stepId: string, rows: readonly Row[]): string {
  let base = stepId.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 60) || 'input';
  if (/^[0-9]/.test(base)) base = `s_${base}`;
  const taken = new Set(rows.map((r) => r.name.trim()));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** The step's inputs as rows: a variable name and the step it reads, each row removable. */
function InputRows({ cellId, inputs, available, onInputsChange }: Pick<CodeCellViewProps, 'cellId' | 'inputs' | 'available' | 'onInputsChange'>) {
  const [rows, setRows] = useState(() => rowsOf(inputs));
  const id = useId();
  const inputsKey = JSON.stringify(Object.entries(inputs));
  // The step's inputs changed elsewhere (undo, another file): show them, unless the rows say the same.
  useEffect(() => {
    setRows((current) => (sameInputs(recordOf(current), inputs) ? current : rowsOf(inputs)));
  }, [inputsKey]);
  const problems = rowProblems(rows, available);

  /** Shows `next` and hands it on when every row is right and something changed. */
  const commit = (next: Row[]) => {
    setRows(next);
    if (rowProblems(next, available).size > 0) return;
    const record = recordOf(next);
    if (!sameInputs(record, inputs)) onInputsChange(record);
  };
  const setRow = (key: number, patch: Partial<Row>) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r));
  const add = () => {
    const used = new Set(rows.map((r) => r.from));
    const step = available.find((a) => !used.has(a.id)) ?? available[0];
    if (!step) return;
    const row = { key: nextKey++, name: nameFor(step.id, rows), from: step.id };
    commit([...rows, row]);
    // The new row's name, ready to be renamed.
    requestAnimationFrame(() => document.getElementById(`${id}-name-${row.key}`)?.focus());
  };
  const firstProblem = [...problems.values()][0];

  return (
    <fieldset className="code-inputs" data-testid={`code-inputs-${cellId}`}>
      <legend>Inputs</legend>
      {rows.length === 0 && <p className="cell-meta">No inputs: the code sees only aq and Plot.</p>}
      {rows.map((row, i) => {
        const problem = problems.get(row.key);
        const name = row.name.trim();
        const known = available.some((a) => a.id === row.from);
        return (
          <div className="code-input-row" key={row.key} data-testid="code-input-row">
            <label className="code-input-name">
              <span className="visually-hidden">Variable name of input {i + 1}</span>
              <input
                id={`${id}-name-${row.key}`}
                type="text"
                value={row.name}
                spellCheck={false}
                autoCapitalize="off"
                autoComplete="off"
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${id}-problem-${row.key}` : undefined}
                data-testid="code-input-name"
                onChange={(e) => setRows(setRow(row.key, { name: e.target.value }))}
                onBlur={() => commit(rows)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    commit(rows);
                  }
                }}
              />
            </label>
            <span aria-hidden="true" className="code-input-arrow">
              ←
            </span>
            <label className="code-input-from">
              <span className="visually-hidden">Step that input {i + 1} reads</span>
              <select value={row.from} data-testid="code-input-from" onChange={(e) => commit(setRow(row.key, { from: e.target.value }))}>
                {!known && <option value={row.from}>{row.from} (not above this step)</option>}
                {available.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.title} ({a.id})
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button" aria-label={`Remove the input ${name ? `“${name}”` : i + 1}`} data-testid="code-input-remove" onClick={() => commit(rows.filter((r) => r.key !== row.key))}>
              Remove
            </button>
            {problem && (
              <small className="code-input-problem" id={`${id}-problem-${row.key}`}>
                {problem}
              </small>
            )}
            {!problem && SANDBOX_RESERVED_NAMES.has(name) && (
              <small className="cell-meta code-input-note">The sandbox uses the name “{name}” itself: the code reads this input as inputs.{name}.</small>
            )}
          </div>
        );
      })}
      <button type="button" className="button" data-testid="code-input-add" onClick={add} disabled={available.length === 0}>
        Add an input
      </button>
      {available.length === 0 && <p className="cell-meta">No step above this one to read: move it below the steps it needs.</p>}
      <p className="visually-hidden" role="status" aria-live="polite">
        {firstProblem ? `Inputs not changed: ${firstProblem}` : ''}
      </p>
    </fieldset>
  );
}

/** The console lines of the last run: the last SHOWN_LOG_LINES, saying how many were left out. */
function ConsoleLines({ logs, updating }: { logs: readonly string[]; updating: boolean }) {
  const shown = logs.slice(-SHOWN_LOG_LINES);
  const cut = logs.length - shown.length;
  return (
    <div className="code-console" aria-busy={updating || undefined}>
      <p className="cell-meta">
        Console{updating ? ' (of the last run; running again)' : ''}: {logs.length === 0 ? 'nothing printed.' : `${logs.length} line${logs.length === 1 ? '' : 's'}.`}
        {cut > 0 && ` The first ${cut} line${cut === 1 ? ' is' : 's are'} not shown.`}
        {logs.length >= MAX_LOG_LINES && ` The sandbox keeps the first ${MAX_LOG_LINES} lines a run prints: any after those were dropped.`}
      </p>
      {logs.length > 0 && (
        <pre className="code-logs" data-testid="code-logs" tabIndex={0} aria-label="Console output">
          {shown.join('\n')}
        </pre>
      )}
    </div>
  );
}

/**
 * What a code step shows in its frame: its inputs (each a variable of the code, read from a
 * step above), its code in the editor, what the code can reach, and the console of its last
 * run. The code is handed on (`onCodeChange`) when the editor is left or typing pauses, not at
 * every key. The result's table or figure and any error are shown by the frame.
 */
export function CodeCellView({ cellId, code, inputs, available, output, updating, onCodeChange, onInputsChange }: CodeCellViewProps) {
  const pending = useRef<string | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sent = useRef<{ text: string; code: string } | undefined>(undefined);
  const latest = useRef({ code, onCodeChange });
  latest.current = { code, onCodeChange };

  /** Hands on the text typed, if it differs from the step's code. */
  const flush = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const text = pending.current;
    pending.current = undefined;
    if (text === undefined || text === latest.current.code) return;
    // Handed on already, and the step's code has not changed since (nor been refused and changed back): once is enough.
    if (sent.current?.text === text && sent.current.code === latest.current.code) return;
    sent.current = { text, code: latest.current.code };
    latest.current.onCodeChange(text);
  };
  // Leaving the page or deleting the step keeps what was typed.
  useEffect(() => flush, []);

  return (
    <div className="code-cell" data-testid={`code-cell-${cellId}`}>
      <InputRows cellId={cellId} inputs={inputs} available={available} onInputsChange={onInputsChange} />
      <CodeEditor
        id={cellId}
        label="Code (JavaScript: the body of a function; return gives the step’s result)"
        value={code}
        inputNames={Object.keys(inputs)}
        onChange={(text) => {
          pending.current = text;
          clearTimeout(timer.current);
          timer.current = setTimeout(flush, CODE_IDLE_MS);
        }}
        onCommit={(text) => {
          pending.current = text;
          flush();
        }}
      />
      <p className="cell-meta code-reach">Runs in a sandbox: only these inputs, arquero as aq, Observable Plot as Plot; no network, storage or page. Press Run to run it.</p>
      {output && <ConsoleLines logs={output.logs} updating={updating} />}
    </div>
  );
}
