import { readTable } from './read-table';
import type { SourceTable } from './types';
import type { DataSource } from '../notebook/define-cell';

/** The loaded file as a text table: from its bytes when there are some (encoding checks), else its text. */
export function readSourceTable(source: DataSource, sheet: string | undefined): Promise<SourceTable> {
  return readTable({ name: source.name, bytes: source.bytes, text: source.bytes ? undefined : source.text }, { sheet });
}
