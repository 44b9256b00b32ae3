// @vitest-environment jsdom
import { createElement, act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardViews } from '@/components/notebook/view-guard';
import { cellViews } from '@/components/cells/views';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Props = { output: unknown; params: Record<string, unknown>; onParamsReplace: () => void; updating: boolean };
const base = { params: {}, onParamsReplace: () => {}, updating: false };

function Reads({ output }: Props) {
  return createElement('span', { 'data-testid': 'ok' }, String((output as { regression: { n: number } }).regression.n));
}

let container: HTMLDivElement | undefined;
afterEach(() => {
  container?.remove();
  container = undefined;
  vi.restoreAllMocks();
});

function render(element: ReturnType<typeof createElement>) {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(element));
  return { root, container };
}

describe('cell views are guarded', () => {
  it('a view that throws shows a message in its cell only; its neighbours still draw', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const views = guardViews<Props>({ reads: Reads });
    const View = views.reads!;
    const { container } = render(
      createElement('div', null, createElement(View, { ...base, output: undefined }), createElement(View, { ...base, output: { regression: { n: 7 } } })),
    );
    expect(container.querySelector('[data-testid="view-error"]')?.textContent).toMatch(/could not be drawn.*regression/);
    expect(container.querySelector('[data-testid="ok"]')?.textContent).toBe('7');
  });

  it('a new output gives the view another try', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const View = guardViews<Props>({ reads: Reads }).reads!;
    const { root, container } = render(createElement(View, { ...base, output: {} }));
    expect(container.querySelector('[data-testid="view-error"]')).not.toBeNull();
    act(() => root.render(createElement(View, { ...base, output: { regression: { n: 3 } } })));
    expect(container.querySelector('[data-testid="view-error"]')).toBeNull();
    expect(container.textContent).toBe('3');
  });

  it('the same view is wrapped once, and views added to the record later are guarded too', () => {
    const views = guardViews<Props>({ reads: Reads });
    expect(views.reads).toBe(views.reads);
    views.later = Reads;
    expect(views.later).not.toBe(Reads);
    expect(views.missing).toBeUndefined();
  });

  it('the page\'s own views are guarded: a step whose input failed shows a message, not a crash', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const View = cellViews['lstm-regression']!;
    const { container } = render(createElement(View, { ...base, output: {} }));
    expect(container.querySelector('[data-testid="view-error"]')).not.toBeNull();
  });
});
