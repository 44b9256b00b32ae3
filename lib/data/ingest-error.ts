import { InputError } from '../notebook/errors';

/** Why a whole file could not be read as a table. */
export type IngestErrorCode =
  | 'empty-file'
  | 'binary-file'
  | 'invalid-encoding'
  | 'unsupported-format'
  | 'malformed-csv'
  | 'invalid-xlsx'
  | 'sheet-not-found'
  | 'xlsx-too-large';

/**
 * The one error ingestion throws on purpose: the file as a whole is unreadable. Its message is
 * written for the person who chose the file (what is wrong and what to do about it).
 *
 * @example
 *   try { await readTable(file) } catch (e) { if (e instanceof IngestError) show(e.message) }
 */
export class IngestError extends InputError {
  readonly code: IngestErrorCode;

  constructor(code: IngestErrorCode, message: string) {
    super(message);
    this.name = 'IngestError';
    this.code = code;
  }
}
