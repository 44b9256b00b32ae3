import { describe, expect, it } from 'vitest';
import { hasOwnUndo, isFormField, isInCodeEditor, isMultilineField, isTextField, SHORTCUTS, shortcutOf, type KeyPress, type TargetLike } from '@/lib/notebook/shortcuts';

/** An element-like target: its tag, its input type, and the selectors it sits within. */
function el(tagName: string, { type, within = [], editable = false }: { type?: string; within?: string[]; editable?: boolean } = {}): TargetLike {
  return {
    tagName,
    type,
    isContentEditable: editable,
    closest: (selectors: string) => (selectors.split(',').some((s) => within.includes(s.trim())) ? {} : null),
  };
}

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key: k, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods });

const textInput = el('INPUT', { type: 'text' });
const numberInput = el('INPUT', { type: 'number' });
const checkbox = el('INPUT', { type: 'checkbox' });
const select = el('SELECT');
const textarea = el('TEXTAREA');
const monaco = el('TEXTAREA', { within: ['.monaco-editor'] });
const button = el('BUTTON');
const section = el('SECTION');
const inDialog = el('BUTTON', { within: ['dialog'] });

describe('what has the focus', () => {
  it('tells text fields from other controls', () => {
    expect(isTextField(textInput)).toBe(true);
    expect(isTextField(numberInput)).toBe(true);
    expect(isTextField(el('INPUT'))).toBe(true); // no type: a text input
    expect(isTextField(select)).toBe(true);
    expect(isTextField(textarea)).toBe(true);
    expect(isTextField(monaco)).toBe(true);
    expect(isTextField(el('DIV', { editable: true }))).toBe(true);
    expect(isTextField(checkbox)).toBe(false);
    expect(isTextField(el('INPUT', { type: 'radio' }))).toBe(false);
    expect(isTextField(button)).toBe(false);
    expect(isTextField(section)).toBe(false);
    expect(isTextField(null)).toBe(false);
    expect(isTextField(undefined)).toBe(false);
  });

  it('knows multi-line fields, the code editor and form fields', () => {
    expect(isMultilineField(textarea)).toBe(true);
    expect(isMultilineField(monaco)).toBe(true);
    expect(isMultilineField(textInput)).toBe(false);
    expect(isInCodeEditor(monaco)).toBe(true);
    expect(isInCodeEditor(textarea)).toBe(false);
    expect(isFormField(checkbox)).toBe(true);
    expect(isFormField(select)).toBe(true);
    expect(isFormField(monaco)).toBe(true);
    expect(isFormField(button)).toBe(false);
    expect(isFormField(section)).toBe(false);
  });

  it('reads lower-case tag names too', () => {
    expect(isTextField(el('input', { type: 'TEXT' }))).toBe(true);
    expect(isMultilineField(el('textarea'))).toBe(true);
  });
});

describe('shortcutOf', () => {
  it('Shift+Enter runs the step, from a field, a button or the step itself', () => {
    for (const target of [textInput, numberInput, checkbox, select, button, section]) expect(shortcutOf(key('Enter', { shiftKey: true }), target)).toBe('run-cell');
  });

  it('Shift+Enter is a line break in multi-line fields and the code editor', () => {
    expect(shortcutOf(key('Enter', { shiftKey: true }), textarea)).toBeUndefined();
    expect(shortcutOf(key('Enter', { shiftKey: true }), monaco)).toBeUndefined();
    expect(shortcutOf(key('Enter', { shiftKey: true }), el('DIV', { editable: true }))).toBeUndefined();
  });

  it('Enter alone, or with Ctrl, Alt or Meta, is no shortcut', () => {
    expect(shortcutOf(key('Enter'), textInput)).toBeUndefined();
    expect(shortcutOf(key('Enter', { shiftKey: true, ctrlKey: true }), textInput)).toBeUndefined();
    expect(shortcutOf(key('Enter', { shiftKey: true, altKey: true }), textInput)).toBeUndefined();
    expect(shortcutOf(key('Enter', { shiftKey: true, metaKey: true }), textInput)).toBeUndefined();
  });

  it('Escape leaves a form field or the code editor, nothing else', () => {
    for (const target of [textInput, checkbox, select, textarea, monaco]) expect(shortcutOf(key('Escape'), target)).toBe('leave-editor');
    expect(shortcutOf(key('Escape'), button)).toBeUndefined();
    expect(shortcutOf(key('Escape'), section)).toBeUndefined();
    expect(shortcutOf(key('Escape', { shiftKey: true }), textInput)).toBeUndefined();
    expect(shortcutOf(key('Escape', { ctrlKey: true }), textInput)).toBeUndefined();
  });

  it('? shows the list outside text fields only', () => {
    expect(shortcutOf(key('?', { shiftKey: true }), section)).toBe('show-shortcuts');
    expect(shortcutOf(key('?', { shiftKey: true }), button)).toBe('show-shortcuts');
    expect(shortcutOf(key('?', { shiftKey: true }), checkbox)).toBe('show-shortcuts');
    expect(shortcutOf(key('?'), null)).toBe('show-shortcuts'); // the page itself (body)
    for (const target of [textInput, numberInput, select, textarea, monaco]) expect(shortcutOf(key('?', { shiftKey: true }), target)).toBeUndefined();
  });

  it('? typed with AltGr (Ctrl+Alt) counts; with Ctrl, Alt or Meta alone it does not', () => {
    expect(shortcutOf(key('?', { ctrlKey: true, altKey: true }), section)).toBe('show-shortcuts');
    expect(shortcutOf(key('?', { ctrlKey: true }), section)).toBeUndefined();
    expect(shortcutOf(key('?', { altKey: true }), section)).toBeUndefined();
    expect(shortcutOf(key('?', { metaKey: true }), section)).toBeUndefined();
  });

  it('no shortcut in a dialog, while composing, or once another handler took the key', () => {
    expect(shortcutOf(key('?'), inDialog)).toBeUndefined();
    expect(shortcutOf(key('Enter', { shiftKey: true }), el('INPUT', { within: ['[role="dialog"]'] }))).toBeUndefined();
    expect(shortcutOf(key('Escape'), el('INPUT', { within: ['dialog'] }))).toBeUndefined();
    expect(shortcutOf(key('Enter', { shiftKey: true, isComposing: true }), textInput)).toBeUndefined();
    expect(shortcutOf(key('Escape', { defaultPrevented: true }), monaco)).toBeUndefined();
  });

  it('Ctrl/⌘+Z undoes and Shift+Ctrl/⌘+Z or Ctrl+Y redoes the notebook’s edits, outside fields with an undo of their own', () => {
    for (const target of [section, button, checkbox, select, null]) {
      expect(shortcutOf(key('z', { ctrlKey: true }), target)).toBe('undo');
      expect(shortcutOf(key('z', { metaKey: true }), target)).toBe('undo');
      expect(shortcutOf(key('Z', { ctrlKey: true, shiftKey: true }), target)).toBe('redo');
      expect(shortcutOf(key('Z', { metaKey: true, shiftKey: true }), target)).toBe('redo');
      expect(shortcutOf(key('y', { ctrlKey: true }), target)).toBe('redo');
    }
    // Text fields, text areas, editable regions and Monaco keep their own undo.
    for (const target of [textInput, numberInput, textarea, monaco, el('DIV', { editable: true })]) {
      expect(shortcutOf(key('z', { ctrlKey: true }), target)).toBeUndefined();
      expect(shortcutOf(key('Z', { ctrlKey: true, shiftKey: true }), target)).toBeUndefined();
      expect(shortcutOf(key('y', { ctrlKey: true }), target)).toBeUndefined();
    }
    expect(hasOwnUndo(select)).toBe(false);
    expect(hasOwnUndo(checkbox)).toBe(false);
    expect(hasOwnUndo(textInput)).toBe(true);
  });

  it('undo needs Ctrl or ⌘ alone: not Z by itself, not with Alt (AltGr), not in a dialog or once taken', () => {
    expect(shortcutOf(key('z'), section)).toBeUndefined();
    expect(shortcutOf(key('z', { ctrlKey: true, altKey: true }), section)).toBeUndefined();
    expect(shortcutOf(key('z', { ctrlKey: true, metaKey: true }), section)).toBeUndefined();
    expect(shortcutOf(key('y', { metaKey: true }), section)).toBeUndefined(); // ⌘Y is the browser's
    expect(shortcutOf(key('Y', { ctrlKey: true, shiftKey: true }), section)).toBeUndefined();
    expect(shortcutOf(key('z', { ctrlKey: true }), inDialog)).toBeUndefined();
    expect(shortcutOf(key('z', { ctrlKey: true, defaultPrevented: true }), section)).toBeUndefined();
  });

  it('reads the physical key where the layout types no Latin letter', () => {
    expect(shortcutOf(key('я', { ctrlKey: true, code: 'KeyZ' }), section)).toBe('undo');
    expect(shortcutOf(key('н', { ctrlKey: true, code: 'KeyY' }), section)).toBe('redo');
    // A Latin letter is read as typed (AZERTY's Z sits where QWERTY's W is).
    expect(shortcutOf(key('z', { ctrlKey: true, code: 'KeyW' }), section)).toBe('undo');
    expect(shortcutOf(key('w', { ctrlKey: true, code: 'KeyZ' }), section)).toBeUndefined();
  });

  it('other keys are no shortcut', () => {
    for (const k of ['a', '/', 'Tab', ' ', 'F1']) expect(shortcutOf(key(k), section)).toBeUndefined();
  });
});

describe('the list of shortcuts', () => {
  it('names the page’s three shortcuts and the ones it already had', () => {
    const lines = SHORTCUTS.map((s) => s.keys.join('+'));
    expect(lines).toEqual(expect.arrayContaining(['Shift+Enter', 'Escape', '?', 'Enter', 'Ctrl+Space', 'Ctrl+Z', 'Shift+Ctrl+Z', 'Ctrl+Y']));
    for (const s of SHORTCUTS) expect(s.what.length).toBeGreaterThan(0);
  });
});
