import { z } from 'zod';
import type { IngestOptions } from './ingest';
import { CANONICAL_COLUMNS } from './types';

const canonical = z.enum(CANONICAL_COLUMNS);

/** The saved mapping of an export (stored with the notebook or next to the file, as JSON). */
export const ingestSettingsSchema = z.object({
  mapping: z.partialRecord(canonical, z.string().min(1)),
  dateFormat: z.enum(['iso', 'dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy.mm.dd', 'excel-serial']),
  valueMaps: z.partialRecord(canonical, z.record(z.string(), z.string())).optional(),
});

/**
 * Reads saved ingestion settings (mapping, date format, value maps) from untrusted JSON.
 *
 * @example
 *   const settings = parseIngestSettings(JSON.parse(text));
 *   if (settings.ok) ingest(table, settings.value);
 */
export function parseIngestSettings(json: unknown): { ok: true; value: IngestOptions } | { ok: false; reason: string } {
  const parsed = ingestSettingsSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  }
  const { mapping, dateFormat, valueMaps } = parsed.data;
  return { ok: true, value: valueMaps === undefined ? { mapping, dateFormat } : { mapping, dateFormat, valueMaps } };
}
