/**
 * An error caused by the user's input (data, mapping, parameters), not by a bug: the CLI
 * exits with code 2 for it and the UI shows it as something the user can fix.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
