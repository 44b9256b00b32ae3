/** A run's manifest from the page's "Export all" zip (the CLI writes it as manifest.json). */
import { strFromU8, unzipSync } from 'fflate';

export function manifestFromZip(bytes: Uint8Array, name = 'the zip'): Record<string, unknown> {
  const zip = unzipSync(bytes, { filter: (f) => f.name === 'manifest.json' });
  if (!zip['manifest.json']) throw new Error(`${name}: no manifest.json in the zip`);
  return JSON.parse(strFromU8(zip['manifest.json'])) as Record<string, unknown>;
}
