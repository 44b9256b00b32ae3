'use client';
import { useLayoutEffect, useRef } from 'react';

/** Draws a figure builder's element into the page (before paint, so nothing jumps). */
export function PlotFigure({ build, testId, label }: { build: (document: Document) => Element; testId?: string; label?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.replaceChildren(build(document));
  }, [build]);
  return <div className="figure teaching-figure" ref={ref} data-testid={testId} role="img" aria-label={label} />;
}
