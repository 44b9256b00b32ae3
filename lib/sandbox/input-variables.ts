/**
 * Which input names become variables of a code step's code. One small module shared by the
 * sandbox (run-code.ts, which wraps the code in a function of these parameters) and the page's
 * editor (syntax-check.ts, the inputs form), which must not import run-code (it loads QuickJS).
 */

/** Names the sandbox's wrapper and globals use: such an input is read as `inputs.name`, never a variable. */
export const SANDBOX_RESERVED_NAMES: ReadonlySet<string> = new Set(
  'inputs aq op Plot document console globalThis arguments eval await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield undefined NaN Infinity'.split(' '),
);

/** Input names that become variables of the code (the others are read as inputs['name']), sorted. */
export function inputVariables(names: readonly string[]): string[] {
  return names.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && !SANDBOX_RESERVED_NAMES.has(n)).sort();
}
