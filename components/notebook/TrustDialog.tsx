'use client';
import { useEffect, useId, useRef } from 'react';
import type { codeCellsOf } from './code-trust';

export interface TrustDialogProps {
  open: boolean;
  /** The notebook file's name, as the user chose it. */
  fileName: string;
  cells: ReturnType<typeof codeCellsOf>;
  onTrust(): void;
  /** Cancel, Escape. */
  onCancel(): void;
}

const inputsText = (inputs: Record<string, string>) => {
  const entries = Object.entries(inputs);
  return entries.length ? entries.map(([name, from]) => `${name} ← ${from}`).join(', ') : 'none';
};

/**
 * Asks before a notebook file's code can run (issue #27), in a modal `<dialog>`: which file,
 * how many code steps, what their code can and cannot reach, and each step's title, id, inputs
 * and whole code, read-only, so the user decides on what would run. Cancel has the focus:
 * Enter or Escape at once opens nothing. The focus stays inside while it is open; the caller
 * returns it where it was.
 */
export function TrustDialog({ open, fileName, cells, onTrust, onCancel }: TrustDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  const latest = useRef({ open, onCancel });
  latest.current = { open, onCancel };

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      cancel.current?.focus();
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // Escape closes the dialog itself; while the caller still has it open, that is a Cancel.
    const closed = () => {
      if (latest.current.open) latest.current.onCancel();
    };
    dialog.addEventListener('close', closed);
    return () => dialog.removeEventListener('close', closed);
  }, []);

  const steps = `${cells.length} code step${cells.length === 1 ? '' : 's'}`;
  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} aria-describedby={`${id}-what`} className="trust-dialog" data-testid="trust-dialog">
      <h2 id={`${id}-title`}>This notebook has code</h2>
      <div id={`${id}-what`}>
        <p>
          <strong className="trust-file">{fileName}</strong> has {steps} of JavaScript, written by whoever made the file. Open it only if you trust where it comes from: if you cancel, the file is not opened.
        </p>
        <p>
          Each code step runs in a sandbox and sees only the inputs it declares (copies of those steps’ results), with arquero and Observable Plot. It cannot reach the network, this browser’s storage, other files or this page, and it
          stops at its time and memory limits. It can still compute a wrong or misleading result: read it first.
        </p>
      </div>
      <ol className="trust-steps">
        {cells.map((cell) => (
          <li key={cell.id} data-testid={`trust-step-${cell.id}`}>
            <h3>
              {cell.title} <span className="cell-meta">({cell.id})</span>
            </h3>
            <p className="cell-meta">Inputs: {inputsText(cell.inputs)}</p>
            <pre className="trust-code" data-testid={`trust-code-${cell.id}`} tabIndex={0} aria-label={`Code of “${cell.title}” (${cell.id})`}>
              {cell.code}
            </pre>
            {cell.variants.map((v) => (
              <div key={v.profile}>
                <p className="cell-meta">With the profile “{v.profile}” it runs this code instead:</p>
                <pre className="trust-code" data-testid={`trust-code-${cell.id}-${v.profile}`} tabIndex={0} aria-label={`Code of “${cell.title}” with the profile “${v.profile}”`}>
                  {v.code}
                </pre>
              </div>
            ))}
          </li>
        ))}
      </ol>
      <div className="toolbar trust-actions">
        <button ref={cancel} type="button" className="button" data-testid="trust-cancel" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button primary" data-testid="trust-accept" onClick={onTrust}>
          Trust and open
        </button>
      </div>
    </dialog>
  );
}
