'use client';
import { Fragment, useEffect, useId, useRef } from 'react';
import { SHORTCUTS } from '@/lib/notebook/shortcuts';

/**
 * The list of keyboard shortcuts, in a modal `<dialog>` (focus stays inside; Escape and the
 * Close button close it; `onClose` returns the focus to where it was).
 * Opened by `?` and by the toolbar's "Keyboard shortcuts (?)".
 */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      dialog.querySelector<HTMLButtonElement>('button')?.focus();
    }
    // Escape (the dialog's cancel) and Close both end here.
    const closed = () => onClose();
    dialog.addEventListener('close', closed);
    return () => dialog.removeEventListener('close', closed);
  }, [onClose]);
  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      className="shortcuts-dialog"
      data-testid="shortcuts-dialog"
    >
      <h2 id={`${id}-title`}>Keyboard shortcuts</h2>
      <dl className="shortcut-list">
        {SHORTCUTS.map((s, i) => (
          <Fragment key={i}>
            <dt>
              {s.keys.map((k, j) => (
                <Fragment key={k}>
                  {j > 0 && '+'}
                  <kbd>{k}</kbd>
                </Fragment>
              ))}
            </dt>
            <dd>
              {s.what}
              {s.where && <span className="cell-meta"> ({s.where})</span>}
            </dd>
          </Fragment>
        ))}
      </dl>
      <div className="toolbar shortcuts-actions">
        <button type="button" className="button" data-testid="shortcuts-close" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
