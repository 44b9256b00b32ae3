/**
 * The notebook's keyboard shortcuts, as pure logic: which shortcut a key press is, given what
 * has the focus. The page (components/notebook/use-shortcuts.ts) acts on the answer; the
 * dialog (components/notebook/ShortcutsDialog.tsx) lists `SHORTCUTS`.
 */

/** What a shortcut does. */
export type ShortcutAction = 'run-cell' | 'leave-editor' | 'show-shortcuts' | 'undo' | 'redo';

/** The parts of a KeyboardEvent (DOM or React) the matching reads. */
export interface KeyPress {
  key: string;
  /** The physical key (`KeyZ`): read for Z and Y only where `key` is not a Latin letter (a Cyrillic layout). */
  code?: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** An input method is composing text: its keys are not shortcuts. */
  isComposing?: boolean;
  /** Something (Monaco closing its suggestions, a field's own handler) already acted on it. */
  defaultPrevented?: boolean;
}

/** The parts of an element the matching reads (an `Element` satisfies it). */
export interface TargetLike {
  tagName?: string;
  /** An input's type (`text`, `checkbox`, ...). */
  type?: string;
  isContentEditable?: boolean;
  closest?: (selectors: string) => unknown;
}

/** Input types that take typed text (a `?` typed there is text, not a shortcut). */
const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'datetime-local', 'month', 'week', 'time']);

const tagOf = (t: TargetLike | null | undefined) => (t?.tagName ?? '').toUpperCase();
const within = (t: TargetLike | null | undefined, selectors: string) => Boolean(t?.closest?.(selectors));

/** Inside a Monaco editor (its hidden text area, or the find box within it). */
export function isInCodeEditor(target: TargetLike | null | undefined): boolean {
  return within(target, '.monaco-editor');
}

/** Where Enter makes a new line: a text area, an editable region, the code editor. */
export function isMultilineField(target: TargetLike | null | undefined): boolean {
  const tag = tagOf(target);
  return tag === 'TEXTAREA' || target?.isContentEditable === true || isInCodeEditor(target);
}

/** Where typed characters are text (or choose an option): text inputs, text areas, selects, editable regions, the code editor. */
export function isTextField(target: TargetLike | null | undefined): boolean {
  const tag = tagOf(target);
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has((target?.type ?? '').toLowerCase());
  return tag === 'SELECT' || isMultilineField(target);
}

/**
 * Where the browser or the editor has an undo of its own, for the text typed there: text inputs,
 * text areas, editable regions, the code editor. Ctrl+Z there is theirs, never the notebook's.
 */
export function hasOwnUndo(target: TargetLike | null | undefined): boolean {
  const tag = tagOf(target);
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has((target?.type ?? '').toLowerCase());
  return isMultilineField(target);
}

/** A form field of any kind (checkbox and radio too) or the code editor: what Escape leaves. */
export function isFormField(target: TargetLike | null | undefined): boolean {
  const tag = tagOf(target);
  return tag === 'INPUT' || tag === 'SELECT' || isMultilineField(target);
}

/** Inside a dialog: its own keys (Escape closes it) come first; the page's shortcuts are off. */
export function isInDialog(target: TargetLike | null | undefined): boolean {
  return within(target, 'dialog, [role="dialog"], [role="alertdialog"]');
}

/**
 * Which shortcut a key press is, where the focus is (`target`); undefined for any other key.
 *
 * - Shift+Enter: run the step that holds the focus (not in a multi-line field, where it is a
 *   line break: Escape leaves the field first).
 * - Escape in a form field or the code editor: leave it (the focus moves to the step).
 * - `?` outside text fields: show the list of shortcuts.
 * - Ctrl+Z (⌘Z): undo the notebook's last edit; Shift+Ctrl+Z (⇧⌘Z) or Ctrl+Y: redo it. Not in a
 *   field with an undo of its own (a text field, the code editor), where it undoes the typing.
 *
 * None when another handler already took the key, while composing text, inside a dialog, or
 * with Ctrl, Alt or Meta held (AltGr, which reads as Ctrl+Alt, may type the `?`).
 */
export function shortcutOf(event: KeyPress, target: TargetLike | null | undefined): ShortcutAction | undefined {
  if (event.defaultPrevented || event.isComposing || isInDialog(target)) return undefined;
  const altGr = Boolean(event.ctrlKey && event.altKey);
  const modified = Boolean(event.metaKey || event.ctrlKey || event.altKey);
  if (event.key === '?') return event.metaKey || (modified && !altGr) || isTextField(target) ? undefined : 'show-shortcuts';
  const history = historyShortcut(event);
  if (history) return hasOwnUndo(target) ? undefined : history;
  if (modified) return undefined;
  if (event.key === 'Enter' && event.shiftKey) return isMultilineField(target) ? undefined : 'run-cell';
  if (event.key === 'Escape' && !event.shiftKey) return isFormField(target) ? 'leave-editor' : undefined;
  return undefined;
}

/** The letter a key press types, or its physical key's where it types no Latin letter. */
function letterOf(event: KeyPress): string {
  const key = event.key.toLowerCase();
  if (/^[a-z]$/.test(key)) return key;
  const code = /^Key([A-Z])$/.exec(event.code ?? '');
  return code ? code[1]!.toLowerCase() : key;
}

/** Undo or redo by the keys alone (Ctrl or ⌘, never with Alt: AltGr types characters). */
function historyShortcut(event: KeyPress): 'undo' | 'redo' | undefined {
  if (event.altKey || (event.ctrlKey && event.metaKey) || !(event.ctrlKey || event.metaKey)) return undefined;
  const letter = letterOf(event);
  if (letter === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (letter === 'y' && event.ctrlKey && !event.shiftKey) return 'redo';
  return undefined;
}

/** One line of the shortcut list. */
export interface ShortcutHelp {
  /** The keys, each as written on the keyboard (`['Shift', 'Enter']`). */
  keys: string[];
  what: string;
  /** Where it applies, when not everywhere on the notebook page. */
  where?: string;
}

/** The notebook page's shortcuts, as the dialog lists them: this page's own, then the editors' and dialogs'. */
export const SHORTCUTS: readonly ShortcutHelp[] = [
  { keys: ['Shift', 'Enter'], what: 'Run the step that has the focus (its Run button)', where: 'in a step: a parameter field, a button or the step itself; in a multi-line field press Escape first' },
  { keys: ['Escape'], what: 'Leave a parameter field or the JSON editor: the focus moves to its step', where: 'in a parameter field or a JSON editor' },
  { keys: ['?'], what: 'Show this list of shortcuts', where: 'when the focus is not in a text field' },
  { keys: ['Ctrl', 'Z'], what: 'Undo the last edit of the notebook: a parameter, or adding, moving, duplicating or deleting a cell', where: '⌘Z on a Mac; not in a text field or editor, where it undoes the typing' },
  { keys: ['Shift', 'Ctrl', 'Z'], what: 'Redo the edit last undone', where: '⇧⌘Z on a Mac; not in a text field or editor' },
  { keys: ['Ctrl', 'Y'], what: 'Redo the edit last undone', where: 'not in a text field or editor' },
  { keys: ['Enter'], what: 'Apply the value typed (leaving the field applies it too)', where: 'in a parameter’s text field' },
  { keys: ['Ctrl', 'Enter'], what: 'Save the note being written (Save note)', where: 'in a Markdown note’s text area; ⌘Enter on a Mac' },
  { keys: ['Ctrl', 'Space'], what: 'Complete keys and values from the parameters’ schema', where: 'in a JSON editor' },
  { keys: ['Escape'], what: 'Close the dialog; the focus returns to where it was', where: 'in a dialog (this list, Export all)' },
];
