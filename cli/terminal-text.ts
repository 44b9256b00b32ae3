/**
 * Text for a terminal. The CLIs print what a file holds (header cells, values, file names, cell
 * messages that quote them), so a crafted file could otherwise write escape sequences to the
 * user's terminal: clear the screen, set the window title, plant hyperlinks, move the cursor and
 * overwrite a line. Everything the CLIs write goes through `terminalSafe`, via `writeOut` and
 * `writeErr`.
 */

// C0 controls except \t (0x09) and \n (0x0a), DEL, C1 controls (ESC's 8-bit twin CSI is 0x9b),
// and the bidirectional overrides and isolates that reorder how a line reads ("Trojan source").
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `s` with every control character but newline and tab written as a visible escape: ESC becomes
 * the four characters `\x1b`, BEL `\x07`, CR `\x0d`, U+202E `\u202e`. What remains cannot start
 * an escape sequence, so a line prints as the characters it holds.
 *
 * @example terminalSafe('\x1b]0;pwned\x07') // '\\x1b]0;pwned\\x07'
 */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Writes to stdout through `terminalSafe`. */
export function writeOut(text: string): void {
  process.stdout.write(terminalSafe(text));
}

/** Writes to stderr through `terminalSafe`. */
export function writeErr(text: string): void {
  process.stderr.write(terminalSafe(text));
}
