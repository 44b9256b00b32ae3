/**
 * Tokenizer for the derived-feature expression language, and the one error class every stage
 * throws. Hand-written (no regular-expression lexer generator, no code generation) because the
 * page CSP forbids unsafe-eval: the expression is data that we walk, never code that we run.
 *
 * Every token keeps its 0-based source offset so that any later error can put a caret under
 * the exact character a person typed.
 */

/** Longest expression accepted: long enough for any sensible feature, short enough to read. */
export const MAX_EXPRESSION_LENGTH = 2000;

/** Where in the pipeline the problem was found (useful to a UI that colours them differently). */
export type ExpressionErrorPhase = 'tokenize' | 'parse' | 'evaluate';

/**
 * An error that points at a character of the expression.
 *
 * `position` is a 0-based offset into `source` (what code uses); the human `message` counts
 * characters from 1, like an editor's column, e.g. `unknown function "slop" at character 1`.
 * `pointer()` shows the offending line with a caret line under it; `format()` is the message
 * followed by that pointer, ready for a <pre> or a terminal.
 */
export class ExpressionError extends Error {
  readonly source: string;
  readonly position: number;
  readonly length: number;
  readonly phase: ExpressionErrorPhase;
  /** The message without the "at character N" suffix, for UIs that show the position themselves. */
  readonly detail: string;

  constructor(detail: string, source: string, position: number, length: number, phase: ExpressionErrorPhase) {
    const pos = Math.max(0, Math.min(position, source.length));
    super(withPosition(detail, pos));
    this.name = 'ExpressionError';
    this.detail = detail;
    this.source = source;
    this.position = pos;
    this.length = Math.max(1, length);
    this.phase = phase;
  }

  /** The source line holding `position`, then a line with `^` under the offending characters. */
  pointer(): string {
    return caretPointer(this.source, this.position, this.length);
  }

  /** Message, expression and caret line: what a person should see. */
  format(): string {
    return `${this.message}\n${this.pointer()}`;
  }
}

/** Puts the 1-based character number into the message, before any "(did you mean …)" hint. */
function withPosition(detail: string, position: number): string {
  const at = `at character ${position + 1}`;
  const hint = detail.lastIndexOf(' (did you mean');
  return hint >= 0 ? `${detail.slice(0, hint)} ${at}${detail.slice(hint)}` : `${detail} ${at}`;
}

/** Lines longer than this are shown as a window around the caret (the 2,000-character limit would not fit a screen). */
const POINTER_WIDTH = 100;

/**
 * Renders `source` (only the line holding `position`) and a caret line. Tabs in the prefix are
 * copied so the caret lines up in any tab width; a position at the very end (a missing ")")
 * puts the caret just after the last character.
 */
export function caretPointer(source: string, position: number, length = 1): string {
  const lineStart = source.lastIndexOf('\n', position - 1) + 1;
  const nl = source.indexOf('\n', lineStart);
  const lineEnd = nl < 0 ? source.length : nl;
  let line = source.slice(lineStart, lineEnd);
  let col = position - lineStart;
  let prefix = '';
  if (line.length > POINTER_WIDTH) {
    const from = Math.max(0, Math.min(col - POINTER_WIDTH / 2, line.length - POINTER_WIDTH));
    const to = Math.min(line.length, from + POINTER_WIDTH);
    prefix = from > 0 ? '…' : '';
    line = prefix + line.slice(from, to) + (to < line.length ? '…' : '');
    col = col - from + prefix.length;
  }
  const carets = '^'.repeat(Math.max(1, Math.min(length, line.length - col)));
  const pad = line.slice(0, col).replace(/[^\t]/g, ' ');
  return `${line}\n${pad}${carets}`;
}

export type TokenType = 'number' | 'name' | 'op' | '(' | ')' | ',' | 'eof';

export interface Token {
  type: TokenType;
  /** The characters as written (for `op`: the operator, with `and`/`or`/`not` as words). */
  text: string;
  /** Numeric value of a `number` token. */
  value: number;
  /** 0-based offset of the first character. */
  pos: number;
  /** 0-based offset just past the last character. */
  end: number;
}

/** Word operators: spelled like names, but never usable as one. */
const WORD_OPERATORS = new Set(['and', 'or', 'not']);

const TWO_CHAR_OPERATORS = new Set(['<=', '>=', '==', '!=']);
const ONE_CHAR_OPERATORS = new Set(['+', '-', '*', '/', '<', '>']);

/** Operators from other languages that people type by habit: say what to write instead. */
const FOREIGN_OPERATORS: ReadonlyMap<string, string> = new Map(Object.entries({
  '&&': 'use "and" instead of "&&"',
  '||': 'use "or" instead of "||"',
  '=': 'use "==" to compare ("=" alone is not an operator)',
  '!': 'use "not" for negation ("!" is only part of "!=")',
  '&': 'use "and" instead of "&"',
  '|': 'use "or" instead of "|"',
  '^': 'there is no power operator; use exp(y * log(x)) for x to the power y',
  '%': 'there is no remainder operator',
}));

const isDigit = (c: string) => c >= '0' && c <= '9';
const isNameStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isNameChar = (c: string) => isNameStart(c) || isDigit(c);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Splits `source` into tokens, ending with one `eof` token at `source.length`. Throws ExpressionError. */
export function tokenize(source: string): Token[] {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      `the expression is ${source.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`,
      source,
      MAX_EXPRESSION_LENGTH,
      source.length - MAX_EXPRESSION_LENGTH,
      'tokenize',
    );
  }
  const tokens: Token[] = [];
  const fail = (detail: string, pos: number, length = 1): never => {
    throw new ExpressionError(detail, source, pos, length, 'tokenize');
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      while (isDigit(source[i] ?? '')) i++;
      if (source[i] === '.') {
        i++;
        if (!isDigit(source[i] ?? '')) fail('expected a digit after the decimal point', i - 1);
        while (isDigit(source[i] ?? '')) i++;
      }
      // "2age" or "1e3": reject rather than guess (exponents are not part of the language).
      if (isNameChar(source[i] ?? '') || source[i] === '.') {
        let j = i;
        while (isNameChar(source[j] ?? '') || source[j] === '.') j++;
        fail(`malformed number "${source.slice(start, j)}" (write a multiplication as 2 * age; exponents are not supported)`, start, j - start);
      }
      const text = source.slice(start, i);
      tokens.push({ type: 'number', text, value: Number(text), pos: start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      while (isNameChar(source[i] ?? '')) i++;
      const text = source.slice(start, i);
      tokens.push({ type: WORD_OPERATORS.has(text) ? 'op' : 'name', text, value: NaN, pos: start, end: i });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c, value: NaN, pos: start, end: i + 1 });
      i++;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (TWO_CHAR_OPERATORS.has(two)) {
      tokens.push({ type: 'op', text: two, value: NaN, pos: start, end: i + 2 });
      i += 2;
      continue;
    }
    const foreignTwo = FOREIGN_OPERATORS.get(two);
    if (foreignTwo) fail(foreignTwo, start, 2);
    if (ONE_CHAR_OPERATORS.has(c)) {
      tokens.push({ type: 'op', text: c, value: NaN, pos: start, end: i + 1 });
      i++;
      continue;
    }
    const foreign = FOREIGN_OPERATORS.get(c);
    if (foreign) fail(foreign, start);
    fail(`unexpected character ${JSON.stringify(c)}`, start);
  }
  // The end sits just after the last token, not after trailing blanks or a newline, so "missing
  // ')'" puts its caret where the ')' belongs rather than on an empty line.
  const last = tokens.at(-1)?.end ?? 0;
  tokens.push({ type: 'eof', text: '', value: NaN, pos: last, end: last });
  return tokens;
}
