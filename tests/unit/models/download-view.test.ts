// @vitest-environment jsdom
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelSourceContext, WindowModelDownload } from '@/components/models/WindowModelDownload';
import { findNotebook } from '@/notebooks';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement | undefined;
afterEach(() => {
  container?.remove();
  container = undefined;
});

function render(kind: 'svm' | 'logistic' | 'lstm', cellId: string) {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const source = { notebook: findNotebook('han-2026')!, dataSha256: 'x', outputOf: () => undefined };
  act(() => root.render(createElement(ModelSourceContext.Provider, { value: source }, createElement(WindowModelDownload, { cellId, kind }))));
  return container;
}

describe('Download model (issue #25)', () => {
  it('SVM: two labelled choices; the one with support vectors is enabled only after ticking the checkbox that says the file contains patients’ rows', () => {
    const c = render('svm', 'evaluate');
    const group = c.querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-label')).toBe('Download model');
    const without = c.querySelector<HTMLButtonElement>('[data-testid="download-svm-model"]')!;
    const withRows = c.querySelector<HTMLButtonElement>('[data-testid="download-svm-model-rows"]')!;
    expect(without.textContent).toBe('Download model without training rows (cannot predict)');
    expect(withRows.textContent).toBe('Download model with support vectors (contains training rows)');
    expect(without.disabled).toBe(false);
    expect(withRows.disabled).toBe(true);
    const box = c.querySelector<HTMLInputElement>('[data-testid="confirm-svm-rows"]')!;
    // The checkbox is inside its label (its accessible name), and the button points at it.
    expect(box.closest('label')!.textContent).toMatch(/contains patients’ rows/);
    expect(document.getElementById(withRows.getAttribute('aria-describedby')!)!.contains(box)).toBe(true);
    act(() => box.click());
    expect(withRows.disabled).toBe(false);
  });

  it('LR and LSTM: one button, no patient rows', () => {
    expect(render('logistic', 'svm-baselines').querySelector('[data-testid="download-logistic-model"]')!.textContent).toBe('Download model (svm-baselines.json (all subjects) and svm-baselines-persistent.json)');
    container?.remove();
    const c = render('lstm', 'lstm-all-m1');
    expect(c.querySelector('[data-testid="download-lstm-model"]')!.textContent).toBe('Download model (lstm-all-m1.json)');
    expect(c.textContent).toContain('no patient rows');
  });
});
