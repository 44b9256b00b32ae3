'use client';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { shortcutOf } from '@/lib/notebook/shortcuts';

/**
 * A step's own shortcuts, on its frame (`<section>`): the key events of whatever inside it has
 * the focus (a parameter field, the Monaco editor, a button) bubble to `onKeyDown`.
 *
 * - Shift+Enter calls `onRun`, the handler the step's Run button calls (the session's
 *   `runCell`), unless `canRun` is false (the button would be disabled or replaced by Cancel).
 *   A parameter field's own Enter handler has applied its value by then (it runs first).
 * - Escape in a field or the editor moves the focus to the frame, out of the editor (Monaco
 *   keeps Tab; an Escape it uses itself, e.g. to close its suggestions, never reaches here).
 */
export function useCellShortcuts(onRun: () => void, canRun: boolean) {
  const frame = useRef<HTMLElement>(null);
  const latest = useRef({ onRun, canRun });
  useEffect(() => {
    latest.current = { onRun, canRun };
  });
  const onKeyDown = useCallback((event: ReactKeyboardEvent<HTMLElement>) => {
    const action = shortcutOf(event.nativeEvent, event.target as Element);
    if (action === 'run-cell') {
      event.preventDefault(); // no click on a focused button, no toggle of a focused summary
      if (latest.current.canRun) latest.current.onRun();
    } else if (action === 'leave-editor') {
      event.preventDefault();
      frame.current?.focus();
    }
  }, []);
  return { frame, onKeyDown };
}

/**
 * The page's shortcuts, on the window (after the steps' own handlers): `?` calls
 * `onShowShortcuts`; Escape in an editor outside any step (the whole notebook's JSON editor)
 * calls `onLeaveEditor`; Ctrl/⌘+Z calls `onUndo` and Shift+Ctrl/⌘+Z or Ctrl+Y `onRedo` (the
 * session's), except in a text field or editor, whose own undo the browser keeps
 * (lib/notebook/shortcuts.ts decides). Off while `enabled` is false.
 */
export function usePageShortcuts({
  enabled,
  onShowShortcuts,
  onLeaveEditor,
  onUndo,
  onRedo,
}: {
  enabled: boolean;
  onShowShortcuts: () => void;
  onLeaveEditor?: () => void;
  onUndo?: () => void;
  onRedo?: () => void;
}) {
  const latest = useRef({ onShowShortcuts, onLeaveEditor, onUndo, onRedo });
  useEffect(() => {
    latest.current = { onShowShortcuts, onLeaveEditor, onUndo, onRedo };
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      const action = shortcutOf(event, target);
      if (action === 'show-shortcuts') {
        event.preventDefault();
        latest.current.onShowShortcuts();
      } else if (action === 'undo' && latest.current.onUndo) {
        event.preventDefault();
        latest.current.onUndo();
      } else if (action === 'redo' && latest.current.onRedo) {
        event.preventDefault(); // Ctrl+Y would otherwise open the browser's history in some browsers
        latest.current.onRedo();
      } else if (action === 'leave-editor' && target && !target.closest('section.cell') && target.closest('.json-editor') && latest.current.onLeaveEditor) {
        event.preventDefault();
        latest.current.onLeaveEditor();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

/**
 * The shortcut list's open state: `show` remembers what had the focus, `close` returns the
 * focus there (or to `fallback`, e.g. the toolbar's button, when that is gone).
 */
export function useShortcutsDialog() {
  const [open, setOpen] = useState(false);
  const returnTo = useRef<HTMLElement | null>(null);
  const show = useCallback(() => {
    const active = document.activeElement;
    returnTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
    setOpen(true);
  }, []);
  const close = useCallback((fallback?: HTMLElement | null) => {
    setOpen(false);
    const back = returnTo.current?.isConnected ? returnTo.current : fallback;
    returnTo.current = null;
    back?.focus();
  }, []);
  return { open, show, close };
}
