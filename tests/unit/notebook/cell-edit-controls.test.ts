// @vitest-environment jsdom
/**
 * The cells' edit controls (components/notebook/CellFrame.tsx), rendered: buttons named with
 * their cell, the disabled move at an end, and a note's text area that gives the focus back.
 */
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { CellFrame, NoteCell, type CellEditActions } from '@/components/notebook/CellFrame';
import { registry } from '@/lib/cells';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = '';
});

async function render(element: ReturnType<typeof createElement>): Promise<HTMLElement> {
  const div = document.createElement('div');
  document.body.append(div);
  root = createRoot(div);
  await act(async () => root!.render(element));
  return div;
}

const buttons = (el: HTMLElement) => [...el.querySelectorAll('button')].map((b) => `${b.textContent}${b.disabled ? ' (disabled)' : ''}`);
const button = (el: HTMLElement, name: string) => {
  const found = [...el.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button "${name}" in ${buttons(el).join(' | ')}`);
  return found;
};

function actions(calls: string[], over: Partial<CellEditActions> = {}): CellEditActions {
  return {
    name: '“Split”',
    first: true,
    last: false,
    canAddFeature: true,
    onMove: (d) => calls.push(`move ${d}`),
    onDuplicate: () => calls.push('duplicate'),
    onDelete: () => calls.push('delete'),
    onAddBelow: (k) => calls.push(`add ${k}`),
    ...over,
  };
}

describe('a step’s Actions', () => {
  it('shows, on request, buttons named with the step; the move at an end is disabled', async () => {
    const calls: string[] = [];
    const el = await render(
      createElement(CellFrame, {
        cell: { id: 'split', kind: 'svm-split', inputs: { windows: 'windows' }, params: {} },
        def: registry.get('svm-split'),
        run: { status: 'idle' },
        inputs: {},
        onRun() {},
        onCancel() {},
        onParamChange() {},
        onParamsReplace() {},
        edit: actions(calls),
      }),
    );
    const toggle = button(el, 'Actions for “Split”');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(buttons(el)).not.toContain('Delete “Split”');
    await act(async () => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.getElementById(toggle.getAttribute('aria-controls')!)?.getAttribute('aria-label')).toBe('Edit “Split”');
    expect(buttons(el)).toEqual(expect.arrayContaining(['Move “Split” up (disabled)', 'Move “Split” down', 'Duplicate “Split”', 'Delete “Split”', 'Add a note below “Split”', 'Add a derived feature below “Split”']));
    for (const name of ['Move “Split” down', 'Duplicate “Split”', 'Delete “Split”', 'Add a note below “Split”', 'Add a derived feature below “Split”']) await act(async () => button(el, name).click());
    expect(calls).toEqual(['move down', 'duplicate', 'delete', 'add markdown', 'add derived-feature']);
    // Escape in the row closes it and gives the focus back to its button.
    const del = button(el, 'Delete “Split”');
    del.focus();
    await act(async () => void del.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(buttons(el)).not.toContain('Delete “Split”');
    expect(document.activeElement).toBe(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('offers no derived feature where one cannot go', async () => {
    const el = await render(createElement(NoteCell, { cell: { id: 'n', kind: 'markdown', text: 'x' }, actions: actions([], { name: 'note “x”', canAddFeature: false, first: false, last: true }), onSave() {} }));
    await act(async () => button(el, 'Actions for note “x”').click());
    expect(buttons(el)).toContain('Move note “x” down (disabled)');
    expect(buttons(el).some((b) => b.startsWith('Add a derived feature'))).toBe(false);
  });
});

describe('a Markdown note', () => {
  it('renders its text; Edit text opens a text area with the focus; Save hands the text on and gives the focus back', async () => {
    const saved: string[] = [];
    let closed = 0;
    const el = await render(createElement(NoteCell, { cell: { id: 'n', kind: 'markdown', text: '# Hi' }, actions: actions([], { name: 'note “Hi”' }), onSave: (t: string) => saved.push(t), onClose: () => closed++ }));
    expect(el.querySelector('h2')?.textContent).toBe('Hi');
    await act(async () => button(el, 'Edit text of note “Hi”').click());
    const area = el.querySelector('textarea')!;
    expect(document.activeElement).toBe(area);
    expect(el.querySelector(`label[for="${area.id}"]`)?.textContent).toMatch(/^Text of the note \(Markdown/);
    await act(async () => button(el, 'Save note').click());
    expect(saved).toEqual(['# Hi']);
    expect(closed).toBe(1);
    expect(el.querySelector('textarea')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Edit text of note “Hi”');
  });

  it('a new note opens in its text area; an empty note says how to write it; read-only without actions', async () => {
    const el = await render(createElement(NoteCell, { cell: { id: 'n', kind: 'markdown', text: '' }, actions: actions([], { name: 'empty note' }), startEditing: true, onSave() {} }));
    expect(document.activeElement).toBe(el.querySelector('textarea'));
    await act(async () => button(el, 'Cancel').click());
    expect(el.textContent).toContain('An empty note');
    act(() => root!.unmount());
    const plain = await render(createElement(NoteCell, { cell: { id: 'm', kind: 'markdown', text: 'Just *text*' } }));
    expect(plain.querySelector('button')).toBeNull();
    expect(plain.querySelector('em')?.textContent).toBe('text');
  });
});
