'use client';
import { Component, createElement, type ComponentType, type ErrorInfo, type ReactNode } from 'react';

interface BoundaryProps {
  kind: string;
  /** The view's output: a new output (a re-run) gives the view another try. */
  output: unknown;
  children: ReactNode;
}

interface BoundaryState {
  error: Error | undefined;
  output: unknown;
}

/**
 * Keeps a throwing cell view inside its cell: a view drawn from an output it does not expect (an
 * input step that failed, a stale or damaged result) shows a message in that cell only, instead
 * of taking the notebook down (and the saved session with it).
 */
export class CellViewBoundary extends Component<BoundaryProps, BoundaryState> {
  state: BoundaryState = { error: undefined, output: this.props.output };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.output !== state.output ? { output: props.output, error: undefined } : null;
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`the view of a "${this.props.kind}" step failed:`, error, info.componentStack);
  }

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <p className="field-error" role="alert" data-testid="view-error">
        This step&apos;s view could not be drawn from its output ({error.message || error.name}). Its other results are below; running the step again
        (after fixing what its inputs report) draws it anew.
      </p>
    );
  }
}

const guarded = new WeakMap<ComponentType<never>, ComponentType<never>>();

/** The view wrapped in its own error boundary (the same wrapper every time for one view). */
export function guardView<P extends { output: unknown }>(kind: string, View: ComponentType<P>): ComponentType<P> {
  const known = guarded.get(View as ComponentType<never>);
  if (known) return known as unknown as ComponentType<P>;
  function GuardedView(props: P) {
    return (
      <CellViewBoundary kind={kind} output={props.output}>
        {createElement(View, props)}
      </CellViewBoundary>
    );
  }
  GuardedView.displayName = `Guarded(${View.displayName ?? View.name ?? kind})`;
  guarded.set(View as ComponentType<never>, GuardedView as ComponentType<never>);
  return GuardedView;
}

/**
 * Every view of the record guarded, those added later included: a read of `views[kind]` gives
 * the guarded view.
 */
export function guardViews<P extends { output: unknown }>(views: Record<string, ComponentType<P>>): Record<string, ComponentType<P>> {
  return new Proxy(views, {
    get(target, key, receiver) {
      const view = Reflect.get(target, key, receiver) as unknown;
      return typeof key === 'string' && typeof view === 'function' ? guardView(key, view as ComponentType<P>) : view;
    },
  });
}
