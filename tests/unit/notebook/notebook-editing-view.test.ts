// @vitest-environment jsdom
/**
 * The notebook page's editing, end to end in jsdom: NotebookView on a real NotebookSession (an
 * in-process "pool", fake IndexedDB, no data file, so no step runs) — add and write a note,
 * move it, undo and redo by keyboard, duplicate and delete a step, and where the focus goes.
 * The browser run of the same is tests/e2e/notebook-editing.spec.ts.
 */
import 'fake-indexeddb/auto';
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registry } from '@/lib/cells';
import { inProcessExecutor } from '@/lib/notebook/executor';
import { notebooks } from '@/notebooks';
import { NotebookSession } from '@/components/notebook/session';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

vi.mock('@/components/notebook/use-notebook-session', async () => {
  const React = await import('react');
  return {
    useNotebookSession: (notebook: never) => {
      const [session] = React.useState(() => {
        const executor = inProcessExecutor(registry, { host: 'node' });
        const pool = { size: 2, execute: executor.execute, terminate() {}, inspect: () => Promise.reject(new Error('not in this test')) };
        const s = new NotebookSession(notebook, pool as never);
        void s.start();
        return s;
      });
      const snapshot = React.useSyncExternalStore(session.subscribe, () => session.snapshot, () => session.snapshot);
      return { session, snapshot };
    },
  };
});
vi.mock('next/link', () => ({ default: (p: { children: unknown }) => p.children }));

beforeAll(() => {
  // The bundled cohort is not served here: the page says so, and nothing runs.
  globalThis.fetch = (() => Promise.resolve(new Response('', { status: 404 }))) as typeof fetch;
  window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addEventListener() {}, removeEventListener() {} })) as never;
  (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  (globalThis as { CSS?: unknown }).CSS ??= { escape: (s: string) => s.replace(/[^\w-]/g, (c) => `\\${c}`) };
});

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
});

async function waitFor(check: () => boolean) {
  for (let i = 0; i < 400 && !check(); i++) await act(async () => void (await new Promise((r) => setTimeout(r, 5))));
  if (!check()) throw new Error('condition never held');
}

describe('editing the notebook in the page', () => {
  it('adds, writes, moves, undoes and redoes, duplicates and deletes, with the focus where the user is', async () => {
    const { NotebookView } = await import('@/components/notebook/NotebookView');
    const div = document.createElement('div');
    document.body.append(div);
    root = createRoot(div);
    await act(async () => root!.render(createElement(NotebookView, { notebook: notebooks.find((n) => n.id === 'demo')! })));
    const button = (name: string) => [...div.querySelectorAll('button')].find((b) => b.textContent === name);
    const click = (name: string) =>
      act(async () => {
        const b = button(name);
        if (!b) throw new Error(`no button "${name}"`);
        b.click();
      });
    const order = () => [...div.querySelectorAll('section[data-testid^="cell-"]')].map((s) => s.getAttribute('data-testid')!.slice(5));
    const status = () => div.querySelector('[data-testid="edit-status"]')!.textContent;
    const key = (init: KeyboardEventInit, target: Element = document.body) => act(async () => void target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...init })));

    await waitFor(() => button('Add a Markdown note') !== undefined);
    expect((div.querySelector('[data-testid="undo"]') as HTMLButtonElement).disabled).toBe(true);
    await click('Add a Markdown note');
    await waitFor(() => div.querySelector('textarea.note-text') !== null);
    const area = div.querySelector('textarea.note-text') as HTMLTextAreaElement;
    expect(document.activeElement).toBe(area);
    expect(status()).toBe('Done: Add a Markdown note. Ctrl+Z (⌘Z on a Mac) undoes it.');
    const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    await act(async () => {
      setValue.call(area, '## Mine');
      area.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // Ctrl+Z in the text area is the typing's: the notebook's edits stay.
    await key({ key: 'z', ctrlKey: true }, area);
    expect(order()).toEqual(['intro', 'dataset', 'data', 'note']);
    expect(status()).toMatch(/^Done: Add a Markdown note/);
    await click('Save note');
    await waitFor(() => button('Actions for note “Mine”') !== undefined);
    expect(div.querySelector('[data-testid="cell-note"] h3')?.textContent).toBe('Mine');

    await click('Actions for note “Mine”');
    await click('Move note “Mine” up');
    await waitFor(() => order().join() === 'intro,dataset,note,data');
    expect(document.activeElement?.textContent).toBe('Move note “Mine” up');
    expect(status()).toBe('Done: Move note “Mine” up. Ctrl+Z (⌘Z on a Mac) undoes it.');

    await key({ key: 'z', ctrlKey: true });
    await waitFor(() => order().join() === 'intro,dataset,data,note');
    expect(status()).toBe('Undone: Move note “Mine” up');
    expect(div.querySelector('[data-testid="redo"]')?.getAttribute('title')).toBe('Redo: Move note “Mine” up (Shift+Ctrl+Z)');
    await key({ key: 'Z', ctrlKey: true, shiftKey: true });
    await waitFor(() => order().join() === 'intro,dataset,note,data');
    await key({ key: 'z', metaKey: true });
    await waitFor(() => order().join() === 'intro,dataset,data,note');
    await key({ key: 'y', ctrlKey: true });
    await waitFor(() => order().join() === 'intro,dataset,note,data');

    await click('Actions for “Dataset”');
    await click('Duplicate “Dataset”');
    await waitFor(() => order().includes('dataset-copy'));
    expect(order()).toEqual(['intro', 'dataset', 'dataset-copy', 'note', 'data']);
    expect(document.activeElement?.getAttribute('data-testid')).toBe('cell-dataset-copy');
    await click('Actions for “Dataset (copy)”');
    await click('Delete “Dataset (copy)”');
    await waitFor(() => !order().includes('dataset-copy'));
    expect(document.activeElement?.getAttribute('data-testid')).toBe('cell-note'); // the cell that took its place
    const load = registry.get('load-cohort').title;
    await click(`Actions for “${load}”`);
    await click(`Delete “${load}”`);
    await waitFor(() => /was not deleted: it reads the data file/.test(status() ?? ''));
    expect(div.querySelector('[data-testid="edit-status"]')?.getAttribute('data-kind')).toBe('refused');
    await click('Undo');
    await waitFor(() => order().includes('dataset-copy'));
    expect(status()).toBe('Undone: Delete “Dataset (copy)”');
  });
});
