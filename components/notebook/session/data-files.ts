import type { DataSource } from '@/lib/notebook/define-cell';
import { sha256Hex, sha256HexAsync } from '@/lib/notebook/hash';
import type { SessionMessage } from './snapshot';

/**
 * The data files a session runs on: the bundled cohort (fetched from the site) and the user's
 * own file. Bytes are read once and hashed here, then passed around as one DataSource; they are
 * decoded in the worker that reads them (lib/data: encoding checks), never on the main thread.
 */

export const BUNDLED_DATA = { url: '/data/synthetic-cohort.csv', name: 'synthetic-cohort.csv' };

export function dataSource(name: string, bytes: Uint8Array): DataSource {
  return { name, sha256: sha256Hex(bytes), text: '', bytes };
}

/** dataSource for a file the user chose: hashed off the main thread (a large file would hold it for seconds). */
export async function dataSourceAsync(name: string, bytes: Uint8Array): Promise<DataSource> {
  return { name, sha256: await sha256HexAsync(bytes), text: '', bytes };
}

/** The bundled cohort, or an error that says why it could not be had. */
export async function fetchBundled(fetchImpl: typeof fetch = fetch): Promise<DataSource> {
  const res = await fetchImpl(BUNDLED_DATA.url);
  if (!res.ok) throw new Error(`The bundled cohort could not be loaded (${res.status} ${res.statusText}).`);
  return dataSource(BUNDLED_DATA.name, new Uint8Array(await res.arrayBuffer()));
}

/**
 * Said once the user's file is the notebook's data: the way back to the bundled cohort (the
 * parameters are kept; only the load step's file settings go back to the bundled file's).
 */
export function ownDataMessage(name: string): SessionMessage {
  return {
    kind: 'warning',
    text: `The notebook runs on your file ${name}. To go back to the bundled cohort, keeping your parameters (only the load step's file settings return to the bundled file's), use the button below.`,
    actions: [{ kind: 'use-bundled' }],
  };
}
