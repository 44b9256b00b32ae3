import { isFormulaLike } from './parse-text';

/**
 * Makes a cell safe to write into a CSV that someone may open in a spreadsheet: a value that
 * would run as a formula gets a leading apostrophe (the OWASP advice for CSV injection).
 *
 * @example
 *   neutralizeFormula("=cmd|' /C calc'!A0"); // "'=cmd|' /C calc'!A0"
 *   neutralizeFormula('-3');                 // '-3'
 */
export function neutralizeFormula(value: string): string {
  return isFormulaLike(value) ? `'${value}` : value;
}
