'use client';
import { useEffect, useId, useRef, useState } from 'react';
import type { SyntaxProblem } from '@/lib/sandbox/syntax-check';
import { EDITOR_OPTIONS, loadMonaco, type Monaco } from './load-monaco';

/**
 * The syntax checker (acorn), loaded with the editor rather than with the page: the page's
 * first paint does not need a JavaScript parser.
 */
type Checker = typeof import('@/lib/sandbox/syntax-check');
let checker: Promise<Checker> | undefined;
function loadChecker(): Promise<Checker> {
  checker ??= import('@/lib/sandbox/syntax-check');
  checker.catch(() => {
    checker = undefined; // e.g. offline: try again next time
  });
  return checker;
}

/**
 * Monaco with JavaScript's highlighting only: the Monarch tokenizer runs in the page, so no
 * worker beyond the editor's own (editor.worker.ts) is asked for. The TypeScript language
 * service (and its worker, which the page does not bundle) is never loaded; syntax errors
 * come from `checkSyntax` instead.
 */
function loadJavaScriptEditor(): Promise<[Monaco, Checker]> {
  return Promise.all([loadMonaco().then((m) => m.monaco), loadChecker(), import('monaco-editor/languages/definitions/javascript/register.js')]).then(([monaco, check]) => [monaco, check]);
}

/** How long typing pauses before the code is checked (a check per key press would flicker). */
const CHECK_DELAY_MS = 250;
const MARKER_OWNER = 'code-syntax';

/** The sandbox's own names a code step can use, with what each is. */
const GLOBALS: readonly { name: string; detail: string; doc: string }[] = [
  { name: 'inputs', detail: 'all inputs', doc: 'Every input of this step by name, as JSON copies (inputs.data, inputs["my name"]).' },
  { name: 'aq', detail: 'arquero', doc: 'Tables: aq.from(records), .filter, .groupby, .rollup, .derive, .orderby. A returned table becomes the step’s table.' },
  { name: 'op', detail: 'arquero functions', doc: 'arquero’s functions for rollups and expressions: op.count(), op.mean("x"), op.sum("x").' },
  { name: 'Plot', detail: 'Observable Plot', doc: 'Figures: return Plot.plot({ marks: [Plot.dot(rows, { x: "a", y: "b" })] }) and the step shows it as a figure.' },
];

/** The current syntax problem of `text`, checked once typing pauses. */
function useSyntaxProblem(text: string, inputNames: readonly string[]): SyntaxProblem | undefined {
  const [problem, setProblem] = useState<SyntaxProblem>();
  const names = inputNames.join('\n');
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      loadChecker()
        .then(({ checkSyntax }) => !stale && setProblem(checkSyntax(text, names ? names.split('\n') : [])))
        .catch(() => !stale && setProblem(undefined));
    }, CHECK_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [text, names]);
  return problem;
}

type Editor = ReturnType<Monaco['editor']['create']>;

export interface CodeEditorProps {
  /** A stable, unique name (the step's id): the editor's model and element ids. */
  id: string;
  label: string;
  value: string;
  /** The step's input names: completed as variables, and checked against redeclaration. */
  inputNames: readonly string[];
  /** Every change of the text (the caller decides when to keep it). */
  onChange(code: string): void;
  /** When the user leaves the editor: the text as it stands. */
  onCommit?(code: string): void;
  readOnly?: boolean;
}

/**
 * A code step's JavaScript in Monaco: highlighting, completion of the step's inputs and the
 * sandbox's `inputs`, `aq`, `op` and `Plot`, and syntax errors marked as you type and said in
 * words below. While Monaco loads, or where it cannot (offline), a plain text area edits the
 * same text. Escape leaves the editor (the step's frame takes it: use-shortcuts.ts); Monaco
 * keeps Tab for indenting.
 *
 * A new `value` from outside (an undo of the notebook, another file) replaces the text only
 * while the user is not typing in it, so an echo of their own earlier text never overwrites
 * what they typed since.
 */
export function CodeEditor({ id, label, value, inputNames, onChange, onCommit, readOnly = false }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const editorRef = useRef<Editor | undefined>(undefined);
  const [text, setText] = useState(value);
  const textRef = useRef(value);
  const [status, setStatus] = useState<'loading' | 'monaco' | 'plain'>('loading');
  const problem = useSyntaxProblem(text, inputNames);
  const latest = useRef({ onChange, onCommit, inputNames, problem });
  latest.current = { onChange, onCommit, inputNames, problem };
  const labelId = useId();
  const helpId = useId();
  const problemId = useId();

  const edited = (next: string) => {
    textRef.current = next;
    setText(next);
    latest.current.onChange(next);
  };

  // A new value from outside, taken when the user is not in the editor.
  const previous = useRef(value);
  useEffect(() => {
    if (value === previous.current) return;
    previous.current = value;
    if (value === textRef.current) return;
    const editor = editorRef.current;
    const typing = editor ? editor.hasTextFocus() : typeof document !== 'undefined' && document.activeElement === textarea.current;
    if (typing) return;
    textRef.current = value;
    setText(value);
    const model = editor?.getModel();
    // An edit, not setValue: the editor's own undo can still go back to the user's text.
    if (model) model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
  }, [value]);

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    loadJavaScriptEditor()
      .then(([monaco, { inputVariables }]) => {
        if (disposed || !host.current) return;
        const uri = monaco.Uri.parse(`inmemory://workbench/code/${encodeURIComponent(id)}.js`);
        monaco.editor.getModel(uri)?.dispose();
        const model = monaco.editor.createModel(textRef.current, 'javascript', uri);
        const editor = monaco.editor.create(host.current, {
          model,
          ...EDITOR_OPTIONS,
          ariaLabel: label,
          readOnly,
          wordBasedSuggestions: 'off',
          quickSuggestions: { strings: false, other: true, comments: false },
        });
        editorRef.current = editor;
        const hadFocus = typeof document !== 'undefined' && document.activeElement === textarea.current;
        const onEdit = model.onDidChangeContent(() => {
          if (model.getValue() !== textRef.current) edited(model.getValue());
        });
        const onBlur = editor.onDidBlurEditorText(() => latest.current.onCommit?.(model.getValue()));
        // Completion in this editor only (the provider is Monaco's, for every JavaScript model).
        const completion = monaco.languages.registerCompletionItemProvider('javascript', {
          provideCompletionItems: (m, position) => {
            if (m !== model) return { suggestions: [] };
            const word = m.getWordUntilPosition(position);
            const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
            const variables = inputVariables(latest.current.inputNames).map((name) => ({
              label: name,
              kind: monaco.languages.CompletionItemKind.Variable,
              detail: 'input',
              documentation: `The input “${name}” of this step (a JSON copy of that step’s result).`,
              insertText: name,
              range,
            }));
            const globals = GLOBALS.map((g) => ({ label: g.name, kind: monaco.languages.CompletionItemKind.Module, detail: g.detail, documentation: g.doc, insertText: g.name, range }));
            return { suggestions: [...variables, ...globals] };
          },
        });
        setStatus('monaco');
        // It was made hidden (the text area showed meanwhile): measure it once it shows.
        requestAnimationFrame(() => {
          if (editorRef.current !== editor) return;
          editor.layout();
          if (hadFocus) editor.focus();
        });
        cleanup = () => {
          onEdit.dispose();
          onBlur.dispose();
          completion.dispose();
          editorRef.current = undefined;
          editor.dispose();
          model.dispose();
        };
      })
      .catch(() => !disposed && setStatus('plain'));
    return () => {
      disposed = true;
      cleanup();
    };
    // One editor per step; later label or readOnly changes are applied below.
  }, [id]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly, ariaLabel: label });
  }, [readOnly, label, status]);

  // The problem as a marker (the underline and its hover) in Monaco.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    void loadMonaco().then(({ monaco }) => {
      if (model.isDisposed()) return;
      monaco.editor.setModelMarkers(
        model,
        MARKER_OWNER,
        problem ? [{ severity: monaco.MarkerSeverity.Error, message: problem.message, startLineNumber: problem.line, startColumn: problem.column, endLineNumber: problem.line, endColumn: problem.column + 1 }] : [],
      );
    });
  }, [problem, status]);

  return (
    <div className="code-editor" role="group" aria-labelledby={labelId} data-editor={status}>
      <div className="code-editor-head">
        <span id={labelId} className="code-editor-label">
          {label}
        </span>
        <span className="cell-meta" id={helpId}>
          {status === 'loading' && 'Loading the editor…'}
          {status === 'monaco' && 'Ctrl+Space completes inputs, aq and Plot; Esc leaves the editor.'}
          {status === 'plain' && 'The editor could not load; plain text editing.'}
        </span>
      </div>
      {status !== 'monaco' && (
        <textarea
          ref={textarea}
          id={`code-text-${id}`}
          className="code-plain"
          aria-labelledby={labelId}
          aria-describedby={problem ? `${helpId} ${problemId}` : helpId}
          aria-invalid={problem ? true : undefined}
          data-testid="code-textarea"
          value={text}
          readOnly={readOnly}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          onChange={(e) => edited(e.target.value)}
          onBlur={(e) => latest.current.onCommit?.(e.target.value)}
        />
      )}
      <div ref={host} className="code-monaco" data-testid="code-editor" hidden={status !== 'monaco'} />
      <p className="code-problem" id={problemId} role="status" aria-live="polite" data-testid="code-syntax">
        {problem ? `Line ${problem.line}, column ${problem.column}: ${problem.message}` : ''}
      </p>
    </div>
  );
}
