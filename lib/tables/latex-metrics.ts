/**
 * How wide pdflatex sets a piece of text, in pt, in an article at 10 pt (Computer Modern / EC
 * roman with \usepackage[T1]{fontenc}): what `toLatex` needs to choose a table's layout before
 * TeX sees it. The widths were measured with \settowidth for every printable ASCII character
 * (a space is the interword space, 3.33 pt); kerning and ligatures are left out (a few tenths
 * of a pt per word), which the layout's margin absorbs.
 */
const ASCII_WIDTHS = [
  3.33, 2.78, 5.0, 8.33, 5.0, 8.33, 7.78, 2.78, 3.89, 3.89, 5.0, 7.78, 2.78, 3.33, 2.78, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 2.78, 2.78, 7.78, 7.78, 7.78, 4.72,
  7.78, 7.5, 7.08, 7.22, 7.64, 6.8, 6.53, 7.85, 7.5, 3.61, 5.14, 7.78, 6.25, 9.16, 7.5, 7.78, 6.8, 7.78, 7.36, 5.55, 7.22, 7.5, 7.5, 10.28, 7.5, 7.5, 6.11, 2.78, 5.0, 2.78, 6.11, 7.78,
  2.78, 5.0, 5.55, 4.44, 5.55, 4.44, 3.05, 5.0, 5.55, 2.78, 3.05, 5.28, 2.78, 8.33, 5.55, 5.0, 5.55, 5.28, 3.92, 3.94, 3.89, 5.55, 5.28, 7.22, 5.28, 5.28, 4.44, 5.0, 2.78, 5.0, 6.11,
];

/** The symbols that `escapeLatex` writes as commands, at their set widths (maths symbols 7.78 pt). */
const SYMBOL_WIDTHS: Record<string, number> = {
  '–': 5, '—': 10, '−': 7.78, '±': 7.78, '≤': 7.78, '≥': 7.78, '×': 7.78, '·': 2.78, '•': 5, '²': 4.49, '³': 4.49, '°': 3.33, µ: 6.03, μ: 6.03, '‰': 12,
  α: 6.43, β: 5.66, γ: 5.73, δ: 4.44, κ: 5.78, λ: 5.83, σ: 5.71, χ: 6.26, '‘': 2.78, '’': 2.78, '“': 5, '”': 5, '…': 13.33, '\u00a0': 3.33,
  ß: 5, æ: 7.22, Æ: 9.03, ø: 5, Ø: 7.78, œ: 7.78, Œ: 10.14, ł: 2.78, Ł: 6.25, ı: 2.78,
};

/** Width in pt of `text` at 10 pt; a character pdflatex cannot set counts as the "[U+XXXX]" written for it. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (code >= 32 && code < 127) w += ASCII_WIDTHS[code - 32]!;
    else if (SYMBOL_WIDTHS[ch] !== undefined) w += SYMBOL_WIDTHS[ch]!;
    else {
      // An accented Latin letter is as wide as its base letter; anything else is written as [U+XXXX].
      const base = ch.normalize('NFD').codePointAt(0)!;
      w += base >= 32 && base < 127 ? ASCII_WIDTHS[base - 32]! : textWidth(`[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`);
    }
  }
  return w;
}

/** The interword space at 10 pt. */
export const SPACE_WIDTH = ASCII_WIDTHS[0]!;
