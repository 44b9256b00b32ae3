// The bundled messy EMR example and its saved settings, read from data/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIngestSettings } from '@/lib/data/ingest-settings';
import type { IngestOptions } from '@/lib/data/ingest';

const dataFile = (name: string) => fileURLToPath(new URL(`../../../../data/${name}`, import.meta.url));

export function messyExampleBytes(): Uint8Array {
  return new Uint8Array(readFileSync(dataFile('messy-emr-example.csv')));
}

export function messyExampleSettings(): IngestOptions {
  const parsed = parseIngestSettings(JSON.parse(readFileSync(dataFile('messy-emr-example.mapping.json'), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}
