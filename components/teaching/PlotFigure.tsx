'use client';
import { useLayoutEffect, useRef } from 'react';
import { labelFigure } from '@/components/notebook/figure-accessibility';

/** Draws a figure builder's element into the page (before paint, so nothing jumps). */
export function PlotFigure({ build, testId, label }: { build: (document: Document) => Element; testId?: string; label?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = build(document);
    labelFigure(el, label);
    ref.current?.replaceChildren(el);
  }, [build, label]);
  return <div className="figure teaching-figure" ref={ref} data-testid={testId} />;
}
