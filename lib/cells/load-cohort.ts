import { z } from 'zod';
import { detectTableDateFormat, ingest, rejectedRowsTable, suggestMapping } from '../data';
import { readSourceTable } from '../data/read-source';
import { CANONICAL_COLUMNS, type ColumnMapping, type DateFormat, type IngestResult, type Patient, type Problem } from '../data/types';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { tableArtifact } from '../tables/table-artifact';

export const loadCohortParamsSchema = z.object({
  /** Canonical column -> header in the file. Empty: suggested from the headers (never guessed between two candidates). */
  mapping: z.partialRecord(z.enum(CANONICAL_COLUMNS), z.string().min(1)).default({}),
  /** How dates are written; `auto` detects it and asks (an error) when the file is ambiguous. */
  dateFormat: z.enum(['auto', 'iso', 'dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy.mm.dd', 'excel-serial']).default('auto'),
  /** XLSX: the sheet to read (default: the first). */
  sheet: z.string().optional(),
  /** Value maps for coded columns, e.g. { "sex": { "1": "M", "2": "F" } }. */
  valueMaps: z.partialRecord(z.enum(CANONICAL_COLUMNS), z.record(z.string(), z.string())).optional(),
});
export type LoadCohortParams = z.infer<typeof loadCohortParamsSchema>;

export interface LoadedCohort {
  fileName: string;
  patients: Patient[];
  problems: Problem[];
  counts: IngestResult['counts'];
  mapping: ColumnMapping;
  dateFormat: DateFormat;
  /** How the mapping and date format were decided (shown to the user). */
  decisions: string[];
  rejected: { headers: string[]; rows: string[][] };
}

/**
 * Reads the loaded file into patients and visits: maps columns, parses every value, and records
 * a problem for everything it rejects (row, column, value, reason). Nothing is dropped silently.
 */
export const loadCohort = defineCell<Record<string, never>, LoadCohortParams, LoadedCohort>({
  kind: 'load-cohort',
  version: 1,
  title: 'Load and validate visits',
  description: 'Reads the visit table, maps its columns to the input contract and validates every value; rejected rows are listed with the reason.',
  inputs: {},
  params: loadCohortParamsSchema,
  heavy: false,
  usesSource: true,
  fileSettings: true,
  async *run(_inputs, params, ctx) {
    const source = ctx.source!;
    yield { fraction: 0.1, message: 'reading file' };
    const table = await readSourceTable(source, params.sheet);
    const decisions: string[] = [];
    let mapping: ColumnMapping = params.mapping;
    if (Object.keys(mapping).length === 0) {
      const suggestion = suggestMapping(table.headers);
      if (suggestion.ambiguous.length) {
        const list = suggestion.ambiguous.map((a) => `${a.column}: ${a.candidates.map((c) => `"${c}"`).join(' or ')}`).join('; ');
        throw new InputError(`Column mapping needed: more than one column could be ${list}. Choose one in the mapping parameters.`);
      }
      mapping = suggestion.mapping;
      decisions.push(`Columns mapped by name: ${Object.entries(mapping).map(([k, v]) => (k === v ? k : `${k} ← "${v}"`)).join(', ')}.`);
      if (suggestion.unmapped.length) decisions.push(`Columns not used: ${suggestion.unmapped.map((h) => `"${h}"`).join(', ')}.`);
    }
    let dateFormat: DateFormat;
    if (params.dateFormat === 'auto') {
      const detected = detectTableDateFormat(table, mapping);
      if (detected.ambiguous) {
        throw new InputError(`Date format needed: ${detected.reason} Set the date format parameter to one of: ${detected.candidates.join(', ')}.`);
      }
      dateFormat = detected.format;
      decisions.push(`Dates read as ${dateFormat} (${detected.evidence}).`);
    } else dateFormat = params.dateFormat;
    yield { fraction: 0.5, message: 'validating rows' };
    const result = ingest(table, { mapping, dateFormat, valueMaps: params.valueMaps });
    const fileProblems = result.problems.filter((p) => p.scope === 'file');
    if (fileProblems.length) throw new InputError(fileProblems.map((p) => `${p.column}: ${p.reason}`).join('; '));
    return {
      fileName: source.name,
      patients: result.patients,
      problems: result.problems,
      counts: result.counts,
      mapping,
      dateFormat,
      decisions,
      rejected: rejectedRowsTable(result, table),
    };
  },
  headline: (out) => ({
    ingest: {
      rows_read: out.counts.rowsRead,
      rows_accepted: out.counts.rowsAccepted,
      rows_rejected: out.counts.rowsRejected,
      patients_seen: out.counts.patientsSeen,
      patients_rejected: out.counts.patientsRejected,
      rows_of_rejected_patients: out.counts.rowsOfRejectedPatients,
      patients_without_valid_rows: out.counts.patientsWithoutValidRows ?? 0,
      mapping: out.mapping,
      date_format: out.dateFormat,
    },
  }),
  artifacts: (out) => [
    tableArtifact(
      'rejected_rows',
      out.rejected.rows.map((r) => Object.fromEntries(out.rejected.headers.map((h, i) => [h, r[i] ?? '']))),
      out.rejected.headers,
      { markdown: false, latex: false, preview: false, untrustedText: true },
    ),
  ],
});
