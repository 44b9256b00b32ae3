import * as Plot from '@observablehq/plot';
import { FONT, PANEL_LETTERS, palette, wrapText } from './theme';

/**
 * The text above one panel of a small-multiple figure: a bold panel letter, the panel's title
 * and its caption lines (metrics with CIs), wrapped to the panel's width and drawn in the
 * panel's top margin, so they can neither run over the data nor out of the panel at a narrow
 * journal width. `height` is the top margin they need; panels of one row take the largest, so
 * their frames line up.
 */
export interface PanelHeader {
  marks: Plot.Markish[];
  height: number;
}

const LINE = FONT.label * 1.25;
const LETTER_INDENT = 14;

export function panelHeaderHeight(input: { title: string; caption?: readonly string[]; width: number; letter?: string }): number {
  return Math.ceil(headerLines(input).length * LINE + 6);
}

export function panelHeader(input: { letter?: string; title: string; caption?: readonly string[]; width: number; marginLeft: number; /** at least this tall (a row's tallest header) */ height?: number }): PanelHeader {
  const lines = headerLines(input);
  const height = Math.max(input.height ?? 0, Math.ceil(lines.length * LINE + 6));
  const x0 = -input.marginLeft + 2;
  const indent = input.letter ? LETTER_INDENT : 0;
  const common = { frameAnchor: 'top-left', textAnchor: 'start', lineAnchor: 'top', fill: palette.ink } as const;
  const marks: Plot.Markish[] = [];
  if (input.letter) marks.push(Plot.text([input.letter], { ...common, dx: x0, dy: -height + 2, fontWeight: 'bold', fontSize: FONT.title }));
  lines.forEach((l, i) => marks.push(Plot.text([l.text], { ...common, dx: x0 + indent, dy: -height + 2 + i * LINE, fontSize: l.size })));
  return { marks, height };
}

/**
 * The headers of a row of small multiples: lettered A, B, … when there is more than one panel,
 * all as tall as the tallest, so the panels' frames line up.
 */
export function panelRowHeaders(panels: readonly { title: string; caption?: readonly string[] }[], width: number, marginLeft: number): PanelHeader[] {
  const titled = panels.map((p, k) => ({ ...p, letter: panels.length > 1 ? PANEL_LETTERS[k]! : undefined, width }));
  const height = Math.max(...titled.map(panelHeaderHeight));
  return titled.map((t) => panelHeader({ ...t, marginLeft, height }));
}

function headerLines(input: { title: string; caption?: readonly string[]; width: number; letter?: string }) {
  const avail = input.width - 6 - (input.letter ? LETTER_INDENT : 0);
  return [
    ...wrapText(input.title, avail, FONT.label).map((text) => ({ text, size: FONT.label })),
    ...(input.caption ?? []).flatMap((c) => wrapText(c, avail, FONT.note)).map((text) => ({ text, size: FONT.note })),
  ];
}

/** Two panels side by side from this width in px (about 117 mm); one below the other under it. */
export const TWO_COLUMNS_FROM_PX = 440;
