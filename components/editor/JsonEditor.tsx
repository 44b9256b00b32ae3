'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { jsonPathAt } from '@/lib/text/json-path-at';
import { EDITOR_OPTIONS, loadMonaco, setModelSchema, type MonacoWithJson } from './load-monaco';

/** One problem the editor marks, named by what it is about. */
interface Marked {
  line: number;
  where: string;
  message: string;
}

/** Problems listed under the editor at most (the count says how many more). */
const LISTED_PROBLEMS = 5;

type Check = (value: unknown) => string | undefined;

/** Parses the editor's text and runs the caller's check: the value, or what is wrong with it. */
function readValue(text: string, check: Check): { ok: true; value: unknown } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Not valid JSON: ${(err as Error).message}` };
  }
  const problem = check(value);
  return problem ? { ok: false, error: problem } : { ok: true, value };
}

/**
 * A JSON document edited in Monaco, validated against a JSON Schema as you type (squiggles,
 * hovers, completion of keys and enum values) and checked again by `check` on Apply. Monaco
 * loads when this opens; if it cannot (e.g. the network is cut), a plain text area takes its
 * place and Apply still checks everything.
 */
export function JsonEditor({
  title,
  name,
  initial,
  schema,
  check,
  onApply,
  onClose,
  nameOf,
}: {
  title: string;
  /**
   * A reader's name for a place in the document (`["cells", "grid", "size"]` → "Grid search ›
   * size"), so a marked problem says which step it is about, not only its line.
   */
  nameOf?: (path: (string | number)[]) => string | undefined;
  /** A stable, unique name for the document (its model URI). */
  name: string;
  initial: unknown;
  schema: object;
  check: Check;
  onApply: (value: unknown) => void;
  onClose: () => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [text, setText] = useState(() => `${JSON.stringify(initial, null, 2)}\n`);
  const textRef = useRef(text);
  const [status, setStatus] = useState<'loading' | 'monaco' | 'plain'>('loading');
  const [error, setError] = useState<string>();
  const [markers, setMarkers] = useState<Marked[]>([]);
  const nameOfRef = useRef(nameOf);
  nameOfRef.current = nameOf;
  const labelId = useId();

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    loadMonaco()
      .then(({ monaco, json }: MonacoWithJson) => {
        if (disposed || !host.current) return;
        const uri = monaco.Uri.parse(`inmemory://workbench/${encodeURIComponent(name)}.json`);
        setModelSchema(json, uri.toString(), schema);
        monaco.editor.getModel(uri)?.dispose();
        const model = monaco.editor.createModel(textRef.current, 'json', uri);
        const editor = monaco.editor.create(host.current, {
          model,
          ...EDITOR_OPTIONS,
          ariaLabel: title,
          quickSuggestions: { strings: true, other: true, comments: false },
        });
        const onEdit = model.onDidChangeContent(() => {
          textRef.current = model.getValue();
          setText(textRef.current);
        });
        const onMarkers = monaco.editor.onDidChangeMarkers((uris) => {
          if (!uris.some((u) => u.toString() === uri.toString())) return;
          const text = model.getValue();
          setMarkers(
            monaco.editor.getModelMarkers({ resource: uri }).map((m) => {
              const path = jsonPathAt(text, model.getOffsetAt({ lineNumber: m.startLineNumber, column: m.startColumn }));
              return { line: m.startLineNumber, where: nameOfRef.current?.(path) ?? (path.join('.') || 'the document'), message: m.message };
            }),
          );
        });
        setStatus('monaco');
        editor.focus();
        cleanup = () => {
          onEdit.dispose();
          onMarkers.dispose();
          editor.dispose();
          model.dispose();
          setModelSchema(json, uri.toString(), undefined);
        };
      })
      .catch(() => !disposed && setStatus('plain'));
    return () => {
      disposed = true;
      cleanup();
    };
    // The document is set up once per opening; later prop changes do not reset the user's edits.
  }, []);

  const apply = () => {
    const result = readValue(textRef.current, check);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    onApply(result.value);
  };

  return (
    <div className="json-editor" data-testid="json-editor" data-editor={status} role="group" aria-labelledby={labelId}>
      <div className="json-editor-head">
        <strong id={labelId}>{title}</strong>
        <span className="cell-meta">
          {status === 'loading' && 'Loading the editor…'}
          {status === 'monaco' && (markers.length > 0 ? `${markers.length} problem${markers.length === 1 ? '' : 's'} (listed below; hover the underlined text)` : 'Ctrl+Space completes keys and values')}
          {status === 'plain' && 'The editor could not load; plain text editing.'}
        </span>
      </div>
      {status === 'plain' ? (
        <textarea
          className="json-plain"
          aria-labelledby={labelId}
          data-testid="json-text"
          value={text}
          spellCheck={false}
          onChange={(e) => {
            textRef.current = e.target.value;
            setText(e.target.value);
          }}
        />
      ) : (
        <div ref={host} className="json-monaco" />
      )}
      {markers.length > 0 && (
        <ul className="json-problems cell-meta" data-testid="json-problems" aria-label="Problems in the document">
          {markers.slice(0, LISTED_PROBLEMS).map((m, i) => (
            <li key={i}>
              Line {m.line}, {m.where}: {m.message}
            </li>
          ))}
          {markers.length > LISTED_PROBLEMS && <li>and {markers.length - LISTED_PROBLEMS} more</li>}
        </ul>
      )}
      {error && (
        <div className="error-box" role="alert" data-testid="json-error">
          {error}
        </div>
      )}
      <div className="toolbar">
        <button type="button" className="button primary" data-testid="json-apply" onClick={apply} disabled={status === 'loading'}>
          Apply
        </button>
        <button type="button" className="button" data-testid="json-cancel" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
